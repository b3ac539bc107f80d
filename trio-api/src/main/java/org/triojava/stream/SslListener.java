package org.triojava.stream;

import org.triojava.abc.Listener;
import org.triojava.abc.Stream;
import org.triojava.internal.Backend;
import org.triojava.internal.Checks;

/**
 * Wraps every stream another listener accepts in an {@link SslStream} (Trio's
 * {@code trio.SSLListener}). {@code accept()} does not run the handshake: it happens in the
 * connection's own task on its first send or receive, so a slow client cannot hold up the others.
 */
public interface SslListener extends Listener<SslStream> {
    /** Wraps {@code transportListener}, serving TLS with {@code options} (server side). */
    static SslListener of(Listener<? extends Stream> transportListener, SslOptions options) {
        Checks.notNull(options, "options");
        if (!options.serverSide()) {
            throw new IllegalArgumentException("an SslListener needs server options: SslOptions.server(context)");
        }
        return Backend.STREAMS.find(null).sslListener(Checks.notNull(transportListener, "transportListener"), options);
    }

    /** The (server) options every accepted stream gets, httpsCompatible included. */
    SslOptions options();

    /** The listener whose streams this one wraps. */
    Listener<? extends Stream> transportListener();
}
