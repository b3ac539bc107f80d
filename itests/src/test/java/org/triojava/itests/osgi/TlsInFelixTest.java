package org.triojava.itests.osgi;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.FileInputStream;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.osgi.framework.FrameworkUtil;
import org.triojava.Trio;
import org.triojava.stream.Net;
import org.triojava.stream.ServeOptions;
import org.triojava.stream.SocketListener;
import org.triojava.stream.SslListener;
import org.triojava.stream.SslOptions;
import org.triojava.stream.SslStream;
import org.triojava.stream.TcpConnectOptions;

/**
 * TLS inside Apache Felix: {@code Net.serveSslOverTcp} and {@code Net.openSslOverTcpStream}
 * through the org.triojava.streams bundle (its javax.net.ssl import wired to the system bundle),
 * with a self-signed certificate made by the JDK's keytool and verified by the client.
 */
public class TlsInFelixTest {

    @Test
    void serveSslOverTcpEchoesToAVerifyingClient() throws Exception {
        Path dir = Files.createTempDirectory("tls-felix");
        Path store = dir.resolve("server.p12");
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        Process p = new ProcessBuilder(keytool, "-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname",
                "secp256r1", "-dname", "CN=localhost", "-ext", "san=dns:localhost", "-validity", "2", "-keystore",
                store.toString(), "-storetype", "PKCS12", "-storepass", "changeit").redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        assertEquals(0, p.waitFor(), "keytool");
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = new FileInputStream(store.toFile())) {
            keys.load(in, "changeit".toCharArray());
        }
        Files.delete(store);
        Files.delete(dir);
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, "changeit".toCharArray());
        SSLContext serverContext = SSLContext.getInstance("TLS");
        serverContext.init(kmf.getKeyManagers(), null, null);
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("server", keys.getCertificate("server"));
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext clientContext = SSLContext.getInstance("TLS");
        clientContext.init(null, tmf.getTrustManagers(), null);

        String echoed = Trio.run(() -> {
            StringBuilder got = new StringBuilder();
            Trio.openNursery(nursery -> {
                List<SslListener> listeners = nursery.start(status -> Net.serveSslOverTcp(stream -> {
                    for (byte[] chunk : stream) {
                        stream.sendAll(chunk);
                    }
                }, 0, SslOptions.server(serverContext), ServeOptions.defaults().withHost("127.0.0.1"), status));
                assertEquals(StreamsInFelixTest.STREAMS,
                        FrameworkUtil.getBundle(listeners.get(0).getClass()).getSymbolicName());
                SocketListener transport = (SocketListener) listeners.get(0).transportListener();
                int port = ((InetSocketAddress) transport.socket().getsockname()).getPort();
                try (SslStream client = Net.openSslOverTcpStream("127.0.0.1", port,
                        SslOptions.client("localhost").withContext(clientContext), TcpConnectOptions.defaults())) {
                    client.sendAll("hello over TLS".getBytes());
                    while (got.length() < "hello over TLS".length()) {
                        got.append(new String(client.receiveSome()));
                    }
                    got.append(" ").append(client.protocol());
                }
                nursery.cancelScope().cancel();
            });
            return got.toString();
        });
        assertEquals("hello over TLS TLSv1.3", echoed);
    }
}
