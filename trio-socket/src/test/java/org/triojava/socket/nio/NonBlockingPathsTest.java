package org.triojava.socket.nio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.triojava.socket.nio.SocketTesting.run;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.triojava.CancelScope;
import org.triojava.Cancelled;
import org.triojava.Trio;
import org.triojava.socket.Sockets;
import org.triojava.socket.TrioSocket;
import org.triojava.testing.Testing;

/**
 * Every path through the non-blocking protocol (Trio's test_SocketType_non_blocking_paths), with
 * {@code recv} standing in for all operations: cancelled before the call, immediate success,
 * immediate failure, block then succeed, block then cancelled, and woken but beaten to the data.
 * The far ends are plain blocking-free Java channels, so the test controls exactly when data
 * arrives.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class NonBlockingPathsTest {

    private static void send(SocketChannel channel, String text) throws IOException {
        ByteBuffer data = ByteBuffer.wrap(text.getBytes());
        while (data.hasRemaining()) {
            channel.write(data);
        }
    }

    @Test
    void allPathsOfRecv() throws Exception {
        try (ServerSocketChannel server = ServerSocketChannel.open()) {
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            SocketChannel aChannel = SocketChannel.open(server.getLocalAddress());
            SocketChannel b = server.accept();
            SocketChannel cChannel = SocketChannel.open(server.getLocalAddress());
            SocketChannel d = server.accept();
            try (b; d) {
                run(() -> {
                    TrioSocket ta = Sockets.from(aChannel);
                    TrioSocket tc = Sockets.from(cChannel);
                    // cancelled before even calling: a checkpoint, and nothing is read
                    send(b, "1");
                    CancelScope cancelled = new CancelScope();
                    cancelled.cancel();
                    cancelled.run(() -> Testing.assertCheckpoints(
                            () -> assertThrows(Cancelled.class, () -> ta.recv(10))));
                    // immediate success (so the earlier attempt read nothing)
                    Testing.assertCheckpoints(() -> assertArrayEquals("1".getBytes(), recvOne(ta, 1)));
                    // an invalid argument fails fast, before any checkpoint
                    Testing.assertNoCheckpoints(() -> assertThrows(IllegalArgumentException.class, () -> ta.recv(-5)));
                    // block, then succeed
                    Trio.openNursery(nursery -> {
                        nursery.startSoon(() -> Testing.assertCheckpoints(
                                () -> assertArrayEquals("2".getBytes(), ta.recv(10))));
                        Testing.waitAllTasksBlocked();
                        send(b, "2");
                    });
                    // block, then cancelled
                    Trio.openNursery(nursery -> {
                        nursery.startSoon(() -> Testing.assertCheckpoints(
                                () -> assertThrows(Cancelled.class, () -> ta.recv(10))));
                        Testing.waitAllTasksBlocked();
                        nursery.cancelScope().cancel();
                    });
                    // woken, but another task took the data first: back to waiting. Two tasks wait on
                    // two sockets; both are woken at once, and whichever runs first steals the other's byte.
                    Trio.openNursery(nursery -> {
                        nursery.startSoon(() -> {
                            Testing.assertCheckpoints(() -> assertArrayEquals("a".getBytes(), ta.recv(1)));
                            Testing.assertCheckpoints(() -> assertArrayEquals("c".getBytes(), tc.recv(1)));
                        });
                        nursery.startSoon(() -> {
                            Testing.assertCheckpoints(() -> assertArrayEquals("c".getBytes(), tc.recv(1)));
                            Testing.assertCheckpoints(() -> assertArrayEquals("a".getBytes(), ta.recv(1)));
                        });
                        Testing.waitAllTasksBlocked();
                        send(b, "a");
                        send(d, "c");
                        Testing.waitAllTasksBlocked();
                        send(b, "a");
                        send(d, "c");
                    });
                    // immediate failure from the OS is a checkpoint too: the peer resets the connection
                    d.setOption(java.net.StandardSocketOptions.SO_LINGER, 0);
                    d.close();
                    Testing.assertCheckpoints(() -> assertThrows(IOException.class, () -> tc.recv(1)));
                    ta.close();
                    tc.close();
                });
            }
        }
    }

    private static byte[] recvOne(TrioSocket socket, int max) throws IOException {
        byte[] data = socket.recv(max);
        assertEquals(1, data.length);
        return data;
    }
}
