package org.triojava.streams.jdk;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.triojava.streams.jdk.StreamTesting.assertBytes;
import static org.triojava.streams.jdk.StreamTesting.clog;
import static org.triojava.streams.jdk.StreamTesting.randomBytes;
import static org.triojava.streams.jdk.StreamTesting.receiveAll;
import static org.triojava.streams.jdk.StreamTesting.receiveExactly;
import static org.triojava.streams.jdk.StreamTesting.tcpStreamPair;
import static org.triojava.streams.jdk.StreamTesting.unixStreamPair;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.triojava.BrokenResourceError;
import org.triojava.BusyResourceError;
import org.triojava.CancelScope;
import org.triojava.Cancelled;
import org.triojava.ClosedResourceError;
import org.triojava.Trio;
import org.triojava.socket.SocketKind;
import org.triojava.socket.Sockets;
import org.triojava.socket.TrioSocket;
import org.triojava.stream.AsyncResources;
import org.triojava.stream.SocketStream;
import org.triojava.testing.Testing;

/** Trio's test_highlevel_socket (SocketStream part) on real TCP loopback and Unix-domain sockets. */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class SocketStreamTest {

    // ================================================================== construction

    @Test
    void ofRejectsWhatIsNotAConnectedStreamSocket() throws Exception {
        Trio.run(() -> {
            try (TrioSocket udp = Sockets.socket(StandardProtocolFamily.INET, SocketKind.DATAGRAM)) {
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SocketStream.of(udp));
                assertTrue(e.getMessage().startsWith("SocketStream needs a stream (SOCK_STREAM) socket, not a DATAGRAM socket"),
                        e.getMessage());
            }
            try (TrioSocket unconnected = Sockets.socket(StandardProtocolFamily.INET, SocketKind.STREAM)) {
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                        () -> SocketStream.of(unconnected));
                assertTrue(e.getMessage().startsWith("SocketStream needs a connected socket; connect it first"),
                        e.getMessage());
            }
            try (TrioSocket listening = StreamTesting.listeningSocket(StandardProtocolFamily.INET)) {
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                        () -> SocketStream.of(listening));
                assertTrue(e.getMessage().startsWith("SocketStream needs a connected socket, not a listening one"),
                        e.getMessage());
            }
            TrioSocket closed = Sockets.socket();
            closed.close();
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SocketStream.of(closed));
            assertTrue(e.getMessage().startsWith("SocketStream needs an open socket; this one is closed"));
            assertThrows(NullPointerException.class, () -> SocketStream.of(null));
        });
    }

    @Test
    void basicsAndOptions() throws Exception {
        Trio.run(() -> {
            SocketStream[] pair = tcpStreamPair();
            try (SocketStream a = pair[0]; SocketStream b = pair[1]) {
                // TCP_NODELAY is on, on both the wrapped and the accepted socket
                assertTrue(a.getsockopt(StandardSocketOptions.TCP_NODELAY));
                assertTrue(b.getsockopt(StandardSocketOptions.TCP_NODELAY));
                a.setsockopt(StandardSocketOptions.TCP_NODELAY, false);
                assertFalse(a.getsockopt(StandardSocketOptions.TCP_NODELAY));
                a.setsockopt(StandardSocketOptions.SO_KEEPALIVE, true);
                assertTrue(a.socket().getsockopt(StandardSocketOptions.SO_KEEPALIVE));

                a.sendAll("xxx".getBytes());
                assertEquals("xxx", new String(receiveExactly(b, 3)));
                b.sendAll(ByteBuffer.wrap("yyy".getBytes()));
                assertEquals("yyy", new String(receiveExactly(a, 3)));

                ByteBuffer buffer = ByteBuffer.wrap("0123456789".getBytes(), 2, 5);
                a.sendAll(buffer);
                assertEquals(7, buffer.position(), "sendAll consumes the buffer's remaining bytes");
                assertEquals("23456", new String(receiveExactly(b, 5)));

                assertThrows(IllegalArgumentException.class, () -> b.receiveSome(0));
                assertThrows(IllegalArgumentException.class, () -> b.receiveSome(-1));
                Testing.assertCheckpoints(() -> a.sendAll(new byte[0]));
            }
        });
    }

    @Test
    void receiveSomeDefaultsTo64KiB() throws Exception {
        Trio.run(() -> {
            SocketStream[] pair = tcpStreamPair();
            try (SocketStream a = pair[0]; SocketStream b = pair[1]) {
                byte[] data = randomBytes(200_000, 1);
                Trio.openNursery(n -> {
                    n.startSoon(() -> a.sendAll(data));
                    int total = 0;
                    while (total < data.length) {
                        byte[] chunk = b.receiveSome();
                        assertTrue(chunk.length >= 1 && chunk.length <= JdkSocketStream.DEFAULT_RECEIVE_SIZE);
                        total += chunk.length;
                    }
                });
            }
        });
    }

    @Test
    void halfClose() throws Exception {
        for (boolean unix : new boolean[] {false, true}) {
            Trio.run(() -> {
                SocketStream[] pair = unix ? unixStreamPair() : tcpStreamPair();
                try (SocketStream a = pair[0]; SocketStream b = pair[1]) {
                    a.sendAll("hello".getBytes());
                    Testing.assertCheckpoints(a::sendEof);
                    assertTrue(a.socket().didShutdownWrite());
                    Testing.assertCheckpoints(a::sendEof); // idempotent, still a checkpoint
                    ClosedResourceError e = assertThrows(ClosedResourceError.class, () -> a.sendAll("x".getBytes()));
                    assertTrue(e.getMessage().contains("after sendEof"), e.getMessage());
                    assertEquals("hello", new String(receiveAll(b)));
                    assertEquals(0, b.receiveSome().length, "end of stream stays");
                    // the other direction still works
                    b.sendAll("back".getBytes());
                    b.sendEof();
                    assertEquals("back", new String(receiveAll(a)));
                }
            });
        }
    }

    @Test
    void unixStreamHasNoNodelay() throws Exception {
        Trio.run(() -> {
            SocketStream[] pair = unixStreamPair();
            try (SocketStream a = pair[0]; SocketStream b = pair[1]) {
                assertEquals(StandardProtocolFamily.UNIX, a.socket().family());
                assertThrows(UnsupportedOperationException.class, () -> a.getsockopt(StandardSocketOptions.TCP_NODELAY));
                byte[] data = randomBytes(300_000, 2);
                Trio.openNursery(n -> {
                    n.startSoon(() -> {
                        a.sendAll(data);
                        a.sendEof();
                    });
                    assertBytes(data, receiveAll(b));
                });
            }
        });
    }

    // ================================================================== conflicts

    @Test
    void concurrentReceivesAreBusy() throws Exception {
        Trio.run(() -> {
            SocketStream[] pair = tcpStreamPair();
            try (SocketStream a = pair[0]; SocketStream b = pair[1]) {
                List<String> record = new ArrayList<>();
                Trio.openNursery(n -> {
                    n.startSoon(() -> record.add(new String(b.receiveSome())));
                    Testing.waitAllTasksBlocked();
                    BusyResourceError e = assertThrows(BusyResourceError.class, b::receiveSome);
                    assertTrue(e.getMessage().contains("another task is currently receiving"), e.getMessage());
                    a.sendAll("x".getBytes());
                });
                assertEquals(List.of("x"), record, "the first receiver was not disturbed");
            }
        });
    }

    @Test
    void concurrentSendOperationsAreBusy() throws Exception {
        Trio.run(() -> {
            SocketStream[] pair = tcpStreamPair();
            try (SocketStream a = pair[0]; SocketStream b = pair[1]) {
                clog(a.socket());
                CancelScope blocked = new CancelScope();
                Trio.openNursery(n -> {
                    n.startSoon(() -> blocked.run(a::waitSendAllMightNotBlock));
                    Testing.waitAllTasksBlocked();
                    assertThrows(BusyResourceError.class, a::waitSendAllMightNotBlock);
                    assertThrows(BusyResourceError.class, () -> a.sendAll("x".getBytes()));
                    assertThrows(BusyResourceError.class, () -> a.sendAll(new byte[0]));
                    assertThrows(BusyResourceError.class, a::sendEof);
                    blocked.cancel();
                });
                assertTrue(blocked.cancelledCaught());
                // a sendAll blocked on the clogged socket makes the other three busy too
                CancelScope sending = new CancelScope();
                Trio.openNursery(n -> {
                    n.startSoon(() -> sending.run(() -> a.sendAll(new byte[10])));
                    Testing.waitAllTasksBlocked();
                    assertThrows(BusyResourceError.class, a::waitSendAllMightNotBlock);
                    assertThrows(BusyResourceError.class, a::sendEof);
                    sending.cancel();
                });
                // nothing of the cancelled sendAll went out (the socket was clogged): still usable
                Trio.openNursery(n -> {
                    n.startSoon(() -> {
                        while (true) {
                            if (b.receiveSome().length == 0) {
                                return;
                            }
                        }
                    });
                    a.waitSendAllMightNotBlock();
                    a.sendAll("done".getBytes());
                    a.sendEof();
                });
            }
        });
    }

    @Test
    void waitSendAllMightNotBlockWaitsForTheReceiver() throws Exception {
        Trio.run(() -> {
            SocketStream[] pair = tcpStreamPair();
            try (SocketStream a = pair[0]; SocketStream b = pair[1]) {
                clog(a.socket());
                List<String> record = new ArrayList<>();
                Trio.openNursery(n -> {
                    n.startSoon(() -> {
                        record.add("waiter sleeping");
                        Testing.assertCheckpoints(a::waitSendAllMightNotBlock);
                        record.add("waiter woke up");
                        n.cancelScope().cancel();
                    });
                    Testing.waitAllTasksBlocked();
                    n.startSoon(() -> {
                        record.add("receiver starting");
                        while (true) {
                            b.receiveSome(16834);
                        }
                    });
                });
                assertEquals(List.of("waiter sleeping", "receiver starting", "waiter woke up"), record);
            }
        });
    }

    // ================================================================== closing and errors

    @Test
    void closeIsIdempotentCheckpointAndMakesEverythingClosed() throws Exception {
        Trio.run(() -> {
            SocketStream[] pair = tcpStreamPair();
            SocketStream a = pair[0];
            try (SocketStream b = pair[1]) {
                Testing.assertCheckpoints(a::close);
                assertTrue(a.socket().isClosed());
                Testing.assertCheckpoints(a::close);
                assertThrows(ClosedResourceError.class, () -> a.sendAll("x".getBytes()));
                assertThrows(ClosedResourceError.class, () -> a.sendAll(new byte[0]));
                assertThrows(ClosedResourceError.class, a::receiveSome);
                assertThrows(ClosedResourceError.class, a::waitSendAllMightNotBlock);
                assertThrows(ClosedResourceError.class, a::sendEof);
                // the peer sees the end of the stream
                assertEquals(0, b.receiveSome().length);
            }
        });
    }

    @Test
    void closeInACancelledScopeStillCloses() throws Exception {
        Trio.run(() -> {
            SocketStream[] pair = tcpStreamPair();
            try (SocketStream b = pair[1]) {
                CancelScope scope = new CancelScope();
                scope.cancel();
                scope.run(pair[0]::close);
                assertTrue(scope.cancelledCaught(), "close() is a checkpoint even when cancelled");
                assertTrue(pair[0].socket().isClosed());
                SocketStream[] other = tcpStreamPair();
                AsyncResources.closeForcefully(other[0]);
                assertTrue(other[0].socket().isClosed());
                other[1].close();
            }
        });
    }

    @Test
    void closingWakesBlockedTasksWithClosedResourceError() throws Exception {
        Trio.run(() -> {
            SocketStream[] pair = tcpStreamPair();
            SocketStream a = pair[0];
            try (SocketStream b = pair[1]) {
                clog(a.socket());
                List<Class<?>> errors = new ArrayList<>();
                Trio.openNursery(n -> {
                    n.startSoon(() -> {
                        try {
                            a.receiveSome();
                        } catch (ClosedResourceError e) {
                            errors.add(e.getClass());
                        }
                    });
                    n.startSoon(() -> {
                        try {
                            a.sendAll(new byte[8 << 20]); // more than any buffer takes
                        } catch (ClosedResourceError e) {
                            errors.add(e.getClass());
                        }
                    });
                    Testing.waitAllTasksBlocked();
                    a.close();
                });
                assertEquals(List.of(ClosedResourceError.class, ClosedResourceError.class), errors);
            }
        });
    }

    @Test
    void peerCloseBreaksTheSender() throws Exception {
        Trio.run(() -> {
            SocketStream[] pair = tcpStreamPair();
            try (SocketStream a = pair[0]) {
                pair[1].socket().setsockopt(StandardSocketOptions.SO_LINGER, 0);
                pair[1].close(); // a reset: the sender's next sends fail
                byte[] chunk = new byte[65536];
                BrokenResourceError broken = null;
                for (int i = 0; i < 1000 && broken == null; i++) {
                    try {
                        a.sendAll(chunk);
                    } catch (BrokenResourceError e) {
                        broken = e;
                    }
                }
                assertInstanceOf(BrokenResourceError.class, broken, "sendAll never failed");
                assertInstanceOf(IOException.class, broken.getCause());
                assertTrue(broken.getMessage().startsWith("sendAll: socket connection broken: "), broken.getMessage());
                // and receiving reports it too (the reset), or the end of stream
                try {
                    assertEquals(0, a.receiveSome().length);
                } catch (BrokenResourceError e) {
                    assertInstanceOf(IOException.class, e.getCause());
                }
            }
        });
    }

    /** A sendAll cut short says how much went out (on its exception) and leaves sending broken; closing still works. */
    @Test
    void aSendAllCutShortReportsWhatWentOutAndBreaksSending() throws Exception {
        Trio.run(() -> {
            SocketStream[] pair = tcpStreamPair();
            try (SocketStream a = pair[0]; SocketStream b = pair[1]) {
                a.setsockopt(StandardSocketOptions.SO_SNDBUF, 4096);
                byte[] big = new byte[8 << 20];
                CancelScope scope = new CancelScope();
                Cancelled[] seen = new Cancelled[1];
                Trio.openNursery(n -> {
                    n.startSoon(() -> scope.run(() -> {
                        try {
                            a.sendAll(big);
                        } catch (Cancelled c) {
                            seen[0] = c;
                            throw c;
                        }
                    }));
                    Testing.waitAllTasksBlocked();
                    scope.cancel();
                });
                long sent = Sockets.partialResult(seen[0]).orElseThrow().bytesSent();
                assertTrue(sent > 0 && sent < big.length, "sent " + sent);
                BrokenResourceError broken = assertThrows(BrokenResourceError.class, () -> a.sendAll(new byte[1]));
                assertTrue(broken.getMessage().contains("cut short after " + sent + " of " + big.length), broken.getMessage());
                assertThrows(BrokenResourceError.class, a::waitSendAllMightNotBlock);
                assertThrows(BrokenResourceError.class, a::sendEof);
                a.close();
                assertThrows(ClosedResourceError.class, () -> a.sendAll(new byte[1]), "after close: Closed, not Broken");
                assertEquals(sent, receiveAll(b).length, "the peer gets exactly the prefix that went out");
            }
        });
    }

    /** A sendAll cancelled before anything went out had no effect: the stream stays usable. */
    @Test
    void aSendAllCancelledBeforeSendingLeavesTheStreamUsable() throws Exception {
        Trio.run(() -> {
            SocketStream[] pair = tcpStreamPair();
            try (SocketStream a = pair[0]; SocketStream b = pair[1]) {
                CancelScope scope = new CancelScope();
                scope.cancel();
                scope.run(() -> a.sendAll("lost".getBytes()));
                assertTrue(scope.cancelledCaught());
                a.sendAll("kept".getBytes());
                a.sendEof();
                assertArrayEquals("kept".getBytes(), receiveAll(b));
            }
        });
    }

    @Test
    void cancelledReceiveConsumesNothing() throws Exception {
        Trio.run(() -> {
            SocketStream[] pair = tcpStreamPair();
            try (SocketStream a = pair[0]; SocketStream b = pair[1]) {
                a.sendAll("data".getBytes());
                CancelScope scope = new CancelScope();
                scope.cancel();
                scope.run(() -> b.receiveSome());
                assertTrue(scope.cancelledCaught());
                assertArrayEquals("data".getBytes(), receiveExactly(b, 4));
            }
        });
    }

    @Test
    void socketAccessorAndIteration() throws Exception {
        Trio.run(() -> {
            SocketStream[] pair = tcpStreamPair();
            try (SocketStream a = pair[0]; SocketStream b = pair[1]) {
                assertSame(a.socket(), a.socket());
                assertTrue(a.toString().startsWith("SocketStream["));
                Trio.openNursery(n -> {
                    n.startSoon(() -> {
                        for (int i = 0; i < 3; i++) {
                            a.sendAll(("chunk" + i).getBytes());
                        }
                        a.sendEof();
                    });
                    StringBuilder all = new StringBuilder();
                    for (byte[] chunk : b) {
                        all.append(new String(chunk));
                    }
                    assertEquals("chunk0chunk1chunk2", all.toString());
                });
            }
        });
    }

    /** Trio's test_socket_stream_works_when_peer_has_already_closed. */
    @Test
    void worksWhenThePeerHasAlreadyClosed() throws Exception {
        Trio.run(() -> {
            try (TrioSocket listener = StreamTesting.listeningSocket(StandardProtocolFamily.INET)) {
                TrioSocket client = Sockets.socket();
                client.connect(listener.getsockname());
                try (TrioSocket server = listener.accept().socket()) {
                    server.sendall("x".getBytes());
                }
                Testing.waitAllTasksBlocked();
                try (SocketStream stream = SocketStream.of(client)) {
                    assertEquals("x", new String(stream.receiveSome(1)));
                    assertEquals(0, stream.receiveSome(1).length);
                }
            }
        });
    }
}
