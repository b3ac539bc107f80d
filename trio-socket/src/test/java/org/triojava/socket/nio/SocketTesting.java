package org.triojava.socket.nio;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProtocolFamily;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Assumptions;
import org.triojava.CancelScope;
import org.triojava.Trio;
import org.triojava.TrioRunnable;
import org.triojava.socket.Accepted;
import org.triojava.socket.SocketKind;
import org.triojava.socket.SocketPair;
import org.triojava.socket.Sockets;
import org.triojava.socket.TrioSocket;

/** Helpers shared by the socket tests: real loopback sockets only. */
final class SocketTesting {
    private static Boolean ipv6;

    private SocketTesting() {
    }

    /** Runs {@code body} as the main task of a fresh run. */
    static void run(TrioRunnable body) throws Exception {
        Trio.run(body);
    }

    /** Skips the calling test when this machine cannot bind an IPv6 loopback socket. */
    static void assumeIpv6() {
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
        Assumptions.assumeTrue(ipv6, "IPv6 loopback (::1) is not available here");
    }

    /** The loopback address of {@code family} as a string literal. */
    static String loopback(ProtocolFamily family) {
        return family == StandardProtocolFamily.INET6 ? "::1" : "127.0.0.1";
    }

    /** A listening TCP socket on the loopback address of {@code family}, on an ephemeral port. */
    static TrioSocket listener(ProtocolFamily family) throws Exception {
        TrioSocket listener = Sockets.socket(family, SocketKind.STREAM);
        listener.bind(listener.resolveLocalAddress(loopback(family), 0));
        listener.listen();
        return listener;
    }

    /** A connected TCP pair over loopback: {@code a} is the client, {@code b} the accepted side. */
    static SocketPair tcpPair(ProtocolFamily family) throws Exception {
        try (TrioSocket listener = listener(family)) {
            TrioSocket client = Sockets.socket(family, SocketKind.STREAM);
            Accepted[] accepted = new Accepted[1];
            Trio.openNursery(nursery -> {
                nursery.startSoon(() -> accepted[0] = listener.accept());
                client.connect(listener.getsockname());
            });
            return new SocketPair(client, accepted[0].socket());
        }
    }

    /** {@code n} pseudo-random bytes (fixed seed). */
    static byte[] randomBytes(int n) {
        byte[] data = new byte[n];
        new Random(n).nextBytes(data);
        return data;
    }

    /** Receives exactly {@code n} bytes (fails on a premature end of stream). */
    static byte[] recvExactly(TrioSocket socket, int n) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(n);
        while (buffer.hasRemaining()) {
            int got = socket.recvInto(buffer);
            if (got == 0) {
                throw new AssertionError("end of stream after " + buffer.position() + " of " + n + " bytes");
            }
        }
        return buffer.array();
    }

    /** Receives until end of stream; returns everything. */
    static byte[] recvAll(TrioSocket socket) throws IOException {
        java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
        while (true) {
            byte[] chunk = socket.recv(65536);
            if (chunk.length == 0) {
                return all.toByteArray();
            }
            all.writeBytes(chunk);
        }
    }

    /** Sends from {@code socket} until the OS takes no more (its send and the peer's receive buffers are full). */
    static long fill(TrioSocket socket) throws Exception {
        long[] sent = {0};
        CancelScope scope = new CancelScope();
        byte[] chunk = new byte[65536];
        Trio.openNursery(nursery -> {
            nursery.startSoon(() -> scope.run(() -> {
                while (true) {
                    try {
                        socket.sendall(chunk);
                    } catch (org.triojava.Cancelled cancelled) {
                        sent[0] += Sockets.partialResult(cancelled).orElseThrow().bytesSent();
                        throw cancelled;
                    }
                    sent[0] += chunk.length;
                }
            }));
            org.triojava.testing.Testing.waitAllTasksBlocked();
            scope.cancel();
        });
        return sent[0];
    }

    static void assertBytes(byte[] expected, byte[] actual) {
        assertEquals(expected.length, actual.length, "length");
        if (!Arrays.equals(expected, actual)) {
            throw new AssertionError("contents differ");
        }
    }
}
