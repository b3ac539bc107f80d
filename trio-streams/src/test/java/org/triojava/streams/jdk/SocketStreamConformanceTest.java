package org.triojava.streams.jdk;

import java.net.StandardSocketOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.triojava.Trio;
import org.triojava.TrioCallable;
import org.triojava.stream.SocketStream;
import org.triojava.stream.StapledStream;
import org.triojava.testing.StreamChecks;
import org.triojava.testing.StreamPair;

/**
 * The stream conformance checkers on {@link SocketStream} (Trio's test_SocketStream_generic):
 * over TCP loopback, over a Unix-domain socket pair, and two socket streams stapled together.
 * The clogged makers shrink the socket buffers and then send (through the socket, below the
 * stream) until sending would block.
 */
@Timeout(value = 300, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class SocketStreamConformanceTest {

    static StreamPair<SocketStream> clogged(TrioCallable<SocketStream[]> maker) throws Exception {
        SocketStream[] pair = maker.call();
        for (SocketStream stream : pair) {
            stream.setsockopt(StandardSocketOptions.SO_SNDBUF, 1);
            stream.setsockopt(StandardSocketOptions.SO_RCVBUF, 1);
        }
        // below the stream layer: a sendAll cut short would leave the stream broken (by design)
        StreamTesting.clog(pair[0].socket());
        StreamTesting.clog(pair[1].socket());
        return new StreamPair<>(pair[0], pair[1]);
    }

    @Test
    void tcpLoopback() throws Exception {
        Trio.run(() -> StreamChecks.checkHalfCloseableStream(
                () -> {
                    SocketStream[] pair = StreamTesting.tcpStreamPair();
                    return new StreamPair<>(pair[0], pair[1]);
                },
                () -> clogged(StreamTesting::tcpStreamPair)));
    }

    @Test
    void unixDomain() throws Exception {
        Trio.run(() -> StreamChecks.checkHalfCloseableStream(
                () -> {
                    SocketStream[] pair = StreamTesting.unixStreamPair();
                    return new StreamPair<>(pair[0], pair[1]);
                },
                () -> clogged(StreamTesting::unixStreamPair)));
    }

    /** Two TCP connections, one per direction, stapled into one half-closeable stream per side. */
    static StreamPair<StapledStream> stapled(boolean clog) throws Exception {
        StreamPair<SocketStream> forward = clog ? clogged(StreamTesting::tcpStreamPair) : pair(StreamTesting.tcpStreamPair());
        StreamPair<SocketStream> backward = clog ? clogged(StreamTesting::tcpStreamPair) : pair(StreamTesting.tcpStreamPair());
        // a sends on forward.a and receives on backward.a; b sends on backward.b and receives on forward.b
        return new StreamPair<>(new StapledStream(forward.a(), backward.a()), new StapledStream(backward.b(), forward.b()));
    }

    static StreamPair<SocketStream> pair(SocketStream[] streams) {
        return new StreamPair<>(streams[0], streams[1]);
    }

    @Test
    void stapledSocketStreams() throws Exception {
        Trio.run(() -> StreamChecks.checkHalfCloseableStream(() -> stapled(false), () -> stapled(true)));
    }
}
