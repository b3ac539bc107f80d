package org.triojava.stream;


/**
 * Asked an {@link SslStream} for something only the handshake establishes (protocol, cipher
 * suite, peer certificates, ALPN protocol) before the handshake finished (Trio's
 * {@code trio.NeedHandshakeError}). Call {@link SslStream#doHandshake()} first.
 */
public class NeedHandshakeError extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    /** Creates the error with a message saying what was asked for. */
    public NeedHandshakeError(String message) {
        super(message);
    }
}
