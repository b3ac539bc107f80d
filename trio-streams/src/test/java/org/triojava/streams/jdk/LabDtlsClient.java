package org.triojava.streams.jdk;

import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.triojava.Trio;
import org.triojava.socket.SocketKind;
import org.triojava.socket.Sockets;
import org.triojava.socket.TrioSocket;
import org.triojava.stream.DtlsChannel;
import org.triojava.stream.DtlsEndpoint;
import org.triojava.stream.SslOptions;

/**
 * The DTLS client that {@link BrokenNetworkTest} runs inside the network lab's namespace: it
 * handshakes with the server at {@code host:port} (trusting the CA in {@code caPem}, verifying
 * {@code name}) across the lossy link, then gets one datagram echoed, retrying it until it comes
 * back, and prints {@code echoed: <text>} and how long the handshake took.
 */
public final class LabDtlsClient {
    private LabDtlsClient() {
    }

    public static void main(String[] args) throws Exception {
        String host = args[0];
        int port = Integer.parseInt(args[1]);
        Path caPem = Path.of(args[2]);
        String name = args[3];
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(caPem)) {
            trust.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trust);
        SSLContext context = SSLContext.getInstance("DTLS");
        context.init(null, factory.getTrustManagers(), null);
        Trio.run(() -> {
            TrioSocket socket = Sockets.socket(StandardProtocolFamily.INET, SocketKind.DATAGRAM);
            try (DtlsEndpoint endpoint = DtlsEndpoint.of(socket)) {
                DtlsChannel channel = endpoint.connect(new InetSocketAddress(host, port),
                        SslOptions.client(name).withContext(context));
                double start = Trio.currentTime();
                Trio.failAfter(240, () -> channel.doHandshake(0.2));
                System.out.printf("handshake: %.2f s%n", Trio.currentTime() - start);
                byte[] echoed = null;
                while (echoed == null) {
                    channel.send("across the lossy link".getBytes(StandardCharsets.UTF_8));
                    byte[][] got = new byte[1][];
                    Trio.moveOnAfter(0.5, () -> got[0] = channel.receive());
                    echoed = got[0];
                }
                System.out.println("echoed: " + new String(echoed, StandardCharsets.UTF_8));
            }
        });
    }
}
