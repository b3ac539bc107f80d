package org.triojava.streams.jdk;

import java.io.IOException;
import org.triojava.abc.Listener;
import org.triojava.abc.Stream;
import org.triojava.stream.AsyncResources;
import org.triojava.stream.SslListener;
import org.triojava.stream.SslOptions;
import org.triojava.stream.SslStream;

/**
 * Wraps the streams another listener accepts in {@link TlsStream}s (Trio's {@code SSLListener}).
 * {@link #accept()} does no handshake: each connection's handshake runs in the task that first
 * sends or receives on it, so a slow or hostile client holds up nobody else.
 */
final class TlsListener implements SslListener {
    private final Listener<? extends Stream> transportListener;
    private final SslOptions options;

    TlsListener(Listener<? extends Stream> transportListener, SslOptions options) {
        this.transportListener = transportListener;
        this.options = options;
    }

    @Override
    public SslStream accept() throws IOException {
        Stream transport = transportListener.accept();
        try {
            return new TlsStream(transport, options);
        } catch (RuntimeException | Error e) {
            AsyncResources.closeForcefully(transport);
            throw e;
        }
    }

    @Override
    public SslOptions options() {
        return options;
    }

    @Override
    public Listener<? extends Stream> transportListener() {
        return transportListener;
    }

    @Override
    public void close() {
        transportListener.close();
    }

    @Override
    public String toString() {
        return "SslListener[" + transportListener + (options.httpsCompatible() ? ", httpsCompatible" : "") + "]";
    }
}
