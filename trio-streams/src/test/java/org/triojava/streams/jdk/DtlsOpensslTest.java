package org.triojava.streams.jdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.triojava.streams.jdk.DtlsTest.bytes;
import static org.triojava.streams.jdk.DtlsTest.clientOptions;
import static org.triojava.streams.jdk.DtlsTest.echoServer;
import static org.triojava.streams.jdk.DtlsTest.udp;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.triojava.Trio;
import org.triojava.stream.DtlsChannel;
import org.triojava.stream.DtlsEndpoint;
import org.triojava.thread.ToThread;

/**
 * Interoperability with OpenSSL's DTLS 1.2 (Debian's {@code openssl}, skipped with the reason where
 * it is missing): our client against {@code openssl s_server -dtls1_2}, and {@code openssl
 * s_client -dtls1_2} against our server, each verifying the other's certificate.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class DtlsOpensslTest {
    @TempDir
    static Path dir;

    @BeforeAll
    static void opensslIsThere() throws Exception {
        boolean present;
        try {
            Process version = new ProcessBuilder("openssl", "version").redirectErrorStream(true).start();
            version.getInputStream().readAllBytes();
            present = version.waitFor() == 0;
        } catch (IOException e) {
            present = false;
        }
        assumeTrue(present, "openssl is not installed (Debian package openssl): no interoperability test");
        TestPki.shared().writePem(dir);
    }

    /** Reads {@code process}'s output (in a worker thread) until a line contains {@code text}; returns the lines. */
    private static List<String> readUntil(BufferedReader output, String text) throws Exception {
        return ToThread.runSync(() -> {
            List<String> lines = new ArrayList<>();
            for (String line = output.readLine(); line != null; line = output.readLine()) {
                lines.add(line);
                if (line.contains(text)) {
                    return lines;
                }
            }
            throw new AssertionError("openssl ended without printing \"" + text + "\": " + lines);
        });
    }

    private static int freeUdpPort() throws Exception {
        try (java.net.DatagramSocket probe = new java.net.DatagramSocket(0, java.net.InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        }
    }

    @Test
    void ourClientTalksToOpensslServer() throws Exception {
        int port = freeUdpPort();
        Process server = new ProcessBuilder("openssl", "s_server", "-dtls1_2", "-accept", "127.0.0.1:" + port,
                "-cert", dir.resolve("server.pem").toString(), "-key", dir.resolve("key.pem").toString())
                .redirectErrorStream(true).start();
        try (BufferedReader output = new BufferedReader(new InputStreamReader(server.getInputStream(),
                StandardCharsets.UTF_8))) {
            Trio.run(() -> {
                readUntil(output, "ACCEPT");
                try (DtlsEndpoint client = DtlsEndpoint.of(udp())) {
                    DtlsChannel channel = client.connect(new InetSocketAddress("127.0.0.1", port), clientOptions());
                    channel.doHandshake();
                    channel.send(bytes("hello from Trio for Java\n"));
                    readUntil(output, "hello from Trio for Java");
                }
            });
        } finally {
            server.destroyForcibly().waitFor();
        }
    }

    @Test
    void opensslClientTalksToOurServer() throws Exception {
        Trio.run(() -> {
            try (DtlsEndpoint endpoint = DtlsEndpoint.of(udp())) {
                Trio.openNursery(nursery -> {
                    InetSocketAddress address = (InetSocketAddress) echoServer(nursery, endpoint);
                    Process client = ToThread.runSync(() -> new ProcessBuilder("openssl", "s_client", "-dtls1_2",
                            "-connect", "127.0.0.1:" + address.getPort(), "-CAfile", dir.resolve("ca.pem").toString(),
                            "-verify_hostname", TestPki.HOST, "-verify_return_error", "-quiet")
                            .redirectErrorStream(true).start());
                    try (BufferedReader output = new BufferedReader(new InputStreamReader(client.getInputStream(),
                            StandardCharsets.UTF_8))) {
                        OutputStream input = client.getOutputStream();
                        ToThread.runSync(() -> {
                            input.write("ping from openssl\n".getBytes(StandardCharsets.UTF_8));
                            input.flush();
                        });
                        List<String> lines = readUntil(output, "ping from openssl");
                        assertEquals("ping from openssl", lines.get(lines.size() - 1).strip(), lines::toString);
                    } finally {
                        ToThread.runSync(() -> client.destroyForcibly().waitFor());
                    }
                    nursery.cancelScope().cancel();
                });
            }
        });
    }
}
