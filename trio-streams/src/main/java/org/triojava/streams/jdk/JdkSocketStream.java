package org.triojava.streams.jdk;

import java.io.IOException;
import java.net.SocketOption;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.util.Objects;
import org.triojava.BrokenResourceError;
import org.triojava.BusyResourceError;
import org.triojava.ClosedResourceError;
import org.triojava.Trio;
import org.triojava.lowlevel.ConflictDetector;
import org.triojava.socket.PartialResult;
import org.triojava.socket.ShutdownHow;
import org.triojava.socket.SocketKind;
import org.triojava.socket.Sockets;
import org.triojava.socket.TrioSocket;
import org.triojava.stream.SocketStream;

/**
 * Trio's {@code SocketStream}: a {@link SocketStream} over a connected stream socket.
 *
 * <p>Sending ({@code sendAll}, {@code waitSendAllMightNotBlock}, {@code sendEof}) and receiving
 * each have a conflict detector: a second task entering the same direction gets
 * {@link BusyResourceError} at once. OS errors become {@link BrokenResourceError} with the
 * {@link IOException} as cause; the socket's own {@link ClosedResourceError} (this side closed
 * it) passes through. A {@code sendAll} that is cancelled or fails after part of its data went
 * out leaves the stream broken rather than silently half-written: the exception carries how many
 * bytes went out ({@link Sockets#partialResult(Throwable)}), and every later {@code sendAll},
 * {@code waitSendAllMightNotBlock} and {@code sendEof} throws {@link BrokenResourceError}
 * (receiving and closing still work). A {@code sendAll} cancelled before any byte went out had no
 * effect, and the stream stays usable.
 */
final class JdkSocketStream implements SocketStream {
    /** What {@link #receiveSome()} asks for: Trio's {@code DEFAULT_RECEIVE_SIZE}. */
    static final int DEFAULT_RECEIVE_SIZE = 65536;

    private final TrioSocket socket;
    // one task runs at a time in a Trio run, so plain fields make a conflict detector
    private final ConflictDetector sendConflict =
            new ConflictDetector("another task is currently sending data on this SocketStream");
    private final ConflictDetector receiveConflict =
            new ConflictDetector("another task is currently receiving on this SocketStream");
    /** Why sending is broken (a sendAll was cut short part-way), or null. */
    private String sendingBrokenBy;

    private JdkSocketStream(TrioSocket socket) {
        this.socket = socket;
        if (socket.family() != StandardProtocolFamily.UNIX) {
            try {
                socket.setsockopt(StandardSocketOptions.TCP_NODELAY, true);
            } catch (IOException | UnsupportedOperationException | ClosedResourceError e) {
                // as in Trio: a socket that cannot take the option is still a fine stream
            }
        }
    }

    /**
     * Wraps a socket known to be a connected stream socket (one that {@code accept} or
     * {@code connect} returned) without checking again: as in Trio, a connection the peer has
     * already reset still makes a stream, whose first operation then reports it broken.
     */
    static JdkSocketStream wrapConnected(TrioSocket socket) {
        return new JdkSocketStream(socket);
    }

    /**
     * Checks that {@code socket} is an open, connected, non-listening stream socket and wraps it.
     *
     * @throws IllegalArgumentException naming what is wrong with the socket
     */
    static JdkSocketStream of(TrioSocket socket) {
        Objects.requireNonNull(socket, "socket must not be null");
        if (socket.kind() != SocketKind.STREAM) {
            throw new IllegalArgumentException("SocketStream needs a stream (SOCK_STREAM) socket, not a "
                    + socket.kind() + " socket: " + socket);
        }
        if (socket.isClosed()) {
            throw new IllegalArgumentException("SocketStream needs an open socket; this one is closed: " + socket);
        }
        if (socket.isListening()) {
            throw new IllegalArgumentException("SocketStream needs a connected socket, not a listening one"
                    + " (wrap listening sockets with SocketListener.of): " + socket);
        }
        try {
            socket.getpeername();
        } catch (IOException e) {
            throw new IllegalArgumentException("SocketStream needs a connected socket; connect it first: " + socket, e);
        }
        return new JdkSocketStream(socket);
    }

    @Override
    public TrioSocket socket() {
        return socket;
    }

    // ================================================================== sending

    private void beginSend(String operation) {
        sendConflict.enter(operation);
        if (sendingBrokenBy != null && !socket.isClosed()) {
            sendConflict.exit();
            throw new BrokenResourceError(operation + ": " + sendingBrokenBy);
        }
    }

    /** Remembers a {@code sendAll} of {@code total} bytes that {@code cause} cut short after some went out. */
    private void noteCutShort(Throwable cause, int total) {
        long sent = Sockets.partialResult(cause).map(PartialResult::bytesSent).orElse(0L);
        if (sent > 0 && sendingBrokenBy == null) {
            sendingBrokenBy = "a previous sendAll was cut short after " + sent + " of " + total
                    + " bytes (" + cause + "); the peer got a partial message, so close this stream";
        }
    }

    @Override
    public void sendAll(ByteBuffer data) {
        Objects.requireNonNull(data, "data must not be null");
        if (socket.didShutdownWrite()) {
            throw new ClosedResourceError("sendAll: can't send data after sendEof()");
        }
        beginSend("sendAll");
        try {
            if (!data.hasRemaining()) {
                if (socket.isClosed()) {
                    throw new ClosedResourceError("sendAll: the stream was closed");
                }
                Trio.checkpoint();
                return;
            }
            checkpointIfClosed(socket, "sendAll: the stream was closed");
            int total = data.remaining();
            try {
                socket.sendall(data);
            } catch (IOException e) {
                noteCutShort(e, total);
                throw broken("sendAll", e);
            } catch (RuntimeException | Error e) { // Cancelled, KeyboardInterrupt, ClosedResourceError
                noteCutShort(e, total);
                throw e;
            }
        } finally {
            sendConflict.exit();
        }
    }

    @Override
    public void waitSendAllMightNotBlock() {
        beginSend("waitSendAllMightNotBlock");
        try {
            if (socket.isClosed()) {
                throw new ClosedResourceError("waitSendAllMightNotBlock: the stream was closed");
            }
            socket.waitWritable();
        } finally {
            sendConflict.exit();
        }
    }

    @Override
    public void sendEof() {
        beginSend("sendEof");
        try {
            Trio.checkpoint();
            if (socket.didShutdownWrite()) {
                return;
            }
            try {
                socket.shutdown(ShutdownHow.WRITE);
            } catch (IOException e) {
                throw broken("sendEof", e);
            }
        } finally {
            sendConflict.exit();
        }
    }

    // ================================================================== receiving

    @Override
    public byte[] receiveSome() {
        return receiveSome(DEFAULT_RECEIVE_SIZE);
    }

    @Override
    public byte[] receiveSome(int maxBytes) {
        if (maxBytes < 1) {
            throw new IllegalArgumentException("receiveSome: maxBytes must be >= 1, not " + maxBytes);
        }
        receiveConflict.enter("receiveSome");
        try {
            checkpointIfClosed(socket, "receiveSome: the stream was closed");
            return socket.recv(maxBytes);
        } catch (IOException e) {
            throw broken("receiveSome", e);
        } finally {
            receiveConflict.exit();
        }
    }

    /**
     * If {@code socket} is closed: a checkpoint, then {@link ClosedResourceError} with
     * {@code message}. Trio's socket calls fail this way (a checkpoint even when they fail), while
     * a closed {@link TrioSocket} throws at once.
     */
    static void checkpointIfClosed(TrioSocket socket, String message) {
        if (socket.isClosed()) {
            Trio.checkpoint();
            throw new ClosedResourceError(message);
        }
    }

    private static BrokenResourceError broken(String operation, IOException e) {
        return new BrokenResourceError(operation + ": socket connection broken: " + e.getMessage(), e);
    }

    // ================================================================== the rest

    /** Closes the socket (waking tasks blocked on it with {@link ClosedResourceError}), then a checkpoint. */
    @Override
    public void close() {
        socket.close();
        Trio.checkpoint();
    }

    @Override
    public <T> void setsockopt(SocketOption<T> option, T value) throws IOException {
        socket.setsockopt(option, value);
    }

    @Override
    public <T> T getsockopt(SocketOption<T> option) throws IOException {
        return socket.getsockopt(option);
    }

    @Override
    public String toString() {
        return "SocketStream[" + socket + "]";
    }
}
