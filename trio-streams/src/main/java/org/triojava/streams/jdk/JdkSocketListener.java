package org.triojava.streams.jdk;

import java.io.IOException;
import java.util.Objects;
import org.triojava.Trio;
import org.triojava.socket.SocketKind;
import org.triojava.socket.TrioSocket;
import org.triojava.stream.SocketListener;
import org.triojava.stream.SocketStream;

/**
 * Trio's {@code SocketListener}: accepts on a listening stream socket, handing out
 * {@link SocketStream}s. {@link #accept()} skips the transient errors of rule ST9 (a connection
 * aborted or reset before it was accepted, and the like) and tries again; anything else,
 * including running out of descriptors, is thrown (servers decide what to do about those).
 */
final class JdkSocketListener implements SocketListener {
    private final TrioSocket socket;

    private JdkSocketListener(TrioSocket socket) {
        this.socket = socket;
    }

    /**
     * Checks that {@code socket} is an open, listening stream socket and wraps it.
     *
     * @throws IllegalArgumentException naming what is wrong with the socket
     */
    static JdkSocketListener of(TrioSocket socket) {
        Objects.requireNonNull(socket, "socket must not be null");
        if (socket.kind() != SocketKind.STREAM) {
            throw new IllegalArgumentException("SocketListener needs a stream (SOCK_STREAM) socket, not a "
                    + socket.kind() + " socket: " + socket);
        }
        if (socket.isClosed()) {
            throw new IllegalArgumentException("SocketListener needs an open socket; this one is closed: " + socket);
        }
        if (!socket.isListening()) {
            throw new IllegalArgumentException("SocketListener needs a listening socket; call listen() first: "
                    + socket);
        }
        return new JdkSocketListener(socket);
    }

    @Override
    public TrioSocket socket() {
        return socket;
    }

    /**
     * Accepts the next connection (a checkpoint, also when it fails): transient errors are skipped,
     * a closed socket gives {@link org.triojava.ClosedResourceError}, other errors are thrown.
     */
    @Override
    public SocketStream accept() throws IOException {
        while (true) {
            JdkSocketStream.checkpointIfClosed(socket, "accept: this SocketListener's socket was closed");
            TrioSocket accepted;
            try {
                accepted = socket.accept().socket();
            } catch (IOException e) {
                if (OsErrors.find(e, OsErrors.TRANSIENT_ACCEPT) != null) {
                    continue;
                }
                throw e;
            }
            try {
                return JdkSocketStream.wrapConnected(accepted);
            } catch (RuntimeException | Error e) {
                accepted.close();
                throw e;
            }
        }
    }

    /** Closes the listening socket (a task blocked in {@link #accept()} gets {@code ClosedResourceError}), then a checkpoint. */
    @Override
    public void close() {
        socket.close();
        Trio.checkpoint();
    }

    @Override
    public String toString() {
        return "SocketListener[" + socket + "]";
    }
}
