package org.triojava.stream;

import java.security.cert.Certificate;
import org.triojava.BrokenResourceError;
import org.triojava.abc.Stream;
import org.triojava.internal.Backend;
import org.triojava.internal.Checks;

/**
 * TLS over any {@link Stream} (Trio's {@code trio.SSLStream}), on the JDK's {@code SSLEngine}: a
 * socket, a memory pair, another TLS stream. The handshake runs on the first send or receive, or
 * explicitly with {@link #doHandshake()}. {@code close()} sends close_notify (unless
 * {@link SslOptions#httpsCompatible()}) and closes the transport; a peer that ends the transport
 * without close_notify gives {@link BrokenResourceError} (truncation), as does a failed handshake.
 * With httpsCompatible, such an end is the stream's end for {@code receiveSome} (every later call
 * too) while the stream's other operations throw {@link BrokenResourceError}, as in Trio.
 */
public interface SslStream extends Stream {
    /** Wraps {@code transport}; the TLS stream owns it from now on. Nothing is sent yet. */
    static SslStream wrap(Stream transport, SslOptions options) {
        return Backend.STREAMS.find(null).sslStream(Checks.notNull(transport, "transport"),
                Checks.notNull(options, "options"));
    }

    /** Runs the handshake if it has not run yet, else returns at once (still a checkpoint). */
    void doHandshake();

    /**
     * Ends the TLS session (sends close_notify and waits for the peer's) and hands back the
     * transport with any bytes read past the session's end. This stream is closed afterwards
     * (without closing the transport); plaintext that arrived but was not yet received is dropped.
     */
    Unwrapped unwrap();

    /**
     * The options this stream was made with: which side it is, the host name it verifies,
     * whether it is httpsCompatible (Trio's forwarded {@code server_side}, {@code server_hostname},
     * {@code context}).
     */
    SslOptions options();

    /** The stream TLS runs over (Trio's {@code transport_stream}); null after {@link #unwrap()} handed it back. */
    Stream transportStream();

    /** The negotiated protocol ("TLSv1.3"). @throws NeedHandshakeError before the handshake */
    String protocol();

    /** The negotiated cipher suite. @throws NeedHandshakeError before the handshake */
    String cipherSuite();

    /** The ALPN protocol agreed on, or null if none. @throws NeedHandshakeError before the handshake */
    String applicationProtocol();

    /** The peer's certificate chain, leaf first (empty if the peer sent none). @throws NeedHandshakeError before the handshake */
    Certificate[] peerCertificates();
}
