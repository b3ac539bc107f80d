package org.triojava.stream;

import java.util.List;
import java.util.function.Consumer;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import org.triojava.internal.Checks;
import org.triojava.spi.Addresses;

/**
 * How an {@link SslStream} speaks TLS (the arguments of Trio's {@code SSLStream} besides the
 * transport). Immutable; start from {@link #client(String)} or {@link #server(SSLContext)}.
 *
 * <p>Safe by default: a client verifies the server's certificate chain against the context's
 * trust store (the JDK's default one when no context is given) and checks that the certificate
 * is for {@code serverHostname}. The only way to turn verification off is
 * {@link #insecureTrustAnyCertificate()}, named so that it stands out in a code review.
 *
 * @param context the JSSE context, or null (clients only) for the JDK's default context
 * @param serverHostname the name the client asks for (SNI) and verifies; null on the server side
 * @param serverSide whether this end is the TLS server
 * @param httpsCompatible neither send nor demand close_notify (what HTTPS peers do)
 * @param applicationProtocols the ALPN protocols to offer (client) or accept (server), in order of preference; may be empty
 * @param verifyPeer false only through {@link #insecureTrustAnyCertificate()}
 * @param parameters adjusts each connection's {@link SSLParameters} (see {@link #withParameters}); never null
 */
public record SslOptions(SSLContext context, String serverHostname, boolean serverSide, boolean httpsCompatible,
        List<String> applicationProtocols, boolean verifyPeer, Consumer<SSLParameters> parameters) {

    private static final Consumer<SSLParameters> AS_IS = p -> { };

    /** Checks the values. */
    public SslOptions {
        applicationProtocols = List.copyOf(Checks.notNull(applicationProtocols, "applicationProtocols"));
        Checks.notNull(parameters, "parameters");
        if (serverSide && context == null) {
            throw new IllegalArgumentException("a TLS server needs an SSLContext with its key and certificate");
        }
        if (!serverSide && (serverHostname == null || serverHostname.isEmpty())) {
            throw new IllegalArgumentException("a TLS client needs the server's host name (to send and verify it)");
        }
        if (!serverSide && !Addresses.isIpLiteral(serverHostname)) {
            try {
                new SNIHostName(serverHostname); // the name the handshake will send: checked now, not then
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("\"" + serverHostname + "\" is not a valid server host name: "
                        + e.getMessage(), e);
            }
        }
        for (String protocol : applicationProtocols) {
            if (protocol.isEmpty() || protocol.length() > 255) {
                throw new IllegalArgumentException("an ALPN protocol name must be 1..255 characters, not \""
                        + protocol + "\"");
            }
        }
        if (!verifyPeer && serverSide) {
            throw new IllegalArgumentException("verifyPeer=false (insecureTrustAnyCertificate()) is for clients only");
        }
        if (!verifyPeer && context != null) {
            throw new IllegalArgumentException("insecureTrustAnyCertificate() uses a context of its own (trusting any "
                    + "certificate, no client certificate) and cannot be combined with a given SSLContext; to trust "
                    + "something special, build that context with your own TrustManager instead");
        }
    }

    /** A client that connects to {@code serverHostname} with the JDK's default context. */
    public static SslOptions client(String serverHostname) {
        return new SslOptions(null, Checks.notNull(serverHostname, "serverHostname"), false, false, List.of(), true, AS_IS);
    }

    /** A server using {@code context} (which holds its key and certificate). */
    public static SslOptions server(SSLContext context) {
        return new SslOptions(Checks.notNull(context, "context"), null, true, false, List.of(), true, AS_IS);
    }

    /** A copy using {@code context} instead (its trust store and key material). */
    public SslOptions withContext(SSLContext context) {
        return new SslOptions(Checks.notNull(context, "context"), serverHostname, serverSide, httpsCompatible,
                applicationProtocols, verifyPeer, parameters);
    }

    /** A copy that does (or does not) follow the HTTPS convention of not exchanging close_notify. */
    public SslOptions withHttpsCompatible(boolean httpsCompatible) {
        return new SslOptions(context, serverHostname, serverSide, httpsCompatible, applicationProtocols, verifyPeer, parameters);
    }

    /** A copy offering (client) or accepting (server) these ALPN protocols, most preferred first. */
    public SslOptions withApplicationProtocols(String... protocols) {
        Checks.notNull(protocols, "protocols");
        for (int i = 0; i < protocols.length; i++) {
            if (protocols[i] == null) {
                throw new NullPointerException("protocols[" + i + "] must not be null");
            }
        }
        return new SslOptions(context, serverHostname, serverSide, httpsCompatible, List.of(protocols), verifyPeer, parameters);
    }

    /**
     * A copy that adjusts each connection's {@link SSLParameters} with {@code configure}: the
     * protocol versions or cipher suites to enable, a server's {@code setNeedClientAuth(true)}
     * (mutual TLS), named groups, and so on. It runs on the engine's parameters before the stream
     * applies what these options say — host name verification, SNI and ALPN — so it cannot turn
     * verification off (only {@link #insecureTrustAnyCertificate()} does). Replaces any earlier
     * adjustment.
     */
    public SslOptions withParameters(Consumer<SSLParameters> configure) {
        return new SslOptions(context, serverHostname, serverSide, httpsCompatible, applicationProtocols, verifyPeer,
                Checks.notNull(configure, "configure"));
    }

    /**
     * A copy of these client options that accepts ANY server certificate for ANY host name: no
     * protection against an attacker in the middle. For tests against throwaway certificates only.
     * The stream then uses a context of its own (the JDK's default protocols, a trust manager that
     * trusts anything, no client certificate), so these options must not carry a context.
     *
     * @throws IllegalStateException on server options
     * @throws IllegalArgumentException if these options carry an SSLContext
     */
    public SslOptions insecureTrustAnyCertificate() {
        if (serverSide) {
            throw new IllegalStateException("insecureTrustAnyCertificate() is for clients");
        }
        return new SslOptions(context, serverHostname, false, httpsCompatible, applicationProtocols, false, parameters);
    }
}
