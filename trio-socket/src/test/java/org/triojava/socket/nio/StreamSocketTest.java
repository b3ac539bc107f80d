package org.triojava.socket.nio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.triojava.socket.nio.SocketTesting.assertBytes;
import static org.triojava.socket.nio.SocketTesting.assumeIpv6;
import static org.triojava.socket.nio.SocketTesting.listener;
import static org.triojava.socket.nio.SocketTesting.loopback;
import static org.triojava.socket.nio.SocketTesting.randomBytes;
import static org.triojava.socket.nio.SocketTesting.recvAll;
import static org.triojava.socket.nio.SocketTesting.recvExactly;
import static org.triojava.socket.nio.SocketTesting.run;
import static org.triojava.socket.nio.SocketTesting.tcpPair;

import java.io.IOException;
import java.net.BindException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.ProtocolFamily;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.triojava.Trio;
import org.triojava.socket.Accepted;
import org.triojava.socket.Datagram;
import org.triojava.socket.ReceivedFrom;
import org.triojava.socket.ShutdownHow;
import org.triojava.socket.SocketKind;
import org.triojava.socket.SocketPair;
import org.triojava.socket.Sockets;
import org.triojava.socket.TrioSocket;

/** TCP and Unix-domain stream sockets on real loopback: echo, half-close, reset, errors with addresses. */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class StreamSocketTest {

    enum Family {
        V4(StandardProtocolFamily.INET), V6(StandardProtocolFamily.INET6);

        final ProtocolFamily family;

        Family(ProtocolFamily family) {
            this.family = family;
        }
    }

    /** Trio's test_SocketType_simple_server: bind, listen, accept, connect and the addresses agree. */
    @ParameterizedTest
    @EnumSource(Family.class)
    void simpleServer(Family which) throws Exception {
        if (which == Family.V6) {
            assumeIpv6();
        }
        ProtocolFamily family = which.family;
        run(() -> {
            try (TrioSocket listener = Sockets.socket(family, SocketKind.STREAM);
                 TrioSocket client = Sockets.socket(family, SocketKind.STREAM)) {
                listener.bind(listener.resolveLocalAddress(loopback(family), 0));
                assertFalse(listener.isListening());
                listener.listen(20);
                assertTrue(listener.isListening());
                SocketAddress address = listener.getsockname();
                Accepted[] accepted = new Accepted[1];
                Trio.openNursery(nursery -> {
                    nursery.startSoon(() -> client.connect(address));
                    accepted[0] = listener.accept();
                });
                try (TrioSocket server = accepted[0].socket()) {
                    assertEquals(accepted[0].address(), server.getpeername());
                    assertEquals(server.getpeername(), client.getsockname());
                    assertEquals(client.getpeername(), address);
                    assertEquals(family, server.family());
                    assertEquals(SocketKind.STREAM, server.kind());
                    server.sendall(new byte[] {'x'});
                    assertArrayEquals(new byte[] {'x'}, client.recv(1));
                }
            }
        });
    }

    @ParameterizedTest
    @EnumSource(Family.class)
    void echoOfALargeMessageBothWays(Family which) throws Exception {
        if (which == Family.V6) {
            assumeIpv6();
        }
        byte[] message = randomBytes(3 * 1024 * 1024 + 17);
        run(() -> {
            try (SocketPair pair = tcpPair(which.family)) {
                Trio.openNursery(nursery -> {
                    nursery.startSoon(() -> {
                        // the echo side: send back whatever arrives, until end of stream
                        while (true) {
                            byte[] chunk = pair.b().recv(65536);
                            if (chunk.length == 0) {
                                pair.b().shutdown(ShutdownHow.WRITE);
                                return;
                            }
                            pair.b().sendall(chunk);
                        }
                    });
                    nursery.startSoon(() -> {
                        pair.a().sendall(message);
                        pair.a().shutdown(ShutdownHow.WRITE);
                    });
                    assertBytes(message, recvAll(pair.a()));
                });
            }
        });
    }

    /** Trio's test_SocketType_shutdown: half-close in each direction. */
    @Test
    void halfClose() throws Exception {
        run(() -> {
            try (SocketPair pair = tcpPair(StandardProtocolFamily.INET)) {
                TrioSocket a = pair.a();
                TrioSocket b = pair.b();
                a.sendall(new byte[] {'x'});
                assertArrayEquals(new byte[] {'x'}, b.recv(1));
                assertFalse(a.didShutdownWrite());
                assertFalse(b.didShutdownWrite());
                a.shutdown(ShutdownHow.WRITE);
                assertTrue(a.didShutdownWrite());
                assertFalse(b.didShutdownWrite());
                assertEquals(0, b.recv(1).length, "the peer sees end of stream");
                assertEquals(0, b.recv(1).length, "and keeps seeing it");
                b.sendall(new byte[] {'y'});
                assertArrayEquals(new byte[] {'y'}, a.recv(1), "the other direction still works");
                SocketException afterShutdown = assertThrows(SocketException.class, () -> a.sendall(new byte[] {'z'}));
                assertTrue(afterShutdown.getMessage().contains("shut down"), afterShutdown.getMessage());
            }
            try (SocketPair pair = Sockets.socketpair()) {
                pair.a().shutdown(ShutdownHow.READ);
                assertFalse(pair.a().didShutdownWrite());
                assertEquals(0, pair.a().recv(10).length, "nothing more is received after SHUT_RD");
            }
            try (SocketPair pair = Sockets.socketpair()) {
                pair.a().shutdown(ShutdownHow.BOTH);
                assertTrue(pair.a().didShutdownWrite());
                assertEquals(0, pair.b().recv(1).length);
            }
        });
    }

    @Test
    void aPeerResetIsAnIOExceptionNamingThePeer() throws Exception {
        run(() -> {
            try (SocketPair pair = tcpPair(StandardProtocolFamily.INET)) {
                SocketAddress peerOfB = pair.b().getpeername();
                // SO_LINGER 0 makes close() send RST instead of FIN
                pair.a().setsockopt(StandardSocketOptions.SO_LINGER, 0);
                pair.a().close();
                IOException reset = assertThrows(IOException.class, () -> pair.b().recv(100));
                assertTrue(reset.getMessage().contains("reset"), reset.getMessage());
                assertTrue(reset.getMessage().contains(Errors.describe(peerOfB)), reset.getMessage());
                assertInstanceOf(IOException.class, reset.getCause());
            }
        });
    }

    @Test
    void connectionRefusedNamesTheAddress() throws Exception {
        run(() -> {
            // a port that is bound but not listening refuses connections at once
            try (TrioSocket holder = Sockets.socket();
                 TrioSocket client = Sockets.socket()) {
                holder.bind(holder.resolveLocalAddress("127.0.0.1", 0));
                InetSocketAddress target = (InetSocketAddress) holder.getsockname();
                ConnectException refused = assertThrows(ConnectException.class, () -> client.connect(target));
                assertEquals("Error connecting to 127.0.0.1:" + target.getPort() + ": Connection refused",
                        refused.getMessage());
            }
        });
    }

    @Test
    void bindingAPortInUseIsABindExceptionNamingTheAddress() throws Exception {
        run(() -> {
            try (TrioSocket first = listener(StandardProtocolFamily.INET);
                 TrioSocket second = Sockets.socket()) {
                InetSocketAddress taken = (InetSocketAddress) first.getsockname();
                // SO_REUSEADDR is on, but the port has a listener
                BindException inUse = assertThrows(BindException.class, () -> second.bind(taken));
                assertTrue(inUse.getMessage().contains("127.0.0.1:" + taken.getPort()), inUse.getMessage());
                assertTrue(inUse.getMessage().contains("in use"), inUse.getMessage());
            }
        });
    }

    @Test
    void listenOnAnUnboundSocketPicksAnEphemeralPortAndKeepsTheBoundPortOtherwise() throws Exception {
        run(() -> {
            try (TrioSocket unbound = Sockets.socket()) {
                unbound.listen();
                InetSocketAddress local = (InetSocketAddress) unbound.getsockname();
                assertNotEquals(0, local.getPort());
                assertTrue(local.getAddress().isAnyLocalAddress());
                unbound.listen(); // again: no effect
                assertEquals(local, unbound.getsockname());
            }
            try (TrioSocket bound = Sockets.socket()) {
                bound.bind(bound.resolveLocalAddress("127.0.0.1", 0));
                SocketAddress before = bound.getsockname();
                bound.listen(5);
                assertEquals(before, bound.getsockname(), "listen keeps the address bind chose");
                try (TrioSocket client = Sockets.socket()) {
                    Trio.openNursery(nursery -> {
                        nursery.startSoon(() -> client.connect(before));
                        bound.accept().socket().close();
                    });
                }
            }
        });
    }

    @Test
    void misuseGivesClearStateErrors() throws Exception {
        run(() -> {
            try (TrioSocket socket = Sockets.socket()) {
                IllegalStateException notListening = assertThrows(IllegalStateException.class, socket::accept);
                assertTrue(notListening.getMessage().contains("listen()"), notListening.getMessage());
                IllegalStateException notConnected = assertThrows(IllegalStateException.class, () -> socket.recv(1));
                assertTrue(notConnected.getMessage().contains("not connected"), notConnected.getMessage());
                SocketException noPeer = assertThrows(SocketException.class, socket::getpeername);
                assertTrue(noPeer.getMessage().contains("not connected"), noPeer.getMessage());
                assertThrows(IllegalStateException.class,
                        () -> socket.sendto(new byte[1], socket.resolveRemoteAddress(null, 9)));
                InetSocketAddress unbound = (InetSocketAddress) socket.getsockname();
                assertTrue(unbound.getAddress().isAnyLocalAddress());
                assertEquals(0, unbound.getPort());
                socket.listen();
                IllegalStateException listening = assertThrows(IllegalStateException.class, () -> socket.recv(1));
                assertTrue(listening.getMessage().contains("accept()"), listening.getMessage());
                assertThrows(IllegalStateException.class,
                        () -> socket.connect(socket.resolveRemoteAddress(null, 9)));
                assertThrows(IllegalStateException.class,
                        () -> socket.bind(socket.resolveLocalAddress(null, 0)));
            }
            try (TrioSocket socket = Sockets.socket()) {
                socket.bind(socket.resolveLocalAddress("127.0.0.1", 0));
                IllegalStateException twice = assertThrows(IllegalStateException.class,
                        () -> socket.bind(socket.resolveLocalAddress("127.0.0.1", 0)));
                assertTrue(twice.getMessage().contains("already bound"), twice.getMessage());
                assertThrows(IllegalArgumentException.class, () -> socket.recv(-1));
            }
        });
    }

    @Test
    void recvVariants() throws Exception {
        run(() -> {
            try (SocketPair pair = tcpPair(StandardProtocolFamily.INET)) {
                pair.a().sendall("hello".getBytes());
                assertArrayEquals("hel".getBytes(), pair.b().recv(3));
                assertEquals(0, pair.b().recv(0).length, "recv(0) returns at once with nothing");
                ByteBuffer buffer = ByteBuffer.allocate(10);
                assertEquals(2, pair.b().recvInto(buffer));
                assertEquals(2, buffer.position());
                assertEquals(0, pair.b().recvInto(ByteBuffer.allocate(0)), "no room: nothing received");
                pair.a().sendall(ByteBuffer.wrap("world!".getBytes(), 1, 4));
                Datagram datagram = pair.b().recvfrom(100);
                assertArrayEquals("orld".getBytes(), datagram.data());
                assertEquals(pair.a().getsockname(), datagram.address(), "a stream reports its peer");
                pair.a().sendall(ByteBuffer.allocateDirect(3));
                ReceivedFrom into = pair.b().recvfromInto(ByteBuffer.allocateDirect(8));
                assertEquals(3, into.bytes());
                assertEquals(pair.a().getsockname(), into.address());
                pair.a().close();
                assertEquals(0, pair.b().recvInto(ByteBuffer.allocate(4)), "0 = end of stream");
            }
        });
    }

    @Test
    void sendallOfADirectBufferAdvancesItsPosition() throws Exception {
        run(() -> {
            try (SocketPair pair = Sockets.socketpair()) {
                ByteBuffer data = ByteBuffer.allocateDirect(100_000);
                for (int i = 0; i < data.capacity(); i++) {
                    data.put(i, (byte) i);
                }
                data.position(10);
                Trio.openNursery(nursery -> {
                    nursery.startSoon(() -> pair.a().sendall(data));
                    byte[] got = recvExactly(pair.b(), 99_990);
                    for (int i = 0; i < got.length; i++) {
                        assertEquals((byte) (i + 10), got[i]);
                    }
                });
                assertEquals(data.limit(), data.position());
            }
        });
    }

    /** A read-only heap buffer has no accessible array: it is sent as it is (found by the stream checkers). */
    @Test
    void sendallOfAReadOnlyBuffer() throws Exception {
        run(() -> {
            try (SocketPair pair = Sockets.socketpair()) {
                ByteBuffer data = ByteBuffer.wrap("0123456789".getBytes()).asReadOnlyBuffer();
                data.position(2).limit(7);
                pair.a().sendall(data);
                assertEquals(7, data.position());
                assertEquals("23456", new String(recvExactly(pair.b(), 5)));
                assertFalse(pair.a().isListening());
            }
        });
    }

    /** Trio's test_unix_domain_socket, with the path in a temporary directory. */
    @Test
    void unixDomainSockets(@TempDir Path directory) throws Exception {
        Path path = directory.resolve("sock");
        run(() -> {
            try (TrioSocket listener = Sockets.socket(StandardProtocolFamily.UNIX)) {
                SocketAddress address = listener.resolveLocalAddress(path.toString(), 0);
                assertEquals(UnixDomainSocketAddress.of(path), address);
                listener.bind(address);
                assertTrue(Files.exists(path));
                listener.listen(10);
                assertEquals(address, listener.getsockname(), "the listener took over the path");
                try (TrioSocket client = Sockets.socket(StandardProtocolFamily.UNIX)) {
                    client.connect(client.resolveRemoteAddress(path.toString(), 0));
                    Accepted accepted = listener.accept();
                    try (TrioSocket server = accepted.socket()) {
                        assertEquals(StandardProtocolFamily.UNIX, server.family());
                        client.sendall(new byte[] {'x'});
                        assertArrayEquals(new byte[] {'x'}, server.recv(1));
                        server.sendall(new byte[] {'y', 'z'});
                        assertArrayEquals(new byte[] {'y', 'z'}, recvExactly(client, 2));
                        client.shutdown(ShutdownHow.WRITE);
                        assertEquals(0, server.recv(1).length);
                    }
                }
                IllegalArgumentException withPort = assertThrows(IllegalArgumentException.class,
                        () -> listener.resolveRemoteAddress(path.toString(), 80));
                assertTrue(withPort.getMessage().contains("no port"), withPort.getMessage());
                assertThrows(IllegalArgumentException.class, () -> listener.resolveRemoteAddress(null, 0));
            }
        });
    }

    @Test
    void connectingToAMissingUnixPathNamesIt(@TempDir Path directory) throws Exception {
        Path path = directory.resolve("nobody-here");
        run(() -> {
            try (TrioSocket client = Sockets.socket(StandardProtocolFamily.UNIX)) {
                IOException missing = assertThrows(IOException.class,
                        () -> client.connect(UnixDomainSocketAddress.of(path)));
                assertTrue(missing.getMessage().contains(path.toString()), missing.getMessage());
            }
        });
    }

    @Test
    void optionsSetBeforeListenReachTheAcceptedSockets() throws Exception {
        run(() -> {
            try (TrioSocket listener = Sockets.socket()) {
                listener.setsockopt(StandardSocketOptions.SO_KEEPALIVE, true);
                listener.setsockopt(StandardSocketOptions.TCP_NODELAY, false);
                listener.bind(listener.resolveLocalAddress("127.0.0.1", 0));
                listener.listen();
                // a listener keeps options for its connections even where Java's listener has no such option
                listener.setsockopt(StandardSocketOptions.SO_SNDBUF, 32768);
                assertEquals(32768, listener.getsockopt(StandardSocketOptions.SO_SNDBUF));
                assertThrows(UnsupportedOperationException.class,
                        () -> listener.getsockopt(StandardSocketOptions.SO_LINGER));
                try (TrioSocket client = Sockets.socket()) {
                    Accepted[] accepted = new Accepted[1];
                    Trio.openNursery(nursery -> {
                        nursery.startSoon(() -> client.connect(listener.getsockname()));
                        accepted[0] = listener.accept();
                    });
                    try (TrioSocket server = accepted[0].socket()) {
                        assertTrue(server.getsockopt(StandardSocketOptions.SO_KEEPALIVE));
                        assertFalse(server.getsockopt(StandardSocketOptions.TCP_NODELAY));
                        assertTrue(server.getsockopt(StandardSocketOptions.SO_SNDBUF) >= 32768);
                    }
                }
            }
        });
    }

    @Test
    void manySimultaneousConnections() throws Exception {
        int connections = 200;
        run(() -> {
            try (TrioSocket listener = listener(StandardProtocolFamily.INET)) {
                SocketAddress address = listener.getsockname();
                Trio.openNursery(nursery -> {
                    nursery.startSoon(() -> {
                        for (int i = 0; i < connections; i++) {
                            TrioSocket server = listener.accept().socket();
                            nursery.startSoon(() -> {
                                try (server) {
                                    while (true) {
                                        byte[] chunk = server.recv(1024);
                                        if (chunk.length == 0) {
                                            return;
                                        }
                                        server.sendall(chunk);
                                    }
                                }
                            });
                        }
                    });
                    for (int i = 0; i < connections; i++) {
                        int id = i;
                        nursery.startSoon(() -> {
                            try (TrioSocket client = Sockets.socket()) {
                                client.connect(address);
                                for (int round = 0; round < 5; round++) {
                                    byte[] message = ("client " + id + " round " + round).getBytes();
                                    client.sendall(message);
                                    assertArrayEquals(message, recvExactly(client, message.length));
                                }
                            }
                        });
                    }
                });
            }
        });
    }
}
