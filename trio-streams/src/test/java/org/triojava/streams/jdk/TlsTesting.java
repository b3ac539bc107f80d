package org.triojava.streams.jdk;

import javax.net.ssl.SSLContext;
import org.triojava.RunOptions;
import org.triojava.Trio;
import org.triojava.TrioRunnable;
import org.triojava.abc.Stream;
import org.triojava.stream.SslOptions;
import org.triojava.stream.SslStream;
import org.triojava.testing.MockClock;

/** Shared helpers of the TLS tests. */
final class TlsTesting {
    private TlsTesting() {
    }

    /** Runs {@code body} in a run on an autojumping mock clock (starting at 0). */
    static void run(TrioRunnable body) throws Exception {
        MockClock clock = new MockClock();
        clock.setAutojumpThreshold(0);
        Trio.run(RunOptions.defaults().withClock(clock), body);
    }

    /** Client options that trust the shared test CA and verify {@link TestPki#HOST}. */
    static SslOptions clientOptions() throws Exception {
        return SslOptions.client(TestPki.HOST).withContext(TestPki.shared().clientContext());
    }

    /** Client options trusting the shared CA through a context of {@code protocol}. */
    static SslOptions clientOptions(String protocol) throws Exception {
        return SslOptions.client(TestPki.HOST).withContext(TestPki.shared().clientContext(protocol));
    }

    static SSLContext serverContext() throws Exception {
        return TestPki.shared().serverContext();
    }

    static SslOptions serverOptions() throws Exception {
        return SslOptions.server(serverContext());
    }

    /** A client and a server TLS stream over two connected transports. */
    record Pair(SslStream client, SslStream server) {
        static Pair over(Stream clientTransport, Stream serverTransport, SslOptions client, SslOptions server) {
            return new Pair(SslStream.wrap(clientTransport, client), SslStream.wrap(serverTransport, server));
        }

        /** Both handshakes, concurrently. */
        Pair handshake() throws Exception {
            Trio.openNursery(n -> {
                n.startSoon(client::doHandshake);
                n.startSoon(server::doHandshake);
            });
            return this;
        }
    }

    /** A client/server pair over a memory stream pair. */
    static Pair memoryPair() throws Exception {
        return memoryPair(clientOptions(), serverOptions(), false);
    }

    static Pair memoryPair(SslOptions client, SslOptions server, boolean lockstep) {
        var transport = lockstep ? org.triojava.testing.MemoryStreams.lockstepPair()
                : org.triojava.testing.MemoryStreams.pair();
        return Pair.over(transport.a(), transport.b(), client, server);
    }

    static byte[] bytes(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    static String string(byte[] b) {
        return new String(b, java.nio.charset.StandardCharsets.UTF_8);
    }
}
