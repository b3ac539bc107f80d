package org.triojava.spi;

import java.util.List;

/**
 * The receiving end of a {@link SignalProvider#register signal registration}: trio-api's signal
 * receivers implement it (the part of Trio's {@code SignalReceiver} that its signal handler feeds:
 * {@code _add} and {@code _redeliver_remaining}). Both methods are called with the provider's lock held, from the
 * JVM's signal handler threads or from the thread closing a registration; they must be quick
 * and must not block or call back into the provider.
 */
public interface SignalSink {

    /**
     * One arrival of signal {@code name}.
     *
     * @return false if the sink can no longer take signals because the run it belongs to has
     *     finished; the provider then ends its registration (passing on what it had not handed
     *     out) and delivers this arrival to the next layer
     */
    boolean offer(String name);

    /**
     * Removes and returns the signals that arrived but were not handed out, oldest first. Called
     * once, when the registration ends, after which {@link #offer} is never called again.
     */
    List<String> drainUndelivered();
}
