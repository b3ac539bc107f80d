package org.triojava.socket.nio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.triojava.socket.nio.SocketTesting.assumeIpv6;
import static org.triojava.socket.nio.SocketTesting.recvExactly;
import static org.triojava.socket.nio.SocketTesting.run;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProtocolFamily;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousSocketChannel;
import java.nio.channels.DatagramChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.triojava.CancelScope;
import org.triojava.ClosedResourceError;
import org.triojava.Trio;
import org.triojava.abc.SocketFactory;
import org.triojava.lowlevel.Lowlevel;
import org.triojava.socket.Accepted;
import org.triojava.socket.SocketKind;
import org.triojava.socket.SocketPair;
import org.triojava.socket.Sockets;
import org.triojava.socket.TrioSocket;
import org.triojava.spi.SocketProvider;
import org.triojava.testing.Testing;

/** The factories (socket, socketpair, from, custom factory) and the modern defaults, read back with getsockopt. */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class FactoryAndDefaultsTest {

    @Test
    void theBackendIsFoundByServiceLoader() {
        List<String> names = new ArrayList<>();
        getClass().getModule().addUses(SocketProvider.class);
        java.util.ServiceLoader.load(SocketProvider.class).forEach(p -> names.add(p.name()));
        assertEquals(List.of("nio"), names);
    }

    @Test
    void socketDefaultsToIpv4Stream() throws Exception {
        run(() -> {
            try (TrioSocket socket = Sockets.socket()) {
                assertEquals(StandardProtocolFamily.INET, socket.family());
                assertEquals(SocketKind.STREAM, socket.kind());
                assertTrue(socket.toString().startsWith("TrioSocket[INET STREAM"), socket::toString);
            }
        });
    }

    @Test
    void newStreamSocketsHaveTheModernDefaults() throws Exception {
        run(() -> {
            List<ProtocolFamily> families = new ArrayList<>(List.of(StandardProtocolFamily.INET));
            try (java.nio.channels.DatagramChannel probe = DatagramChannel.open(StandardProtocolFamily.INET6)) {
                families.add(StandardProtocolFamily.INET6);
            } catch (UnsupportedOperationException | java.io.IOException e) {
                // no IPv6 here
            }
            for (ProtocolFamily family : families) {
                try (TrioSocket socket = Sockets.socket(family, SocketKind.STREAM)) {
                    assertTrue(socket.getsockopt(StandardSocketOptions.TCP_NODELAY), "TCP_NODELAY on " + family);
                    assertTrue(socket.getsockopt(StandardSocketOptions.SO_REUSEADDR), "SO_REUSEADDR on " + family);
                    socket.setsockopt(StandardSocketOptions.TCP_NODELAY, false);
                    assertFalse(socket.getsockopt(StandardSocketOptions.TCP_NODELAY));
                    socket.setsockopt(StandardSocketOptions.TCP_NODELAY, true);
                    assertTrue(socket.getsockopt(StandardSocketOptions.TCP_NODELAY));
                }
            }
            try (TrioSocket listener = SocketTesting.listener(StandardProtocolFamily.INET)) {
                assertTrue(listener.getsockopt(StandardSocketOptions.SO_REUSEADDR), "the listener keeps SO_REUSEADDR");
                try (TrioSocket client = Sockets.socket()) {
                    Accepted[] accepted = new Accepted[1];
                    Trio.openNursery(nursery -> {
                        nursery.startSoon(() -> client.connect(listener.getsockname()));
                        accepted[0] = listener.accept();
                    });
                    try (TrioSocket server = accepted[0].socket()) {
                        assertTrue(server.getsockopt(StandardSocketOptions.TCP_NODELAY), "accepted sockets too");
                    }
                }
            }
            try (SocketPair pair = Sockets.socketpair(StandardProtocolFamily.INET, SocketKind.STREAM)) {
                assertTrue(pair.a().getsockopt(StandardSocketOptions.TCP_NODELAY));
                assertTrue(pair.b().getsockopt(StandardSocketOptions.TCP_NODELAY));
            }
            try (TrioSocket listener = Sockets.socket()) {
                listener.setsockopt(StandardSocketOptions.SO_REUSEADDR, false);
                listener.listen();
                assertFalse(listener.getsockopt(StandardSocketOptions.SO_REUSEADDR), "a choice survives listen()");
            }
            try (TrioSocket unix = Sockets.socket(StandardProtocolFamily.UNIX)) {
                UnsupportedOperationException noNagle = assertThrows(UnsupportedOperationException.class,
                        () -> unix.getsockopt(StandardSocketOptions.TCP_NODELAY));
                assertTrue(noNagle.getMessage().contains("TCP_NODELAY"), noNagle.getMessage());
                assertTrue(unix.supportedOptions().contains(StandardSocketOptions.SO_SNDBUF));
            }
        });
    }

    /** Java's IPv6 sockets are dual-stack (IPV6_V6ONLY off): an IPv6 wildcard listener takes IPv4 clients. */
    @Test
    void ipv6SocketsAreDualStack() throws Exception {
        assumeIpv6();
        run(() -> {
            try (TrioSocket listener = Sockets.socket(StandardProtocolFamily.INET6)) {
                listener.bind(listener.resolveLocalAddress(null, 0));
                listener.listen();
                int port = ((InetSocketAddress) listener.getsockname()).getPort();
                try (TrioSocket v4 = Sockets.socket(StandardProtocolFamily.INET);
                     TrioSocket v6 = Sockets.socket(StandardProtocolFamily.INET6)) {
                    v4.connect(v4.resolveRemoteAddress("127.0.0.1", port));
                    try (TrioSocket server = listener.accept().socket()) {
                        assertEquals(InetAddress.getByName("127.0.0.1"),
                                ((InetSocketAddress) server.getpeername()).getAddress());
                    }
                    v6.connect(v6.resolveRemoteAddress("::1", port));
                    listener.accept().socket().close();
                }
            }
        });
    }

    @Test
    void factoriesWorkOutsideARunButOperationsNeedOne() throws Exception {
        try (TrioSocket socket = Sockets.socket();
             SocketPair pair = Sockets.socketpair()) {
            assertEquals(StandardProtocolFamily.UNIX, pair.a().family(), "socketpair() prefers Unix-domain");
            assertTrue(socket.getsockopt(StandardSocketOptions.TCP_NODELAY));
            IllegalStateException outside = assertThrows(IllegalStateException.class, () -> pair.a().recv(1));
            assertTrue(outside.getMessage().contains("Trio.run"), outside.getMessage());
        }
    }

    @Test
    void argumentsAreChecked() {
        NullPointerException family = assertThrows(NullPointerException.class,
                () -> Sockets.socket(null, SocketKind.STREAM));
        assertTrue(family.getMessage().contains("family"), family.getMessage());
        assertThrows(NullPointerException.class, () -> Sockets.socket(StandardProtocolFamily.INET, null));
        assertThrows(NullPointerException.class, () -> Sockets.from(null));
        ProtocolFamily other = () -> "APPLETALK";
        IllegalArgumentException unsupported = assertThrows(IllegalArgumentException.class,
                () -> Sockets.socket(other, SocketKind.STREAM));
        assertTrue(unsupported.getMessage().contains("APPLETALK"), unsupported.getMessage());
        UnsupportedOperationException unixDatagram = assertThrows(UnsupportedOperationException.class,
                () -> Sockets.socket(StandardProtocolFamily.UNIX, SocketKind.DATAGRAM));
        assertTrue(unixDatagram.getMessage().contains("Unix-domain datagram"), unixDatagram.getMessage());
    }

    @Test
    void socketpairsOfEveryKindTalk() throws Exception {
        run(() -> {
            List<SocketPair> pairs = new ArrayList<>();
            pairs.add(Sockets.socketpair());
            pairs.add(Sockets.socketpair(StandardProtocolFamily.UNIX, SocketKind.STREAM));
            pairs.add(Sockets.socketpair(StandardProtocolFamily.INET, SocketKind.STREAM));
            pairs.add(Sockets.socketpair(StandardProtocolFamily.INET, SocketKind.DATAGRAM));
            for (SocketPair pair : pairs) {
                try (pair) {
                    Trio.openNursery(nursery -> {
                        // Trio's test_socketpair_simple: each side sends, then receives
                        for (TrioSocket side : List.of(pair.a(), pair.b())) {
                            nursery.startSoon(() -> {
                                side.sendall(new byte[] {'h'});
                                assertArrayEquals(new byte[] {'h'}, side.recv(1));
                            });
                        }
                    });
                }
                assertTrue(pair.a().isClosed() && pair.b().isClosed(), "closing the pair closes both");
            }
        });
    }

    /** Trio's test_from_stdlib_socket: Java channels become Trio sockets, options untouched. */
    @Test
    void fromWrapsJavaChannels() throws Exception {
        run(() -> {
            try (ServerSocketChannel server = ServerSocketChannel.open()) {
                server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
                TrioSocket listener = Sockets.from(server);
                assertFalse(server.isBlocking(), "the channel is now non-blocking");
                SocketChannel plain = SocketChannel.open(StandardProtocolFamily.INET);
                plain.setOption(StandardSocketOptions.TCP_NODELAY, false);
                TrioSocket client = Sockets.from(plain, StandardProtocolFamily.INET);
                assertFalse(client.getsockopt(StandardSocketOptions.TCP_NODELAY), "from() keeps the options");
                client.connect(server.getLocalAddress());
                try (TrioSocket accepted = listener.accept().socket()) {
                    client.sendall(new byte[] {'x'});
                    assertArrayEquals(new byte[] {'x'}, accepted.recv(1));
                }
                client.close();
                assertFalse(plain.isOpen(), "closing the Trio socket closes the channel");
                listener.close();
            }
            // an unbound ServerSocketChannel: bind() also listens (Java cannot separate them). Java
            // cannot tell an unbound IPv4 channel from a dual-stack one, so the family is given.
            TrioSocket unboundServer = Sockets.from(ServerSocketChannel.open(StandardProtocolFamily.INET),
                    StandardProtocolFamily.INET);
            unboundServer.bind(unboundServer.resolveLocalAddress("127.0.0.1", 0));
            try (TrioSocket client = Sockets.socket()) {
                client.connect(unboundServer.getsockname());
                unboundServer.accept().socket().close();
            }
            unboundServer.close();
            DatagramChannel datagramChannel = DatagramChannel.open(StandardProtocolFamily.INET);
            datagramChannel.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            try (TrioSocket datagram = Sockets.from(datagramChannel)) {
                assertEquals(SocketKind.DATAGRAM, datagram.kind());
                assertEquals(StandardProtocolFamily.INET, datagram.family());
                datagram.sendto(new byte[] {5}, datagram.getsockname());
                assertArrayEquals(new byte[] {5}, datagram.recv(1));
            }
            // the family of an unbound Unix-domain channel is recognized
            try (TrioSocket unix = Sockets.from(SocketChannel.open(StandardProtocolFamily.UNIX))) {
                assertEquals(StandardProtocolFamily.UNIX, unix.family());
            }
            SocketChannel unixChannel = SocketChannel.open(StandardProtocolFamily.UNIX);
            assertThrows(IllegalArgumentException.class, () -> Sockets.from(unixChannel, StandardProtocolFamily.INET));
            unixChannel.close();
            assertThrows(ClosedResourceError.class, () -> Sockets.from(unixChannel));
            try (AsynchronousSocketChannel async = AsynchronousSocketChannel.open()) {
                IllegalArgumentException other = assertThrows(IllegalArgumentException.class, () -> Sockets.from(async));
                assertTrue(other.getMessage().contains("SocketChannel"), other.getMessage());
            }
        });
    }

    /** Trio's test_custom_socket_factory. */
    @Test
    void aCustomFactoryMakesTheSocketsOfSocketButNotOfSocketpair() throws Exception {
        run(() -> {
            List<String> calls = new ArrayList<>();
            SocketFactory factory = (family, kind) -> {
                calls.add(family + " " + kind);
                return Sockets.from(SocketChannel.open(StandardProtocolFamily.INET), StandardProtocolFamily.INET);
            };
            assertNull(Sockets.setCustomSocketFactory(factory));
            try (TrioSocket made = Sockets.socket(StandardProtocolFamily.INET6, SocketKind.DATAGRAM)) {
                assertEquals(SocketKind.STREAM, made.kind(), "whatever the factory made");
            }
            try (SocketPair pair = Sockets.socketpair()) {
                assertEquals(StandardProtocolFamily.UNIX, pair.a().family());
            }
            assertEquals(List.of("INET6 DATAGRAM"), calls);
            assertSame(factory, Sockets.setCustomSocketFactory(null));
            try (TrioSocket normal = Sockets.socket()) {
                assertEquals(1, calls.size());
                assertEquals(StandardProtocolFamily.INET, normal.family());
            }
            Sockets.setCustomSocketFactory((family, kind) -> null);
            assertThrows(IllegalStateException.class, Sockets::socket);
        });
    }

    /** Trio's test_SocketType_is_readable. */
    @Test
    void isReadable() throws Exception {
        run(() -> {
            try (SocketPair pair = Sockets.socketpair()) {
                TrioSocket a = pair.a();
                assertFalse(a.isReadable());
                Testing.assertNoCheckpoints(a::isReadable);
                pair.b().sendall(new byte[] {'x'});
                assertTrue(a.isReadable());
                assertArrayEquals(new byte[] {'x'}, a.recv(1));
                assertFalse(a.isReadable());
                pair.b().shutdown(org.triojava.socket.ShutdownHow.WRITE);
                assertTrue(a.isReadable(), "end of stream counts as readable");
            }
            try (TrioSocket listener = SocketTesting.listener(StandardProtocolFamily.INET);
                 TrioSocket client = Sockets.socket()) {
                assertFalse(listener.isReadable());
                client.connect(listener.getsockname());
                listener.accept().socket().close();
            }
        });
    }

    @Test
    void waitWritable() throws Exception {
        run(() -> {
            try (SocketPair pair = Sockets.socketpair()) {
                Testing.assertCheckpoints(pair.a()::waitWritable);
                SocketTesting.fill(pair.a());
                boolean[] woke = {false};
                Trio.openNursery(nursery -> {
                    nursery.startSoon(() -> {
                        pair.a().waitWritable();
                        woke[0] = true;
                    });
                    Testing.waitAllTasksBlocked();
                    assertFalse(woke[0], "a full socket is not writable");
                    // drain the peer until the writer is woken
                    ByteBuffer sink = ByteBuffer.allocate(1 << 16);
                    while (!woke[0]) {
                        pair.b().recvInto(sink.clear());
                        Trio.checkpoint();
                    }
                });
                CancelScope scope = new CancelScope();
                SocketTesting.fill(pair.a());
                Trio.openNursery(nursery -> {
                    nursery.startSoon(() -> scope.run(pair.a()::waitWritable));
                    Testing.waitAllTasksBlocked();
                    scope.cancel();
                });
                assertTrue(scope.cancelledCaught());
            }
        });
    }

    /** Trio's test_many_sockets: hundreds of tasks waiting at once, all cancelled. */
    @Test
    void manyWaitingSockets() throws Exception {
        run(() -> {
            List<SocketPair> pairs = new ArrayList<>();
            try {
                for (int i = 0; i < 300; i++) {
                    pairs.add(Sockets.socketpair());
                }
                Trio.openNursery(nursery -> {
                    for (SocketPair pair : pairs) {
                        nursery.startSoon(() -> pair.a().recv(1));
                        nursery.startSoon(() -> pair.b().recv(1));
                    }
                    Testing.waitAllTasksBlocked();
                    assertEquals(600, Lowlevel.currentStatistics().ioWaiters());
                    nursery.cancelScope().cancel();
                });
            } finally {
                pairs.forEach(SocketPair::close);
            }
        });
    }

    @Test
    void sendAndRecvAcrossAUnixPairInChunks() throws Exception {
        run(() -> {
            try (SocketPair pair = Sockets.socketpair()) {
                byte[] data = SocketTesting.randomBytes(1 << 20);
                Trio.openNursery(nursery -> {
                    nursery.startSoon(() -> pair.a().sendall(data));
                    SocketTesting.assertBytes(data, recvExactly(pair.b(), data.length));
                });
            }
        });
    }

    @Test
    void accessorsAndRecords() throws Exception {
        run(() -> {
            try (SocketPair pair = Sockets.socketpair(StandardProtocolFamily.INET, SocketKind.STREAM)) {
                assertInstanceOf(InetSocketAddress.class, pair.a().getsockname());
                assertEquals(pair.a().getsockname(), pair.b().getpeername());
                assertThrows(NullPointerException.class, () -> new SocketPair(pair.a(), null));
                assertThrows(NullPointerException.class, () -> new Accepted(null, pair.a().getsockname()));
                assertThrows(NullPointerException.class, () -> pair.a().setsockopt(null, 1));
            }
        });
    }
}
