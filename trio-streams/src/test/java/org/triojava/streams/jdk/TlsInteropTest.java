package org.triojava.streams.jdk;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.triojava.streams.jdk.TlsTesting.bytes;
import static org.triojava.streams.jdk.TlsTesting.clientOptions;
import static org.triojava.streams.jdk.TlsTesting.serverOptions;
import static org.triojava.streams.jdk.TlsTesting.string;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.triojava.Trio;
import org.triojava.stream.Net;
import org.triojava.stream.SocketListener;
import org.triojava.stream.SslListener;
import org.triojava.stream.SslOptions;
import org.triojava.stream.SslStream;
import org.triojava.thread.ToThread;

/**
 * Our SslStream (over Net's TCP streams and listeners) against the JDK's own blocking SSLSocket /
 * SSLServerSocket on the other end of a loopback TCP connection (the JDK side runs in a worker
 * thread via ToThread, with socket timeouts; our side under failAfter).
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class TlsInteropTest {
    private static final int JDK_TIMEOUT_MS = 20_000;

    /** A JDK TLS server on a free loopback port; {@code body} handles the one connection. */
    private interface JdkSide {
        void handle(SSLSocket socket) throws Exception;
    }

    private static SSLServerSocket jdkServer(SSLContext context) throws Exception {
        SSLServerSocket server = (SSLServerSocket) context.getServerSocketFactory()
                .createServerSocket(0, 1, InetAddress.getLoopbackAddress());
        server.setSoTimeout(JDK_TIMEOUT_MS);
        return server;
    }

    private static void serveOne(SSLServerSocket server, JdkSide body) throws Exception {
        try (server; SSLSocket socket = (SSLSocket) server.accept()) {
            socket.setSoTimeout(JDK_TIMEOUT_MS);
            body.handle(socket);
        }
    }

    private static byte[] readFully(InputStream in) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        in.transferTo(out);
        return out.toByteArray();
    }

    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.3", "TLSv1.2"})
    void ourClientTalksToAJdkServer(String protocol) throws Exception {
        SSLServerSocket server = jdkServer(TestPki.shared().serverContext());
        int port = server.getLocalPort();
        List<String> jdkSaw = new ArrayList<>();
        Trio.run(() -> Trio.failAfter(30.0, () -> Trio.openNursery(n -> {
            n.startSoon(() -> ToThread.runSync(() -> serveOne(server, socket -> {
                InputStream in = socket.getInputStream();
                OutputStream out = socket.getOutputStream();
                byte[] buffer = new byte[5];
                int got = in.readNBytes(buffer, 0, 5);
                jdkSaw.add(new String(buffer, 0, got));
                jdkSaw.add(socket.getSession().getProtocol());
                out.write(bytes("world"));
                out.flush();
                // our close_notify is a clean end of stream for the JDK
                jdkSaw.add("read after close: " + in.read());
            })));
            SslStream client = SslStream.wrap(Net.openTcpStream("127.0.0.1", port), clientOptions(protocol));
            client.sendAll(bytes("hello"));
            assertEquals("world", string(TlsStreamTest.readExactly(client, 5)));
            assertEquals(protocol, client.protocol());
            client.close();
        })));
        assertEquals(List.of("hello", protocol, "read after close: -1"), jdkSaw);
    }

    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.3", "TLSv1.2"})
    void aJdkClientTalksToOurServer(String protocol) throws Exception {
        byte[] data = new byte[200_000];
        new Random(3).nextBytes(data);
        List<String> jdkSaw = new ArrayList<>();
        Trio.run(() -> Trio.failAfter(30.0, () -> {
            SocketListener listener = Net.openTcpListeners(0, "127.0.0.1").get(0);
            int port = ((InetSocketAddress) listener.socket().getsockname()).getPort();
            Trio.openNursery(n -> {
                n.startSoon(() -> ToThread.runSync(() -> {
                    SSLContext context = TestPki.shared().clientContext(protocol);
                    java.net.Socket plain = new java.net.Socket();
                    plain.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), JDK_TIMEOUT_MS);
                    try (SSLSocket socket = (SSLSocket) context.getSocketFactory()
                            .createSocket(plain, TestPki.HOST, port, true)) {
                        socket.setSoTimeout(JDK_TIMEOUT_MS);
                        var parameters = socket.getSSLParameters();
                        parameters.setEndpointIdentificationAlgorithm("HTTPS");
                        socket.setSSLParameters(parameters);
                        socket.getOutputStream().write(data);
                        socket.getOutputStream().flush();
                        socket.shutdownOutput(); // TLS 1.3 half-close: close_notify; TLS 1.2: the same, then both
                        byte[] echoed = readFully(socket.getInputStream());
                        jdkSaw.add(socket.getSession().getProtocol());
                        jdkSaw.add(echoed.length == data.length && java.util.Arrays.equals(echoed, data) ? "echo ok"
                                : "echo of " + echoed.length + " bytes");
                    }
                }));
                SslListener tls = SslListener.of(listener, serverOptions());
                SslStream server = tls.accept();
                ByteArrayOutputStream got = new ByteArrayOutputStream();
                for (byte[] chunk : server) {
                    got.writeBytes(chunk);
                }
                assertArrayEquals(data, got.toByteArray());
                if (protocol.equals("TLSv1.3")) {
                    server.sendAll(got.toByteArray()); // TLS 1.3 lets the other direction go on
                }
                server.close();
                tls.close();
            });
        }));
        if (protocol.equals("TLSv1.3")) {
            assertEquals(List.of("TLSv1.3", "echo ok"), jdkSaw);
        } else {
            // TLS 1.2 has no half-close: the JDK's close_notify ends the whole session
            assertEquals(List.of("TLSv1.2", "echo of 0 bytes"), jdkSaw);
        }
    }

    @Test
    void aTls12RenegotiationStartedByAJdkServerIsFollowed() throws Exception {
        SSLServerSocket server = jdkServer(TestPki.shared().serverContext());
        int port = server.getLocalPort();
        List<String> jdkSaw = new ArrayList<>();
        Trio.run(() -> Trio.failAfter(30.0, () -> Trio.openNursery(n -> {
            n.startSoon(() -> ToThread.runSync(() -> serveOne(server, socket -> {
                InputStream in = socket.getInputStream();
                OutputStream out = socket.getOutputStream();
                jdkSaw.add(new String(in.readNBytes(3)));
                socket.startHandshake(); // a renegotiation (TLS 1.2)
                out.write(bytes("one"));
                out.flush();
                jdkSaw.add(new String(in.readNBytes(3)));
                out.write(bytes("two"));
                out.flush();
                jdkSaw.add("read after close: " + in.read());
            })));
            SslStream client = SslStream.wrap(Net.openTcpStream("127.0.0.1", port), clientOptions("TLSv1.2"));
            client.sendAll(bytes("abc"));
            assertEquals("one", string(TlsStreamTest.readExactly(client, 3)));
            client.sendAll(bytes("def"));
            assertEquals("two", string(TlsStreamTest.readExactly(client, 3)));
            client.close();
        })));
        assertEquals(List.of("abc", "def", "read after close: -1"), jdkSaw);
    }

    @Test
    void safeDefaultsRefuseAJdkServerWithTheWrongName() throws Exception {
        SSLServerSocket server = jdkServer(TestPki.shared().serverContext());
        int port = server.getLocalPort();
        List<String> jdkSaw = new ArrayList<>();
        Trio.run(() -> Trio.failAfter(30.0, () -> Trio.openNursery(n -> {
            n.startSoon(() -> ToThread.runSync(() -> serveOne(server, socket -> {
                try {
                    socket.startHandshake();
                    jdkSaw.add("handshake succeeded");
                } catch (javax.net.ssl.SSLException e) {
                    jdkSaw.add("refused");
                }
            })));
            SslStream client = SslStream.wrap(Net.openTcpStream("127.0.0.1", port),
                    SslOptions.client("wrong.example.org").withContext(TestPki.shared().clientContext()));
            org.junit.jupiter.api.Assertions.assertThrows(org.triojava.BrokenResourceError.class, client::doHandshake);
            client.close();
        })));
        assertEquals(List.of("refused"), jdkSaw);
    }
}
