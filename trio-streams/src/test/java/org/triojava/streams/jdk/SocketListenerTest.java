package org.triojava.streams.jdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.triojava.streams.jdk.StreamTesting.receiveExactly;

import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.triojava.CancelScope;
import org.triojava.ClosedResourceError;
import org.triojava.Trio;
import org.triojava.socket.SocketKind;
import org.triojava.socket.Sockets;
import org.triojava.socket.TrioSocket;
import org.triojava.stream.SocketListener;
import org.triojava.stream.SocketStream;
import org.triojava.testing.Testing;

/** Trio's test_highlevel_socket (SocketListener part): real loopback, plus scripted accept errors. */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class SocketListenerTest {

    @Test
    void ofRejectsWhatIsNotAListeningStreamSocket() throws Exception {
        Trio.run(() -> {
            try (TrioSocket udp = Sockets.socket(StandardProtocolFamily.INET, SocketKind.DATAGRAM)) {
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SocketListener.of(udp));
                assertTrue(e.getMessage().startsWith(
                        "SocketListener needs a stream (SOCK_STREAM) socket, not a DATAGRAM socket"));
            }
            try (TrioSocket unbound = Sockets.socket()) {
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                        () -> SocketListener.of(unbound));
                assertTrue(e.getMessage().startsWith("SocketListener needs a listening socket; call listen() first"));
                unbound.bind(unbound.resolveLocalAddress("127.0.0.1", 0));
                assertThrows(IllegalArgumentException.class, () -> SocketListener.of(unbound)); // bound is not enough
            }
            TrioSocket closed = StreamTesting.listeningSocket(StandardProtocolFamily.INET);
            closed.close();
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SocketListener.of(closed));
            assertTrue(e.getMessage().startsWith("SocketListener needs an open socket"));
        });
    }

    @Test
    void acceptsSocketStreams() throws Exception {
        Trio.run(() -> {
            TrioSocket socket = StreamTesting.listeningSocket(StandardProtocolFamily.INET);
            try (SocketListener listener = SocketListener.of(socket)) {
                assertSame(socket, listener.socket());
                try (TrioSocket client = Sockets.socket()) {
                    SocketStream[] server = new SocketStream[1];
                    Trio.openNursery(n -> {
                        n.startSoon(() -> server[0] = listener.accept());
                        client.connect(socket.getsockname());
                    });
                    try (SocketStream stream = server[0]) {
                        assertTrue(stream.getsockopt(StandardSocketOptions.TCP_NODELAY));
                        assertEquals(client.getsockname(), stream.socket().getpeername());
                        client.sendall("hi".getBytes());
                        assertEquals("hi", new String(receiveExactly(stream, 2)));
                    }
                }
            }
        });
    }

    @Test
    void closeIsIdempotentAndWakesAccept() throws Exception {
        Trio.run(() -> {
            SocketListener listener = SocketListener.of(StreamTesting.listeningSocket(StandardProtocolFamily.INET));
            ClosedResourceError[] woke = new ClosedResourceError[1];
            Trio.openNursery(n -> {
                n.startSoon(() -> woke[0] = assertThrows(ClosedResourceError.class, listener::accept));
                Testing.waitAllTasksBlocked();
                Testing.assertCheckpoints(listener::close);
            });
            assertTrue(woke[0] != null);
            assertTrue(listener.socket().isClosed());
            Testing.assertCheckpoints(listener::close);
            assertThrows(ClosedResourceError.class, listener::accept);
            // closed even inside a cancelled scope
            SocketListener other = SocketListener.of(StreamTesting.listeningSocket(StandardProtocolFamily.INET));
            CancelScope scope = new CancelScope();
            scope.cancel();
            scope.run(other::close);
            assertTrue(other.socket().isClosed());
        });
    }

    @Test
    void acceptRetriesTransientErrors() throws Exception {
        Trio.run(() -> {
            FakeSocket fake = new FakeSocket(StandardProtocolFamily.INET, SocketKind.STREAM);
            fake.listening = true;
            FakeSocket connected = new FakeSocket(StandardProtocolFamily.INET, SocketKind.STREAM);
            fake.acceptScript.add(new IOException("accept: Software caused connection abort"));
            fake.acceptScript.add(new SocketException("Connection reset by peer"));
            fake.acceptScript.add(new NoRouteToHostException("No route to host"));
            fake.acceptScript.add(new IOException("Protocol error"));
            fake.acceptScript.add(new IOException("Connection timed out"));
            fake.acceptScript.add(new IOException("Operation not permitted"));
            fake.acceptScript.add(connected);
            SocketListener listener = SocketListener.of(fake);
            SocketStream stream = listener.accept();
            assertSame(connected, stream.socket());
            assertEquals(7, fake.acceptCalls);
            assertEquals(Boolean.TRUE, connected.options.get(StandardSocketOptions.TCP_NODELAY));
        });
    }

    @Test
    void acceptPassesOtherErrorsOn() throws Exception {
        Trio.run(() -> {
            FakeSocket fake = new FakeSocket(StandardProtocolFamily.INET, SocketKind.STREAM);
            fake.listening = true;
            IOException emfile = new IOException("accept: Too many open files");
            IOException strange = new ConnectException("something else entirely");
            fake.acceptScript.add(emfile);
            fake.acceptScript.add(strange);
            SocketListener listener = SocketListener.of(fake);
            assertSame(emfile, assertThrows(IOException.class, listener::accept));
            assertSame(strange, assertThrows(IOException.class, listener::accept));
            listener.close();
            assertTrue(fake.closed);
            assertThrows(ClosedResourceError.class, listener::accept);
        });
    }

    /** Trio's test_SocketListener_socket_closed_underfoot: closing the socket itself also stops accept. */
    @Test
    void socketClosedUnderfoot() throws Exception {
        Trio.run(() -> {
            SocketListener listener = SocketListener.of(StreamTesting.listeningSocket(StandardProtocolFamily.INET));
            listener.socket().close();
            assertThrows(ClosedResourceError.class, listener::accept);
            listener.close(); // still fine
        });
    }

    @Test
    void aSecondWaitingAcceptIsBusy() throws Exception {
        Trio.run(() -> {
            try (SocketListener listener = SocketListener.of(StreamTesting.listeningSocket(StandardProtocolFamily.INET))) {
                Trio.openNursery(n -> {
                    n.startSoon(() -> assertThrows(ClosedResourceError.class, listener::accept));
                    Testing.waitAllTasksBlocked();
                    assertThrows(org.triojava.BusyResourceError.class, listener::accept);
                    listener.close();
                });
            }
        });
    }
}
