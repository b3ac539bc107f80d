package org.triojava.examples;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
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
 * A tiny DTLS echo: a server endpoint that echoes every datagram of every association, and a
 * client that sends a few and prints what comes back, both in one run over loopback UDP. The
 * certificate is made on the spot with the JDK's {@code keytool} (a self-signed one for
 * "localhost" in a PKCS12 keystore), which also shows how to build DTLS contexts from a keystore.
 * See {@code docs/DTLS.md}.
 *
 * <p>Run it from the repository root with
 * {@code ./mvnw -q -Pdemo -pl examples -am verify -Ddemo.mainClass=org.triojava.examples.DtlsEcho}.
 */
public final class DtlsEcho {
    private static final char[] PASSWORD = "dtls-echo".toCharArray();

    private DtlsEcho() {
    }

    public static void main(String[] args) throws Exception {
        System.out.println("Making a self-signed certificate for localhost with keytool...");
        KeyStore keys = selfSignedKeyStore();
        for (String echoed : echo(keys, List.of("hello", "over", "DTLS"))) {
            System.out.println("echoed: " + echoed);
        }
    }

    /** Sends {@code messages} through a DTLS echo server (using {@code keys}) and returns the echoes. */
    public static List<String> echo(KeyStore keys, List<String> messages) throws Exception {
        SSLContext serverContext = SSLContext.getInstance("DTLS");
        KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(keys, PASSWORD);
        serverContext.init(keyManagers.getKeyManagers(), null, null);
        SSLContext clientContext = SSLContext.getInstance("DTLS");
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(keys); // the client trusts exactly this certificate
        clientContext.init(null, trust.getTrustManagers(), null);
        return Trio.run(() -> {
            List<String> echoed = new ArrayList<>();
            try (DtlsEndpoint server = DtlsEndpoint.of(udpOnLoopback());
                 DtlsEndpoint client = DtlsEndpoint.of(udpOnLoopback())) {
                Trio.openNursery(nursery -> {
                    nursery.start(status -> server.serve(SslOptions.server(serverContext), channel -> {
                        for (byte[] datagram : channel) {
                            channel.send(datagram);
                        }
                    }, status));
                    SocketAddress address = server.socket().getsockname();
                    DtlsChannel channel = client.connect(address, SslOptions.client("localhost").withContext(clientContext));
                    channel.doHandshake();
                    for (String message : messages) {
                        channel.send(message.getBytes(StandardCharsets.UTF_8));
                        echoed.add(new String(channel.receive(), StandardCharsets.UTF_8));
                    }
                    nursery.cancelScope().cancel(); // stop serving
                });
            }
            return echoed;
        });
    }

    private static TrioSocket udpOnLoopback() throws IOException {
        TrioSocket socket = Sockets.socket(StandardProtocolFamily.INET, SocketKind.DATAGRAM);
        socket.bind(new InetSocketAddress("127.0.0.1", 0));
        return socket;
    }

    /**
     * A PKCS12 keystore with a fresh self-signed EC certificate for "localhost", made by the JDK's
     * keytool in a temporary directory:
     * {@code keytool -genkeypair -keyalg EC -dname CN=localhost -ext SAN=dns:localhost -keystore echo.p12}.
     */
    public static KeyStore selfSignedKeyStore() throws IOException, InterruptedException, GeneralSecurityException {
        Path dir = Files.createTempDirectory("dtls-echo");
        Path file = dir.resolve("echo.p12");
        try {
            Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                    "-genkeypair", "-alias", "echo", "-keyalg", "EC", "-groupname", "secp256r1",
                    "-dname", "CN=localhost", "-ext", "SAN=dns:localhost", "-validity", "2",
                    "-keystore", file.toString(), "-storetype", "PKCS12",
                    "-storepass", new String(PASSWORD), "-keypass", new String(PASSWORD))
                    .redirectErrorStream(true).start();
            String output = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (keytool.waitFor() != 0) {
                throw new IOException("keytool failed: " + output);
            }
            KeyStore keys = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(file)) {
                keys.load(in, PASSWORD);
            }
            return keys;
        } finally {
            Files.deleteIfExists(file);
            Files.deleteIfExists(dir);
        }
    }
}
