package org.triojava.streams.jdk;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import org.triojava.BrokenResourceError;
import org.triojava.ClosedResourceError;
import org.triojava.Trio;
import org.triojava.abc.Stream;
import org.triojava.socket.TrioSocket;

/**
 * A bare Stream over a connected TrioSocket, for the TLS tests over TCP until SocketStream (from
 * the socket-streams work) is there: OS errors become BrokenResourceError.
 */
final class TestSocketStream implements Stream {
    final TrioSocket socket;

    TestSocketStream(TrioSocket socket) {
        this.socket = socket;
    }

    /** Connects to {@code port} on 127.0.0.1. */
    static TestSocketStream connect(int port) throws IOException {
        TrioSocket socket = org.triojava.socket.Sockets.socket();
        try {
            socket.connect(socket.resolveRemoteAddress("127.0.0.1", port));
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
        return new TestSocketStream(socket);
    }

    /** A listening socket on 127.0.0.1 and a free port. */
    static TrioSocket listen() throws IOException {
        TrioSocket socket = org.triojava.socket.Sockets.socket();
        socket.bind(socket.resolveLocalAddress("127.0.0.1", 0));
        socket.listen();
        return socket;
    }

    static int port(TrioSocket socket) throws IOException {
        return ((InetSocketAddress) socket.getsockname()).getPort();
    }

    @Override
    public void sendAll(ByteBuffer data) {
        checkOpen();
        try {
            if (!data.hasRemaining()) {
                Trio.checkpoint();
            }
            socket.sendall(data);
        } catch (IOException e) {
            throw new BrokenResourceError("send failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void waitSendAllMightNotBlock() {
        checkOpen();
        socket.waitWritable();
    }

    @Override
    public byte[] receiveSome(int maxBytes) {
        checkOpen();
        try {
            return socket.recv(maxBytes);
        } catch (IOException e) {
            throw new BrokenResourceError("receive failed: " + e.getMessage(), e);
        }
    }

    @Override
    public byte[] receiveSome() {
        return receiveSome(65536);
    }

    private void checkOpen() {
        if (socket.isClosed()) {
            throw new ClosedResourceError("the socket was closed");
        }
    }

    @Override
    public void close() {
        socket.close();
        Trio.checkpoint();
    }
}
