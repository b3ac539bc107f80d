package org.triojava.streams.jdk;

import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.NoSuchAlgorithmException;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;
import org.triojava.spi.Addresses;
import org.triojava.stream.SslOptions;

/**
 * Makes the {@link SSLEngine} behind a {@link TlsStream} from {@link SslOptions}, safe by
 * default: a client verifies the chain (the context's trust managers; the JDK's default context
 * when none is given) and the host name (endpoint identification "HTTPS", the name also sent as
 * SNI unless it is an IP literal). Only {@link SslOptions#insecureTrustAnyCertificate()} turns
 * both checks off, with a context of its own whose trust manager accepts anything.
 */
final class TlsEngines {
    private static volatile SSLContext trustAnything;
    private static volatile SSLContext trustAnythingDatagram;
    private static volatile SSLContext defaultDatagram;

    private TlsEngines() {
    }

    /** A new TLS engine for one connection, configured from {@code options}. */
    static SSLEngine create(SslOptions options) {
        return create(options, false);
    }

    /**
     * A new engine for one connection ({@code datagram}: a DTLS association), configured from
     * {@code options}.
     *
     * @throws IllegalArgumentException if the options' context speaks the other kind of protocol
     */
    static SSLEngine create(SslOptions options, boolean datagram) {
        SSLContext context = datagram ? datagramContext(options) : context(options);
        SSLEngine engine;
        if (options.serverSide()) {
            engine = context.createSSLEngine();
            engine.setUseClientMode(false);
        } else {
            // The port is unknown at this layer (the transport is any stream); -1 keys the
            // client session cache on the host name alone.
            engine = context.createSSLEngine(options.serverHostname(), -1);
            engine.setUseClientMode(true);
        }
        SSLParameters parameters = engine.getSSLParameters();
        // the user's adjustments first, so that they cannot undo what the options demand
        options.parameters().accept(parameters);
        if (!options.serverSide()) {
            String host = options.serverHostname();
            parameters.setEndpointIdentificationAlgorithm(options.verifyPeer() ? "HTTPS" : null);
            if (!Addresses.isIpLiteral(host)) {
                parameters.setServerNames(List.of(new SNIHostName(host)));
            }
        }
        if (!options.applicationProtocols().isEmpty()) {
            parameters.setApplicationProtocols(options.applicationProtocols().toArray(String[]::new));
        }
        engine.setSSLParameters(parameters);
        return engine;
    }

    private static SSLContext context(SslOptions options) {
        if (!options.verifyPeer()) {
            return trustAnythingContext();
        }
        if (options.context() != null) {
            if (options.context().getProtocol().toUpperCase(java.util.Locale.ROOT).startsWith("DTLS")) {
                throw new IllegalArgumentException("a TLS stream needs an SSLContext for TLS, not one for "
                        + options.context().getProtocol() + " (that is for DtlsEndpoint)");
            }
            return options.context();
        }
        try {
            return SSLContext.getDefault();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no default SSLContext", e);
        }
    }

    private static SSLContext trustAnythingContext() {
        SSLContext context = trustAnything;
        if (context == null) {
            context = newContext("TLS", new TrustManager[] {new TrustAnything()});
            trustAnything = context;
        }
        return context;
    }

    /** The context of a DTLS association: the options' (which must be a DTLS one), else a default DTLS one. */
    private static SSLContext datagramContext(SslOptions options) {
        if (!options.verifyPeer()) {
            SSLContext context = trustAnythingDatagram;
            if (context == null) {
                context = newContext("DTLS", new TrustManager[] {new TrustAnything()});
                trustAnythingDatagram = context;
            }
            return context;
        }
        SSLContext given = options.context();
        if (given != null) {
            if (!given.getProtocol().toUpperCase(java.util.Locale.ROOT).startsWith("DTLS")) {
                throw new IllegalArgumentException("DTLS needs an SSLContext for DTLS (SSLContext.getInstance(\"DTLS\")),"
                        + " not one for " + given.getProtocol());
            }
            return given;
        }
        SSLContext context = defaultDatagram;
        if (context == null) {
            context = newContext("DTLS", null); // the JDK's default key and trust managers
            defaultDatagram = context;
        }
        return context;
    }

    private static SSLContext newContext(String protocol, TrustManager[] trust) {
        try {
            SSLContext context = SSLContext.getInstance(protocol);
            context.init(null, trust, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot build a " + protocol + " SSLContext", e);
        }
    }

    /**
     * Trusts every certificate chain (what {@link SslOptions#insecureTrustAnyCertificate()}
     * asks for). Extended, so that the JDK does not wrap it in its own endpoint checks.
     */
    private static final class TrustAnything extends X509ExtendedTrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
