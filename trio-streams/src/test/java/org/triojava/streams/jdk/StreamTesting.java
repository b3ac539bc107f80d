package org.triojava.streams.jdk;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProtocolFamily;
import java.net.StandardProtocolFamily;
import java.nio.channels.DatagramChannel;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Assumptions;
import org.triojava.CancelScope;
import org.triojava.Cancelled;
import org.triojava.Trio;
import org.triojava.abc.ReceiveStream;
import org.triojava.socket.SocketKind;
import org.triojava.socket.Sockets;
import org.triojava.socket.TrioSocket;
import org.triojava.stream.SocketListener;
import org.triojava.stream.SocketStream;
import org.triojava.testing.Testing;

/** Helpers shared by the stream tests: real loopback sockets. */
final class StreamTesting {
    private static Boolean ipv6;

    private StreamTesting() {
    }

    /** Skips the calling test when this machine cannot bind an IPv6 loopback socket. */
    static void assumeIpv6() {
        Assumptions.assumeTrue(ipv6Available(), "IPv6 loopback (::1) is not available here");
    }

    static boolean ipv6Available() {
        if (ipv6 == null) {
            boolean ok;
            try (DatagramChannel probe = DatagramChannel.open(StandardProtocolFamily.INET6)) {
                probe.bind(new InetSocketAddress(InetAddress.getByName("::1"), 0));
                ok = true;
            } catch (IOException | UnsupportedOperationException e) {
                ok = false;
            }
            ipv6 = ok;
        }
        return ipv6;
    }

    /** A listening TCP socket on 127.0.0.1 (or ::1), ephemeral port. */
    static TrioSocket listeningSocket(ProtocolFamily family) throws Exception {
        TrioSocket listener = Sockets.socket(family, SocketKind.STREAM);
        listener.bind(listener.resolveLocalAddress(family == StandardProtocolFamily.INET6 ? "::1" : "127.0.0.1", 0));
        listener.listen();
        return listener;
    }

    /** A connected pair of SocketStreams over IPv4 loopback: [client, server]. */
    static SocketStream[] tcpStreamPair() throws Exception {
        try (SocketListener listener = SocketListener.of(listeningSocket(StandardProtocolFamily.INET))) {
            SocketStream[] pair = new SocketStream[2];
            TrioSocket client = Sockets.socket(StandardProtocolFamily.INET, SocketKind.STREAM);
            Trio.openNursery(n -> {
                n.startSoon(() -> pair[1] = listener.accept());
                client.connect(listener.socket().getsockname());
                pair[0] = SocketStream.of(client);
            });
            return pair;
        }
    }

    /** A connected pair of SocketStreams over a Unix-domain socket pair. */
    static SocketStream[] unixStreamPair() throws Exception {
        var pair = Sockets.socketpair(StandardProtocolFamily.UNIX, SocketKind.STREAM);
        return new SocketStream[] {SocketStream.of(pair.a()), SocketStream.of(pair.b())};
    }

    /**
     * Sends from {@code socket} (below the stream layer) until the OS takes no more: its send
     * buffer and the peer's receive buffer are full. Returns the number of bytes sent.
     */
    static long clog(TrioSocket socket) throws Exception {
        long[] sent = {0};
        CancelScope scope = new CancelScope();
        byte[] chunk = new byte[65536];
        Trio.openNursery(nursery -> {
            nursery.startSoon(() -> scope.run(() -> {
                while (true) {
                    try {
                        socket.sendall(chunk);
                    } catch (Cancelled cancelled) {
                        sent[0] += Sockets.partialResult(cancelled).orElseThrow().bytesSent();
                        throw cancelled;
                    }
                    sent[0] += chunk.length;
                }
            }));
            Testing.waitAllTasksBlocked();
            scope.cancel();
        });
        return sent[0];
    }

    /** Receives exactly {@code n} bytes. */
    static byte[] receiveExactly(ReceiveStream stream, int n) {
        ByteArrayOutputStream all = new ByteArrayOutputStream(n);
        while (all.size() < n) {
            byte[] chunk = stream.receiveSome(n - all.size());
            if (chunk.length == 0) {
                throw new AssertionError("end of stream after " + all.size() + " of " + n + " bytes");
            }
            all.writeBytes(chunk);
        }
        return all.toByteArray();
    }

    /** Receives until the end of the stream. */
    static byte[] receiveAll(ReceiveStream stream) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (byte[] chunk : stream) {
            all.writeBytes(chunk);
        }
        return all.toByteArray();
    }

    /** {@code n} pseudo-random bytes from {@code seed}. */
    static byte[] randomBytes(int n, long seed) {
        byte[] data = new byte[n];
        new Random(seed).nextBytes(data);
        return data;
    }

    static void assertBytes(byte[] expected, byte[] actual) {
        assertEquals(expected.length, actual.length, "length");
        if (!Arrays.equals(expected, actual)) {
            throw new AssertionError("contents differ");
        }
    }
}
