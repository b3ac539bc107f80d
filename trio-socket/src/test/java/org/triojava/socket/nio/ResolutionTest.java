package org.triojava.socket.nio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.triojava.socket.nio.SocketTesting.assumeIpv6;
import static org.triojava.socket.nio.SocketTesting.run;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProtocolFamily;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.triojava.abc.HostnameResolver;
import org.triojava.socket.SocketKind;
import org.triojava.socket.Sockets;
import org.triojava.socket.TrioSocket;
import org.triojava.testing.Testing;

/** Trio's resolution rules (test_SocketType_resolve, test_getaddrinfo, test_custom_hostname_resolver, test_idna). */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ResolutionTest {

    private static InetSocketAddress inet(String literal, int port) throws UnknownHostException {
        return new InetSocketAddress(InetAddress.getByName(literal), port);
    }

    private static InetSocketAddress v6(byte[] bytes, int port) throws UnknownHostException {
        return new InetSocketAddress(Inet6Address.getByAddress(null, bytes, -1), port);
    }

    private static byte[] mappedBytes(int a, int b, int c, int d) {
        return new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, (byte) a, (byte) b, (byte) c, (byte) d};
    }

    @Test
    void ipv4Rules() throws Exception {
        run(() -> {
            try (TrioSocket socket = Sockets.socket()) {
                for (String none : new String[] {null, ""}) {
                    assertEquals(inet("0.0.0.0", 80), socket.resolveLocalAddress(none, 80));
                    assertEquals(inet("127.0.0.1", 80), socket.resolveRemoteAddress(none, 80));
                }
                for (boolean local : new boolean[] {false, true}) {
                    assertEquals(inet("1.2.3.4", 80), resolve(socket, local, "1.2.3.4", 80));
                    assertEquals(inet("255.255.255.255", 123), resolve(socket, local, "<broadcast>", 123));
                    UnknownHostException v6Literal = assertThrows(UnknownHostException.class,
                            () -> resolve(socket, local, "::1", 80));
                    assertTrue(v6Literal.getMessage().contains("IPv4"), v6Literal.getMessage());
                }
                assertThrows(IllegalArgumentException.class, () -> socket.resolveRemoteAddress("1.2.3.4", 65536));
                assertThrows(IllegalArgumentException.class, () -> socket.resolveLocalAddress("1.2.3.4", -1));
                // every resolution is a checkpoint, even without a lookup
                Testing.assertCheckpoints(() -> socket.resolveRemoteAddress("1.2.3.4", 1));
                Testing.assertCheckpoints(() -> socket.resolveLocalAddress(null, 1));
            }
        });
    }

    @Test
    void ipv6RulesAreDualStack() throws Exception {
        assumeIpv6();
        run(() -> {
            try (TrioSocket socket = Sockets.socket(StandardProtocolFamily.INET6)) {
                assertEquals(inet("::", 80), socket.resolveLocalAddress(null, 80));
                assertEquals(inet("::1", 80), socket.resolveRemoteAddress("", 80));
                for (boolean local : new boolean[] {false, true}) {
                    assertEquals(inet("1::2", 80), resolve(socket, local, "1::2", 80));
                    assertEquals(inet("1::2", 80), resolve(socket, local, "[1::2]", 80));
                    // IPv4 addresses become IPv4-mapped IPv6 addresses, as with AI_V4MAPPED
                    SocketAddress mapped = resolve(socket, local, "1.2.3.4", 80);
                    assertEquals(v6(mappedBytes(1, 2, 3, 4), 80), mapped);
                    assertInstanceOf(Inet6Address.class, ((InetSocketAddress) mapped).getAddress());
                    assertEquals(v6(mappedBytes(255, 255, 255, 255), 123), resolve(socket, local, "<broadcast>", 123));
                }
                // and such an address works: the IPv6 socket reaches an IPv4 listener
                try (TrioSocket listener = SocketTesting.listener(StandardProtocolFamily.INET)) {
                    int port = ((InetSocketAddress) listener.getsockname()).getPort();
                    socket.connect(socket.resolveRemoteAddress("127.0.0.1", port));
                    try (TrioSocket server = listener.accept().socket()) {
                        socket.sendall(new byte[] {7});
                        assertEquals(7, server.recv(1)[0]);
                    }
                }
            }
        });
    }

    private static SocketAddress resolve(TrioSocket socket, boolean local, String host, int port) throws IOException {
        return local ? socket.resolveLocalAddress(host, port) : socket.resolveRemoteAddress(host, port);
    }

    /** Trio's test_SocketType_unresolved_names, the Java way: names go through the resolve methods. */
    @Test
    void namesAreResolvedOnlyByTheResolveMethods() throws Exception {
        run(() -> {
            try (TrioSocket socket = Sockets.socket()) {
                socket.bind(socket.resolveLocalAddress("localhost", 0));
                assertEquals(InetAddress.getByName("127.0.0.1"), ((InetSocketAddress) socket.getsockname()).getAddress());
                socket.listen(10);
                try (TrioSocket client = Sockets.socket()) {
                    int port = ((InetSocketAddress) socket.getsockname()).getPort();
                    client.connect(client.resolveRemoteAddress("localhost", port));
                    assertEquals(socket.getsockname(), client.getpeername());
                }
            }
            try (TrioSocket socket = Sockets.socket()) {
                InetSocketAddress unresolved = InetSocketAddress.createUnresolved("localhost", 80);
                IllegalArgumentException bind = assertThrows(IllegalArgumentException.class, () -> socket.bind(unresolved));
                assertTrue(bind.getMessage().contains("resolveLocalAddress"), bind.getMessage());
                assertTrue(bind.getMessage().contains("localhost:80"), bind.getMessage());
                IllegalArgumentException connect = assertThrows(IllegalArgumentException.class,
                        () -> socket.connect(unresolved));
                assertTrue(connect.getMessage().contains("resolveRemoteAddress"), connect.getMessage());
                assertFalse(socket.isClosed(), "a refused address does not close the socket");
                assertThrows(NullPointerException.class, () -> socket.connect(null));
                IllegalArgumentException wrongFamily = assertThrows(IllegalArgumentException.class,
                        () -> socket.connect(new InetSocketAddress(InetAddress.getByName("::1"), 80)));
                assertTrue(wrongFamily.getMessage().contains("IPv4 socket"), wrongFamily.getMessage());
                assertThrows(IllegalArgumentException.class, () -> socket.bind(UnixDomainSocketAddress.of("/tmp/x")));
            }
            try (TrioSocket datagram = Sockets.socket(StandardProtocolFamily.INET, SocketKind.DATAGRAM)) {
                IllegalArgumentException sendto = assertThrows(IllegalArgumentException.class,
                        () -> datagram.sendto(new byte[1], InetSocketAddress.createUnresolved("localhost", 9)));
                assertTrue(sendto.getMessage().contains("resolveRemoteAddress"), sendto.getMessage());
            }
            try (TrioSocket unix = Sockets.socket(StandardProtocolFamily.UNIX)) {
                assertThrows(IllegalArgumentException.class,
                        () -> unix.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), 80)));
            }
        });
    }

    @Test
    void getaddrinfoParsesLiteralsWithoutTheResolver() throws Exception {
        run(() -> {
            RecordingResolver recorder = new RecordingResolver();
            assertNull(Sockets.setCustomHostnameResolver(recorder));
            Testing.assertCheckpoints(() ->
                    assertEquals(List.of(inet("127.0.0.1", 12345)), Sockets.getaddrinfo("127.0.0.1", 12345)));
            Testing.assertCheckpoints(() -> assertEquals(List.of(inet("::1", 12345)),
                    Sockets.getaddrinfo("::1", 12345, StandardProtocolFamily.INET6)));
            assertEquals(List.of(inet("127.0.0.1", 7)), Sockets.getaddrinfo(null, 7));
            assertEquals(List.of(inet("::1", 7)), Sockets.getaddrinfo(null, 7, StandardProtocolFamily.INET6));
            Testing.assertCheckpoints(() -> assertThrows(UnknownHostException.class,
                    () -> Sockets.getaddrinfo("127.0.0.1", 1, StandardProtocolFamily.INET6)));
            assertThrows(UnknownHostException.class, () -> Sockets.getaddrinfo("1:2:3", 1));
            assertEquals(List.of(), recorder.calls, "literals never reach the resolver");
            assertThrows(IllegalArgumentException.class, () -> Sockets.getaddrinfo("1.2.3.4", 1 << 16));
            assertThrows(IllegalArgumentException.class,
                    () -> Sockets.getaddrinfo("x", 1, StandardProtocolFamily.UNIX));
            assertSame(recorder, Sockets.setCustomHostnameResolver(null));
        });
    }

    @Test
    void namesGoToTheCustomResolverEncodedToAscii() throws Exception {
        run(() -> {
            RecordingResolver recorder = new RecordingResolver();
            Sockets.setCustomHostnameResolver(recorder);
            assertEquals(List.of(inet("10.0.0.1", 80), inet("fd00::1", 80)), Sockets.getaddrinfo("faß.de", 80));
            assertEquals(List.of(inet("fd00::1", 443)),
                    Sockets.getaddrinfo("xn--fa-hia.de", 443, StandardProtocolFamily.INET6));
            assertEquals(List.of(inet("10.0.0.1", 1)), Sockets.getaddrinfo("föö", 1, StandardProtocolFamily.INET));
            assertEquals(List.of("xn--fa-hia.de any", "xn--fa-hia.de INET6", "xn--f-1gaa INET"), recorder.calls);
            assertEquals("name of /127.0.0.1", Sockets.getnameinfo(InetAddress.getByName("127.0.0.1")));
            // the socket's own resolution uses it too
            try (TrioSocket socket = Sockets.socket(StandardProtocolFamily.INET)) {
                assertEquals(inet("10.0.0.1", 5), socket.resolveRemoteAddress("example.test", 5));
            }
            recorder.answer = List.of();
            UnknownHostException none = assertThrows(UnknownHostException.class,
                    () -> Sockets.getaddrinfo("nothing.test", 1));
            assertTrue(none.getMessage().contains("nothing.test"), none.getMessage());
            Sockets.setCustomHostnameResolver(null);
        });
    }

    /** Without a custom resolver, names are looked up by the JDK in a worker thread. */
    @Test
    void theSystemResolverRunsInAWorkerThread() throws Exception {
        run(() -> {
            List<InetSocketAddress> localhost = Sockets.getaddrinfo("localhost", 80, StandardProtocolFamily.INET);
            assertTrue(localhost.contains(inet("127.0.0.1", 80)), localhost::toString);
            assertEquals(0, Testing.activeThreadCount(), "the worker is done");
            assertThrows(UnknownHostException.class, () -> Sockets.getaddrinfo("no-such-host.invalid", 80));
            assertNotNull(Sockets.getnameinfo(InetAddress.getByName("127.0.0.1")));
        });
    }

    @Test
    void unixAddressesArePaths() throws Exception {
        run(() -> {
            try (TrioSocket socket = Sockets.socket(StandardProtocolFamily.UNIX)) {
                assertEquals(UnixDomainSocketAddress.of("/some/path"), socket.resolveRemoteAddress("/some/path", 0));
                assertEquals(UnixDomainSocketAddress.of("rel"), socket.resolveLocalAddress("rel", 0));
                assertEquals(UnixDomainSocketAddress.of(""), socket.getsockname(), "unbound: unnamed");
            }
        });
    }

    /** Answers every name with 10.0.0.1 and fd00::1 (filtered by family) and records what it was asked. */
    static final class RecordingResolver implements HostnameResolver {
        final List<String> calls = new ArrayList<>();
        List<InetAddress> answer;

        RecordingResolver() {
            try {
                answer = List.of(InetAddress.getByName("10.0.0.1"), InetAddress.getByName("fd00::1"));
            } catch (UnknownHostException e) {
                throw new AssertionError(e);
            }
        }

        @Override
        public List<InetAddress> getaddrinfo(String host, ProtocolFamily family) {
            calls.add(host + " " + (family == null ? "any" : family.toString()));
            return answer.stream()
                    .filter(a -> family == null || (family == StandardProtocolFamily.INET) == (a instanceof Inet4Address))
                    .toList();
        }

        @Override
        public String getnameinfo(InetAddress address) {
            return "name of " + address;
        }
    }
}
