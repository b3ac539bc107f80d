package org.triojava.core;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * What the readiness tests wait on, opened before each test and closed after it: a pipe and a
 * connected pair of loopback sockets, all non-blocking.
 */
abstract class ChannelFixture {
    Pipe pipe;
    ServerSocketChannel server;
    SocketChannel a;
    SocketChannel b;

    @BeforeEach
    final void openChannels() throws IOException {
        pipe = Pipe.open();
        pipe.source().configureBlocking(false);
        pipe.sink().configureBlocking(false);
        server = ServerSocketChannel.open();
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        a = SocketChannel.open(server.getLocalAddress());
        b = server.accept();
        a.configureBlocking(false);
        b.configureBlocking(false);
    }

    /** Writes until the kernel takes no more. */
    static void fill(SocketChannel channel) throws IOException {
        ByteBuffer chunk = ByteBuffer.allocate(65536);
        while (channel.write(chunk.clear()) > 0) {
            // until the send buffer is full
        }
    }

    /** Reads whatever is available; returns how much. */
    static long drain(SocketChannel channel) throws IOException {
        ByteBuffer chunk = ByteBuffer.allocate(65536);
        long total = 0;
        int n;
        while ((n = channel.read(chunk.clear())) > 0) {
            total += n;
        }
        return total;
    }

    @AfterEach
    final void closeChannels() throws IOException {
        pipe.source().close();
        pipe.sink().close();
        a.close();
        b.close();
        server.close();
    }
}
