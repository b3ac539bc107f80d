package org.triojava.streams.jdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.BindException;
import java.net.ConnectException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProtocolFamily;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.triojava.Trio;
import org.triojava.abc.HostnameResolver;
import org.triojava.abc.SocketFactory;
import org.triojava.socket.SocketKind;
import org.triojava.socket.Sockets;
import org.triojava.socket.TrioSocket;
import org.triojava.stream.Net;
import org.triojava.stream.SocketListener;
import org.triojava.stream.SocketStream;

/** Trio's test_highlevel_open_tcp_listeners: real loopback listeners, and fakes for backlog and families. */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class OpenTcpListenersTest {

    static int port(SocketListener listener) throws IOException {
        return ((InetSocketAddress) listener.socket().getsockname()).getPort();
    }

    /** Connects to {@code host}:{@code port}, accepts on {@code listener}, checks a byte goes through. */
    static void roundTrip(SocketListener listener, String host, int port) throws Exception {
        try (SocketStream client = Net.openTcpStream(host, port); SocketStream server = listener.accept()) {
            client.sendAll(new byte[] {42});
            assertEquals(42, StreamTesting.receiveExactly(server, 1)[0]);
        }
    }

    @Test
    void basicIpv4() throws Exception {
        Trio.run(() -> {
            List<SocketListener> listeners = Net.openTcpListeners(0, "127.0.0.1");
            assertEquals(1, listeners.size());
            SocketListener listener = listeners.get(0);
            try (listener) {
                InetSocketAddress address = (InetSocketAddress) listener.socket().getsockname();
                assertEquals("127.0.0.1", address.getAddress().getHostAddress());
                assertTrue(listener.socket().isListening());
                assertTrue(listener.socket().getsockopt(StandardSocketOptions.SO_REUSEADDR));
                roundTrip(listener, "127.0.0.1", address.getPort());
            }
        });
    }

    @Test
    void basicIpv6() throws Exception {
        StreamTesting.assumeIpv6();
        Trio.run(() -> {
            List<SocketListener> listeners = Net.openTcpListeners(0, "::1");
            assertEquals(1, listeners.size());
            try (SocketListener listener = listeners.get(0)) {
                InetSocketAddress address = (InetSocketAddress) listener.socket().getsockname();
                assertInstanceOf(Inet6Address.class, address.getAddress());
                assertTrue(address.getAddress().isLoopbackAddress());
                roundTrip(listener, "::1", address.getPort());
                // a specific IPv6 address takes no IPv4 connections
                assertThrows(IOException.class, () -> Net.openTcpStream("127.0.0.1", address.getPort()));
            }
        });
    }

    @Test
    void specificPort() throws Exception {
        Trio.run(() -> {
            int port;
            try (SocketListener probe = Net.openTcpListeners(0, "127.0.0.1").get(0)) {
                port = port(probe);
            }
            try (SocketListener listener = Net.openTcpListeners(port, "127.0.0.1").get(0)) {
                assertEquals(port, port(listener));
                roundTrip(listener, "127.0.0.1", port);
            }
        });
    }

    /**
     * No host: every interface, both families. Java's IPv6 sockets are dual-stack, so one
     * {@code ::} listener takes both — which also works on a fixed port, where a second
     * {@code 0.0.0.0} listener would collide with it.
     */
    @Test
    void wildcardTakesBothFamilies() throws Exception {
        Trio.run(() -> {
            List<SocketListener> listeners = Net.openTcpListeners(0);
            try {
                assertEquals(1, listeners.size());
                SocketListener listener = listeners.get(0);
                InetSocketAddress address = (InetSocketAddress) listener.socket().getsockname();
                assertTrue(address.getAddress().isAnyLocalAddress());
                roundTrip(listener, "127.0.0.1", address.getPort());
                if (StreamTesting.ipv6Available()) {
                    assertInstanceOf(Inet6Address.class, address.getAddress());
                    roundTrip(listener, "::1", address.getPort());
                }
                int port = address.getPort();
                listener.close();
                List<SocketListener> again = Net.openTcpListeners(port);
                assertEquals(port, port(again.get(0)));
                again.forEach(SocketListener::close);
            } finally {
                listeners.forEach(SocketListener::close);
            }
        });
    }

    /** SO_REUSEADDR lets a server listen again at once on a port whose connections are in TIME_WAIT. */
    @Test
    void rebind() throws Exception {
        Trio.run(() -> {
            SocketListener first = Net.openTcpListeners(0, "127.0.0.1").get(0);
            int port = port(first);
            try (SocketStream client = Net.openTcpStream("127.0.0.1", port)) {
                SocketStream server = first.accept();
                server.close(); // the server side closes first: its side goes to TIME_WAIT
                assertEquals(0, client.receiveSome().length);
            }
            first.close();
            try (SocketListener second = Net.openTcpListeners(port, "127.0.0.1").get(0)) {
                assertEquals(port, port(second));
            }
        });
    }

    @Test
    void inputValidation() throws Exception {
        Trio.run(() -> {
            assertThrows(IllegalArgumentException.class, () -> Net.openTcpListeners(-1));
            assertThrows(IllegalArgumentException.class, () -> Net.openTcpListeners(70000));
            assertThrows(IllegalArgumentException.class, () -> Net.openTcpListeners(0, "127.0.0.1", -1));
        });
    }

    // ================================================================== fakes

    /** Makes fake listening sockets, optionally refusing a family or failing a bind. */
    static final class Factory implements SocketFactory, HostnameResolver {
        final List<FakeSocket> made = new ArrayList<>();
        ProtocolFamily unsupported;
        RuntimeException unsupportedAs = new UnsupportedOperationException("pretending: no such family here");
        IOException bindErrorOnSecond;

        @Override
        public TrioSocket socket(ProtocolFamily family, SocketKind kind) throws IOException {
            if (family == unsupported) {
                throw unsupportedAs;
            }
            FakeSocket socket = new FakeSocket(family, kind);
            if (made.size() == 1 && bindErrorOnSecond != null) {
                socket.bindError = bindErrorOnSecond;
            }
            made.add(socket);
            return socket;
        }

        @Override
        public List<InetAddress> getaddrinfo(String host, ProtocolFamily family) throws IOException {
            return List.of(InetAddress.getByName("10.0.0.1"), InetAddress.getByName("::2"), InetAddress.getByName("10.0.0.3"));
        }

        @Override
        public String getnameinfo(InetAddress address) {
            throw new UnsupportedOperationException("this fake resolver only answers getaddrinfo");
        }

        Factory install() {
            Sockets.setCustomSocketFactory(this);
            Sockets.setCustomHostnameResolver(this);
            return this;
        }
    }

    @Test
    void backlog() throws Exception {
        Trio.run(() -> {
            Factory factory = new Factory().install();
            int[][] cases = {{0, 0xFFFF}, {10, 10}, {0xFFFF, 0xFFFF}, {1 << 20, 0xFFFF}, {Integer.MAX_VALUE, 0xFFFF}};
            for (int[] c : cases) {
                List<SocketListener> listeners = Net.openTcpListeners(0, "127.0.0.1", c[0]);
                FakeSocket socket = (FakeSocket) listeners.get(0).socket();
                assertEquals(c[1], socket.backlog, "backlog " + c[0]);
                assertEquals(Boolean.TRUE, socket.options.get(StandardSocketOptions.SO_REUSEADDR));
                assertEquals(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), socket.boundTo);
            }
            assertEquals(cases.length, factory.made.size());
        });
    }

    @Test
    void oneListenerPerResolvedAddress() throws Exception {
        Trio.run(() -> {
            Factory factory = new Factory().install();
            List<SocketListener> listeners = Net.openTcpListeners(8080, "multi.example");
            assertEquals(3, listeners.size());
            assertEquals(List.of("10.0.0.1", "0:0:0:0:0:0:0:2", "10.0.0.3"), listeners.stream()
                    .map(l -> ((InetSocketAddress) ((FakeSocket) l.socket()).boundTo).getAddress().getHostAddress())
                    .toList());
            assertEquals(StandardProtocolFamily.INET6, listeners.get(1).socket().family());
        });
    }

    @Test
    void someFamiliesUnavailable() throws Exception {
        Trio.run(() -> {
            Factory factory = new Factory().install();
            factory.unsupported = StandardProtocolFamily.INET6;
            List<SocketListener> listeners = Net.openTcpListeners(80, "multi.example");
            assertEquals(2, listeners.size());
            for (SocketListener listener : listeners) {
                assertEquals(StandardProtocolFamily.INET, listener.socket().family());
            }
            // the wildcard falls back to 0.0.0.0 when there is no IPv6
            List<SocketListener> wildcard = Net.openTcpListeners(80);
            assertEquals(1, wildcard.size());
            assertEquals(new InetSocketAddress(InetAddress.getByName("0.0.0.0"), 80),
                    ((FakeSocket) wildcard.get(0).socket()).boundTo);
        });
    }

    @Test
    void allFamiliesUnavailable() throws Exception {
        Trio.run(() -> {
            Factory factory = new Factory().install();
            factory.unsupported = StandardProtocolFamily.INET6;
            IOException e = assertThrows(IOException.class, () -> Net.openTcpListeners(80, "::1"));
            assertTrue(e.getMessage().startsWith("This system doesn't support any of the kinds of socket"),
                    e.getMessage());
            assertEquals(1, e.getSuppressed().length);
            assertInstanceOf(UnsupportedOperationException.class, e.getSuppressed()[0]);
        });
    }

    @Test
    void otherErrorsCloseEverything() throws Exception {
        Trio.run(() -> {
            Factory factory = new Factory().install();
            BindException refused = new BindException("Address already in use");
            factory.bindErrorOnSecond = refused;
            assertSame(refused, assertThrows(BindException.class, () -> Net.openTcpListeners(80, "multi.example")));
            assertEquals(2, factory.made.size(), "stopped at the failing one");
            assertTrue(factory.made.get(0).closed, "the listener opened before was closed");
            assertTrue(factory.made.get(1).closed, "the failing socket was closed");
            // a socket-creation error that is not about the family propagates too
            Factory other = new Factory().install();
            other.unsupported = StandardProtocolFamily.INET6;
            other.unsupportedAs = new IllegalStateException("boom");
            assertThrows(IllegalStateException.class, () -> Net.openTcpListeners(80, "multi.example"));
            assertTrue(other.made.get(0).closed);
        });
    }

    @Test
    void realListenerRefusesAfterClose() throws Exception {
        Trio.run(() -> {
            SocketListener listener = Net.openTcpListeners(0, "127.0.0.1").get(0);
            int port = port(listener);
            listener.close();
            IOException e = assertThrows(IOException.class, () -> Net.openTcpStream("127.0.0.1", port));
            assertInstanceOf(ConnectException.class, e.getSuppressed()[0]);
        });
    }
}
