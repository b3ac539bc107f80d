package org.triojava.streams.jdk;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ProtocolFamily;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.StandardProtocolFamily;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.triojava.BrokenResourceError;
import org.triojava.ClosedResourceError;
import org.triojava.Trio;
import org.triojava.abc.HostnameResolver;
import org.triojava.abc.SocketFactory;
import org.triojava.socket.SocketKind;
import org.triojava.socket.Sockets;
import org.triojava.socket.TrioSocket;
import org.triojava.stream.Net;
import org.triojava.stream.SocketListener;
import org.triojava.stream.SocketStream;
import org.triojava.streams.jdk.FakeSocket.Outcome;
import org.triojava.testing.Testing;

/**
 * Parity with Trio's own tests (test_highlevel_socket, test_highlevel_open_tcp_stream,
 * test_highlevel_open_tcp_listeners, test_highlevel_open_unix_stream) for what the other stream
 * tests leave out: checkpoints of {@code SocketListener}, a {@code sendAll} split over many
 * sends, {@code sendEof} on a closed stream, error texts Trio's tests match, and that a
 * connection is wrapped without a second look at it.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class TrioParityStreamsTest {

    /** test_SocketListener: accept and close are checkpoints; accept after close is a checkpoint that throws. */
    @Test
    void socketListenerCheckpointsLikeTrio() throws Exception {
        Trio.run(() -> {
            TrioSocket listenSock = StreamTesting.listeningSocket(StandardProtocolFamily.INET);
            SocketListener listener = SocketListener.of(listenSock);
            assertSame(listenSock, listener.socket());
            TrioSocket client = Sockets.socket(StandardProtocolFamily.INET, SocketKind.STREAM);
            client.connect(listenSock.getsockname());
            SocketStream[] server = new SocketStream[1];
            Testing.assertCheckpoints(() -> server[0] = listener.accept());
            assertEquals(listenSock.getsockname(), server[0].socket().getsockname());
            assertEquals(client.getsockname(), server[0].socket().getpeername());
            Testing.assertCheckpoints(listener::close);
            Testing.assertCheckpoints(listener::close);
            Testing.assertCheckpoints(() -> assertThrows(ClosedResourceError.class, listener::accept));
            client.close();
            server[0].close();
        });
    }

    /** test_SocketListener_socket_closed_underfoot: closing the socket, not the listener. */
    @Test
    void acceptOnASocketClosedUnderfootIsACheckpointThatThrowsClosed() throws Exception {
        Trio.run(() -> {
            TrioSocket listenSock = StreamTesting.listeningSocket(StandardProtocolFamily.INET);
            SocketListener listener = SocketListener.of(listenSock);
            listenSock.close();
            Testing.assertCheckpoints(() -> assertThrows(ClosedResourceError.class, listener::accept));
        });
    }

    /** test_SocketListener / test_SocketStream_basics: the messages name SOCK_STREAM and listen(). */
    @Test
    void wrongSocketsAreRefusedWithTheWordsTrioUses() throws Exception {
        Trio.run(() -> {
            try (TrioSocket udp = Sockets.socket(StandardProtocolFamily.INET, SocketKind.DATAGRAM)) {
                udp.bind(udp.resolveLocalAddress("127.0.0.1", 0));
                assertTrue(assertThrows(IllegalArgumentException.class, () -> SocketListener.of(udp))
                        .getMessage().contains("SOCK_STREAM"));
                assertTrue(assertThrows(IllegalArgumentException.class, () -> SocketStream.of(udp))
                        .getMessage().contains("SOCK_STREAM"));
            }
            try (TrioSocket bound = Sockets.socket()) {
                bound.bind(bound.resolveLocalAddress("127.0.0.1", 0));
                assertTrue(assertThrows(IllegalArgumentException.class, () -> SocketListener.of(bound))
                        .getMessage().contains("listen"));
            }
        });
    }

    /** test_SocketStream_send_all: 10 MB in one sendAll, split over many sends, then more data and EOF. */
    @Test
    void aBigSendAllIsSplitAndArrivesWholeThenEof() throws Exception {
        Trio.run(() -> {
            int big = 10_000_000;
            SocketStream[] pair = StreamTesting.tcpStreamPair();
            SocketStream a = pair[0];
            SocketStream b = pair[1];
            long[] received = new long[1];
            Trio.openNursery(n -> {
                n.startSoon(() -> a.sendAll(new byte[big]));
                n.startSoon(() -> {
                    // make sure the sender fills the kernel buffers and blocks first
                    Testing.waitAllTasksBlocked();
                    while (received[0] < big) {
                        byte[] chunk = b.receiveSome(big);
                        for (byte x : chunk) {
                            assertEquals(0, x);
                        }
                        received[0] += chunk.length;
                    }
                });
            });
            assertEquals(big, received[0]);
            a.sendAll(new byte[] {'e'});
            assertArrayEquals(new byte[] {'e'}, b.receiveSome(10));
            a.sendEof();
            assertEquals(0, b.receiveSome(10).length);
            a.close();
            b.close();
        });
    }

    /** Trio's send_eof: checkpoint first, then the closed socket's error as ClosedResourceError. */
    @Test
    void sendEofOnAClosedStreamIsACheckpointThatThrowsClosed() throws Exception {
        Trio.run(() -> {
            SocketStream[] pair = StreamTesting.tcpStreamPair();
            pair[0].close();
            Testing.assertCheckpoints(() -> assertThrows(ClosedResourceError.class, pair[0]::sendEof));
            pair[1].close();
        });
    }

    /**
     * Trio's socket methods run a checkpoint also when they fail: {@code sendAll} (of data) and
     * {@code receiveSome} on a closed SocketStream are checkpoints that throw ClosedResourceError,
     * also when the socket was closed underneath the stream.
     */
    @Test
    void sendAllAndReceiveSomeOnAClosedStreamAreCheckpoints() throws Exception {
        Trio.run(() -> {
            SocketStream[] pair = StreamTesting.tcpStreamPair();
            pair[0].close();
            Testing.assertCheckpoints(() -> assertThrows(ClosedResourceError.class,
                    () -> pair[0].sendAll(new byte[] {1})));
            Testing.assertCheckpoints(() -> assertThrows(ClosedResourceError.class, () -> pair[0].receiveSome(10)));
            Testing.assertCheckpoints(() -> assertThrows(ClosedResourceError.class, () -> pair[0].receiveSome()));
            pair[1].socket().close();
            Testing.assertCheckpoints(() -> assertThrows(ClosedResourceError.class,
                    () -> pair[1].sendAll(new byte[] {1})));
            Testing.assertCheckpoints(() -> assertThrows(ClosedResourceError.class, () -> pair[1].receiveSome(10)));
        });
    }

    /**
     * test_open_stream_to_socket_listener: a listener on 127.0.0.1, on the IPv4 wildcard and on the
     * IPv6 wildcard (connected through loopback), and on a Unix-domain path.
     */
    @Test
    void openStreamToSocketListenerLikeTrio() throws Exception {
        Trio.run(() -> {
            List<TrioSocket> sockets = new ArrayList<>();
            TrioSocket local = Sockets.socket(StandardProtocolFamily.INET, SocketKind.STREAM);
            local.bind(local.resolveLocalAddress("127.0.0.1", 0));
            sockets.add(local);
            TrioSocket v4Wildcard = Sockets.socket(StandardProtocolFamily.INET, SocketKind.STREAM);
            v4Wildcard.bind(v4Wildcard.resolveLocalAddress("0.0.0.0", 0));
            sockets.add(v4Wildcard);
            if (StreamTesting.ipv6Available()) {
                TrioSocket v6Wildcard = Sockets.socket(StandardProtocolFamily.INET6, SocketKind.STREAM);
                v6Wildcard.bind(v6Wildcard.resolveLocalAddress("::", 0));
                sockets.add(v6Wildcard);
            }
            java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("trio-parity");
            java.nio.file.Path path = dir.resolve("sock");
            TrioSocket unix = Sockets.socket(StandardProtocolFamily.UNIX, SocketKind.STREAM);
            unix.bind(java.net.UnixDomainSocketAddress.of(path));
            sockets.add(unix);
            try {
                for (TrioSocket socket : sockets) {
                    socket.listen(10);
                    try (SocketListener listener = SocketListener.of(socket);
                            SocketStream client = Testing.openStreamToSocketListener(listener);
                            SocketStream server = listener.accept()) {
                        assertEquals(socket.family(), client.socket().family());
                        client.sendAll(new byte[] {'x'});
                        assertArrayEquals(new byte[] {'x'}, server.receiveSome(1), "via " + socket);
                    }
                }
            } finally {
                java.nio.file.Files.deleteIfExists(path);
                java.nio.file.Files.deleteIfExists(dir);
            }
        });
    }

    /** test_open_tcp_listeners_basic: wildcard listeners, two clients queued before either is accepted. */
    @Test
    void openTcpListenersBasicLikeTrio() throws Exception {
        Trio.run(() -> {
            List<SocketListener> listeners = Net.openTcpListeners(0);
            assertFalse(listeners.isEmpty());
            for (SocketListener listener : listeners) {
                java.net.InetSocketAddress bound = (java.net.InetSocketAddress) listener.socket().getsockname();
                assertTrue(bound.getAddress().isAnyLocalAddress(), "bound to the wildcard: " + bound);
            }
            SocketListener listener = listeners.get(0);
            // the backlog is at least 2
            SocketStream c1 = Testing.openStreamToSocketListener(listener);
            SocketStream c2 = Testing.openStreamToSocketListener(listener);
            SocketStream s1 = listener.accept();
            SocketStream s2 = listener.accept();
            s1.sendAll(new byte[] {'x'});
            s2.sendAll(new byte[] {'x'});
            assertArrayEquals(new byte[] {'x'}, c1.receiveSome(1));
            assertArrayEquals(new byte[] {'x'}, c2.receiveSome(1));
            for (SocketStream stream : List.of(c1, c2, s1, s2)) {
                stream.close();
            }
            for (SocketListener l : listeners) {
                l.close();
            }
        });
    }

    /** test_open_tcp_listeners_ipv6_v6only: a listener on ::1 takes no IPv4 connection. */
    @Test
    void anIpv6LoopbackListenerTakesNoIpv4Connections() throws Exception {
        StreamTesting.assumeIpv6();
        Trio.run(() -> {
            List<SocketListener> listeners = Net.openTcpListeners(0, "::1");
            assertEquals(1, listeners.size());
            try (SocketListener listener = listeners.get(0)) {
                int port = ((java.net.InetSocketAddress) listener.socket().getsockname()).getPort();
                assertThrows(IOException.class, () -> Net.openTcpStream("127.0.0.1", port));
            }
        });
    }

    /** Trio's MemoryListener of test_highlevel_serve_listeners: hands out memory stream pairs. */
    static final class MemoryPairListener implements org.triojava.abc.Listener<org.triojava.stream.StapledStream> {
        final org.triojava.channel.MemoryChannel<org.triojava.stream.StapledStream> queue = org.triojava.channel.MemoryChannel.open(1);
        boolean closed;

        org.triojava.stream.StapledStream connect() {
            assertFalse(closed);
            var pair = org.triojava.testing.MemoryStreams.pair();
            queue.sendChannel().send(pair.b());
            return pair.a();
        }

        @Override
        public org.triojava.stream.StapledStream accept() {
            Trio.checkpoint();
            assertFalse(closed);
            return queue.receiveChannel().receive();
        }

        @Override
        public void close() {
            closed = true;
            Trio.checkpoint();
        }
    }

    /**
     * test_serve_listeners_basic: three clients per listener, each handled stream closed
     * forcefully (inside an already-cancelled scope) in both directions, listeners reported and
     * closed on the way out.
     */
    @Test
    void serveListenersBasicLikeTrio() throws Exception {
        Trio.run(() -> {
            List<MemoryPairListener> listeners = List.of(new MemoryPairListener(), new MemoryPairListener());
            List<String> record = new ArrayList<>();
            Runnable closeHook = () -> {
                assertEquals(Double.NEGATIVE_INFINITY, Trio.currentEffectiveDeadline(), "a forceful close");
                record.add("closed");
            };
            org.triojava.stream.StreamHandler<org.triojava.stream.StapledStream> handler = stream -> {
                stream.sendAll(new byte[] {'1', '2', '3'});
                assertArrayEquals(new byte[] {'4', '5', '6'}, stream.receiveSome(10));
                ((org.triojava.testing.MemorySendStream) stream.sendStream()).setCloseHook(closeHook);
                ((org.triojava.testing.MemoryReceiveStream) stream.receiveStream()).setCloseHook(closeHook);
            };
            Trio.openNursery(nursery -> {
                List<MemoryPairListener> reported = nursery.start(status -> Net.serveListeners(handler, listeners,
                        status));
                assertEquals(listeners, reported);
                nursery.startSoon(() -> {
                    Trio.openNursery(clients -> {
                        for (MemoryPairListener listener : listeners) {
                            for (int i = 0; i < 3; i++) {
                                clients.startSoon(() -> {
                                    org.triojava.stream.StapledStream client = listener.connect();
                                    assertArrayEquals(new byte[] {'1', '2', '3'}, client.receiveSome(10));
                                    client.sendAll(new byte[] {'4', '5', '6'});
                                });
                            }
                        }
                    });
                    Testing.waitAllTasksBlocked();
                    assertEquals(12, record.size(), "6 streams x 2 directions closed");
                    nursery.cancelScope().cancel();
                });
            });
            for (MemoryPairListener listener : listeners) {
                assertTrue(listener.closed);
            }
        });
    }

    /** A socket that connected but whose peer reset it before the stream was made. */
    static final class ResetSocket extends FakeSocket {
        ResetSocket(ProtocolFamily family, SocketKind kind) {
            super(family, kind);
        }

        @Override
        public SocketAddress getpeername() throws IOException {
            throw new SocketException("Transport endpoint is not connected");
        }
    }

    /**
     * Trio's open_tcp_stream wraps the winning socket without looking at it again: a connection the
     * peer already reset still gives a stream (its first use reports the breakage).
     */
    @Test
    void openTcpStreamWrapsTheWinnerWithoutCheckingItAgain() throws Exception {
        Trio.run(() -> {
            List<FakeSocket> made = new ArrayList<>();
            class Fakes implements HostnameResolver, SocketFactory {
                @Override
                public List<InetAddress> getaddrinfo(String host, ProtocolFamily family) throws IOException {
                    return List.of(InetAddress.getByName("10.0.0.1"));
                }

                @Override
                public String getnameinfo(InetAddress address) {
                    throw new UnsupportedOperationException("not used");
                }

                @Override
                public TrioSocket socket(ProtocolFamily family, SocketKind kind) {
                    FakeSocket socket = new ResetSocket(family, kind);
                    socket.connectScript = address -> new Object[] {0.0, Outcome.SUCCESS};
                    made.add(socket);
                    return socket;
                }
            }
            Fakes fakes = new Fakes();
            Sockets.setCustomHostnameResolver(fakes);
            Sockets.setCustomSocketFactory(fakes);
            SocketStream stream = Net.openTcpStream("example.org", 80);
            assertEquals(1, made.size());
            assertSame(made.get(0), stream.socket());
            assertFalse(made.get(0).closed);
            stream.close();
            assertTrue(made.get(0).closed);
        });
    }

    /** test_open_tcp_listeners_some_address_families_unavailable: the message Trio's test matches. */
    @Test
    void noSupportedFamilyGivesTrioMessageWithEveryCause() throws Exception {
        Trio.run(() -> {
            class Fakes implements HostnameResolver, SocketFactory {
                @Override
                public List<InetAddress> getaddrinfo(String host, ProtocolFamily family) throws IOException {
                    return List.of(InetAddress.getByName("10.0.0.1"), InetAddress.getByName("::2"));
                }

                @Override
                public String getnameinfo(InetAddress address) {
                    throw new UnsupportedOperationException("not used");
                }

                @Override
                public TrioSocket socket(ProtocolFamily family, SocketKind kind) throws IOException {
                    throw new SocketException("nope: Address family not supported by protocol");
                }
            }
            Fakes fakes = new Fakes();
            Sockets.setCustomHostnameResolver(fakes);
            Sockets.setCustomSocketFactory(fakes);
            IOException e = assertThrows(IOException.class, () -> Net.openTcpListeners(80, "example.org"));
            assertTrue(e.getMessage().contains("This system doesn't support"), e.getMessage());
            assertEquals(2, e.getSuppressed().length);
            for (Throwable cause : e.getSuppressed()) {
                assertTrue(cause.getMessage().contains("nope"), cause.getMessage());
            }
        });
    }

    /** test_open_tcp_listeners_socket_fails_not_afnosupport: another socket error propagates as it is. */
    @Test
    void aSocketErrorOtherThanNoSuchFamilyPropagatesUnchanged() throws Exception {
        Trio.run(() -> {
            SocketException einval = new SocketException("nope: Invalid argument");
            class Fakes implements HostnameResolver, SocketFactory {
                @Override
                public List<InetAddress> getaddrinfo(String host, ProtocolFamily family) throws IOException {
                    return List.of(InetAddress.getByName("10.0.0.1"), InetAddress.getByName("::2"));
                }

                @Override
                public String getnameinfo(InetAddress address) {
                    throw new UnsupportedOperationException("not used");
                }

                @Override
                public TrioSocket socket(ProtocolFamily family, SocketKind kind) throws IOException {
                    if (family == StandardProtocolFamily.INET) {
                        throw new SocketException("nope: Address family not supported by protocol");
                    }
                    throw einval;
                }
            }
            Fakes fakes = new Fakes();
            Sockets.setCustomHostnameResolver(fakes);
            Sockets.setCustomSocketFactory(fakes);
            IOException e = assertThrows(IOException.class, () -> Net.openTcpListeners(80, "example.org"));
            assertSame(einval, e);
            assertEquals(0, e.getSuppressed().length);
        });
    }

    /** The sender's view after the peer closed: BrokenResourceError with the OS error as its cause. */
    @Test
    void brokenCarriesTheOsErrorAsItsCause() throws Exception {
        Trio.run(() -> {
            SocketStream[] pair = StreamTesting.tcpStreamPair();
            pair[1].close();
            BrokenResourceError broken = assertThrows(BrokenResourceError.class, () -> {
                for (int i = 0; i < 100_000; i++) {
                    pair[0].sendAll(new byte[1000]);
                }
            });
            assertInstanceOf(IOException.class, broken.getCause());
            pair[0].close();
        });
    }
}
