package org.triojava.streams.jdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.triojava.Nursery;
import org.triojava.Trio;
import org.triojava.socket.SocketKind;
import org.triojava.socket.Sockets;
import org.triojava.socket.TrioSocket;
import org.triojava.stream.DtlsChannel;
import org.triojava.stream.DtlsEndpoint;
import org.triojava.stream.SslOptions;

/** DTLS over real UDP sockets on loopback: DtlsEndpoint and DtlsChannel on the JDK's SSLEngine. */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class DtlsTest {

    static TrioSocket udp() throws Exception {
        TrioSocket socket = Sockets.socket(StandardProtocolFamily.INET, SocketKind.DATAGRAM);
        socket.bind(new InetSocketAddress("127.0.0.1", 0));
        return socket;
    }

    static SslOptions serverOptions() throws Exception {
        return SslOptions.server(TestPki.shared().serverContext("DTLS"));
    }

    static SslOptions clientOptions() throws Exception {
        return SslOptions.client(TestPki.HOST).withContext(TestPki.shared().clientContext("DTLS"));
    }

    /**
     * Starts an echo server on {@code endpoint} in {@code nursery}; returns its address. An
     * association that breaks (a failed handshake, a peer starting over) or is closed just ends.
     */
    static SocketAddress echoServer(Nursery nursery, DtlsEndpoint endpoint) throws Exception {
        nursery.start(status -> endpoint.serve(serverOptions(), channel -> {
            try {
                for (byte[] datagram : channel) {
                    channel.send(datagram);
                }
            } catch (org.triojava.BrokenResourceError | org.triojava.ClosedResourceError e) {
                // as a robust server does: this association is over, the others go on
            }
        }, status));
        return endpoint.socket().getsockname();
    }

    static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aClientHandshakesAndEchoesDatagrams() throws Exception {
        Trio.run(() -> {
            try (DtlsEndpoint server = DtlsEndpoint.of(udp()); DtlsEndpoint client = DtlsEndpoint.of(udp())) {
                Trio.openNursery(nursery -> {
                    SocketAddress address = echoServer(nursery, server);
                    DtlsChannel channel = client.connect(address, clientOptions());
                    channel.doHandshake();
                    for (String message : new String[] {"hello", "over", "DTLS"}) {
                        channel.send(bytes(message));
                        assertEquals(message, text(channel.receive()));
                    }
                    assertEquals(address, channel.peerAddress());
                    assertTrue(channel.cleartextMtu() > 1000 && channel.cleartextMtu() < 1472, () -> "" + channel.cleartextMtu());
                    nursery.cancelScope().cancel();
                });
            }
        });
    }

    @Test
    void sendingEmptyOrOversizedDatagramsIsRefused() throws Exception {
        Trio.run(() -> {
            try (DtlsEndpoint server = DtlsEndpoint.of(udp()); DtlsEndpoint client = DtlsEndpoint.of(udp())) {
                Trio.openNursery(nursery -> {
                    DtlsChannel channel = client.connect(echoServer(nursery, server), clientOptions());
                    assertThrows(IllegalArgumentException.class, () -> channel.send(new byte[0]));
                    channel.doHandshake();
                    byte[] biggest = new byte[channel.cleartextMtu()];
                    channel.send(biggest);
                    assertEquals(biggest.length, channel.receive().length);
                    assertThrows(IllegalArgumentException.class, () -> channel.send(new byte[biggest.length + 1]));
                    nursery.cancelScope().cancel();
                });
            }
        });
    }

    @Test
    void aClientVerifiesTheServerByDefault() throws Exception {
        Trio.run(() -> {
            try (DtlsEndpoint server = DtlsEndpoint.of(udp()); DtlsEndpoint client = DtlsEndpoint.of(udp())) {
                Trio.openNursery(nursery -> {
                    SocketAddress address = echoServer(nursery, server);
                    // the JDK's default trust store does not know the test CA
                    DtlsChannel untrusting = client.connect(address, SslOptions.client(TestPki.HOST));
                    org.triojava.BrokenResourceError failed = assertThrows(org.triojava.BrokenResourceError.class,
                            untrusting::doHandshake);
                    assertTrue(failed.getCause() instanceof javax.net.ssl.SSLHandshakeException, failed::toString);
                    // the association stays broken: a failed handshake is not tried again
                    assertThrows(org.triojava.BrokenResourceError.class, untrusting::doHandshake);
                    assertThrows(org.triojava.BrokenResourceError.class, () -> untrusting.send(bytes("x")));
                    // a wrong host name fails too, with a context that trusts the CA
                    DtlsChannel wrongName = client.connect(address, SslOptions.client("other.example.org")
                            .withContext(TestPki.shared().clientContext("DTLS")));
                    assertThrows(org.triojava.BrokenResourceError.class, wrongName::doHandshake);
                    nursery.cancelScope().cancel();
                });
            }
        });
    }

    @Test
    void tlsContextsAndWrongSidesAreRefusedNamingTheMistake() throws Exception {
        Trio.run(() -> {
            try (DtlsEndpoint endpoint = DtlsEndpoint.of(udp())) {
                SocketAddress somewhere = new InetSocketAddress("127.0.0.1", 9);
                IllegalArgumentException tls = assertThrows(IllegalArgumentException.class, () -> endpoint.connect(
                        somewhere, SslOptions.client(TestPki.HOST).withContext(TestPki.shared().clientContext())));
                assertTrue(tls.getMessage().contains("DTLS"), tls::getMessage);
                assertThrows(IllegalArgumentException.class, () -> endpoint.connect(somewhere, serverOptions()));
                assertThrows(IllegalArgumentException.class, () -> endpoint.serve(clientOptions(), channel -> { },
                        org.triojava.TaskStatus.ignored()));
                assertThrows(IllegalArgumentException.class, () -> endpoint.serve(
                        SslOptions.server(TestPki.shared().serverContext()), channel -> { },
                        org.triojava.TaskStatus.ignored()));
            }
            TrioSocket tcp = Sockets.socket(StandardProtocolFamily.INET, SocketKind.STREAM);
            try (tcp) {
                assertThrows(IllegalArgumentException.class, () -> DtlsEndpoint.of(tcp));
            }
            assertThrows(IllegalArgumentException.class, () -> DtlsEndpoint.of(udp(), 0));
        });
    }

    @Test
    void manyClientsOnOneServerEndpoint() throws Exception {
        Trio.run(() -> {
            try (DtlsEndpoint server = DtlsEndpoint.of(udp())) {
                Trio.openNursery(nursery -> {
                    SocketAddress address = echoServer(nursery, server);
                    Trio.openNursery(clients -> {
                        for (int i = 0; i < 20; i++) {
                            int n = i;
                            clients.startSoon(() -> {
                                try (DtlsEndpoint client = DtlsEndpoint.of(udp())) {
                                    DtlsChannel channel = client.connect(address, clientOptions());
                                    for (int k = 0; k < 3; k++) {
                                        channel.send(bytes("client " + n + " message " + k));
                                        assertEquals("client " + n + " message " + k, text(channel.receive()));
                                    }
                                }
                            });
                        }
                    });
                    assertEquals(20, server.statistics().associations());
                    nursery.cancelScope().cancel();
                });
            }
        });
    }

    @Test
    void garbageAndTruncatedPacketsAreIgnoredAndCounted() throws Exception {
        Trio.run(() -> {
            try (DtlsEndpoint server = DtlsEndpoint.of(udp()); DtlsEndpoint client = DtlsEndpoint.of(udp());
                 TrioSocket attacker = udp()) {
                Trio.openNursery(nursery -> {
                    SocketAddress address = echoServer(nursery, server);
                    java.util.Random random = new java.util.Random(3);
                    for (int i = 0; i < 20; i++) {
                        byte[] junk = new byte[1 + random.nextInt(300)];
                        random.nextBytes(junk);
                        attacker.sendto(junk, address);
                    }
                    // the start of a real ClientHello, cut short
                    byte[] hello = {22, (byte) 0xfe, (byte) 0xfd, 0, 0, 0, 0, 0, 0, 0, 0, 0, 40,
                        1, 0, 0, 40, 0, 0, 0, 0, 0, 0, 0, 40, (byte) 0xfe, (byte) 0xfd};
                    attacker.sendto(hello, address);
                    DtlsChannel channel = client.connect(address, clientOptions());
                    channel.send(bytes("still serving"));
                    assertEquals("still serving", text(channel.receive()));
                    assertEquals(21, server.statistics().packetsIgnored());
                    assertEquals(1, server.statistics().helloVerifyRequestsSent()); // the real client's first hello
                    nursery.cancelScope().cancel();
                });
            }
        });
    }

    @Test
    void aPeerThatStartsOverReplacesItsOldAssociation() throws Exception {
        Trio.run(() -> {
            try (DtlsEndpoint server = DtlsEndpoint.of(udp())) {
                Trio.openNursery(nursery -> {
                    java.util.List<Throwable> oldHandler = new java.util.ArrayList<>();
                    org.triojava.sync.Event firstReady = new org.triojava.sync.Event();
                    nursery.start(status -> server.serve(serverOptions(), channel -> {
                        if (!firstReady.isSet()) {
                            firstReady.set();
                            try {
                                for (byte[] datagram : channel) {
                                    channel.send(datagram);
                                }
                            } catch (org.triojava.BrokenResourceError e) {
                                oldHandler.add(e);
                            }
                        } else {
                            for (byte[] datagram : channel) {
                                channel.send(datagram);
                            }
                        }
                    }, status));
                    SocketAddress address = server.socket().getsockname();
                    TrioSocket first = udp();
                    SocketAddress clientAddress = first.getsockname();
                    DtlsEndpoint client = DtlsEndpoint.of(first);
                    DtlsChannel channel = client.connect(address, clientOptions());
                    channel.send(bytes("one"));
                    assertEquals("one", text(channel.receive()));
                    client.close();
                    // the "restarted" peer: a new socket on the same address
                    TrioSocket again = Sockets.socket(StandardProtocolFamily.INET, SocketKind.DATAGRAM);
                    again.bind(clientAddress);
                    try (DtlsEndpoint restarted = DtlsEndpoint.of(again)) {
                        DtlsChannel fresh = restarted.connect(address, clientOptions());
                        fresh.send(bytes("two"));
                        assertEquals("two", text(fresh.receive()));
                    }
                    org.triojava.testing.Testing.waitAllTasksBlocked();
                    assertEquals(1, oldHandler.size());
                    assertTrue(oldHandler.get(0).getMessage().contains("start a new one"), oldHandler.get(0)::getMessage);
                    nursery.cancelScope().cancel();
                });
            }
        });
    }

    @Test
    void aFullBufferDropsAndCountsAndACancelledReceiveLosesNothing() throws Exception {
        Trio.run(() -> {
            try (DtlsEndpoint server = DtlsEndpoint.of(udp(), 5); DtlsEndpoint client = DtlsEndpoint.of(udp())) {
                Trio.openNursery(nursery -> {
                    org.triojava.channel.MemoryChannel<DtlsChannel> handed = org.triojava.channel.MemoryChannel.open(1);
                    nursery.start(status -> server.serve(serverOptions(), channel -> {
                        channel.doHandshake();
                        handed.sendChannel().send(channel);
                        Trio.sleepForever();
                    }, status));
                    DtlsChannel channel = client.connect(server.socket().getsockname(), clientOptions());
                    channel.doHandshake();
                    DtlsChannel serverSide = handed.receiveChannel().receive();
                    for (int i = 0; i < 12; i++) {
                        channel.send(bytes("d" + i));
                    }
                    org.triojava.testing.Testing.waitAllTasksBlocked();
                    assertEquals(7, serverSide.statistics().incomingPacketsDropped());
                    org.triojava.CancelScope cancelled = new org.triojava.CancelScope();
                    cancelled.cancel();
                    cancelled.run(serverSide::receive);
                    assertEquals("d0", text(serverSide.receive()));
                    assertEquals("d1", text(serverSide.receive()));
                    nursery.cancelScope().cancel();
                });
            }
        });
    }

    @Test
    void closingAChannelWakesItsReceiverAndClosingTheEndpointClosesEverything() throws Exception {
        Trio.run(() -> {
            DtlsEndpoint server = DtlsEndpoint.of(udp());
            DtlsEndpoint client = DtlsEndpoint.of(udp());
            Trio.openNursery(nursery -> {
                SocketAddress address = echoServer(nursery, server);
                DtlsChannel channel = client.connect(address, clientOptions());
                channel.doHandshake();
                java.util.List<Throwable> woken = new java.util.ArrayList<>();
                Trio.openNursery(waiters -> {
                    waiters.startSoon(() -> woken.add(assertThrows(org.triojava.ClosedResourceError.class, channel::receive)));
                    org.triojava.testing.Testing.waitAllTasksBlocked();
                    channel.close();
                });
                assertEquals(1, woken.size());
                assertThrows(org.triojava.ClosedResourceError.class, () -> channel.send(bytes("x")));
                DtlsChannel other = client.connect(address, clientOptions());
                client.close();
                assertThrows(org.triojava.ClosedResourceError.class, other::receive);
                assertThrows(org.triojava.ClosedResourceError.class, () -> client.connect(address, clientOptions()));
                assertTrue(client.socket().isClosed());
                server.close();
                nursery.cancelScope().cancel();
            });
        });
    }
}
