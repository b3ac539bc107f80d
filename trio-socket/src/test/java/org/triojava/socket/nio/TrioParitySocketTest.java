package org.triojava.socket.nio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.triojava.socket.nio.SocketTesting.listener;
import static org.triojava.socket.nio.SocketTesting.run;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.triojava.CancelScope;
import org.triojava.Cancelled;
import org.triojava.Trio;
import org.triojava.TrioRunnable;
import org.triojava.socket.Accepted;
import org.triojava.socket.Datagram;
import org.triojava.socket.SocketKind;
import org.triojava.socket.SocketPair;
import org.triojava.socket.Sockets;
import org.triojava.socket.TrioSocket;
import org.triojava.testing.Testing;

/**
 * Acceptance audit against Trio's documented socket semantics (SK1–SK7) and its
 * test_socket.py / test_io.py: the rules the other socket tests did not yet pin down.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class TrioParitySocketTest {

    /** Runs {@code body} in a scope that is cancelled already (Trio's "cancel before even calling"). */
    private static void cancelledBefore(TrioRunnable body) throws Exception {
        CancelScope scope = new CancelScope();
        scope.cancel();
        scope.run(() -> Testing.assertCheckpoints(() -> assertThrows(Cancelled.class, body::run)));
    }

    private static InetSocketAddress inet(String literal, int port) throws UnknownHostException {
        return new InetSocketAddress(InetAddress.getByName(literal), port);
    }

    // ================================================================== SK1

    /** SK1 for accept: cancelled before the call, a pending connection stays queued; immediate success checkpoints. */
    @Test
    void aCancelledAcceptTakesNoConnection() throws Exception {
        run(() -> {
            try (TrioSocket listener = listener(StandardProtocolFamily.INET);
                 TrioSocket client = Sockets.socket()) {
                client.connect(listener.getsockname()); // over loopback, queued for accept once connected
                assertTrue(listener.isReadable());
                cancelledBefore(listener::accept);
                assertTrue(listener.isReadable(), "the connection is still queued");
                Accepted[] accepted = new Accepted[1];
                Testing.assertCheckpoints(() -> accepted[0] = listener.accept());
                try (TrioSocket server = accepted[0].socket()) {
                    assertEquals(client.getsockname(), server.getpeername());
                }
            }
        });
    }

    /** SK1 for datagrams: cancelled recvfrom / recvfromInto / recv consume no datagram; cancelled sendto sends none. */
    @Test
    void cancelledDatagramOperationsHaveNoEffect() throws Exception {
        run(() -> {
            try (TrioSocket a = Sockets.socket(StandardProtocolFamily.INET, SocketKind.DATAGRAM);
                 TrioSocket b = Sockets.socket(StandardProtocolFamily.INET, SocketKind.DATAGRAM)) {
                a.bind(a.resolveLocalAddress("127.0.0.1", 0));
                b.bind(b.resolveLocalAddress("127.0.0.1", 0));
                SocketAddress bAddress = b.getsockname();
                cancelledBefore(() -> a.sendto(new byte[] {9}, bAddress));
                Testing.assertCheckpoints(() -> assertEquals(1, a.sendto(new byte[] {1}, bAddress)));
                assertTrue(b.isReadable(), "loopback delivers at once");
                cancelledBefore(() -> b.recvfrom(10));
                cancelledBefore(() -> b.recvfromInto(ByteBuffer.allocate(10)));
                cancelledBefore(() -> b.recv(10));
                cancelledBefore(() -> b.recvInto(ByteBuffer.allocate(10)));
                Datagram[] got = new Datagram[1];
                Testing.assertCheckpoints(() -> got[0] = b.recvfrom(10));
                assertEquals(new Datagram(new byte[] {1}, a.getsockname()), got[0],
                        "the first datagram sent, not the cancelled one, and nothing was consumed");
                assertFalse(b.isReadable(), "the cancelled sendto sent nothing");
            }
        });
    }

    /** SK1: a UDP bind and a stream bind are full checkpoints, and cancelled before them nothing is bound. */
    @Test
    void aCancelledBindBindsNothing() throws Exception {
        run(() -> {
            for (SocketKind kind : SocketKind.values()) {
                try (TrioSocket socket = Sockets.socket(StandardProtocolFamily.INET, kind)) {
                    SocketAddress address = socket.resolveLocalAddress("127.0.0.1", 0);
                    cancelledBefore(() -> socket.bind(address));
                    assertEquals(inet("0.0.0.0", 0), socket.getsockname(), kind + ": still unbound");
                    Testing.assertCheckpoints(() -> socket.bind(address));
                    assertEquals(InetAddress.getByName("127.0.0.1"),
                            ((InetSocketAddress) socket.getsockname()).getAddress());
                }
            }
        });
    }

    /** A read-only buffer to receive into is refused up front, naming the mistake, before any checkpoint. */
    @Test
    void receivingIntoAReadOnlyBufferNamesTheMistake() throws Exception {
        run(() -> {
            ByteBuffer readOnly = ByteBuffer.allocate(4).asReadOnlyBuffer();
            try (SocketPair stream = Sockets.socketpair();
                 SocketPair datagram = Sockets.socketpair(StandardProtocolFamily.INET, SocketKind.DATAGRAM)) {
                for (TrioSocket socket : List.of(stream.a(), datagram.a())) {
                    for (TrioRunnable use : List.<TrioRunnable>of(() -> socket.recvInto(readOnly),
                            () -> socket.recvfromInto(readOnly))) {
                        Testing.assertNoCheckpoints(() -> {
                            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, use::run);
                            assertTrue(e.getMessage().contains("read-only"), e.getMessage());
                        });
                    }
                }
            }
        });
    }

    /** SK1/SK4: a connect that fails at once is still a checkpoint, and its error names the address. */
    @Test
    void aFailingConnectIsStillACheckpoint() throws Exception {
        run(() -> {
            try (TrioSocket socket = Sockets.socket()) {
                // nothing listens on a port we just had and gave up
                int port;
                try (TrioSocket probe = listener(StandardProtocolFamily.INET)) {
                    port = ((InetSocketAddress) probe.getsockname()).getPort();
                }
                SocketAddress target = inet("127.0.0.1", port);
                Testing.assertCheckpoints(() -> {
                    java.io.IOException e = assertThrows(java.io.IOException.class, () -> socket.connect(target));
                    assertTrue(e.getMessage().startsWith("Error connecting to 127.0.0.1:" + port + ": "), e.getMessage());
                });
                assertFalse(socket.isClosed(), "only a cancelled connect closes the socket");
            }
        });
    }

    // ================================================================== SK2 (test_io.py)

    /** test_socket_simultaneous_read_write: a receiver and a sender wait on one socket at once; neither is busy. */
    @Test
    void oneReaderAndOneWriterMayWaitAtOnce() throws Exception {
        run(() -> {
            try (SocketPair pair = SocketTesting.tcpPair(StandardProtocolFamily.INET)) {
                TrioSocket a = pair.a();
                long filled = SocketTesting.fill(a);
                assertTrue(filled > 0);
                byte[][] received = new byte[1][];
                Trio.openNursery(nursery -> {
                    nursery.startSoon(() -> received[0] = a.recv(1));
                    nursery.startSoon(() -> a.sendall(new byte[] {42}));
                    Testing.waitAllTasksBlocked();
                    // drain b so the sender can finish, then answer the receiver
                    long drained = 0;
                    while (drained < filled + 1) {
                        drained += pair.b().recv(65536).length;
                    }
                    pair.b().sendall(new byte[] {7});
                });
                assertArrayEquals(new byte[] {7}, received[0]);
            }
        });
    }

    // ================================================================== SK5

    /**
     * SK5: the numeric fast path takes every IPv4 form the C library's numeric parsing accepts
     * (Trio passes AI_NUMERICHOST to getaddrinfo): shortened and octal/hex forms are literals,
     * resolved without the resolver, and octal means octal.
     */
    @Test
    void theNumericFastPathReadsIpv4LiteralsAsTheCLibraryDoes() throws Exception {
        run(() -> {
            ResolutionTest.RecordingResolver recorder = new ResolutionTest.RecordingResolver();
            Sockets.setCustomHostnameResolver(recorder);
            Testing.assertCheckpoints(() -> assertEquals(List.of(inet("127.0.0.1", 80)),
                    Sockets.getaddrinfo("127.1", 80)));
            assertEquals(List.of(inet("8.0.0.1", 80)), Sockets.getaddrinfo("010.0.0.1", 80));
            assertEquals(List.of(inet("127.0.0.1", 80)), Sockets.getaddrinfo("0x7f.0.0.1", 80));
            assertEquals(List.of(inet("127.0.0.1", 80)), Sockets.getaddrinfo("2130706433", 80));
            try (TrioSocket socket = Sockets.socket()) {
                assertEquals(inet("127.0.0.1", 5), socket.resolveRemoteAddress("127.1", 5));
            }
            assertEquals(List.of(), recorder.calls, "literals never reach the resolver");
            // not literals: these are names for the resolver
            Sockets.getaddrinfo("256.1.1.1", 80);
            Sockets.getaddrinfo("1.2.3.4.5", 80);
            assertEquals(List.of("256.1.1.1 any", "1.2.3.4.5 any"), recorder.calls);
            Sockets.setCustomHostnameResolver(null);
        });
    }

    /** SK5: like the C library's getaddrinfo, the system resolver knows no empty host name (null means loopback). */
    @Test
    void theEmptyHostNameIsNotAName() throws Exception {
        run(() -> {
            UnknownHostException e = assertThrows(UnknownHostException.class, () -> Sockets.getaddrinfo("", 80));
            assertTrue(e.getMessage().contains("empty"), e.getMessage());
            assertEquals(List.of(inet("127.0.0.1", 80)), Sockets.getaddrinfo(null, 80));
            // a custom resolver is asked, as Trio passes b"" on to it
            ResolutionTest.RecordingResolver recorder = new ResolutionTest.RecordingResolver();
            Sockets.setCustomHostnameResolver(recorder);
            Sockets.getaddrinfo("", 80, StandardProtocolFamily.INET);
            assertEquals(List.of(" INET"), recorder.calls);
            Sockets.setCustomHostnameResolver(null);
        });
    }

    // ================================================================== SK4 and UDP

    /** SK4 for UDP: connect is the same protocol, so a connect cancelled before it starts closes the socket too. */
    @Test
    void aCancelledDatagramConnectClosesTheSocket() throws Exception {
        run(() -> {
            try (TrioSocket a = Sockets.socket(StandardProtocolFamily.INET, SocketKind.DATAGRAM);
                 TrioSocket b = Sockets.socket(StandardProtocolFamily.INET, SocketKind.DATAGRAM)) {
                b.bind(b.resolveLocalAddress("127.0.0.1", 0));
                SocketAddress target = b.getsockname();
                cancelledBefore(() -> a.connect(target));
                assertTrue(a.isClosed(), "a cancelled connect leaves the socket closed");
            }
        });
    }

    /**
     * UDP: a connected socket sends to its peer with sendto too. Another address is a known
     * difference (Linux would send there; Java's DatagramChannel cannot): refused with an error
     * that says why.
     */
    @Test
    void sendtoOnAConnectedDatagramSocket() throws Exception {
        run(() -> {
            try (SocketPair pair = Sockets.socketpair(StandardProtocolFamily.INET, SocketKind.DATAGRAM);
                 TrioSocket other = Sockets.socket(StandardProtocolFamily.INET, SocketKind.DATAGRAM)) {
                assertEquals(2, pair.a().sendto("hi".getBytes(), pair.b().getsockname()));
                assertEquals(new Datagram("hi".getBytes(), pair.a().getsockname()), pair.b().recvfrom(10));
                other.bind(other.resolveLocalAddress("127.0.0.1", 0));
                SocketAddress elsewhere = other.getsockname();
                IllegalStateException e = assertThrows(IllegalStateException.class,
                        () -> pair.a().sendto("no".getBytes(), elsewhere));
                assertTrue(e.getMessage().contains("connected to " + Errors.describe(pair.b().getsockname())),
                        e.getMessage());
                assertFalse(other.isReadable(), "nothing was sent");
            }
        });
    }

    /**
     * SK4: a failed connect leaves the socket open (only a cancelled one closes it): its options
     * stay, and it can connect again — Java closes such a channel, the OS does not.
     */
    @Test
    void aSocketWhoseConnectFailedStaysUsable() throws Exception {
        run(() -> {
            try (TrioSocket socket = Sockets.socket()) {
                socket.setsockopt(java.net.StandardSocketOptions.SO_KEEPALIVE, true);
                int port;
                try (TrioSocket probe = listener(StandardProtocolFamily.INET)) {
                    port = ((InetSocketAddress) probe.getsockname()).getPort();
                }
                SocketAddress nobody = inet("127.0.0.1", port);
                assertThrows(java.net.ConnectException.class, () -> socket.connect(nobody));
                assertFalse(socket.isClosed());
                assertEquals(true, socket.getsockopt(java.net.StandardSocketOptions.SO_KEEPALIVE));
                assertEquals(true, socket.getsockopt(java.net.StandardSocketOptions.TCP_NODELAY));
                try (TrioSocket listener = listener(StandardProtocolFamily.INET)) {
                    Accepted[] accepted = new Accepted[1];
                    Trio.openNursery(nursery -> {
                        nursery.startSoon(() -> accepted[0] = listener.accept());
                        socket.connect(listener.getsockname());
                    });
                    try (TrioSocket server = accepted[0].socket()) {
                        socket.sendall(new byte[] {5});
                        assertArrayEquals(new byte[] {5}, server.recv(1));
                    }
                }
            }
            // a socket bound before the failed attempt keeps its address
            try (TrioSocket bound = Sockets.socket()) {
                bound.bind(bound.resolveLocalAddress("127.0.0.1", 0));
                SocketAddress local = bound.getsockname();
                int port;
                try (TrioSocket probe = listener(StandardProtocolFamily.INET)) {
                    port = ((InetSocketAddress) probe.getsockname()).getPort();
                }
                SocketAddress nobody = inet("127.0.0.1", port);
                assertThrows(java.net.ConnectException.class, () -> bound.connect(nobody));
                assertFalse(bound.isClosed());
                assertEquals(local, bound.getsockname());
            }
        });
    }

    // ================================================================== Unix specifics

    /**
     * SK3 for Unix-domain sockets: paths pass through; Trio's abstract names (a leading NUL) are a
     * known difference, refused with an error that says so, before any checkpoint.
     */
    @Test
    void abstractUnixNamesAreRefusedByName() throws Exception {
        run(() -> {
            try (TrioSocket socket = Sockets.socket(StandardProtocolFamily.UNIX)) {
                Testing.assertNoCheckpoints(() -> {
                    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                            () -> socket.resolveLocalAddress("\0trio-test", 0));
                    assertTrue(e.getMessage().contains("abstract"), e.getMessage());
                    IllegalArgumentException nul = assertThrows(IllegalArgumentException.class,
                            () -> socket.resolveRemoteAddress("/tmp/a\0b", 0));
                    assertTrue(nul.getMessage().startsWith("resolveRemoteAddress: not a valid path"), nul.getMessage());
                });
                assertEquals(java.net.UnixDomainSocketAddress.of("/tmp/x"), socket.resolveRemoteAddress("/tmp/x", 0));
            }
        });
    }
}
