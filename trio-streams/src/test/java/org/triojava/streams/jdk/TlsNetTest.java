package org.triojava.streams.jdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.triojava.streams.jdk.TlsTesting.bytes;
import static org.triojava.streams.jdk.TlsTesting.clientOptions;
import static org.triojava.streams.jdk.TlsTesting.serverOptions;
import static org.triojava.streams.jdk.TlsTesting.string;

import java.net.InetSocketAddress;
import java.util.List;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.triojava.BrokenResourceError;
import org.triojava.Trio;
import org.triojava.stream.Net;
import org.triojava.stream.ServeOptions;
import org.triojava.stream.SocketListener;
import org.triojava.stream.SocketStream;
import org.triojava.stream.SslListener;
import org.triojava.stream.SslOptions;
import org.triojava.stream.SslStream;
import org.triojava.stream.TcpConnectOptions;

/** The TLS helpers of {@link Net} over real loopback TCP: openSslOverTcpStream, openSslOverTcpListeners, serveSslOverTcp. */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class TlsNetTest {

    private static int port(SslListener listener) throws Exception {
        SocketListener transport = (SocketListener) listener.transportListener();
        return ((InetSocketAddress) transport.socket().getsockname()).getPort();
    }

    @Test
    void serveSslOverTcpAndOpenSslOverTcpStreamTalk() throws Exception {
        Trio.run(() -> Trio.failAfter(30.0, () -> Trio.openNursery(n -> {
            List<SslListener> listeners = n.start(status -> Net.serveSslOverTcp(stream -> {
                for (byte[] chunk : stream) {
                    stream.sendAll(chunk);
                }
            }, 0, serverOptions(), ServeOptions.defaults().withHost("127.0.0.1"), status));
            assertEquals(1, listeners.size());
            int port = port(listeners.get(0));
            try (SslStream s = Net.openSslOverTcpStream("127.0.0.1", port, clientOptions(), TcpConnectOptions.defaults())) {
                assertInstanceOf(SocketStream.class, s.transportStream());
                s.sendAll(bytes("hello"));
                assertEquals("hello", string(TlsStreamTest.readExactly(s, 5)));
                assertEquals("TLSv1.3", s.protocol());
            }
            // an IP literal is verified against the certificate's IP addresses (and sent without SNI)
            try (SslStream s = Net.openSslOverTcpStream("127.0.0.1", port,
                    SslOptions.client("127.0.0.1").withContext(TestPki.shared().clientContext()),
                    TcpConnectOptions.defaults())) {
                s.sendAll(bytes("by address"));
                assertEquals("by address", string(TlsStreamTest.readExactly(s, 10)));
            }
            n.cancelScope().cancel();
        })));
    }

    @Test
    void theDefaultsVerifyAgainstTheJdksTrustStore() throws Exception {
        Trio.run(() -> Trio.failAfter(30.0, () -> Trio.openNursery(n -> {
            List<SslListener> listeners = n.start(status -> Net.serveSslOverTcp(stream -> stream.receiveSome(), 0,
                    serverOptions(), ServeOptions.defaults().withHost("127.0.0.1"), status));
            // the two-argument form: verify "127.0.0.1" with the JDK's default trust store, which
            // does not know the test CA
            try (SslStream s = Net.openSslOverTcpStream("127.0.0.1", port(listeners.get(0)))) {
                BrokenResourceError e = assertThrows(BrokenResourceError.class, s::doHandshake);
                assertInstanceOf(SSLHandshakeException.class, e.getCause());
            }
            n.cancelScope().cancel();
        })));
    }

    @Test
    void openSslOverTcpListenersWrapsEachListenerWithoutHandshaking() throws Exception {
        Trio.run(() -> Trio.failAfter(30.0, () -> {
            List<SslListener> listeners = Net.openSslOverTcpListeners(0, "127.0.0.1", 0,
                    serverOptions().withHttpsCompatible(true));
            assertEquals(1, listeners.size());
            SslListener listener = listeners.get(0);
            Trio.openNursery(n -> {
                n.startSoon(() -> {
                    try (SslStream client = Net.openSslOverTcpStream("127.0.0.1", port(listener), clientOptions(),
                            TcpConnectOptions.defaults())) {
                        client.sendAll(bytes("x"));
                    }
                });
                try (SslStream server = listener.accept()) {
                    assertInstanceOf(SocketStream.class, server.transportStream());
                    assertEquals("x", string(server.receiveSome()));
                }
            });
            listener.close();
            assertTrue(((SocketListener) listener.transportListener()).socket().isClosed());
        }));
    }

    @Test
    void theHelpersCheckWhichSideTheOptionsAreFor() throws Exception {
        Trio.run(() -> {
            assertEquals("openSslOverTcpStream needs client options: SslOptions.client(host)",
                    assertThrows(IllegalArgumentException.class, () -> Net.openSslOverTcpStream("127.0.0.1", 1,
                            serverOptions(), TcpConnectOptions.defaults())).getMessage());
            assertEquals("openSslOverTcpListeners needs server options: SslOptions.server(context)",
                    assertThrows(IllegalArgumentException.class,
                            () -> Net.openSslOverTcpListeners(0, "127.0.0.1", 0, clientOptions())).getMessage());
        });
    }
}
