package org.triojava.spi;

/**
 * A live {@link SignalProvider#register signal registration}: the handlers Trio's
 * {@code _signal_handler} context manager installs, restored by {@link #close()}.
 */
public interface SignalRegistration extends AutoCloseable {

    /**
     * Ends the registration: the sink gets no more signals, each signal's previous handler is
     * restored once no layer is left for it, and the signals the sink had not handed out are
     * passed on (see {@link SignalProvider}). Idempotent; callable from any thread.
     *
     * @throws IllegalStateException if a signal could not be passed on to the handler the
     *     process had before (everything else is still restored)
     */
    @Override
    void close();
}
