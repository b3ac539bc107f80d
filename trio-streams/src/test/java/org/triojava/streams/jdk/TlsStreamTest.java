package org.triojava.streams.jdk;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.triojava.streams.jdk.TlsTesting.bytes;
import static org.triojava.streams.jdk.TlsTesting.clientOptions;
import static org.triojava.streams.jdk.TlsTesting.memoryPair;
import static org.triojava.streams.jdk.TlsTesting.run;
import static org.triojava.streams.jdk.TlsTesting.serverOptions;
import static org.triojava.streams.jdk.TlsTesting.string;

import java.io.ByteArrayOutputStream;
import java.security.cert.Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.triojava.BrokenResourceError;
import org.triojava.BusyResourceError;
import org.triojava.CancelScope;
import org.triojava.ClosedResourceError;
import org.triojava.ExceptionGroup;
import org.triojava.TooSlowError;
import org.triojava.Trio;
import org.triojava.abc.Listener;
import org.triojava.abc.Stream;
import org.triojava.stream.AsyncResources;
import org.triojava.stream.NeedHandshakeError;
import org.triojava.stream.SslListener;
import org.triojava.stream.SslOptions;
import org.triojava.stream.SslStream;
import org.triojava.stream.Unwrapped;
import org.triojava.streams.jdk.TlsTesting.Pair;
import org.triojava.testing.Sequencer;
import org.triojava.testing.Testing;

/** SslStream over in-memory transports: both sides ours. */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class TlsStreamTest {

    @Test
    void explicitHandshakeThenDataBothWays() throws Exception {
        run(() -> {
            Pair p = memoryPair().handshake();
            assertEquals("TLSv1.3", p.client().protocol());
            assertEquals("TLSv1.3", p.server().protocol());
            assertEquals(p.client().cipherSuite(), p.server().cipherSuite());
            Certificate[] chain = p.client().peerCertificates();
            assertEquals(2, chain.length);
            assertEquals(TestPki.shared().server, chain[0]);
            assertEquals(0, p.server().peerCertificates().length, "no client certificate was asked for");
            Trio.openNursery(n -> {
                n.startSoon(() -> p.client().sendAll(bytes("ping")));
                n.startSoon(() -> assertEquals("ping", string(p.server().receiveSome(100))));
            });
            Trio.openNursery(n -> {
                n.startSoon(() -> p.server().sendAll(bytes("pong")));
                n.startSoon(() -> assertEquals("pong", string(p.client().receiveSome(100))));
            });
        });
    }

    @Test
    void theFirstSendOrReceiveRunsTheHandshake() throws Exception {
        run(() -> {
            Pair p = memoryPair();
            Trio.openNursery(n -> {
                n.startSoon(() -> p.client().sendAll(bytes("hello")));
                n.startSoon(() -> assertEquals("hello", string(p.server().receiveSome())));
            });
            assertEquals("TLSv1.3", p.client().protocol());
            assertEquals("TLSv1.3", p.server().protocol());
        });
    }

    @Test
    void anExplicitHandshakeIsIdempotentAndStillACheckpoint() throws Exception {
        run(() -> {
            Wire w = new Wire();
            Pair p = Pair.over(w.a(), w.b(), clientOptions(), serverOptions()).handshake();
            long sent = w.sent(0);
            Testing.assertCheckpoints(() -> p.client().doHandshake());
            Testing.assertCheckpoints(() -> p.server().doHandshake());
            assertEquals(sent, w.sent(0), "a second handshake sends nothing");
        });
    }

    @Test
    void handshakeInformationNeedsTheHandshake() throws Exception {
        run(() -> {
            Pair p = memoryPair();
            for (SslStream s : List.of(p.client(), p.server())) {
                assertEquals("call doHandshake() before calling protocol()",
                        assertThrows(NeedHandshakeError.class, s::protocol).getMessage());
                assertThrows(NeedHandshakeError.class, s::cipherSuite);
                assertThrows(NeedHandshakeError.class, s::applicationProtocol);
                assertThrows(NeedHandshakeError.class, s::peerCertificates);
            }
            p.handshake();
            assertNull(p.client().applicationProtocol(), "no ALPN offered: null, not an error");
            assertNull(p.server().applicationProtocol());
        });
    }

    @Test
    void alpnPicksAProtocolBothSidesSpeak() throws Exception {
        run(() -> {
            Pair p = memoryPair(clientOptions().withApplicationProtocols("h2", "http/1.1"),
                    serverOptions().withApplicationProtocols("http/1.1"), false).handshake();
            assertEquals("http/1.1", p.client().applicationProtocol());
            assertEquals("http/1.1", p.server().applicationProtocol());
        });
    }

    @Test
    void tls12WorksWhenTheClientOffersNothingNewer() throws Exception {
        run(() -> {
            Pair p = memoryPair(clientOptions("TLSv1.2"), serverOptions(), false).handshake();
            assertEquals("TLSv1.2", p.client().protocol());
            assertEquals("TLSv1.2", p.server().protocol());
            exchangeAndCloseGracefully(p);
        });
    }

    @Test
    void tls13WorksAndClosesGracefully() throws Exception {
        run(() -> {
            Pair p = memoryPair().handshake();
            exchangeAndCloseGracefully(p);
        });
    }

    private static void exchangeAndCloseGracefully(Pair p) throws Exception {
        byte[] big = new byte[300_000];
        new Random(1).nextBytes(big);
        Trio.openNursery(n -> {
            n.startSoon(() -> p.client().sendAll(big));
            n.startSoon(() -> assertArrayEquals(big, readExactly(p.server(), big.length)));
            n.startSoon(() -> p.server().sendAll(big));
            n.startSoon(() -> assertArrayEquals(big, readExactly(p.client(), big.length)));
        });
        Trio.openNursery(n -> {
            n.startSoon(() -> p.client().close());
            n.startSoon(() -> {
                assertEquals(0, p.server().receiveSome().length);
                p.server().close();
            });
        });
    }

    static byte[] readExactly(SslStream s, int n) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while (out.size() < n) {
            byte[] chunk = s.receiveSome(n - out.size());
            assertTrue(chunk.length > 0, "early EOF after " + out.size());
            out.writeBytes(chunk);
        }
        return out.toByteArray();
    }

    @Test
    void mutualTlsThroughWithParameters() throws Exception {
        run(() -> {
            SslOptions server = SslOptions.server(TestPki.shared().mutualContext())
                    .withParameters(p -> p.setNeedClientAuth(true));
            Pair p = memoryPair(SslOptions.client(TestPki.HOST).withContext(TestPki.shared().mutualContext()),
                    server, false).handshake();
            assertEquals(TestPki.shared().server, p.server().peerCertificates()[0]);
            // a client without a certificate is refused
            Pair refused = memoryPair(clientOptions(), server, false);
            Trio.openNursery(n -> {
                n.startSoon(() -> {
                    BrokenResourceError e = assertThrows(BrokenResourceError.class, () -> {
                        refused.client().doHandshake();
                        refused.client().receiveSome(); // TLS 1.3: the client hears of it after its Finished
                    });
                    assertInstanceOf(javax.net.ssl.SSLException.class, e.getCause());
                });
                n.startSoon(() -> {
                    BrokenResourceError e = assertThrows(BrokenResourceError.class, refused.server()::doHandshake);
                    assertInstanceOf(SSLHandshakeException.class, e.getCause());
                });
            });
        });
    }

    @Test
    void withParametersChoosesProtocolsButCannotTurnVerificationOff() throws Exception {
        run(() -> {
            Pair p = memoryPair(clientOptions(), serverOptions().withParameters(
                    parameters -> parameters.setProtocols(new String[] {"TLSv1.2"})), false).handshake();
            assertEquals("TLSv1.2", p.client().protocol());
            Pair wrongName = memoryPair(SslOptions.client("other.example.org")
                    .withContext(TestPki.shared().clientContext())
                    .withParameters(parameters -> parameters.setEndpointIdentificationAlgorithm(null)),
                    serverOptions(), false);
            Trio.openNursery(n -> {
                n.startSoon(() -> assertThrows(BrokenResourceError.class, wrongName.client()::doHandshake));
                n.startSoon(() -> assertThrows(BrokenResourceError.class, wrongName.server()::doHandshake));
            });
        });
    }

    @Test
    void aWrongHostNameBreaksTheHandshakeOnBothSides() throws Exception {
        run(() -> {
            Pair p = memoryPair(SslOptions.client("other.example.org").withContext(TestPki.shared().clientContext()),
                    serverOptions(), false);
            Throwable[] errors = new Throwable[2];
            Trio.openNursery(n -> {
                n.startSoon(() -> errors[0] = assertThrows(BrokenResourceError.class, p.client()::doHandshake));
                n.startSoon(() -> errors[1] = assertThrows(BrokenResourceError.class, p.server()::doHandshake));
            });
            Throwable client = errors[0];
            assertInstanceOf(SSLHandshakeException.class, client.getCause());
            assertTrue(client.getCause().getMessage().contains("other.example.org"), client.getCause()::getMessage);
            // the client told the server why (a fatal alert), rather than just hanging up
            assertInstanceOf(SSLHandshakeException.class, errors[1].getCause());
            assertTrue(errors[1].getCause().getMessage().contains("certificate_unknown"), errors[1].getCause()::getMessage);
            // and the stream stays broken
            assertThrows(BrokenResourceError.class, () -> p.client().sendAll(bytes("x")));
            assertThrows(BrokenResourceError.class, () -> p.client().receiveSome());
            assertThrows(NeedHandshakeError.class, p.client()::protocol);
        });
    }

    @Test
    void anUntrustedCaBreaksTheHandshake() throws Exception {
        run(() -> {
            TestPki stranger = TestPki.create("Some other CA");
            Pair p = memoryPair(clientOptions(), SslOptions.server(stranger.serverContext()), false);
            Trio.openNursery(n -> {
                n.startSoon(() -> {
                    BrokenResourceError e = assertThrows(BrokenResourceError.class, p.client()::doHandshake);
                    assertInstanceOf(SSLHandshakeException.class, e.getCause());
                    assertTrue(e.getMessage().startsWith("TLS handshake failed: "), e::getMessage);
                });
                n.startSoon(() -> assertThrows(BrokenResourceError.class, p.server()::doHandshake));
            });
        });
    }

    @Test
    void insecureTrustAnyCertificateConnectsToAnything() throws Exception {
        run(() -> {
            TestPki stranger = TestPki.create("Some other CA");
            Pair p = memoryPair(SslOptions.client("not-the-name.example").insecureTrustAnyCertificate(),
                    SslOptions.server(stranger.serverContext()), false).handshake();
            assertEquals(stranger.server, p.client().peerCertificates()[0]);
        });
    }

    @Test
    void insecureTrustAnyCertificateIsForClientsWithoutAContext() throws Exception {
        assertThrows(IllegalStateException.class, () -> serverOptions().insecureTrustAnyCertificate());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> clientOptions().insecureTrustAnyCertificate());
        assertTrue(e.getMessage().contains("cannot be combined with a given SSLContext"), e::getMessage);
    }

    @Test
    void theDefaultClientContextDoesNotTrustTheTestCa() throws Exception {
        run(() -> {
            Pair p = memoryPair(SslOptions.client(TestPki.HOST), serverOptions(), false);
            Trio.openNursery(n -> {
                n.startSoon(() -> {
                    BrokenResourceError e = assertThrows(BrokenResourceError.class, p.client()::doHandshake);
                    assertInstanceOf(SSLHandshakeException.class, e.getCause());
                });
                n.startSoon(() -> assertThrows(BrokenResourceError.class, p.server()::doHandshake));
            });
        });
    }

    @Test
    void endingTheTransportWithoutCloseNotifyIsTruncation() throws Exception {
        run(() -> {
            Pair p = memoryPair().handshake();
            AsyncResources.closeForcefully(p.client());
            BrokenResourceError e = assertThrows(BrokenResourceError.class, () -> p.server().receiveSome());
            assertInstanceOf(TlsStream.TlsEofException.class, e.getCause());
            assertTrue(e.getCause().getMessage().contains("truncation"), e.getCause()::getMessage);
            assertThrows(BrokenResourceError.class, () -> p.server().sendAll(bytes("x")));
            p.server().close();
        });
    }

    @Test
    void httpsCompatibleTakesAHangUpForAnEnd() throws Exception {
        run(() -> {
            Pair p = memoryPair(clientOptions().withHttpsCompatible(true), serverOptions().withHttpsCompatible(true),
                    false).handshake();
            Trio.openNursery(n -> {
                n.startSoon(() -> p.client().sendAll(bytes("last words")));
                n.startSoon(() -> assertEquals("last words", string(p.server().receiveSome())));
            });
            AsyncResources.closeForcefully(p.client());
            assertEquals(0, p.server().receiveSome().length);
            assertEquals(0, p.server().receiveSome().length, "and again");
            p.server().close();
        });
    }

    @Test
    void httpsCompatibleBeforeTheHandshakeIsACleanEof() throws Exception {
        run(() -> {
            Pair p = memoryPair(clientOptions().withHttpsCompatible(true), serverOptions().withHttpsCompatible(true),
                    false);
            Trio.openNursery(n -> {
                n.startSoon(p.client()::close);
                n.startSoon(() -> assertEquals(0, p.server().receiveSome().length));
            });
        });
    }

    @Test
    void anHttpsCompatibleCloseSendsNoCloseNotify() throws Exception {
        run(() -> {
            Pair p = memoryPair(clientOptions().withHttpsCompatible(true), serverOptions(), false).handshake();
            Trio.openNursery(n -> {
                n.startSoon(p.client()::close);
                n.startSoon(() -> {
                    BrokenResourceError e = assertThrows(BrokenResourceError.class, () -> p.server().receiveSome());
                    assertInstanceOf(TlsStream.TlsEofException.class, e.getCause());
                });
            });
        });
    }

    @Test
    void closeSendsCloseNotifyAndClosesTheTransportOnce() throws Exception {
        run(() -> {
            Wire w = new Wire();
            Pair p = Pair.over(w.a(), w.b(), clientOptions(), serverOptions()).handshake();
            Trio.openNursery(n -> {
                n.startSoon(() -> Testing.assertCheckpoints(p.client()::close));
                n.startSoon(() -> {
                    assertEquals(0, p.server().receiveSome(10).length, "close_notify: a clean end");
                    assertEquals(0, p.server().receiveSome(10).length);
                    Testing.assertCheckpoints(p.server()::close);
                });
            });
            assertEquals(1, w.closes(0));
            assertThrows(ClosedResourceError.class, () -> w.a().sendAll(bytes("123")));
            Testing.assertCheckpoints(p.client()::close);
            Testing.assertCheckpoints(p.client()::close);
            assertEquals(1, w.closes(0), "closing again does not close the transport again");
            assertThrows(ClosedResourceError.class, () -> p.client().sendAll(bytes("123")));
            assertThrows(ClosedResourceError.class, () -> p.client().sendAll(new byte[0]));
            assertThrows(ClosedResourceError.class, () -> p.client().receiveSome(10));
            assertThrows(ClosedResourceError.class, p.client()::waitSendAllMightNotBlock);
            assertThrows(ClosedResourceError.class, p.client()::unwrap);
            assertThrows(ClosedResourceError.class, p.client()::doHandshake);
        });
    }

    @Test
    void aGracefulCloseBeforeTheHandshakeGivesTheServerACleanEnd() throws Exception {
        run(() -> {
            Pair p = memoryPair();
            Trio.openNursery(n -> {
                n.startSoon(p.client()::close);
                n.startSoon(() -> {
                    Testing.assertCheckpoints(() -> assertEquals(0, p.server().receiveSome(10).length));
                    p.server().close();
                });
            });
        });
    }

    @Test
    void unwrapHandsBackTheTransportAndTheBytesReadPastTheSession() throws Exception {
        run(() -> {
            Wire w = new Wire();
            Pair p = Pair.over(w.a(), w.b(), clientOptions(), serverOptions());
            Sequencer seq = new Sequencer();
            Trio.openNursery(n -> {
                n.startSoon(() -> {
                    p.client().doHandshake();
                    p.client().sendAll(bytes("x"));
                    assertEquals("y", string(p.client().receiveSome(1)));
                    p.client().sendAll(bytes("z"));
                    // hold back what the client sends, so that its close_notify and the plain
                    // bytes after it reach the server in one chunk
                    seq.run(0, () -> w.hold(0));
                    assertEquals(0, p.client().receiveSome(1).length);
                    assertSame(w.a(), p.client().transportStream());
                    Unwrapped u = p.client().unwrap();
                    assertSame(w.a(), u.transport());
                    assertEquals(0, u.leftover().length);
                    assertNull(p.client().transportStream());
                    u.transport().sendAll(bytes("trailing"));
                    w.release(0);
                });
                n.startSoon(() -> {
                    p.server().doHandshake();
                    assertEquals("x", string(p.server().receiveSome(1)));
                    p.server().sendAll(bytes("y"));
                    assertEquals("z", string(p.server().receiveSome(1)));
                    seq.run(1, () -> {
                        Unwrapped u = p.server().unwrap();
                        assertSame(w.b(), u.transport());
                        assertEquals("trailing", string(u.leftover()));
                    });
                    assertNull(p.server().transportStream());
                    assertThrows(ClosedResourceError.class, () -> p.server().receiveSome());
                });
            });
            assertEquals(0, w.closes(0), "unwrap does not close the transport");
            assertEquals(0, w.closes(1));
        });
    }

    @Test
    void aPeerThatStopsMidHandshakeIsCutOffByADeadline() throws Exception {
        run(() -> {
            Wire w = new Wire();
            SslStream client = SslStream.wrap(w.a(), clientOptions());
            // the "server" reads the ClientHello and then says nothing
            double start = Trio.currentTime();
            Trio.openNursery(n -> {
                n.startSoon(() -> assertTrue(w.b().receiveSome().length > 0));
                n.startSoon(() -> assertThrows(TooSlowError.class,
                        () -> Trio.failAfter(10.0, () -> client.doHandshake())));
            });
            assertEquals(10.0, Trio.currentTime() - start, 1e-9);
            BrokenResourceError e = assertThrows(BrokenResourceError.class, () -> client.sendAll(bytes("x")));
            assertTrue(e.getMessage().contains("cancelled part-way"), e::getMessage);
            client.close();
            assertEquals(1, w.closes(0));
        });
    }

    @Test
    void concurrentSendsOrReceivesAreBusy() throws Exception {
        run(() -> {
            for (String what : List.of("send/send", "receive/receive", "send/wait", "wait/wait")) {
                Pair p = memoryPair(clientOptions(), serverOptions(), true);
                p.handshake();
                SslStream s = p.client();
                ExceptionGroup g = assertThrows(ExceptionGroup.class, () -> Trio.openNursery(n -> {
                    for (String op : what.split("/")) {
                        n.startSoon(() -> {
                            switch (op) {
                                case "send" -> Testing.assertCheckpoints(() -> s.sendAll(bytes("x")));
                                case "receive" -> Testing.assertCheckpoints(() -> s.receiveSome(1));
                                default -> Testing.assertCheckpoints(s::waitSendAllMightNotBlock);
                            }
                        });
                    }
                    if (what.equals("wait/wait")) {
                        // the test pipe's wait never blocks: make the second waiter meet the first
                        Testing.waitAllTasksBlocked();
                    }
                }), what);
                BusyResourceError busy = (BusyResourceError) g.exceptions().get(0);
                assertTrue(busy.getMessage().contains("another task"), busy::getMessage);
                AsyncResources.closeForcefully(p.client());
                AsyncResources.closeForcefully(p.server());
            }
        });
    }

    @Test
    void closingWhileAnotherTaskReceivesMakesItRaiseClosed() throws Exception {
        run(() -> {
            Pair p = memoryPair().handshake();
            Trio.openNursery(n -> {
                n.startSoon(() -> assertThrows(ClosedResourceError.class, () -> p.client().receiveSome()));
                Testing.waitAllTasksBlocked();
                p.client().close();
            });
            assertEquals(0, p.server().receiveSome().length);
        });
    }

    @Test
    void closeIsForcefulWhenCancelled() throws Exception {
        run(() -> {
            Wire w = new Wire();
            Pair p = Pair.over(w.a(), w.b(), clientOptions(), serverOptions()).handshake();
            long sent = w.sent(0);
            CancelScope scope = new CancelScope();
            scope.cancel();
            scope.run(p.client()::close);
            assertEquals(sent, w.sent(0), "no close_notify");
            assertEquals(1, w.closes(0));
            assertThrows(ClosedResourceError.class, () -> p.client().receiveSome());
            assertThrows(BrokenResourceError.class, () -> p.server().receiveSome());
        });
    }

    @Test
    void aFailedTransportSendBreaksTheStreamAndCloseStillClosesIt() throws Exception {
        run(() -> {
            Wire w = new Wire();
            Pair p = Pair.over(w.a(), w.b(), clientOptions(), serverOptions()).handshake();
            w.failNextSend(0, new IllegalStateException("boom"));
            assertEquals("boom", assertThrows(IllegalStateException.class, () -> p.client().sendAll(bytes("x")))
                    .getMessage());
            assertThrows(BrokenResourceError.class, p.client()::waitSendAllMightNotBlock);
            p.client().close();
            assertEquals(1, w.closes(0));
        });
    }

    @Test
    void aFailedTransportReceiveInTheHandshakeBreaksTheStream() throws Exception {
        run(() -> {
            Wire w = new Wire();
            Pair p = Pair.over(w.a(), w.b(), clientOptions(), serverOptions());
            w.failNextReceive(0, new IllegalStateException("boom"));
            Trio.openNursery(n -> {
                n.startSoon(() -> {
                    assertThrows(IllegalStateException.class, () -> Testing.assertCheckpoints(p.client()::doHandshake));
                    n.cancelScope().cancel();
                });
                n.startSoon(p.server()::doHandshake);
            });
            assertThrows(BrokenResourceError.class, () -> Testing.assertCheckpoints(p.client()::doHandshake));
        });
    }

    @Test
    void aHandshakeFailureInCloseIsRaisedAndTheTransportClosed() throws Exception {
        run(() -> {
            Wire w = new Wire();
            Pair p = Pair.over(w.a(), w.b(), SslOptions.client("other.example.org")
                    .withContext(TestPki.shared().clientContext()), serverOptions());
            Trio.openNursery(n -> {
                n.startSoon(() -> assertThrows(BrokenResourceError.class, p.client()::close));
                n.startSoon(() -> assertThrows(BrokenResourceError.class, p.server()::doHandshake));
            });
            assertEquals(1, w.closes(0));
        });
    }

    @Test
    void everyOperationIsACheckpoint() throws Exception {
        run(() -> {
            Pair p = memoryPair();
            Trio.openNursery(n -> {
                n.startSoon(() -> {
                    // an echo server
                    for (byte[] chunk : p.server()) {
                        p.server().sendAll(chunk);
                    }
                    p.server().close();
                });
                SslStream s = p.client();
                Testing.assertCheckpoints(s::doHandshake);
                Testing.assertCheckpoints(s::doHandshake);
                Testing.assertCheckpoints(s::waitSendAllMightNotBlock);
                Testing.assertCheckpoints(() -> s.sendAll(bytes("xxx")));
                Testing.assertCheckpoints(() -> s.sendAll(new byte[0]));
                Testing.assertCheckpoints(() -> assertEquals("x", string(s.receiveSome(1))));
                // these two find their byte already decrypted, and are still checkpoints
                Testing.assertCheckpoints(() -> assertEquals("x", string(s.receiveSome(1))));
                Testing.assertCheckpoints(() -> assertEquals("x", string(s.receiveSome(1))));
                Testing.assertCheckpoints(() -> s.close());
            });
        });
    }

    @Test
    void receiveSomeRejectsANonPositiveSize() throws Exception {
        run(() -> {
            Pair p = memoryPair();
            assertEquals("maxBytes must be >= 1, not 0",
                    assertThrows(IllegalArgumentException.class, () -> p.client().receiveSome(0)).getMessage());
            assertThrows(IllegalArgumentException.class, () -> p.client().receiveSome(-1));
            assertThrows(NullPointerException.class, () -> p.client().sendAll((byte[]) null));
        });
    }

    @Test
    void tlsInsideTls() throws Exception {
        run(() -> {
            Pair outer = memoryPair();
            Pair inner = Pair.over(outer.client(), outer.server(), clientOptions(), serverOptions());
            Trio.openNursery(n -> {
                n.startSoon(() -> {
                    inner.client().sendAll(bytes("hi"));
                    assertEquals("bye", string(inner.client().receiveSome(10)));
                    inner.client().close();
                });
                n.startSoon(() -> {
                    assertEquals("hi", string(inner.server().receiveSome(10)));
                    inner.server().sendAll(bytes("bye"));
                    assertEquals(0, inner.server().receiveSome(10).length);
                    inner.server().close();
                });
            });
            assertEquals("TLSv1.3", inner.client().protocol());
            assertThrows(ClosedResourceError.class, () -> outer.client().receiveSome());
        });
    }

    @Test
    void theListenerWrapsWithoutHandshaking() throws Exception {
        run(() -> {
            Wire w = new Wire();
            List<String> record = new ArrayList<>();
            Listener<Stream> transportListener = new Listener<>() {
                @Override
                public Stream accept() {
                    record.add("accept");
                    return w.b();
                }

                @Override
                public void close() {
                    record.add("close");
                }
            };
            SslListener listener = SslListener.of(transportListener, serverOptions().withHttpsCompatible(true));
            assertSame(transportListener, listener.transportListener());
            SslStream server = listener.accept();
            assertEquals(0, w.sent(1), "no handshake in accept");
            assertSame(w.b(), server.transportStream());
            SslStream client = SslStream.wrap(w.a(), clientOptions());
            Trio.openNursery(n -> {
                n.startSoon(client::doHandshake);
                n.startSoon(server::doHandshake);
            });
            listener.close();
            assertEquals(List.of("accept", "close"), record);
            assertEquals("an SslListener needs server options: SslOptions.server(context)",
                    assertThrows(IllegalArgumentException.class, () -> SslListener.of(transportListener, clientOptions()))
                            .getMessage());
        });
    }

    @Test
    void theEnginesDelegatedTasksRunInAWorkerThreadNotInTheTask() throws Exception {
        run(() -> {
            // the client's certificate check is one of the engine's delegated tasks
            javax.net.ssl.TrustManagerFactory tmf = javax.net.ssl.TrustManagerFactory.getInstance(
                    javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
            java.security.KeyStore trust = java.security.KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("ca", TestPki.shared().ca);
            tmf.init(trust);
            javax.net.ssl.X509ExtendedTrustManager real = (javax.net.ssl.X509ExtendedTrustManager) tmf.getTrustManagers()[0];
            List<Thread> checkedOn = new ArrayList<>();
            javax.net.ssl.X509ExtendedTrustManager recording = new javax.net.ssl.X509ExtendedTrustManager() {
                @Override
                public void checkServerTrusted(java.security.cert.X509Certificate[] chain, String authType,
                        javax.net.ssl.SSLEngine engine) throws java.security.cert.CertificateException {
                    checkedOn.add(Thread.currentThread());
                    real.checkServerTrusted(chain, authType, engine);
                }

                @Override
                public void checkServerTrusted(java.security.cert.X509Certificate[] chain, String authType,
                        java.net.Socket socket) {
                    throw new AssertionError("not used");
                }

                @Override
                public void checkServerTrusted(java.security.cert.X509Certificate[] chain, String authType) {
                    throw new AssertionError("not used");
                }

                @Override
                public void checkClientTrusted(java.security.cert.X509Certificate[] chain, String authType,
                        javax.net.ssl.SSLEngine engine) {
                    throw new AssertionError("not used");
                }

                @Override
                public void checkClientTrusted(java.security.cert.X509Certificate[] chain, String authType,
                        java.net.Socket socket) {
                    throw new AssertionError("not used");
                }

                @Override
                public void checkClientTrusted(java.security.cert.X509Certificate[] chain, String authType) {
                    throw new AssertionError("not used");
                }

                @Override
                public java.security.cert.X509Certificate[] getAcceptedIssuers() {
                    return real.getAcceptedIssuers();
                }
            };
            javax.net.ssl.SSLContext context = javax.net.ssl.SSLContext.getInstance("TLS");
            context.init(null, new javax.net.ssl.TrustManager[] {recording}, null);
            Pair p = memoryPair(SslOptions.client(TestPki.HOST).withContext(context), serverOptions(), false);
            Thread[] taskThread = new Thread[1];
            Trio.openNursery(n -> {
                n.startSoon(() -> {
                    taskThread[0] = Thread.currentThread();
                    p.client().doHandshake();
                });
                n.startSoon(p.server()::doHandshake);
            });
            assertEquals(1, checkedOn.size());
            assertTrue(checkedOn.get(0) != taskThread[0], "the check ran in the handshaking task's own thread");
        });
    }

    @Test
    void fullDuplexBulkTransfer() throws Exception {
        run(() -> {
            Pair p = memoryPair();
            byte[] data = new byte[2_000_000];
            new Random(2).nextBytes(data);
            byte[][] got = new byte[2][];
            Trio.openNursery(n -> {
                n.startSoon(() -> p.client().sendAll(java.nio.ByteBuffer.wrap(data)));
                n.startSoon(() -> p.server().sendAll(data));
                n.startSoon(() -> got[0] = readExactly(p.server(), data.length));
                n.startSoon(() -> got[1] = readExactly(p.client(), data.length));
            });
            assertTrue(Arrays.equals(data, got[0]) && Arrays.equals(data, got[1]));
            assertNotNull(p.client().cipherSuite());
        });
    }
}
