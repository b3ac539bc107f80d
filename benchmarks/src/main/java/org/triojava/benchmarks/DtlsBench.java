package org.triojava.benchmarks;

import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.triojava.Trio;
import org.triojava.lowlevel.Lowlevel;
import org.triojava.socket.SocketKind;
import org.triojava.socket.Sockets;
import org.triojava.socket.TrioSocket;
import org.triojava.stream.DtlsChannel;
import org.triojava.stream.DtlsEndpoint;
import org.triojava.stream.Net;
import org.triojava.stream.ServeOptions;
import org.triojava.stream.SslListener;
import org.triojava.stream.SslOptions;
import org.triojava.stream.SslStream;
import org.triojava.stream.TcpConnectOptions;

/**
 * DTLS (issue 19) next to TLS over TCP, on loopback in one run: handshakes per second (one at a
 * time, and 100 at once), and echo round trips per second with 1 and with 100 associations
 * (connections) on one server endpoint. Prints {@code RESULT <name> <median> <unit>} lines.
 *
 * <pre>{@code java -cp benchmarks.jar org.triojava.benchmarks.DtlsBench}</pre>
 */
public final class DtlsBench {
    private static final int ROUNDS = 3;
    private static final char[] PASSWORD = "benchmark".toCharArray();
    private static final String HOST = "localhost";

    private final SSLContext dtlsServer;
    private final SSLContext dtlsClient;
    private final SSLContext tlsServer;
    private final SSLContext tlsClient;

    private DtlsBench(KeyStore keys) throws Exception {
        dtlsServer = context("DTLS", keys, true);
        dtlsClient = context("DTLS", keys, false);
        tlsServer = context("TLS", keys, true);
        tlsClient = context("TLS", keys, false);
    }

    public static void main(String[] args) throws Exception {
        String mode = Trio.run(() -> Lowlevel.currentSchedulingMode().toString().toLowerCase(Locale.ROOT));
        System.out.println("# DtlsBench: JDK " + System.getProperty("java.version") + ", scheduling " + mode);
        DtlsBench bench = new DtlsBench(keyStore());
        FilesBench.measure("dtls-handshakes-1@" + mode, "handshakes/s", ROUNDS, () -> bench.dtlsHandshakes(1, 100));
        FilesBench.measure("tls-handshakes-1@" + mode, "handshakes/s", ROUNDS, () -> bench.tlsHandshakes(1, 100));
        FilesBench.measure("dtls-handshakes-100@" + mode, "handshakes/s", ROUNDS, () -> bench.dtlsHandshakes(100, 1));
        FilesBench.measure("tls-handshakes-100@" + mode, "handshakes/s", ROUNDS, () -> bench.tlsHandshakes(100, 1));
        FilesBench.measure("dtls-echo-1@" + mode, "round trips/s", ROUNDS, () -> bench.dtlsEchoes(1, 20_000));
        FilesBench.measure("tls-echo-1@" + mode, "round trips/s", ROUNDS, () -> bench.tlsEchoes(1, 20_000));
        FilesBench.measure("dtls-echo-100@" + mode, "round trips/s", ROUNDS, () -> bench.dtlsEchoes(100, 200));
        FilesBench.measure("tls-echo-100@" + mode, "round trips/s", ROUNDS, () -> bench.tlsEchoes(100, 200));
    }

    // ================================================================== DTLS

    /** {@code clients} clients at once, each making {@code each} associations one after another: handshakes/s. */
    double dtlsHandshakes(int clients, int each) throws Exception {
        return dtls(clients, server -> {
            try (DtlsEndpoint client = DtlsEndpoint.of(udp())) {
                for (int i = 0; i < each; i++) {
                    // a new association replaces the last one (same address): one handshake each time
                    DtlsChannel channel = client.connect(server, SslOptions.client(HOST).withContext(dtlsClient));
                    channel.doHandshake();
                    channel.close();
                }
            }
        }, (double) clients * each);
    }

    /** {@code clients} associations at once, each making {@code each} one-byte round trips: round trips/s. */
    double dtlsEchoes(int clients, int each) throws Exception {
        return dtls(clients, server -> {
            try (DtlsEndpoint client = DtlsEndpoint.of(udp())) {
                DtlsChannel channel = client.connect(server, SslOptions.client(HOST).withContext(dtlsClient));
                channel.doHandshake();
                byte[] one = {1};
                for (int i = 0; i < each; i++) {
                    channel.send(one);
                    channel.receive();
                }
            }
        }, (double) clients * each);
    }

    /** Runs {@code clients} copies of {@code client} against a DTLS echo server; returns {@code work} per second of the clients' time. */
    private double dtls(int clients, Client client, double work) throws Exception {
        return Trio.run(() -> {
            double[] rate = new double[1];
            try (DtlsEndpoint server = DtlsEndpoint.of(udp(), 64)) {
                Trio.openNursery(nursery -> {
                    nursery.start(status -> server.serve(SslOptions.server(dtlsServer), channel -> {
                        try {
                            for (byte[] datagram : channel) {
                                channel.send(datagram);
                            }
                        } catch (org.triojava.BrokenResourceError | org.triojava.ClosedResourceError e) {
                            // replaced by the client's next association, or closed: done
                        }
                    }, status));
                    SocketAddress address = server.socket().getsockname();
                    rate[0] = timed(clients, () -> client.run(address), work);
                    nursery.cancelScope().cancel();
                });
            }
            return rate[0];
        });
    }

    // ================================================================== TLS over TCP

    double tlsHandshakes(int clients, int each) throws Exception {
        return tls(clients, port -> {
            for (int i = 0; i < each; i++) {
                try (SslStream stream = Net.openSslOverTcpStream("127.0.0.1", port,
                        SslOptions.client(HOST).withContext(tlsClient), TcpConnectOptions.defaults())) {
                    stream.doHandshake();
                }
            }
        }, (double) clients * each);
    }

    double tlsEchoes(int clients, int each) throws Exception {
        return tls(clients, port -> {
            try (SslStream stream = Net.openSslOverTcpStream("127.0.0.1", port,
                    SslOptions.client(HOST).withContext(tlsClient), TcpConnectOptions.defaults())) {
                stream.doHandshake();
                byte[] one = {1};
                for (int i = 0; i < each; i++) {
                    stream.sendAll(one);
                    stream.receiveSome();
                }
            }
        }, (double) clients * each);
    }

    private double tls(int clients, TcpClient client, double work) throws Exception {
        return Trio.run(() -> {
            double[] rate = new double[1];
            Trio.openNursery(nursery -> {
                List<SslListener> listeners = nursery.start(status -> Net.serveSslOverTcp(stream -> {
                    try (stream) {
                        for (byte[] chunk : stream) {
                            stream.sendAll(chunk);
                        }
                    } catch (org.triojava.BrokenResourceError e) {
                        // the client went away
                    }
                }, 0, SslOptions.server(tlsServer), ServeOptions.defaults().withHost("127.0.0.1"), status));
                int port = ((InetSocketAddress) ((org.triojava.stream.SocketListener) listeners.get(0).transportListener())
                        .socket().getsockname()).getPort();
                rate[0] = timed(clients, () -> client.run(port), work);
                nursery.cancelScope().cancel();
            });
            return rate[0];
        });
    }

    // ================================================================== helpers

    @FunctionalInterface
    private interface Client {
        void run(SocketAddress server) throws Exception;
    }

    @FunctionalInterface
    private interface TcpClient {
        void run(int port) throws Exception;
    }

    /** Runs {@code clients} copies of {@code body} at once; returns {@code work} per second. */
    private static double timed(int clients, org.triojava.TrioRunnable body, double work) throws Exception {
        long start = System.nanoTime();
        Trio.openNursery(nursery -> {
            for (int i = 0; i < clients; i++) {
                nursery.startSoon(body);
            }
        });
        return work / ((System.nanoTime() - start) / 1e9);
    }

    private static TrioSocket udp() throws java.io.IOException {
        TrioSocket socket = Sockets.socket(StandardProtocolFamily.INET, SocketKind.DATAGRAM);
        socket.bind(new InetSocketAddress("127.0.0.1", 0));
        return socket;
    }

    private static SSLContext context(String protocol, KeyStore keys, boolean server) throws Exception {
        SSLContext context = SSLContext.getInstance(protocol);
        if (server) {
            KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            factory.init(keys, PASSWORD);
            context.init(factory.getKeyManagers(), null, null);
        } else {
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(keys);
            context.init(null, factory.getTrustManagers(), null);
        }
        return context;
    }

    /** A self-signed EC certificate for localhost, made by keytool. */
    private static KeyStore keyStore() throws Exception {
        Path dir = Files.createTempDirectory("dtls-bench");
        Path file = dir.resolve("bench.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "bench", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost",
                "-ext", "SAN=dns:localhost", "-validity", "2", "-keystore", file.toString(), "-storetype", "PKCS12",
                "-storepass", new String(PASSWORD), "-keypass", new String(PASSWORD)).inheritIO().start();
        if (keytool.waitFor() != 0) {
            throw new IllegalStateException("keytool failed");
        }
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            keys.load(in, PASSWORD);
        }
        Files.delete(file);
        Files.delete(dir);
        return keys;
    }
}
