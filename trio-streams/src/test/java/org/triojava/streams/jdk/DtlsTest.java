package org.triojava.streams.jdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.triojava.Nursery;
import org.triojava.Trio;
import org.triojava.socket.SocketKind;
import org.triojava.socket.Sockets;
import org.triojava.socket.TrioSocket;
import org.triojava.stream.DtlsChannel;
import org.triojava.stream.DtlsEndpoint;
import org.triojava.stream.SslOptions;

/** DTLS over real UDP sockets on loopback: DtlsEndpoint and DtlsChannel on the JDK's SSLEngine. */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class DtlsTest {

    static TrioSocket udp() throws Exception {
        TrioSocket socket = Sockets.socket(StandardProtocolFamily.INET, SocketKind.DATAGRAM);
        socket.bind(new InetSocketAddress("127.0.0.1", 0));
        return socket;
    }

    static SslOptions serverOptions() throws Exception {
        return SslOptions.server(TestPki.shared().serverContext("DTLS"));
    }

    static SslOptions clientOptions() throws Exception {
        return SslOptions.client(TestPki.HOST).withContext(TestPki.shared().clientContext("DTLS"));
    }

    /** Starts an echo server on {@code endpoint} in {@code nursery}; returns its address. */
    static SocketAddress echoServer(Nursery nursery, DtlsEndpoint endpoint) throws Exception {
        nursery.start(status -> endpoint.serve(serverOptions(), channel -> {
            for (byte[] datagram : channel) {
                channel.send(datagram);
            }
        }, status));
        return endpoint.socket().getsockname();
    }

    static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aClientHandshakesAndEchoesDatagrams() throws Exception {
        Trio.run(() -> {
            try (DtlsEndpoint server = DtlsEndpoint.of(udp()); DtlsEndpoint client = DtlsEndpoint.of(udp())) {
                Trio.openNursery(nursery -> {
                    SocketAddress address = echoServer(nursery, server);
                    DtlsChannel channel = client.connect(address, clientOptions());
                    channel.doHandshake();
                    for (String message : new String[] {"hello", "over", "DTLS"}) {
                        channel.send(bytes(message));
                        assertEquals(message, text(channel.receive()));
                    }
                    assertEquals(address, channel.peerAddress());
                    assertTrue(channel.cleartextMtu() > 1000 && channel.cleartextMtu() < 1472, () -> "" + channel.cleartextMtu());
                    nursery.cancelScope().cancel();
                });
            }
        });
    }

    @Test
    void sendingEmptyOrOversizedDatagramsIsRefused() throws Exception {
        Trio.run(() -> {
            try (DtlsEndpoint server = DtlsEndpoint.of(udp()); DtlsEndpoint client = DtlsEndpoint.of(udp())) {
                Trio.openNursery(nursery -> {
                    DtlsChannel channel = client.connect(echoServer(nursery, server), clientOptions());
                    assertThrows(IllegalArgumentException.class, () -> channel.send(new byte[0]));
                    channel.doHandshake();
                    byte[] biggest = new byte[channel.cleartextMtu()];
                    channel.send(biggest);
                    assertEquals(biggest.length, channel.receive().length);
                    assertThrows(IllegalArgumentException.class, () -> channel.send(new byte[biggest.length + 1]));
                    nursery.cancelScope().cancel();
                });
            }
        });
    }
}
