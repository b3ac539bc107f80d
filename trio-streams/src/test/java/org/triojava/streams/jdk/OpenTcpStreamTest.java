package org.triojava.streams.jdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProtocolFamily;
import java.net.SocketException;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.triojava.CancelScope;
import org.triojava.RunOptions;
import org.triojava.Trio;
import org.triojava.TrioRunnable;
import org.triojava.abc.HostnameResolver;
import org.triojava.abc.SocketFactory;
import org.triojava.socket.Accepted;
import org.triojava.socket.SocketKind;
import org.triojava.socket.Sockets;
import org.triojava.socket.TrioSocket;
import org.triojava.stream.Net;
import org.triojava.stream.SocketStream;
import org.triojava.stream.TcpConnectOptions;
import org.triojava.streams.jdk.FakeSocket.Outcome;
import org.triojava.testing.MockClock;

/**
 * Trio's test_highlevel_open_tcp_stream: happy eyeballs on the autojumping mock clock with a fake
 * resolver and fake sockets (exact start times of the attempts, losers closed), plus real
 * loopback smoke tests.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class OpenTcpStreamTest {
    private static final double EPS = 1e-9;

    // ================================================================== the scenario

    /** One (ip, delay, outcome) line of a scenario. */
    record Target(String ip, double delay, Outcome outcome) {
    }

    static Target t(String ip, double delay, Outcome outcome) {
        return new Target(ip, delay, outcome);
    }

    /** The fake resolver and socket factory of one scenario (Trio's {@code Scenario}). */
    static final class Scenario implements HostnameResolver, SocketFactory {
        final int port;
        final List<Target> targets;
        final Set<ProtocolFamily> supported;
        final Map<String, FakeSocket> sockets = new LinkedHashMap<>();
        final Map<String, Double> connectTimes = new LinkedHashMap<>();
        final List<FakeSocket> created = new ArrayList<>();

        Scenario(int port, List<Target> targets, Set<ProtocolFamily> supported) {
            this.port = port;
            this.targets = targets;
            this.supported = supported;
        }

        @Override
        public List<InetAddress> getaddrinfo(String host, ProtocolFamily family) throws IOException {
            assertEquals("test.example.com", host);
            assertEquals(null, family);
            List<InetAddress> result = new ArrayList<>();
            for (Target target : targets) {
                result.add(InetAddress.getByName(target.ip)); // literals: no lookup
            }
            return result;
        }

        @Override
        public String getnameinfo(InetAddress address) {
            throw new UnsupportedOperationException("not used");
        }

        @Override
        public TrioSocket socket(ProtocolFamily family, SocketKind kind) throws IOException {
            if (!supported.contains(family)) {
                throw new SocketException("pretending not to support " + family);
            }
            FakeSocket socket = new FakeSocket(family, kind);
            socket.connectScript = address -> {
                String ip = ip(address);
                assertFalse(sockets.containsKey(ip), "second connect to " + ip);
                sockets.put(ip, socket);
                connectTimes.put(ip, Trio.currentTime());
                Target target = targets.stream().filter(x -> x.ip.equals(ip)).findFirst().orElseThrow();
                return new Object[] {target.delay, target.outcome};
            };
            created.add(socket);
            return socket;
        }

        static String ip(InetSocketAddress address) {
            InetAddress a = address.getAddress();
            return a instanceof Inet6Address ? "::" + (a.getAddress()[15] & 0xff) : a.getHostAddress();
        }

        /** Every created socket connected, every one but the winner is closed, all to our port. */
        void check(TrioSocket winner) {
            assertEquals(created.size(), sockets.size(), "every created socket was connected");
            for (FakeSocket socket : sockets.values()) {
                if (socket != winner) {
                    assertTrue(socket.closed, socket + " should have been closed");
                } else {
                    assertFalse(socket.closed, "the winner must stay open");
                }
                assertEquals(port, socket.connectedTo.getPort());
            }
        }
    }

    /** Runs {@code body} on an autojumping mock clock. */
    static void autojump(TrioRunnable body) throws Exception {
        Trio.run(RunOptions.defaults().withClock(new MockClock(0, 0)), body);
    }

    static Scenario install(int port, List<Target> targets, boolean v4, boolean v6) {
        Set<ProtocolFamily> supported = new java.util.HashSet<>();
        if (v4) {
            supported.add(StandardProtocolFamily.INET);
        }
        if (v6) {
            supported.add(StandardProtocolFamily.INET6);
        }
        Scenario scenario = new Scenario(port, targets, supported);
        Sockets.setCustomHostnameResolver(scenario);
        Sockets.setCustomSocketFactory(scenario);
        return scenario;
    }

    /** Runs a scenario that must succeed; returns the winning fake socket. */
    static FakeSocket succeed(Scenario scenario, Duration delay) throws IOException {
        TcpConnectOptions options = delay == null ? TcpConnectOptions.defaults()
                : TcpConnectOptions.defaults().withHappyEyeballsDelay(delay);
        SocketStream stream = Net.openTcpStream("test.example.com", scenario.port, options);
        scenario.check(stream.socket());
        return (FakeSocket) stream.socket();
    }

    static Map<String, Double> times(Object... ipsAndTimes) {
        Map<String, Double> map = new LinkedHashMap<>();
        for (int i = 0; i < ipsAndTimes.length; i += 2) {
            map.put((String) ipsAndTimes[i], ((Number) ipsAndTimes[i + 1]).doubleValue());
        }
        return map;
    }

    static void assertTimes(Map<String, Double> expected, Map<String, Double> actual) {
        assertEquals(expected.keySet(), actual.keySet(), "attempts started");
        for (var e : expected.entrySet()) {
            assertEquals(e.getValue(), actual.get(e.getKey()), EPS, "start time of the attempt to " + e.getKey());
        }
    }

    // ================================================================== helpers

    @Test
    void reorderForRfc6555Section54() throws Exception {
        InetSocketAddress v4a = addr("10.0.0.0"), v4b = addr("10.0.0.1"), v4c = addr("10.0.0.2");
        InetSocketAddress v6a = addr("::0"), v6b = addr("::1");
        for (List<InetSocketAddress> same : List.of(List.of(v4a, v4b, v4c), List.of(v6a, v6b))) {
            List<InetSocketAddress> targets = new ArrayList<>(same);
            HappyEyeballs.reorderForRfc6555(targets);
            assertEquals(same, targets, "no effect on homogeneous lists");
        }
        List<InetSocketAddress> one = new ArrayList<>(List.of(v4a));
        HappyEyeballs.reorderForRfc6555(one);
        assertEquals(List.of(v4a), one);
        List<InetSocketAddress> alternating = new ArrayList<>(List.of(v4a, v6a, v4b, v6b));
        HappyEyeballs.reorderForRfc6555(alternating);
        assertEquals(List.of(v4a, v6a, v4b, v6b), alternating, "different families first: left alone");
        List<InetSocketAddress> targets = new ArrayList<>(List.of(v4a, v4b, v4c, v6a, v6b));
        HappyEyeballs.reorderForRfc6555(targets);
        assertEquals(List.of(v4a, v6a, v4b, v4c, v6b), targets);
    }

    private static InetSocketAddress addr(String ip) throws UnknownHostException {
        return new InetSocketAddress(InetAddress.getByName(ip), 80);
    }

    @Test
    void formatHostPort() {
        assertEquals("127.0.0.1:80", HappyEyeballs.formatHostPort("127.0.0.1", 80));
        assertEquals("example.com:443", HappyEyeballs.formatHostPort("example.com", 443));
        assertEquals("[::1]:80", HappyEyeballs.formatHostPort("::1", 80));
    }

    @Test
    void inputValidation() throws Exception {
        Trio.run(() -> {
            assertThrows(NullPointerException.class, () -> Net.openTcpStream(null, 80));
            assertThrows(IllegalArgumentException.class, () -> Net.openTcpStream("127.0.0.1", -1));
            assertThrows(IllegalArgumentException.class, () -> Net.openTcpStream("127.0.0.1", 65536));
            assertThrows(IllegalArgumentException.class,
                    () -> TcpConnectOptions.defaults().withHappyEyeballsDelay(Duration.ofMillis(-1)));
        });
    }

    // ================================================================== real sockets

    @Test
    void realSocketSmokeTest() throws Exception {
        Trio.run(() -> {
            try (TrioSocket listener = StreamTesting.listeningSocket(StandardProtocolFamily.INET)) {
                int port = ((InetSocketAddress) listener.getsockname()).getPort();
                try (SocketStream client = Net.openTcpStream("127.0.0.1", port);
                     TrioSocket server = listener.accept().socket()) {
                    assertTrue(client.getsockopt(StandardSocketOptions.TCP_NODELAY));
                    client.sendAll(new byte[] {'x'});
                    assertEquals("x", new String(server.recv(1)));
                }
            }
        });
    }

    @Test
    void realConnectionRefused() throws Exception {
        Trio.run(() -> {
            int port;
            try (TrioSocket listener = StreamTesting.listeningSocket(StandardProtocolFamily.INET)) {
                port = ((InetSocketAddress) listener.getsockname()).getPort();
            }
            IOException e = assertThrows(IOException.class, () -> Net.openTcpStream("127.0.0.1", port));
            assertEquals("all attempts to connect to 127.0.0.1:" + port + " failed", e.getMessage());
            assertEquals(1, e.getSuppressed().length);
            assertInstanceOf(java.net.ConnectException.class, e.getSuppressed()[0]);
        });
    }

    static boolean canBind127002() {
        try (var channel = java.nio.channels.SocketChannel.open()) {
            channel.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.2"), 0));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Test
    void localAddressReal() throws Exception {
        String local = canBind127002() ? "127.0.0.2" : "127.0.0.1";
        Trio.run(() -> {
            try (TrioSocket listener = StreamTesting.listeningSocket(StandardProtocolFamily.INET)) {
                int port = ((InetSocketAddress) listener.getsockname()).getPort();
                try (SocketStream client = Net.openTcpStream("127.0.0.1", port,
                        TcpConnectOptions.defaults().withLocalAddress(local))) {
                    assertEquals(local, ((InetSocketAddress) client.socket().getsockname()).getAddress().getHostAddress());
                    Accepted accepted = listener.accept();
                    accepted.socket().close();
                    assertEquals(local, ((InetSocketAddress) accepted.address()).getAddress().getHostAddress());
                }
                // the IPv6 wildcard cannot be the source of a connection to an IPv4 address
                IOException e = assertThrows(IOException.class, () -> Net.openTcpStream("127.0.0.1", port,
                        TcpConnectOptions.defaults().withLocalAddress("::")));
                assertTrue(e.getSuppressed()[0].getMessage().startsWith(
                        "localAddress=:: is incompatible with remote address 127.0.0.1:" + port), e.getSuppressed()[0].getMessage());
                // the IPv4 wildcard can
                try (SocketStream client = Net.openTcpStream("127.0.0.1", port,
                        TcpConnectOptions.defaults().withLocalAddress("0.0.0.0"))) {
                    Accepted accepted = listener.accept();
                    accepted.socket().close();
                    assertEquals(client.socket().getsockname(), accepted.address());
                }
            }
        });
    }

    // ================================================================== fake scenarios

    @Test
    void oneHostQuickSuccess() throws Exception {
        autojump(() -> {
            Scenario s = install(80, List.of(t("1.2.3.4", 0.123, Outcome.SUCCESS)), true, true);
            FakeSocket sock = succeed(s, null);
            assertEquals("1.2.3.4", Scenario.ip(sock.connectedTo));
            assertEquals(0.123, Trio.currentTime(), EPS);
            assertEquals(Boolean.TRUE, sock.options.get(StandardSocketOptions.TCP_NODELAY), "SocketStream sets TCP_NODELAY");
        });
    }

    @Test
    void oneHostSlowSuccess() throws Exception {
        autojump(() -> {
            Scenario s = install(81, List.of(t("1.2.3.4", 100, Outcome.SUCCESS)), true, true);
            FakeSocket sock = succeed(s, null);
            assertEquals("1.2.3.4", Scenario.ip(sock.connectedTo));
            assertEquals(100, Trio.currentTime(), EPS);
        });
    }

    @Test
    void oneHostQuickFail() throws Exception {
        autojump(() -> {
            Scenario s = install(82, List.of(t("1.2.3.4", 0.123, Outcome.ERROR)), true, true);
            IOException e = assertThrows(IOException.class, () -> Net.openTcpStream("test.example.com", 82));
            assertEquals("all attempts to connect to test.example.com:82 failed", e.getMessage());
            assertEquals(1, e.getSuppressed().length);
            s.check(null);
            assertEquals(0.123, Trio.currentTime(), EPS);
        });
    }

    @Test
    void oneHostSlowFail() throws Exception {
        autojump(() -> {
            Scenario s = install(83, List.of(t("1.2.3.4", 100, Outcome.ERROR)), true, true);
            assertThrows(IOException.class, () -> Net.openTcpStream("test.example.com", 83));
            s.check(null);
            assertEquals(100, Trio.currentTime(), EPS);
        });
    }

    @Test
    void oneHostFailedAfterConnect() throws Exception {
        autojump(() -> {
            Scenario s = install(83, List.of(t("1.2.3.4", 1, Outcome.POSTCONNECT_FAIL)), true, true);
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> Net.openTcpStream("test.example.com", 83));
            assertEquals("postconnect failure", e.getMessage());
            s.check(null); // the socket that connected but could not become a stream is closed too
        });
    }

    /** With the default 0.250 s delay, the third attempt wins. */
    @Test
    void basicFallthrough() throws Exception {
        autojump(() -> {
            Scenario s = install(80, List.of(t("1.1.1.1", 1, Outcome.SUCCESS), t("2.2.2.2", 1, Outcome.SUCCESS),
                    t("3.3.3.3", 0.2, Outcome.SUCCESS)), true, true);
            FakeSocket sock = succeed(s, null);
            assertEquals("3.3.3.3", Scenario.ip(sock.connectedTo));
            assertEquals(0.250 + 0.250 + 0.2, Trio.currentTime(), EPS);
            assertTimes(times("1.1.1.1", 0, "2.2.2.2", 0.250, "3.3.3.3", 0.500), s.connectTimes);
        });
    }

    @Test
    void earlySuccess() throws Exception {
        autojump(() -> {
            Scenario s = install(80, List.of(t("1.1.1.1", 1, Outcome.SUCCESS), t("2.2.2.2", 0.1, Outcome.SUCCESS),
                    t("3.3.3.3", 0.2, Outcome.SUCCESS)), true, true);
            FakeSocket sock = succeed(s, null);
            assertEquals("2.2.2.2", Scenario.ip(sock.connectedTo));
            assertEquals(0.250 + 0.1, Trio.currentTime(), EPS);
            // 3.3.3.3 was never even started
            assertTimes(times("1.1.1.1", 0, "2.2.2.2", 0.250), s.connectTimes);
        });
    }

    /** With a 0.450 s delay, the first attempt wins. */
    @Test
    void customDelay() throws Exception {
        autojump(() -> {
            Scenario s = install(80, List.of(t("1.1.1.1", 1, Outcome.SUCCESS), t("2.2.2.2", 1, Outcome.SUCCESS),
                    t("3.3.3.3", 0.2, Outcome.SUCCESS)), true, true);
            FakeSocket sock = succeed(s, Duration.ofMillis(450));
            assertEquals("1.1.1.1", Scenario.ip(sock.connectedTo));
            assertEquals(1, Trio.currentTime(), EPS);
            assertTimes(times("1.1.1.1", 0, "2.2.2.2", 0.450, "3.3.3.3", 0.900), s.connectTimes);
        });
    }

    @Test
    void zeroDelayStartsEveryAttemptAtOnce() throws Exception {
        autojump(() -> {
            Scenario s = install(80, List.of(t("1.1.1.1", 3, Outcome.SUCCESS), t("2.2.2.2", 2, Outcome.SUCCESS),
                    t("3.3.3.3", 1, Outcome.SUCCESS)), true, true);
            FakeSocket sock = succeed(s, Duration.ZERO);
            assertEquals("3.3.3.3", Scenario.ip(sock.connectedTo));
            assertEquals(1, Trio.currentTime(), EPS);
            assertTimes(times("1.1.1.1", 0, "2.2.2.2", 0, "3.3.3.3", 0), s.connectTimes);
        });
    }

    @Test
    void errorsExpedite() throws Exception {
        autojump(() -> {
            Scenario s = install(80, List.of(t("1.1.1.1", 0.1, Outcome.ERROR), t("2.2.2.2", 0.2, Outcome.ERROR),
                    t("3.3.3.3", 10, Outcome.SUCCESS), t("4.4.4.4", 0.25, Outcome.SUCCESS)), true, true);
            FakeSocket sock = succeed(s, null);
            assertEquals("4.4.4.4", Scenario.ip(sock.connectedTo));
            assertEquals(0.1 + 0.2 + 0.25 + 0.25, Trio.currentTime(), EPS);
            assertTimes(times("1.1.1.1", 0, "2.2.2.2", 0.1, "3.3.3.3", 0.1 + 0.2, "4.4.4.4", 0.1 + 0.2 + 0.25),
                    s.connectTimes);
        });
    }

    @Test
    void allFail() throws Exception {
        autojump(() -> {
            Scenario s = install(80, List.of(t("1.1.1.1", 0.1, Outcome.ERROR), t("2.2.2.2", 0.2, Outcome.ERROR),
                    t("3.3.3.3", 10, Outcome.ERROR), t("4.4.4.4", 0.250, Outcome.ERROR)), true, true);
            IOException e = assertThrows(IOException.class, () -> Net.openTcpStream("test.example.com", 80));
            s.check(null);
            assertEquals("all attempts to connect to test.example.com:80 failed", e.getMessage());
            Throwable[] each = e.getSuppressed();
            assertEquals(4, each.length);
            // in the order they failed: 1.1.1.1 at 0.1, 2.2.2.2 at 0.3, 4.4.4.4 at 0.8, 3.3.3.3 at 10.3
            String[] order = {"1.1.1.1", "2.2.2.2", "4.4.4.4", "3.3.3.3"};
            for (int i = 0; i < 4; i++) {
                assertInstanceOf(SocketException.class, each[i]);
                assertTrue(each[i].getMessage().contains(order[i]), each[i].getMessage());
            }
            assertEquals(0.1 + 0.2 + 10, Trio.currentTime(), EPS);
            assertTimes(times("1.1.1.1", 0, "2.2.2.2", 0.1, "3.3.3.3", 0.1 + 0.2, "4.4.4.4", 0.1 + 0.2 + 0.25),
                    s.connectTimes);
        });
    }

    @Test
    void multiSuccess() throws Exception {
        autojump(() -> {
            Scenario s = install(80, List.of(t("1.1.1.1", 0.5, Outcome.ERROR), t("2.2.2.2", 10, Outcome.SUCCESS),
                    t("3.3.3.3", 10 - 1, Outcome.SUCCESS), t("4.4.4.4", 10 - 2, Outcome.SUCCESS),
                    t("5.5.5.5", 0.5, Outcome.ERROR)), true, true);
            FakeSocket sock = succeed(s, Duration.ofSeconds(1));
            assertFalse(s.sockets.get("1.1.1.1").succeeded);
            assertTrue(s.sockets.get("2.2.2.2").succeeded || s.sockets.get("3.3.3.3").succeeded
                    || s.sockets.get("4.4.4.4").succeeded);
            assertFalse(s.sockets.get("5.5.5.5").succeeded);
            assertTrue(List.of("2.2.2.2", "3.3.3.3", "4.4.4.4").contains(Scenario.ip(sock.connectedTo)));
            assertEquals(0.5 + 10, Trio.currentTime(), EPS);
            assertTimes(times("1.1.1.1", 0, "2.2.2.2", 0.5, "3.3.3.3", 1.5, "4.4.4.4", 2.5, "5.5.5.5", 3.5),
                    s.connectTimes);
        });
    }

    @Test
    void doesReorder() throws Exception {
        autojump(() -> {
            Scenario s = install(80, List.of(t("1.1.1.1", 10, Outcome.ERROR),
                    // this would win if it were tried first...
                    t("2.2.2.2", 1, Outcome.SUCCESS),
                    // ...but RFC 6555 section 5.4 puts this one second
                    t("::3", 0.5, Outcome.SUCCESS)), true, true);
            FakeSocket sock = succeed(s, Duration.ofSeconds(1));
            assertEquals("::3", Scenario.ip(sock.connectedTo));
            assertEquals(1 + 0.5, Trio.currentTime(), EPS);
            assertTimes(times("1.1.1.1", 0, "::3", 1), s.connectTimes);
        });
    }

    @Test
    void handlesNoIpv4() throws Exception {
        autojump(() -> {
            // the IPv4 sockets fail at creation, so their connect outcomes do not matter
            Scenario s = install(80, List.of(t("::1", 10, Outcome.SUCCESS), t("2.2.2.2", 0, Outcome.SUCCESS),
                    t("::3", 0.1, Outcome.SUCCESS), t("4.4.4.4", 0, Outcome.SUCCESS)), false, true);
            FakeSocket sock = succeed(s, Duration.ofSeconds(1));
            assertEquals("::3", Scenario.ip(sock.connectedTo));
            assertEquals(1 + 0.1, Trio.currentTime(), EPS);
            assertTimes(times("::1", 0, "::3", 1.0), s.connectTimes);
        });
    }

    @Test
    void handlesNoIpv6() throws Exception {
        autojump(() -> {
            Scenario s = install(80, List.of(t("::1", 0, Outcome.SUCCESS), t("2.2.2.2", 10, Outcome.SUCCESS),
                    t("::3", 0, Outcome.SUCCESS), t("4.4.4.4", 0.1, Outcome.SUCCESS)), true, false);
            FakeSocket sock = succeed(s, Duration.ofSeconds(1));
            assertEquals("4.4.4.4", Scenario.ip(sock.connectedTo));
            assertEquals(1 + 0.1, Trio.currentTime(), EPS);
            assertTimes(times("2.2.2.2", 0, "4.4.4.4", 1.0), s.connectTimes);
        });
    }

    @Test
    void noHosts() throws Exception {
        autojump(() -> {
            Scenario s = install(80, List.of(), true, true);
            UnknownHostException e = assertThrows(UnknownHostException.class,
                    () -> Net.openTcpStream("test.example.com", 80));
            assertTrue(e.getMessage().contains("test.example.com"), e.getMessage());
            assertTrue(s.created.isEmpty());
        });
    }

    @Test
    void cancel() throws Exception {
        autojump(() -> {
            Scenario[] s = new Scenario[1];
            CancelScope scope = Trio.moveOnAfter(Duration.ofSeconds(5), () -> {
                s[0] = install(80, List.of(t("1.1.1.1", 10, Outcome.SUCCESS), t("2.2.2.2", 10, Outcome.SUCCESS),
                        t("3.3.3.3", 10, Outcome.SUCCESS), t("4.4.4.4", 10, Outcome.SUCCESS)), true, true);
                Net.openTcpStream("test.example.com", 80);
                fail("openTcpStream returned although cancelled");
            });
            assertTrue(scope.cancelledCaught());
            assertEquals(5, Trio.currentTime(), EPS);
            s[0].check(null);
            assertEquals(4, s[0].sockets.size());
        });
    }
}
