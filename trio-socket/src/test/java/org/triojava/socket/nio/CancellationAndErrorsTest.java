package org.triojava.socket.nio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.triojava.socket.nio.SocketTesting.assertBytes;
import static org.triojava.socket.nio.SocketTesting.fill;
import static org.triojava.socket.nio.SocketTesting.listener;
import static org.triojava.socket.nio.SocketTesting.randomBytes;
import static org.triojava.socket.nio.SocketTesting.recvAll;
import static org.triojava.socket.nio.SocketTesting.run;
import static org.triojava.socket.nio.SocketTesting.tcpPair;

import java.io.IOException;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.triojava.BusyResourceError;
import org.triojava.CancelScope;
import org.triojava.Cancelled;
import org.triojava.ClosedResourceError;
import org.triojava.Trio;
import org.triojava.socket.PartialResult;
import org.triojava.socket.ShutdownHow;
import org.triojava.socket.SocketKind;
import org.triojava.socket.SocketPair;
import org.triojava.socket.Sockets;
import org.triojava.socket.TrioSocket;
import org.triojava.testing.Testing;

/**
 * Cancellation of every blocking operation, the partial result of a cancelled or failed
 * sendall, busy and closed errors. Cancellation comes from another task after
 * {@code waitAllTasksBlocked} (deterministic), or from a deadline only to stop a wait.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class CancellationAndErrorsTest {

    /** Runs {@code body} in a task and cancels it once every task is blocked; returns whether it was cancelled. */
    private static boolean cancelWhenBlocked(org.triojava.TrioRunnable body) throws Exception {
        CancelScope scope = new CancelScope();
        Trio.openNursery(nursery -> {
            nursery.startSoon(() -> scope.run(body));
            Testing.waitAllTasksBlocked();
            scope.cancel();
        });
        return scope.cancelledCaught();
    }

    @Test
    void acceptIsCancellable() throws Exception {
        run(() -> {
            try (TrioSocket listener = listener(StandardProtocolFamily.INET)) {
                assertTrue(cancelWhenBlocked(listener::accept));
                assertFalse(listener.isClosed(), "a cancelled accept leaves the listener usable");
                try (TrioSocket client = Sockets.socket()) {
                    Trio.openNursery(nursery -> {
                        nursery.startSoon(() -> client.connect(listener.getsockname()));
                        listener.accept().socket().close();
                    });
                }
            }
        });
    }

    @Test
    void recvIsCancellableAndConsumesNothing() throws Exception {
        run(() -> {
            try (SocketPair pair = Sockets.socketpair()) {
                assertTrue(cancelWhenBlocked(() -> pair.a().recv(10)));
                // cancelled before the call: nothing is read
                pair.b().sendall(new byte[] {'1'});
                CancelScope scope = new CancelScope();
                scope.cancel();
                scope.run(() -> {
                    Testing.assertCheckpoints(() -> assertThrows(Cancelled.class, () -> pair.a().recv(10)));
                });
                assertArrayEquals(new byte[] {'1'}, pair.a().recv(10), "the byte is still there");
            }
        });
    }

    @Test
    void connectCancelledBeforeItStartsClosesTheSocket() throws Exception {
        run(() -> {
            try (TrioSocket listener = listener(StandardProtocolFamily.INET);
                 TrioSocket client = Sockets.socket()) {
                CancelScope scope = new CancelScope();
                scope.cancel();
                scope.run(() -> assertThrows(Cancelled.class, () -> client.connect(listener.getsockname())));
                assertTrue(client.isClosed(), "a cancelled connect closes the socket");
                assertThrows(ClosedResourceError.class, client::getsockname);
            }
        });
    }

    /**
     * A connect that really waits: the listener's accept queue is full (Linux holds backlog + 1
     * connections and then drops SYNs), so the next connect stays pending until the deadline
     * cancels it. The deadline only stops the wait; nothing is asserted about time.
     */
    @Test
    void connectCancelledWhileInProgressClosesTheSocket() throws Exception {
        run(() -> {
            List<TrioSocket> clients = new ArrayList<>();
            try (TrioSocket listener = Sockets.socket()) {
                listener.bind(listener.resolveLocalAddress("127.0.0.1", 0));
                listener.listen(1);
                SocketAddress address = listener.getsockname();
                TrioSocket pending = null;
                for (int i = 0; i < 64 && pending == null; i++) {
                    TrioSocket client = Sockets.socket();
                    clients.add(client);
                    CancelScope scope = Trio.moveOnAfter(1.0, () -> client.connect(address));
                    if (scope.cancelledCaught()) {
                        pending = client;
                    }
                }
                assertNotNull(pending, "the accept queue never filled up");
                assertTrue(pending.isClosed(), "a connect cancelled mid-way closes the socket");
                assertTrue(clients.size() >= 2, "some connections completed before the queue was full");
                for (TrioSocket client : clients.subList(0, clients.size() - 1)) {
                    assertFalse(client.isClosed());
                    assertNotNull(client.getpeername());
                }
            } finally {
                clients.forEach(TrioSocket::close);
            }
        });
    }

    /** The "bytesSent after a cancelled large sendall to a slow reader": the reader never reads until after. */
    @Test
    void aCancelledSendallReportsExactlyHowMuchWasSent() throws Exception {
        byte[] data = randomBytes(32 * 1024 * 1024);
        run(() -> {
            try (SocketPair pair = tcpPair(StandardProtocolFamily.INET)) {
                Cancelled[] caught = new Cancelled[1];
                assertTrue(cancelWhenBlocked(() -> {
                    try {
                        pair.a().sendall(data);
                    } catch (Cancelled cancelled) {
                        caught[0] = cancelled;
                        throw cancelled;
                    }
                }));
                PartialResult partial = Sockets.partialResult(caught[0]).orElseThrow();
                assertTrue(partial.bytesSent() > 0, "the kernel buffers took something: " + partial);
                assertTrue(partial.bytesSent() < data.length, "but not 32 MiB: " + partial);
                assertTrue(Arrays.stream(caught[0].getSuppressed()).anyMatch(
                        s -> s.getMessage().equals(partial.bytesSent() + " bytes were sent before this exception")));
                // exactly that prefix arrives, and nothing else
                pair.a().shutdown(ShutdownHow.WRITE);
                byte[] received = recvAll(pair.b());
                assertBytes(Arrays.copyOf(data, (int) partial.bytesSent()), received);
            }
        });
    }

    @Test
    void aSendallCancelledBeforeItStartsSendsNothing() throws Exception {
        run(() -> {
            try (SocketPair pair = Sockets.socketpair()) {
                CancelScope scope = new CancelScope();
                scope.cancel();
                scope.run(() -> {
                    Cancelled cancelled = assertThrows(Cancelled.class, () -> pair.a().sendall(new byte[] {1, 2, 3}));
                    assertEquals(Optional.of(new PartialResult(0)), Sockets.partialResult(cancelled));
                });
                pair.a().shutdown(ShutdownHow.WRITE);
                assertEquals(0, pair.b().recv(10).length);
            }
        });
    }

    @Test
    void aSendallFailingPartWayReportsWhatItSent() throws Exception {
        run(() -> {
            try (SocketPair pair = tcpPair(StandardProtocolFamily.INET)) {
                long before = fill(pair.a());
                assertTrue(before > 0);
                IOException[] failure = new IOException[1];
                Trio.openNursery(nursery -> {
                    nursery.startSoon(() -> failure[0] = assertThrows(IOException.class,
                            () -> pair.a().sendall(new byte[8 * 1024 * 1024])));
                    Testing.waitAllTasksBlocked();
                    // the reader goes away without reading: the blocked sender's connection is reset
                    pair.b().setsockopt(java.net.StandardSocketOptions.SO_LINGER, 0);
                    pair.b().close();
                });
                PartialResult partial = Sockets.partialResult(failure[0]).orElseThrow();
                assertTrue(partial.bytesSent() >= 0 && partial.bytesSent() < 8 * 1024 * 1024, partial::toString);
            }
        });
    }

    @Test
    void twoReceiversOrTwoSendersAreBusy() throws Exception {
        run(() -> {
            try (SocketPair pair = tcpPair(StandardProtocolFamily.INET)) {
                Trio.openNursery(nursery -> {
                    nursery.startSoon(() -> pair.a().recv(1));
                    Testing.waitAllTasksBlocked();
                    // a second receiver that has to wait is busy (as in Trio, only waiting conflicts)
                    assertThrows(BusyResourceError.class, () -> pair.a().recv(1));
                    assertThrows(BusyResourceError.class, () -> pair.a().recvInto(java.nio.ByteBuffer.allocate(1)));
                    pair.b().sendall(new byte[] {9});
                });
                fill(pair.a());
                Trio.openNursery(nursery -> {
                    nursery.startSoon(() -> pair.a().sendall(new byte[1 << 20]));
                    Testing.waitAllTasksBlocked();
                    BusyResourceError busy = assertThrows(BusyResourceError.class,
                            () -> pair.a().sendall(new byte[] {1}));
                    assertTrue(busy.getMessage().contains("sending"), busy.getMessage());
                    assertEquals(Optional.of(new PartialResult(0)), Sockets.partialResult(busy),
                            "even a busy sendall says it sent nothing");
                    nursery.cancelScope().cancel();
                });
            }
            try (TrioSocket listener = listener(StandardProtocolFamily.INET)) {
                Trio.openNursery(nursery -> {
                    nursery.startSoon(listener::accept);
                    Testing.waitAllTasksBlocked();
                    assertThrows(BusyResourceError.class, listener::accept);
                    nursery.cancelScope().cancel();
                });
            }
        });
    }

    /** Trio's test_interrupted_by_close: closing wakes a blocked sender and a blocked receiver. */
    @Test
    void closeWakesBlockedTasksWithClosedResourceError() throws Exception {
        run(() -> {
            try (SocketPair pair = tcpPair(StandardProtocolFamily.INET)) {
                TrioSocket a = pair.a();
                fill(a);
                ClosedResourceError[] errors = new ClosedResourceError[2];
                Trio.openNursery(nursery -> {
                    nursery.startSoon(() -> errors[0] = assertThrows(ClosedResourceError.class,
                            () -> a.sendall(new byte[100_000])));
                    nursery.startSoon(() -> errors[1] = assertThrows(ClosedResourceError.class, () -> a.recv(1)));
                    Testing.waitAllTasksBlocked();
                    a.close();
                });
                assertTrue(Sockets.partialResult(errors[0]).isPresent(), "the sender's error carries its progress");
                assertFalse(Sockets.partialResult(errors[1]).isPresent());
            }
            try (TrioSocket listener = listener(StandardProtocolFamily.INET)) {
                Trio.openNursery(nursery -> {
                    nursery.startSoon(() -> assertThrows(ClosedResourceError.class, listener::accept));
                    Testing.waitAllTasksBlocked();
                    listener.close();
                });
            }
        });
    }

    @Test
    void everyUseAfterCloseIsAClosedResourceError() throws Exception {
        run(() -> {
            TrioSocket socket = Sockets.socket();
            assertFalse(socket.isClosed());
            socket.close();
            socket.close(); // idempotent
            assertTrue(socket.isClosed());
            assertTrue(socket.toString().contains("closed"), socket::toString);
            List<org.junit.jupiter.api.function.Executable> uses = List.of(
                    () -> socket.recv(1),
                    () -> socket.recvInto(java.nio.ByteBuffer.allocate(1)),
                    () -> socket.sendall(new byte[1]),
                    () -> socket.bind(new java.net.InetSocketAddress(0)),
                    socket::listen,
                    socket::accept,
                    () -> socket.connect(new java.net.InetSocketAddress(0)),
                    () -> socket.shutdown(ShutdownHow.BOTH),
                    socket::getsockname,
                    socket::getpeername,
                    () -> socket.getsockopt(java.net.StandardSocketOptions.TCP_NODELAY),
                    () -> socket.setsockopt(java.net.StandardSocketOptions.TCP_NODELAY, true),
                    socket::waitWritable,
                    socket::isReadable,
                    () -> socket.resolveRemoteAddress("127.0.0.1", 1));
            for (org.junit.jupiter.api.function.Executable use : uses) {
                ClosedResourceError error = assertThrows(ClosedResourceError.class, use);
                assertTrue(error.getMessage().contains("closed"), error.getMessage());
            }
            TrioSocket datagram = Sockets.socket(StandardProtocolFamily.INET, SocketKind.DATAGRAM);
            datagram.close();
            assertThrows(ClosedResourceError.class, () -> datagram.recvfrom(1));
            assertThrows(ClosedResourceError.class,
                    () -> datagram.sendto(new byte[1], new java.net.InetSocketAddress("127.0.0.1", 9)));
        });
    }

    @Test
    void aLookupInACustomResolverIsCancellable() throws Exception {
        run(() -> {
            Sockets.setCustomHostnameResolver(new org.triojava.abc.HostnameResolver() {
                @Override
                public List<java.net.InetAddress> getaddrinfo(String host, java.net.ProtocolFamily family) {
                    Trio.sleepForever();
                    return List.of();
                }

                @Override
                public String getnameinfo(java.net.InetAddress address) {
                    Trio.sleepForever();
                    return "";
                }
            });
            assertTrue(cancelWhenBlocked(() -> Sockets.getaddrinfo("slow.example", 80)));
            try (TrioSocket socket = Sockets.socket()) {
                assertTrue(cancelWhenBlocked(() -> socket.resolveRemoteAddress("slow.example", 80)));
                assertFalse(socket.isClosed());
            }
            assertTrue(cancelWhenBlocked(() -> Sockets.getnameinfo(java.net.InetAddress.getLoopbackAddress())));
        });
    }
}
