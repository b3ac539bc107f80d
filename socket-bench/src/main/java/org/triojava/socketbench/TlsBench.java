package org.triojava.socketbench;

import java.io.File;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.triojava.BrokenResourceError;
import org.triojava.CancelScope;
import org.triojava.Trio;
import org.triojava.lowlevel.Lowlevel;
import org.triojava.lowlevel.TrioToken;
import org.triojava.socket.SocketKind;
import org.triojava.socket.Sockets;
import org.triojava.socket.TrioSocket;
import org.triojava.stream.SocketStream;
import org.triojava.stream.SslOptions;
import org.triojava.stream.SslStream;

/**
 * TLS echo benchmark, in one JVM: a TLS echo server on Trio ({@code SslStream} over Trio
 * sockets, one task per connection, one run) against a blocking {@code SSLServerSocket} with one
 * virtual thread per connection. The same clients drive both: blocking JDK {@code SSLSocket}s,
 * one virtual thread each. Figures: 64-byte round trips/s at 1 and 100 connections, and bulk
 * throughput through the echo (one connection, a writer and a reader thread on the client).
 * The certificate is a self-signed EC P-256 one made with the JDK's keytool at start-up.
 *
 * <p>Arguments: {@code [seconds per measurement, default 4] [bulk MiB, default 64]}.
 */
public final class TlsBench {
    private static final int MESSAGE = 64;

    private TlsBench() {
    }

    public static void main(String[] args) throws Exception {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 4;
        int bulkMiB = args.length > 1 ? Integer.parseInt(args[1]) : 64;
        SSLContext[] contexts = contexts();
        SSLContext serverContext = contexts[0];
        SSLContext clientContext = contexts[1];
        // round 0 warms the JIT up (not reported); rounds 1 and 2 alternate the servers again
        java.util.Map<String, List<String>> figures = new java.util.LinkedHashMap<>();
        for (int round = 0; round < 3; round++) {
            for (String server : List.of("trio", "vt")) {
                Server s = server.equals("trio") ? trioServer(serverContext) : vtServer(serverContext);
                String name = server.equals("trio") ? "Trio SslStream (one run)" : "SSLServerSocket, virtual thread/conn";
                try {
                    for (int connections : new int[] {1, 100}) {
                        double rate = echo(clientContext, s.port(), connections, round == 0 ? 1 : seconds);
                        String figure = String.format("%,.0f", rate);
                        record(figures, round, "| " + name + " | echo, " + connections + " conn, round trips/s |", figure);
                    }
                    double mbs = bulk(clientContext, s.port(), round == 0 ? Math.min(bulkMiB, 16) : bulkMiB);
                    record(figures, round, "| " + name + " | bulk echo, 1 conn, MB/s each way |", String.format("%.1f", mbs));
                } finally {
                    s.stop().run();
                }
            }
        }
        System.out.println();
        System.out.println("| server | workload | round 1 | round 2 |");
        System.out.println("| --- | --- | ---: | ---: |");
        figures.forEach((row, values) -> System.out.println(row + " " + String.join(" | ", values) + " |"));
    }

    private static void record(java.util.Map<String, List<String>> figures, int round, String row, String figure) {
        System.out.println((round == 0 ? "(warm-up) " : "(round " + round + ") ") + row + " " + figure);
        if (round > 0) {
            figures.computeIfAbsent(row, k -> new ArrayList<>()).add(figure);
        }
    }

    // ---- certificates ----

    private static SSLContext[] contexts() throws Exception {
        Path dir = Files.createTempDirectory("tls-bench");
        File store = dir.resolve("server.p12").toFile();
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        Process p = new ProcessBuilder(keytool, "-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname",
                "secp256r1", "-dname", "CN=localhost", "-ext", "san=dns:localhost,ip:127.0.0.1", "-validity", "30",
                "-keystore", store.toString(), "-storetype", "PKCS12", "-storepass", "changeit")
                .inheritIO().start();
        if (p.waitFor() != 0) {
            throw new IOException("keytool failed");
        }
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = new FileInputStream(store)) {
            keys.load(in, "changeit".toCharArray());
        }
        store.delete();
        dir.toFile().delete();
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, "changeit".toCharArray());
        SSLContext server = SSLContext.getInstance("TLS");
        server.init(kmf.getKeyManagers(), null, null);
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("server", keys.getCertificate("server"));
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext client = SSLContext.getInstance("TLS");
        client.init(null, tmf.getTrustManagers(), null);
        return new SSLContext[] {server, client};
    }

    // ---- servers ----

    private record Server(int port, Runnable stop) {
    }

    private static Server trioServer(SSLContext context) throws Exception {
        AtomicReference<TrioToken> token = new AtomicReference<>();
        AtomicReference<CancelScope> scope = new AtomicReference<>();
        AtomicLong port = new AtomicLong();
        CountDownLatch ready = new CountDownLatch(1);
        SslOptions options = SslOptions.server(context);
        Thread thread = Thread.ofPlatform().name("trio-tls-server").start(() -> {
            try {
                Trio.run(() -> {
                    CancelScope cancel = new CancelScope();
                    scope.set(cancel);
                    token.set(Lowlevel.currentTrioToken());
                    cancel.run(() -> {
                        try (TrioSocket listener = Sockets.socket(StandardProtocolFamily.INET, SocketKind.STREAM)) {
                            listener.bind(listener.resolveLocalAddress("127.0.0.1", 0));
                            listener.listen(4096);
                            port.set(((InetSocketAddress) listener.getsockname()).getPort());
                            ready.countDown();
                            Trio.openNursery(nursery -> {
                                while (true) {
                                    TrioSocket connection = listener.accept().socket();
                                    nursery.startSoon(() -> echo(SslStream.wrap(SocketStream.of(connection), options)));
                                }
                            });
                        }
                    });
                });
            } catch (Exception e) {
                e.printStackTrace();
            }
        });
        ready.await();
        return new Server((int) port.get(), () -> {
            token.get().runSyncSoon(() -> scope.get().cancel());
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    private static void echo(SslStream stream) {
        try (stream) {
            for (byte[] chunk : stream) {
                stream.sendAll(chunk);
            }
        } catch (BrokenResourceError e) {
            // the client went away
        }
    }

    private static Server vtServer(SSLContext context) throws Exception {
        SSLServerSocket server = (SSLServerSocket) context.getServerSocketFactory()
                .createServerSocket(0, 4096, InetAddress.getLoopbackAddress());
        AtomicBoolean stopping = new AtomicBoolean();
        Thread acceptor = Thread.ofPlatform().name("vt-tls-acceptor").start(() -> {
            while (!stopping.get()) {
                try {
                    SSLSocket socket = (SSLSocket) server.accept();
                    Thread.ofVirtual().start(() -> {
                        try (socket) {
                            InputStream in = socket.getInputStream();
                            OutputStream out = socket.getOutputStream();
                            byte[] buffer = new byte[65536];
                            int n;
                            while ((n = in.read(buffer)) > 0) {
                                out.write(buffer, 0, n);
                            }
                        } catch (IOException e) {
                            // the client went away
                        }
                    });
                } catch (IOException e) {
                    return;
                }
            }
        });
        return new Server(server.getLocalPort(), () -> {
            stopping.set(true);
            try {
                server.close();
                acceptor.join();
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    // ---- clients ----

    private static SSLSocket connect(SSLContext context, int port) throws IOException {
        SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(InetAddress.getLoopbackAddress(), port);
        socket.setTcpNoDelay(true);
        socket.startHandshake();
        return socket;
    }

    /** Closed-loop 64-byte round trips on {@code connections} connections; round trips/s. */
    private static double echo(SSLContext context, int port, int connections, double seconds) throws Exception {
        List<SSLSocket> sockets = new ArrayList<>();
        for (int i = 0; i < connections; i++) {
            sockets.add(connect(context, port));
        }
        AtomicBoolean counting = new AtomicBoolean();
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicLong count = new AtomicLong();
        List<Thread> threads = new ArrayList<>();
        for (SSLSocket socket : sockets) {
            threads.add(Thread.ofVirtual().start(() -> {
                byte[] message = new byte[MESSAGE];
                try {
                    InputStream in = socket.getInputStream();
                    OutputStream out = socket.getOutputStream();
                    while (running.get()) {
                        out.write(message);
                        if (in.readNBytes(message, 0, MESSAGE) != MESSAGE) {
                            throw new IOException("short echo");
                        }
                        if (counting.get()) {
                            count.incrementAndGet();
                        }
                    }
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }));
        }
        Thread.sleep(1500);
        counting.set(true);
        long start = System.nanoTime();
        Thread.sleep((long) (seconds * 1000));
        long n = count.get();
        double elapsed = (System.nanoTime() - start) / 1e9;
        running.set(false);
        for (Thread t : threads) {
            t.join();
        }
        for (SSLSocket socket : sockets) {
            socket.close();
        }
        return n / elapsed;
    }

    /** One connection: a writer sends {@code mib} MiB while a reader takes the echo back; MB/s. */
    private static double bulk(SSLContext context, int port, int mib) throws Exception {
        double best = 0;
        for (int round = 0; round < 3; round++) { // the first round warms up
            try (SSLSocket socket = connect(context, port)) {
                long total = (long) mib << 20;
                long start = System.nanoTime();
                Thread writer = Thread.ofVirtual().start(() -> {
                    byte[] chunk = new byte[65536];
                    try {
                        OutputStream out = socket.getOutputStream();
                        for (long sent = 0; sent < total; sent += chunk.length) {
                            out.write(chunk);
                        }
                    } catch (IOException e) {
                        throw new IllegalStateException(e);
                    }
                });
                byte[] buffer = new byte[65536];
                InputStream in = socket.getInputStream();
                long got = 0;
                while (got < total) {
                    int n = in.read(buffer);
                    if (n < 0) {
                        throw new IOException("early EOF");
                    }
                    got += n;
                }
                writer.join();
                double mbs = total / 1e6 / ((System.nanoTime() - start) / 1e9);
                if (round > 0) {
                    best = Math.max(best, mbs);
                }
            }
        }
        return best;
    }
}
