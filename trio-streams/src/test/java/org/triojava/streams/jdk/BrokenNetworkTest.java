package org.triojava.streams.jdk;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProtocolFamily;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.triojava.CancelScope;
import org.triojava.Trio;
import org.triojava.abc.HostnameResolver;
import org.triojava.socket.Sockets;
import org.triojava.stream.Net;
import org.triojava.stream.ServeOptions;
import org.triojava.stream.SocketListener;
import org.triojava.stream.SocketStream;
import org.triojava.stream.SslStream;
import org.triojava.stream.StreamHandler;
import org.triojava.sync.Event;
import org.triojava.thread.ToThread;

/**
 * Streams over a real network that breaks: a host of the test's own in a network namespace
 * ({@link NetworkLab}), a link that drops packets at random, drops all of them, or runs at
 * 1 Mbit/s. Skipped, with the reason, where namespaces cannot be made (not root, not Linux, no
 * nftables); CI runs them as root.
 */
@Timeout(value = 300, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class BrokenNetworkTest {
    @BeforeAll
    static void needsTheLab() {
        String why = NetworkLab.unavailable();
        Assumptions.assumeTrue(why == null, () -> "no network lab here: " + why);
    }

    private static int port(List<SocketListener> listeners) throws Exception {
        return ((InetSocketAddress) listeners.get(0).socket().getsockname()).getPort();
    }

    private static byte[] random(int size) {
        byte[] data = new byte[size];
        new Random(size).nextBytes(data);
        return data;
    }

    /** Echoes every byte, then passes the end of the stream on. */
    private static final StreamHandler<SocketStream> ECHO = stream -> {
        for (byte[] chunk : stream) {
            stream.sendAll(chunk);
        }
        stream.sendEof();
    };

    @Test
    void tcpDeliversEveryByteIntactAtFivePercentLossOnAOneMegabitLink() throws Exception {
        byte[] data = random(128 * 1024);
        try (NetworkLab lab = new NetworkLab()) {
            Trio.run(() -> Trio.openNursery(nursery -> {
                int relayPort = serveThroughBadLink(lab, nursery, ECHO);
                long start = System.nanoTime();
                byte[] echoed = Trio.failAfter(180, () -> {
                    try (SocketStream client = Net.openTcpStream(lab.relayAddress(), relayPort)) {
                        return exchange(client, data);
                    }
                });
                report("TCP, 5% loss each way, 1 Mbit/s", data.length, start);
                assertArrayEquals(data, echoed);
                nursery.cancelScope().cancel();
            }));
        }
    }

    @Test
    void tlsDeliversEveryByteIntactAtFivePercentLossOnAOneMegabitLink() throws Exception {
        byte[] data = random(64 * 1024);
        try (NetworkLab lab = new NetworkLab()) {
            Trio.run(() -> Trio.openNursery(nursery -> {
                int relayPort = serveThroughBadLink(lab, nursery, transport -> {
                    try (SslStream tls = SslStream.wrap(transport, TlsTesting.serverOptions())) {
                        for (byte[] chunk : tls) {
                            tls.sendAll(chunk);
                        }
                    }
                });
                long start = System.nanoTime();
                byte[] echoed = Trio.failAfter(180, () -> {
                    try (SslStream client = SslStream.wrap(Net.openTcpStream(lab.relayAddress(), relayPort),
                            TlsTesting.clientOptions())) {
                        ByteArrayOutputStream received = new ByteArrayOutputStream();
                        Trio.openNursery(both -> {
                            both.startSoon(() -> sendInChunks(client, data));
                            while (received.size() < data.length) {
                                received.writeBytes(client.receiveSome());
                            }
                        });
                        return received.toByteArray();
                    }
                });
                report("TLS, 5% loss each way, 1 Mbit/s", data.length, start);
                assertArrayEquals(data, echoed);
                nursery.cancelScope().cancel();
            }));
        }
    }

    @Test
    void serveTcpOutlivesAPeerThatVanishesAndItsDeadlinesEndTheHandler() throws Exception {
        List<String> log = Collections.synchronizedList(new ArrayList<>());
        try (NetworkLab lab = new NetworkLab()) {
            Trio.run(() -> Trio.openNursery(nursery -> {
                Event handlerGaveUp = new Event();
                List<SocketListener> server = nursery.start(status -> Net.serveTcp(stream -> {
                    while (true) {
                        byte[][] chunk = new byte[1][];
                        CancelScope waited = Trio.moveOnAfter(2, () -> chunk[0] = stream.receiveSome());
                        if (waited.cancelledCaught()) {
                            log.add("handler gave up on a silent peer");
                            handlerGaveUp.set();
                            return;
                        }
                        if (chunk[0].length == 0) {
                            return;
                        }
                        stream.sendAll(chunk[0]);
                    }
                }, 0, ServeOptions.defaults().withHost(lab.hostAddress()), status));
                int relayPort = ToThread.runSync(() -> lab.startRelay(port(server)));
                try (SocketStream first = Net.openTcpStream(lab.relayAddress(), relayPort)) {
                    first.sendAll(TlsTesting.bytes("hello"));
                    assertEquals("hello", TlsTesting.string(first.receiveSome()));
                    ToThread.runSync(() -> {
                        lab.dropAll();
                        return null;
                    });
                    CancelScope clientWait = Trio.moveOnAfter(3, () -> {
                        first.sendAll(TlsTesting.bytes("anyone?"));
                        first.receiveSome();
                    });
                    assertTrue(clientWait.cancelledCaught(), "nothing can come back over a dead link");
                    Trio.failAfter(30, handlerGaveUp::await);
                }
                ToThread.runSync(() -> {
                    lab.loss(0);
                    return null;
                });
                try (SocketStream second = Trio.failAfter(30, () -> Net.openTcpStream(lab.relayAddress(), relayPort))) {
                    second.sendAll(TlsTesting.bytes("still there?"));
                    assertEquals("still there?", TlsTesting.string(Trio.failAfter(30, () -> second.receiveSome())));
                }
                nursery.cancelScope().cancel();
            }));
        }
        assertEquals(List.of("handler gave up on a silent peer"), log);
    }

    @Test
    void happyEyeballsTurnsToTheSecondAddressWhenTheFirstGoesNowhere() throws Exception {
        try (NetworkLab lab = new NetworkLab()) {
            Trio.run(() -> Trio.openNursery(nursery -> {
                List<SocketListener> server = nursery.start(status -> Net.serveTcp(ECHO, 0,
                        ServeOptions.defaults().withHost(lab.hostAddress()), status));
                int relayPort = ToThread.runSync(() -> lab.startRelay(port(server)));
                Sockets.setCustomHostnameResolver(new HostnameResolver() {
                    @Override
                    public List<InetAddress> getaddrinfo(String host, ProtocolFamily family) throws java.io.IOException {
                        return List.of(InetAddress.getByName(lab.blackholeAddress()),
                                InetAddress.getByName(lab.relayAddress()));
                    }

                    @Override
                    public String getnameinfo(InetAddress address) {
                        return address.getHostAddress();
                    }
                });
                double start = Trio.currentTime();
                try (SocketStream client = Trio.failAfter(10, () -> Net.openTcpStream("lab.test", relayPort))) {
                    double took = Trio.currentTime() - start;
                    System.out.printf(Locale.ROOT, "network lab: happy eyeballs past a black hole in %.0f ms%n",
                            took * 1000);
                    assertTrue(took >= 0.25 && took < 2, "took " + took + " s (the second attempt starts at 250 ms)");
                    assertEquals(((InetSocketAddress) client.socket().getpeername()).getAddress(),
                            InetAddress.getByName(lab.relayAddress()));
                    client.sendAll(TlsTesting.bytes("through"));
                    assertEquals("through", TlsTesting.string(client.receiveSome()));
                }
                nursery.cancelScope().cancel();
            }));
        }
    }

    /**
     * Serves {@code handler} on this side of the lab's link, starts the relay to it, then makes the
     * link drop 5 % of the packets each way at 1 Mbit/s; returns the relay's port.
     */
    private static int serveThroughBadLink(NetworkLab lab, org.triojava.Nursery nursery,
            StreamHandler<SocketStream> handler) throws Exception {
        List<SocketListener> server = nursery.start(status -> Net.serveTcp(handler, 0,
                ServeOptions.defaults().withHost(lab.hostAddress()), status));
        int relayPort = ToThread.runSync(() -> lab.startRelay(port(server)));
        ToThread.runSync(() -> {
            lab.loss(5);
            lab.rate("1mbit");
            return null;
        });
        return relayPort;
    }

    /** Sends {@code data} in 4 KiB pieces, then ends the stream; returns all that came back. */
    private static byte[] exchange(SocketStream client, byte[] data) throws Exception {
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        Trio.openNursery(both -> {
            both.startSoon(() -> {
                sendInChunks(client, data);
                client.sendEof();
            });
            for (byte[] chunk : client) {
                received.writeBytes(chunk);
            }
        });
        return received.toByteArray();
    }

    private static void sendInChunks(org.triojava.abc.SendStream to, byte[] data) {
        for (int at = 0; at < data.length; at += 4096) {
            to.sendAll(java.nio.ByteBuffer.wrap(data, at, Math.min(4096, data.length - at)));
        }
    }

    private static void report(String what, int bytes, long startNanos) {
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        System.out.printf(Locale.ROOT, "network lab: %s: %d bytes echoed intact in %.1f s (%.0f kbit/s each way)%n",
                what, bytes, seconds, bytes * 8 / seconds / 1000);
    }

    @Test
    void aDtlsHandshakeGetsThroughTwentyPercentRealPacketLoss(@org.junit.jupiter.api.io.TempDir java.nio.file.Path pem)
            throws Exception {
        TestPki.shared().writePem(pem);
        try (NetworkLab lab = new NetworkLab()) {
            lab.loss(20); // each way: a round trip gets through 64% of the time; retransmissions back off from 0.2 s
            Trio.run(() -> {
                org.triojava.socket.TrioSocket udp = org.triojava.socket.Sockets.socket(
                        java.net.StandardProtocolFamily.INET, org.triojava.socket.SocketKind.DATAGRAM);
                udp.bind(new InetSocketAddress(lab.hostAddress(), 0));
                try (org.triojava.stream.DtlsEndpoint server = org.triojava.stream.DtlsEndpoint.of(udp)) {
                    Trio.openNursery(nursery -> {
                        int port = ((InetSocketAddress) DtlsTest.echoServer(nursery, server)).getPort();
                        Process client = org.triojava.thread.ToThread.runSync(() -> lab.startJava(LabDtlsClient.class,
                                lab.hostAddress(), Integer.toString(port), pem.resolve("ca.pem").toString(), TestPki.HOST));
                        String output = org.triojava.thread.ToThread.runSync(() -> {
                            String all = new String(client.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                            client.waitFor();
                            return all;
                        });
                        assertEquals(0, client.exitValue(), output);
                        assertTrue(output.contains("echoed: across the lossy link"), output);
                        nursery.cancelScope().cancel();
                    });
                }
            });
        }
    }
}
