package org.triojava.socket.nio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.triojava.socket.nio.SocketTesting.assumeIpv6;
import static org.triojava.socket.nio.SocketTesting.loopback;
import static org.triojava.socket.nio.SocketTesting.run;

import java.net.InetSocketAddress;
import java.net.ProtocolFamily;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.triojava.Trio;
import org.triojava.socket.Datagram;
import org.triojava.socket.ReceivedFrom;
import org.triojava.socket.ShutdownHow;
import org.triojava.socket.SocketKind;
import org.triojava.socket.SocketPair;
import org.triojava.socket.Sockets;
import org.triojava.socket.TrioSocket;
import org.triojava.testing.Testing;

/** UDP on real loopback (Trio's test_send_recv_variants, datagram half). */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class DatagramSocketTest {

    private static void echo(ProtocolFamily family) throws Exception {
        run(() -> {
            try (TrioSocket a = Sockets.socket(family, SocketKind.DATAGRAM);
                 TrioSocket b = Sockets.socket(family, SocketKind.DATAGRAM)) {
                assertEquals(SocketKind.DATAGRAM, a.kind());
                a.bind(a.resolveLocalAddress(loopback(family), 0));
                b.bind(b.resolveLocalAddress(loopback(family), 0));
                SocketAddress bAddress = b.getsockname();
                InetSocketAddress byName = (InetSocketAddress) a.resolveRemoteAddress(loopback(family),
                        ((InetSocketAddress) bAddress).getPort());
                for (SocketAddress target : new SocketAddress[] {bAddress, byName}) {
                    assertEquals(3, a.sendto("xxx".getBytes(), target));
                    Datagram got = b.recvfrom(10);
                    assertArrayEquals("xxx".getBytes(), got.data());
                    assertEquals(a.getsockname(), got.address());
                    // and back to the sender
                    assertEquals(2, b.sendto(ByteBuffer.wrap("ok".getBytes()), got.address()));
                    assertEquals(new Datagram("ok".getBytes(), bAddress), a.recvfrom(10));
                }
                // recvfrom_into
                a.sendto("xyz".getBytes(), bAddress);
                ByteBuffer buffer = ByteBuffer.allocate(10);
                ReceivedFrom into = b.recvfromInto(buffer);
                assertEquals(new ReceivedFrom(3, a.getsockname()), into);
                assertEquals(3, buffer.position());
                // a datagram longer than asked for is cut, the rest is gone
                a.sendto("12345".getBytes(), bAddress);
                a.sendto("6".getBytes(), bAddress);
                assertArrayEquals("12".getBytes(), b.recv(2));
                assertArrayEquals("6".getBytes(), b.recv(10));
                // an empty datagram is a datagram
                assertEquals(0, a.sendto(new byte[0], bAddress));
                assertEquals(0, b.recvfrom(10).data().length);
            }
        });
    }

    @Test
    void echoOverIpv4() throws Exception {
        echo(StandardProtocolFamily.INET);
    }

    @Test
    void echoOverIpv6() throws Exception {
        assumeIpv6();
        echo(StandardProtocolFamily.INET6);
    }

    @Test
    void aConnectedDatagramSocketSendsOneDatagramPerSendall() throws Exception {
        run(() -> {
            try (TrioSocket a = Sockets.socket(StandardProtocolFamily.INET, SocketKind.DATAGRAM);
                 TrioSocket b = Sockets.socket(StandardProtocolFamily.INET, SocketKind.DATAGRAM)) {
                IllegalStateException unconnected = assertThrows(IllegalStateException.class,
                        () -> a.sendall(new byte[1]));
                assertTrue(unconnected.getMessage().contains("connect()"), unconnected.getMessage());
                b.bind(b.resolveLocalAddress("127.0.0.1", 0));
                Testing.assertCheckpoints(() -> a.connect(b.getsockname()));
                assertEquals(b.getsockname(), a.getpeername());
                a.sendall("xxx".getBytes());
                a.sendall("yyy".getBytes());
                assertArrayEquals("xxx".getBytes(), b.recv(10));
                assertArrayEquals("yyy".getBytes(), b.recv(10));
                ByteBuffer into = ByteBuffer.allocate(2);
                a.sendall("zzz".getBytes());
                assertEquals(2, b.recvInto(into));
            }
        });
    }

    @Test
    void aDatagramSocketpairIsTwoConnectedUdpSockets() throws Exception {
        run(() -> {
            try (SocketPair pair = Sockets.socketpair(StandardProtocolFamily.INET, SocketKind.DATAGRAM)) {
                assertEquals(pair.b().getsockname(), pair.a().getpeername());
                assertEquals(pair.a().getsockname(), pair.b().getpeername());
                pair.a().sendall("ping".getBytes());
                assertArrayEquals("ping".getBytes(), pair.b().recv(100));
                pair.b().sendall("pong".getBytes());
                assertArrayEquals("pong".getBytes(), pair.a().recv(100));
            }
        });
    }

    @Test
    void recvfromWaitsAndIsCancellable() throws Exception {
        run(() -> {
            try (SocketPair pair = Sockets.socketpair(StandardProtocolFamily.INET, SocketKind.DATAGRAM)) {
                Trio.openNursery(nursery -> {
                    nursery.startSoon(() -> assertArrayEquals("late".getBytes(), pair.a().recvfrom(10).data()));
                    Testing.waitAllTasksBlocked();
                    pair.b().sendall("late".getBytes());
                });
                org.triojava.CancelScope scope = new org.triojava.CancelScope();
                Trio.openNursery(nursery -> {
                    nursery.startSoon(() -> scope.run(() -> pair.a().recvfrom(10)));
                    Testing.waitAllTasksBlocked();
                    scope.cancel();
                });
                assertTrue(scope.cancelledCaught());
            }
        });
    }

    @Test
    void streamOnlyOperationsAreRefused() throws Exception {
        run(() -> {
            try (TrioSocket socket = Sockets.socket(StandardProtocolFamily.INET, SocketKind.DATAGRAM)) {
                assertThrows(IllegalStateException.class, socket::listen);
                assertThrows(IllegalStateException.class, socket::accept);
                assertThrows(IllegalStateException.class, () -> socket.shutdown(ShutdownHow.WRITE));
                assertFalse(socket.didShutdownWrite());
                assertThrows(IllegalArgumentException.class, () -> socket.recvfrom(-1));
            }
        });
    }
}
