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

    private TlsEngines() {
    }

    /** A new engine for one connection, configured from {@code options}. */
    static SSLEngine create(SslOptions options) {
        SSLContext context = context(options);
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
            try {
                context = SSLContext.getInstance("TLS");
                context.init(null, new TrustManager[] {new TrustAnything()}, null);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("cannot build the trust-anything SSLContext", e);
            }
            trustAnything = context;
        }
        return context;
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
