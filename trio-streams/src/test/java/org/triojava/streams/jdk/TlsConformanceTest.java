package org.triojava.streams.jdk;

import static org.triojava.streams.jdk.TlsTesting.clientOptions;
import static org.triojava.streams.jdk.TlsTesting.run;
import static org.triojava.streams.jdk.TlsTesting.serverOptions;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.triojava.Trio;
import org.triojava.abc.Stream;
import org.triojava.stream.Net;
import org.triojava.stream.SocketListener;
import org.triojava.stream.SocketStream;
import org.triojava.stream.SslOptions;
import org.triojava.stream.SslStream;
import org.triojava.testing.MemoryStreams;
import org.triojava.testing.StreamChecks;
import org.triojava.testing.StreamPair;
import org.triojava.testing.Testing;

/**
 * The stream contract's checkers (Trio's {@code check_two_way_stream}) on SslStream, both ends
 * ours: over memory pairs (with a clogged lockstep maker, as Trio's test_ssl does), over
 * lockstep pairs, over TCP, and TLS inside TLS; each with and without httpsCompatible.
 */
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class TlsConformanceTest {

    private static StreamPair<SslStream> wrap(Stream clientTransport, Stream serverTransport, boolean https)
            throws Exception {
        return new StreamPair<>(SslStream.wrap(clientTransport, client(https)),
                SslStream.wrap(serverTransport, server(https)));
    }

    private static SslOptions client(boolean https) throws Exception {
        return clientOptions().withHttpsCompatible(https);
    }

    private static SslOptions server(boolean https) throws Exception {
        return serverOptions().withHttpsCompatible(https);
    }

    /** Over a lockstep pair, handshaken first: otherwise a receive that unclogs would itself start a handshake. */
    private static StreamPair<SslStream> clogged() throws Exception {
        var transport = MemoryStreams.lockstepPair();
        StreamPair<SslStream> pair = wrap(transport.a(), transport.b(), false);
        handshake(pair);
        return pair;
    }

    private static void handshake(StreamPair<SslStream> pair) throws Exception {
        Trio.openNursery(n -> {
            n.startSoon(pair.a()::doHandshake);
            n.startSoon(pair.b()::doHandshake);
        });
    }

    @ParameterizedTest(name = "httpsCompatible={0}")
    @ValueSource(booleans = {false, true})
    void overMemoryPairs(boolean https) throws Exception {
        run(() -> StreamChecks.checkTwoWayStream(() -> {
            var transport = MemoryStreams.pair();
            return wrap(transport.a(), transport.b(), https);
        }, TlsConformanceTest::clogged));
    }

    /**
     * Lockstep pairs as the main maker: only httpsCompatible. With close_notify, the checkers'
     * "both ends close gracefully at once" deadlocks on a transport without any buffer, exactly
     * as in Trio (each close waits in its transport send for the other end to read its
     * close_notify, and neither reads); Trio's own test_ssl uses lockstep pairs only as the
     * clogged maker, which every test here does too.
     */
    @org.junit.jupiter.api.Test
    void overLockstepPairs() throws Exception {
        run(() -> StreamChecks.checkTwoWayStream(() -> {
            var transport = MemoryStreams.lockstepPair();
            StreamPair<SslStream> pair = wrap(transport.a(), transport.b(), true);
            handshake(pair);
            return pair;
        }, TlsConformanceTest::clogged));
    }

    @ParameterizedTest(name = "httpsCompatible={0}")
    @ValueSource(booleans = {false, true})
    void overTcp(boolean https) throws Exception {
        // SocketStreams over a real loopback TCP connection (Trio's open_stream_to_socket_listener)
        Trio.run(() -> Trio.failAfter(60.0, () -> {
            SocketListener listener = Net.openTcpListeners(0, "127.0.0.1").get(0);
            try {
                StreamChecks.checkTwoWayStream(() -> {
                    SocketStream client = Testing.openStreamToSocketListener(listener);
                    return wrap(client, listener.accept(), https);
                }, null);
            } finally {
                listener.close();
            }
        }));
    }

    @ParameterizedTest(name = "httpsCompatible={0}")
    @ValueSource(booleans = {false, true})
    void tlsInsideTls(boolean https) throws Exception {
        run(() -> StreamChecks.checkTwoWayStream(() -> {
            var transport = MemoryStreams.pair();
            StreamPair<SslStream> outer = wrap(transport.a(), transport.b(), https);
            return wrap(outer.a(), outer.b(), https);
        }, () -> {
            var transport = MemoryStreams.lockstepPair();
            StreamPair<SslStream> outer = wrap(transport.a(), transport.b(), false);
            handshake(outer);
            StreamPair<SslStream> inner = wrap(outer.a(), outer.b(), false);
            handshake(inner);
            return inner;
        }));
    }
}
