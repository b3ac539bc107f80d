package org.triojava.streams.jdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.triojava.streams.jdk.TlsTesting.bytes;
import static org.triojava.streams.jdk.TlsTesting.clientOptions;
import static org.triojava.streams.jdk.TlsTesting.memoryPair;
import static org.triojava.streams.jdk.TlsTesting.run;
import static org.triojava.streams.jdk.TlsTesting.serverOptions;
import static org.triojava.streams.jdk.TlsTesting.string;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.triojava.BrokenResourceError;
import org.triojava.BusyResourceError;
import org.triojava.CancelScope;
import org.triojava.ClosedResourceError;
import org.triojava.ExceptionGroup;
import org.triojava.Trio;
import org.triojava.abc.Listener;
import org.triojava.abc.Stream;
import org.triojava.stream.AsyncResources;
import org.triojava.stream.NeedHandshakeError;
import org.triojava.stream.Net;
import org.triojava.stream.ServeOptions;
import org.triojava.stream.SocketListener;
import org.triojava.stream.SocketStream;
import org.triojava.stream.SslListener;
import org.triojava.stream.SslOptions;
import org.triojava.stream.SslStream;
import org.triojava.stream.StapledStream;
import org.triojava.stream.TcpConnectOptions;
import org.triojava.stream.Unwrapped;
import org.triojava.streams.jdk.TlsTesting.Pair;
import org.triojava.testing.MemoryReceiveStream;
import org.triojava.testing.MemorySendStream;
import org.triojava.testing.MemoryStreams;
import org.triojava.testing.StreamPair;
import org.triojava.testing.Testing;

/**
 * SslStream rule by rule against Trio's test_ssl.py / test_highlevel_ssl_helpers.py and the
 * reference's ST10 / HN4: the cases the other TLS tests do not already pin down.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class TrioParityTlsTest {

    // ---- the handshake: laziness, idempotence, several tasks ----

    @Test
    void waitSendAllMightNotBlockCallsTheTransportsAndDoesNotHandshake() throws Exception {
        // test_wait_writable_calls_underlying_wait_writable
        run(() -> {
            List<String> record = new ArrayList<>();
            MemorySendStream send = new MemorySendStream(null, () -> record.add("wait"), null);
            SslStream s = SslStream.wrap(new StapledStream(send, new MemoryReceiveStream()), clientOptions());
            Testing.assertCheckpoints(s::waitSendAllMightNotBlock);
            assertEquals(List.of("wait"), record);
            assertThrows(org.triojava.WouldBlock.class, send::getDataNowait, "no ClientHello was sent");
            assertThrows(NeedHandshakeError.class, s::protocol);
        });
    }

    @Test
    void anEmptySendStillRunsTheHandshake() throws Exception {
        // Trio's send_all: ensure the handshake, then b"" is just a checkpoint
        run(() -> {
            Pair p = memoryPair();
            Trio.openNursery(n -> {
                n.startSoon(() -> p.client().sendAll(new byte[0]));
                n.startSoon(p.server()::doHandshake);
            });
            assertEquals("TLSv1.3", p.client().protocol());
            Trio.openNursery(n -> {
                n.startSoon(() -> p.client().sendAll(bytes("x")));
                n.startSoon(() -> assertEquals("x", string(p.server().receiveSome(1))));
            });
        });
    }

    @Test
    void severalTasksWaitForOneHandshake() throws Exception {
        run(() -> {
            Wire w = new Wire();
            Pair p = Pair.over(w.a(), w.b(), clientOptions(), serverOptions());
            List<String> record = new ArrayList<>();
            Trio.openNursery(n -> {
                n.startSoon(() -> {
                    p.client().doHandshake();
                    record.add("first");
                });
                Testing.waitAllTasksBlocked();
                n.startSoon(() -> {
                    p.client().doHandshake();
                    record.add("second");
                });
                n.startSoon(() -> {
                    p.client().sendAll(bytes("hi"));
                    record.add("sent");
                });
                Testing.waitAllTasksBlocked();
                assertEquals(List.of(), record, "everyone waits for the peer");
                n.startSoon(() -> assertEquals("hi", string(p.server().receiveSome(2))));
            });
            assertEquals(List.of("first", "second", "sent"), record);
            assertNotNull(p.client().cipherSuite());
        });
    }

    @Test
    void cancellingATaskThatWaitsForAnotherTasksHandshakeLeavesTheStreamWhole() throws Exception {
        run(() -> {
            Pair p = memoryPair();
            Trio.openNursery(n -> {
                n.startSoon(p.client()::doHandshake);
                Testing.waitAllTasksBlocked();
                CancelScope scope = Trio.moveOnAfter(1.0, p.client()::doHandshake);
                assertTrue(scope.cancelledCaught());
                n.startSoon(p.server()::doHandshake);
            });
            Trio.openNursery(n -> {
                n.startSoon(() -> p.client().sendAll(bytes("still fine")));
                n.startSoon(() -> assertEquals("still fine", string(TlsStreamTest.readExactly(p.server(), 10))));
            });
        });
    }

    @Test
    void anHttpsCompatibleCloseDuringAnotherTasksHandshakeClosesAtOnce() throws Exception {
        run(() -> {
            Wire w = new Wire();
            SslStream client = SslStream.wrap(w.a(), clientOptions().withHttpsCompatible(true));
            Trio.openNursery(n -> {
                n.startSoon(() -> assertThrows(ClosedResourceError.class, client::doHandshake));
                Testing.waitAllTasksBlocked();
                client.close(); // no close_notify to send, so nothing to wait for
            });
            assertEquals(1, w.closes(0));
            assertThrows(ClosedResourceError.class, client::doHandshake);
        });
    }

    @Test
    void aTaskWaitingForAnotherTasksHandshakeGetsBrokenWhenItFails() throws Exception {
        run(() -> {
            Pair p = memoryPair(SslOptions.client("other.example.org").withContext(TestPki.shared().clientContext()),
                    serverOptions(), false);
            Trio.openNursery(n -> {
                n.startSoon(() -> {
                    BrokenResourceError e = assertThrows(BrokenResourceError.class, p.client()::doHandshake);
                    assertInstanceOf(SSLHandshakeException.class, e.getCause());
                });
                Testing.waitAllTasksBlocked();
                n.startSoon(() -> assertThrows(BrokenResourceError.class, () -> p.client().receiveSome()));
                n.startSoon(() -> assertThrows(BrokenResourceError.class, () -> p.client().sendAll(bytes("x"))));
                n.startSoon(() -> assertThrows(BrokenResourceError.class, p.server()::doHandshake));
            });
            assertThrows(NeedHandshakeError.class, p.client()::protocol, "a failed handshake is no handshake");
        });
    }

    @Test
    void aSendErrorDuringTheHandshakeIsRaisedAndThenTheStreamIsBroken() throws Exception {
        // test_send_error_during_handshake
        run(() -> {
            Wire w = new Wire();
            SslStream client = SslStream.wrap(w.a(), clientOptions());
            w.failNextSend(0, new IllegalStateException("boom"));
            assertEquals("boom", assertThrows(IllegalStateException.class,
                    () -> Testing.assertCheckpoints(client::doHandshake)).getMessage());
            assertThrows(BrokenResourceError.class, () -> Testing.assertCheckpoints(client::doHandshake));
        });
    }

    // ---- close(): never handshaken, forceful, concurrent with a handshake ----

    @Test
    void aForcefulCloseOfANeverHandshakenStreamSendsNothing() throws Exception {
        run(() -> {
            Wire w = new Wire();
            SslStream client = SslStream.wrap(w.a(), clientOptions());
            AsyncResources.closeForcefully(client);
            assertEquals(0, w.sent(0), "no ClientHello, no close_notify");
            assertEquals(1, w.closes(0));
            assertEquals(0, w.b().receiveSome().length, "the peer sees the transport end");
            assertThrows(ClosedResourceError.class, client::doHandshake);
            assertThrows(ClosedResourceError.class, () -> client.receiveSome());
            Testing.assertCheckpoints(client::close);
            assertEquals(1, w.closes(0));
        });
    }

    @Test
    void closeWhileAnotherTaskHandshakesWaitsForItThenSendsCloseNotify() throws Exception {
        run(() -> {
            Pair p = memoryPair();
            List<String> record = new ArrayList<>();
            Trio.openNursery(n -> {
                n.startSoon(() -> {
                    p.client().doHandshake();
                    record.add("handshake done");
                });
                Testing.waitAllTasksBlocked();
                n.startSoon(() -> {
                    p.client().close();
                    record.add("closed");
                });
                Testing.waitAllTasksBlocked();
                assertEquals(List.of(), record);
                assertEquals(0, p.server().receiveSome().length, "the handshake, then close_notify: a clean end");
            });
            assertEquals(List.of("handshake done", "closed"), record);
            assertThrows(ClosedResourceError.class, () -> p.client().sendAll(bytes("x")));
            p.server().close();
        });
    }

    @Test
    void closeAfterAnotherTasksHandshakeFailedClosesQuietly() throws Exception {
        run(() -> {
            Wire w = new Wire();
            Pair p = Pair.over(w.a(), w.b(),
                    SslOptions.client("other.example.org").withContext(TestPki.shared().clientContext()),
                    serverOptions());
            Trio.openNursery(n -> {
                n.startSoon(() -> assertThrows(BrokenResourceError.class, p.client()::doHandshake));
                Testing.waitAllTasksBlocked();
                n.startSoon(p.client()::close); // the handshake task reports the failure, not this close
                n.startSoon(() -> assertThrows(BrokenResourceError.class, p.server()::doHandshake));
            });
            assertEquals(1, w.closes(0));
            assertThrows(ClosedResourceError.class, p.client()::doHandshake);
        });
    }

    @Test
    void aCloseWaitingForAHandshakeThatAForcefulCloseEndedDoesNotRaise() throws Exception {
        run(() -> {
            Wire w = new Wire();
            SslStream client = SslStream.wrap(w.a(), clientOptions()); // the peer never answers
            Trio.openNursery(n -> {
                n.startSoon(() -> assertThrows(ClosedResourceError.class, client::doHandshake));
                Testing.waitAllTasksBlocked();
                n.startSoon(client::close);
                Testing.waitAllTasksBlocked();
                AsyncResources.closeForcefully(client);
            });
            assertEquals(1, w.closes(0), "the transport is closed once");
            Testing.assertCheckpoints(client::close);
        });
    }

    @Test
    void aFailingTransportCloseIsRaisedAndNotRepeated() throws Exception {
        // test_ssl_only_closes_stream_once
        run(() -> {
            var transport = MemoryStreams.pair();
            Pair p = Pair.over(transport.a(), transport.b(), clientOptions(), serverOptions()).handshake();
            MemorySendStream send = (MemorySendStream) transport.a().sendStream();
            Runnable original = send.closeHook();
            int[] closes = new int[1];
            send.setCloseHook(() -> {
                original.run();
                closes[0]++;
                throw new IllegalStateException("close failed");
            });
            assertEquals("close failed",
                    assertThrows(IllegalStateException.class, p.client()::close).getMessage());
            assertEquals(1, closes[0]);
            Testing.assertCheckpoints(p.client()::close);
            assertEquals(1, closes[0]);
            assertEquals(0, p.server().receiveSome().length, "the close_notify went out before");
        });
    }

    // ---- broken streams ----

    @Test
    void afterTruncationEveryOperationIsBrokenAndCloseIsQuiet() throws Exception {
        run(() -> {
            Wire w = new Wire();
            Pair p = Pair.over(w.a(), w.b(), clientOptions(), serverOptions()).handshake();
            AsyncResources.closeForcefully(p.client());
            SslStream s = p.server();
            BrokenResourceError first = assertThrows(BrokenResourceError.class, () -> s.receiveSome(10));
            assertInstanceOf(SSLException.class, first.getCause());
            assertThrows(BrokenResourceError.class, () -> s.receiveSome());
            assertThrows(BrokenResourceError.class, () -> s.sendAll(bytes("x")));
            assertThrows(BrokenResourceError.class, () -> s.sendAll(new byte[0]));
            assertThrows(BrokenResourceError.class, s::waitSendAllMightNotBlock);
            assertThrows(BrokenResourceError.class, s::unwrap);
            assertThrows(BrokenResourceError.class, s::doHandshake);
            assertEquals("TLSv1.3", s.protocol(), "what the handshake settled stays readable");
            Testing.assertCheckpoints(s::close);
            assertEquals(1, w.closes(1));
            assertThrows(ClosedResourceError.class, () -> s.receiveSome());
            assertThrows(ClosedResourceError.class, () -> s.sendAll(bytes("x")));
            assertThrows(ClosedResourceError.class, s::waitSendAllMightNotBlock);
        });
    }

    @Test
    void aPeerThatIsNotSpeakingTlsBreaksTheHandshakeWithAnSslExceptionCause() throws Exception {
        run(() -> {
            Wire w = new Wire();
            SslStream server = SslStream.wrap(w.b(), serverOptions());
            w.a().sendAll(bytes("GET / HTTP/1.0\r\n\r\n"));
            BrokenResourceError e = assertThrows(BrokenResourceError.class, () -> server.receiveSome());
            assertInstanceOf(SSLException.class, e.getCause());
            assertThrows(BrokenResourceError.class, () -> server.receiveSome());
            server.close();
            assertEquals(1, w.closes(1));
        });
    }

    @Test
    void httpsCompatibleHangUpIsAnEndButSendingAfterItIsBroken() throws Exception {
        // test_ssl_bad_shutdown_but_its_ok
        run(() -> {
            Pair p = memoryPair(clientOptions().withHttpsCompatible(true), serverOptions().withHttpsCompatible(true),
                    false).handshake();
            AsyncResources.closeForcefully(p.client());
            assertEquals(0, p.server().receiveSome(10).length);
            // as in Trio the stream is broken now (whatever the transport would still take)...
            assertThrows(BrokenResourceError.class, () -> p.server().sendAll(new byte[10]));
            assertThrows(BrokenResourceError.class, p.server()::waitSendAllMightNotBlock);
            assertThrows(BrokenResourceError.class, p.server()::unwrap);
            // ...but the end stays the end for receives
            Testing.assertCheckpoints(() -> assertEquals(0, p.server().receiveSome(10).length));
            p.server().close();
            assertThrows(ClosedResourceError.class, () -> p.server().receiveSome(10));
        });
    }

    @Test
    void httpsCompatibleHangUpOverTcpBreaksSendingAtOnce() throws Exception {
        // over TCP the kernel would still take a send after the peer's FIN: the stream must not
        Trio.run(() -> Trio.failAfter(30.0, () -> {
            SocketListener listener = Net.openTcpListeners(0, "127.0.0.1").get(0);
            try {
                SocketStream clientTransport = Testing.openStreamToSocketListener(listener);
                Pair p = Pair.over(clientTransport, listener.accept(), clientOptions().withHttpsCompatible(true),
                        serverOptions().withHttpsCompatible(true)).handshake();
                p.client().close();
                assertEquals(0, p.server().receiveSome().length);
                assertThrows(BrokenResourceError.class, () -> p.server().sendAll(bytes("x")));
                assertEquals(0, p.server().receiveSome().length);
                p.server().close();
            } finally {
                listener.close();
            }
        }));
    }

    @Test
    void httpsCompatibleHangUpBeforeTheHandshakeIsARepeatedEnd() throws Exception {
        run(() -> {
            Wire w = new Wire();
            SslStream server = SslStream.wrap(w.b(), serverOptions().withHttpsCompatible(true));
            w.a().close();
            assertEquals(0, server.receiveSome().length);
            assertEquals(0, server.receiveSome().length);
            assertThrows(BrokenResourceError.class, () -> server.sendAll(bytes("x")));
            server.close();
            assertEquals(1, w.closes(1));
        });
    }

    @Test
    void httpsCompatibleDoHandshakeAgainstAHangUpIsBroken() throws Exception {
        // only receiveSome turns an EOF in the handshake into an end of stream
        run(() -> {
            Wire w = new Wire();
            SslStream server = SslStream.wrap(w.b(), serverOptions().withHttpsCompatible(true));
            w.a().close();
            BrokenResourceError e = assertThrows(BrokenResourceError.class, server::doHandshake);
            assertInstanceOf(SSLException.class, e.getCause());
        });
    }

    // ---- cancellation ----

    @Test
    void aCancelledReceiveAfterTheHandshakeLosesNothing() throws Exception {
        run(() -> {
            Pair p = memoryPair().handshake();
            double start = Trio.currentTime();
            CancelScope scope = Trio.moveOnAfter(5.0, () -> p.client().receiveSome());
            assertTrue(scope.cancelledCaught());
            assertEquals(5.0, Trio.currentTime() - start, 1e-9);
            Trio.openNursery(n -> {
                n.startSoon(() -> p.server().sendAll(bytes("abc")));
                n.startSoon(() -> assertEquals("abc", string(TlsStreamTest.readExactly(p.client(), 3))));
            });
        });
    }

    // ---- unwrap ----

    @Test
    void unwrapIsACheckpointAndConflictsWithSendsAndReceives() throws Exception {
        run(() -> {
            Pair p = memoryPair().handshake();
            Trio.openNursery(n -> {
                n.startSoon(() -> Testing.assertCheckpoints(() -> {
                    Unwrapped u = p.client().unwrap();
                    assertEquals(0, u.leftover().length);
                }));
                Testing.waitAllTasksBlocked(); // waiting for the server's close_notify
                assertEquals("another task is currently receiving data on this SslStream",
                        assertThrows(BusyResourceError.class, () -> p.client().receiveSome()).getMessage());
                assertThrows(BusyResourceError.class, () -> p.client().sendAll(bytes("x")));
                assertThrows(BusyResourceError.class, p.client()::waitSendAllMightNotBlock);
                assertThrows(BusyResourceError.class, p.client()::unwrap);
                Testing.assertCheckpoints(() -> p.server().unwrap());
            });
            assertThrows(ClosedResourceError.class, p.client()::unwrap);
            assertThrows(ClosedResourceError.class, p.client()::doHandshake);
        });
    }

    @Test
    void unwrapBeforeTheHandshakeRunsItFirst() throws Exception {
        run(() -> {
            Pair p = memoryPair();
            Trio.openNursery(n -> {
                n.startSoon(() -> assertNotNull(p.client().unwrap().transport()));
                n.startSoon(() -> assertNotNull(p.server().unwrap().transport()));
            });
            assertEquals("TLSv1.3", p.client().protocol());
        });
    }

    @Test
    void aSendAfterACancelledUnwrapIsBrokenAndSaysWhy() throws Exception {
        run(() -> {
            Pair p = memoryPair().handshake();
            // the server never answers the close_notify
            assertTrue(Trio.moveOnAfter(1.0, p.client()::unwrap).cancelledCaught());
            BrokenResourceError e = assertThrows(BrokenResourceError.class, () -> p.client().sendAll(bytes("x")));
            assertTrue(e.getCause().getMessage().contains("already sent its close_notify"), e.getCause()::getMessage);
            assertThrows(BrokenResourceError.class, () -> p.client().receiveSome());
            assertEquals(0, p.server().receiveSome().length, "the close_notify went out");
        });
    }

    @Test
    void optionsRejectAnEmptyHostNameOrProtocolName() {
        assertEquals("a TLS client needs the server's host name (to send and verify it)",
                assertThrows(IllegalArgumentException.class, () -> SslOptions.client("")).getMessage());
        assertEquals("an ALPN protocol name must be 1..255 characters, not \"\"",
                assertThrows(IllegalArgumentException.class,
                        () -> SslOptions.client("example.org").withApplicationProtocols("h2", "")).getMessage());
    }

    // ---- listeners and the TCP helpers: options pass through ----

    @Test
    void theListenerGivesEveryStreamItsOptions() throws Exception {
        // test_SSLListener's https_compatible half
        run(() -> {
            for (boolean https : new boolean[] {false, true}) {
                var transport = MemoryStreams.pair();
                Listener<Stream> one = new Listener<>() {
                    @Override
                    public Stream accept() {
                        return transport.b();
                    }

                    @Override
                    public void close() {
                    }
                };
                SslOptions options = serverOptions().withHttpsCompatible(https);
                SslListener listener = SslListener.of(one, options);
                assertSame(options, listener.options());
                SslStream server = listener.accept();
                assertEquals(https, server.options().httpsCompatible());
                assertTrue(server.options().serverSide());
                assertSame(transport.b(), server.transportStream());
            }
        });
    }

    /** An echo handler; a client that fails or drops its handshake ends just its connection. */
    private static void echo(SslStream stream) {
        try {
            for (byte[] chunk : stream) {
                stream.sendAll(chunk);
            }
            stream.close();
        } catch (BrokenResourceError e) {
            // that client's business
        }
    }

    private static int port(SslListener listener) throws Exception {
        SocketListener transport = (SocketListener) listener.transportListener();
        return ((InetSocketAddress) transport.socket().getsockname()).getPort();
    }

    @Test
    void openSslOverTcpListenersBindsWhereAskedAndPassesHttpsCompatibleOn() throws Exception {
        // test_open_ssl_over_tcp_listeners
        Trio.run(() -> Trio.failAfter(30.0, () -> {
            for (boolean https : new boolean[] {false, true}) {
                List<SslListener> listeners = Net.openSslOverTcpListeners(0, "127.0.0.1", 0,
                        serverOptions().withHttpsCompatible(https));
                assertEquals(1, listeners.size());
                SslListener listener = listeners.get(0);
                try {
                    SocketListener tl = assertInstanceOf(SocketListener.class, listener.transportListener());
                    assertEquals("127.0.0.1",
                            ((InetSocketAddress) tl.socket().getsockname()).getAddress().getHostAddress());
                    assertEquals(https, listener.options().httpsCompatible());
                } finally {
                    listener.close();
                }
            }
        }));
    }

    @Test
    void openSslOverTcpStreamVerifiesAndPassesItsOptionsOn() throws Exception {
        // test_open_ssl_over_tcp_stream_and_everything_else
        Trio.run(() -> Trio.failAfter(30.0, () -> Trio.openNursery(n -> {
            List<SslListener> listeners = n.start(status -> Net.serveSslOverTcp(TrioParityTlsTest::echo, 0,
                    serverOptions(), ServeOptions.defaults().withHost("127.0.0.1"), status));
            int port = port(listeners.get(0));
            // trusted CA, wrong name
            try (SslStream s = Net.openSslOverTcpStream("127.0.0.1", port,
                    SslOptions.client("xyzzy.example.org").withContext(TestPki.shared().clientContext()),
                    TcpConnectOptions.defaults())) {
                assertInstanceOf(SSLHandshakeException.class,
                        assertThrows(BrokenResourceError.class, s::doHandshake).getCause());
            }
            try (SslStream s = Net.openSslOverTcpStream("127.0.0.1", port, clientOptions(),
                    TcpConnectOptions.defaults())) {
                assertEquals(TestPki.HOST, s.options().serverHostname());
                assertFalse(s.options().serverSide());
                assertFalse(s.options().httpsCompatible());
                s.sendAll(bytes("x"));
                assertEquals("x", string(s.receiveSome(1)));
            }
            try (SslStream s = Net.openSslOverTcpStream("127.0.0.1", port, clientOptions().withHttpsCompatible(true),
                    TcpConnectOptions.defaults())) {
                assertTrue(s.options().httpsCompatible());
                assertInstanceOf(SocketStream.class, s.transportStream());
            }
            n.cancelScope().cancel();
        })));
    }

    @Test
    void serveSslOverTcpHandshakesInEachConnectionsTask() throws Exception {
        // a client that never says hello holds up nobody: accept does not handshake
        Trio.run(() -> Trio.failAfter(30.0, () -> Trio.openNursery(n -> {
            List<SslListener> listeners = n.start(status -> Net.serveSslOverTcp(TrioParityTlsTest::echo, 0,
                    serverOptions(), ServeOptions.defaults().withHost("127.0.0.1"), status));
            assertEquals(1, listeners.size());
            assertInstanceOf(SocketListener.class, listeners.get(0).transportListener());
            int port = port(listeners.get(0));
            try (SocketStream silent = Net.openTcpStream("127.0.0.1", port)) {
                try (SslStream s = Net.openSslOverTcpStream("127.0.0.1", port, clientOptions(),
                        TcpConnectOptions.defaults())) {
                    s.sendAll(bytes("ping"));
                    assertEquals("ping", string(TlsStreamTest.readExactly(s, 4)));
                }
            }
            n.cancelScope().cancel();
        })));
    }

    // ---- concurrency vocabulary (test_resource_busy_errors), over a lockstep transport ----

    @Test
    void busyErrorsNameTheOperationAndComeFromACheckpoint() throws Exception {
        run(() -> {
            StreamPair<StapledStream> transport = MemoryStreams.lockstepPair();
            Pair p = Pair.over(transport.a(), transport.b(), clientOptions(), serverOptions()).handshake();
            ExceptionGroup g = assertThrows(ExceptionGroup.class, () -> Trio.openNursery(n -> {
                n.startSoon(() -> p.client().sendAll(bytes("x")));
                n.startSoon(() -> p.client().waitSendAllMightNotBlock());
            }));
            assertEquals("another task is currently sending data on this SslStream",
                    g.exceptions().get(0).getMessage());
            AsyncResources.closeForcefully(p.client());
            AsyncResources.closeForcefully(p.server());
        });
    }
}
