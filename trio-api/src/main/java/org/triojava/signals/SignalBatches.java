package org.triojava.signals;

import java.util.Iterator;
import java.util.Set;

/**
 * A receiver whose iteration yields batches: the set of signals received since the previous
 * iteration, never empty (early Trio's {@code catch_signals}). A signal that arrived several
 * times appears once; the set iterates in order of first arrival and is unmodifiable. Open it
 * with {@link Signals#catchSignals} in a try-with-resources block; the rules are in
 * {@link Signals}.
 *
 * <pre>{@code
 * try (SignalBatches batches = Signals.catchSignals(Set.of("HUP", "USR2"))) {
 *     for (Set<String> batch : batches) {
 *         if (batch.contains("HUP")) {
 *             reloadConfiguration();
 *         }
 *         if (batch.contains("USR2")) {
 *             rotateLogs();
 *         }
 *     }
 * }
 * }</pre>
 *
 * <p>Iteration never ends on its own: leave the loop with {@code break}, an exception, or
 * cancellation. Each step is a checkpoint.
 */
public final class SignalBatches implements AutoCloseable, Iterable<Set<String>> {
    private final PendingSignals signals;

    SignalBatches(PendingSignals signals) {
        this.signals = signals;
    }

    /**
     * Waits until at least one signal is pending and takes all pending ones. A checkpoint.
     *
     * @throws IllegalStateException after {@link #close()}, or if another task closes the receiver
     *     meanwhile, or when called from outside the run that opened the receiver
     * @throws org.triojava.BusyResourceError if another task is already waiting in this receiver
     */
    public Set<String> receive() {
        return signals.receiveAll();
    }

    /** Iterates over batches; {@code hasNext()} waits (as {@link #receive()}) and never returns false. */
    @Override
    public Iterator<Set<String>> iterator() {
        return new BlockingIterator<>(this::receive);
    }

    /**
     * Stops receiving: restores the handlers the signals had before, and re-delivers the signals
     * received but not yet taken to them (see {@link Signals}). Idempotent.
     *
     * @throws IllegalStateException if a pending signal could not be passed on to the process's
     *     previous handler (the handlers are still restored)
     */
    @Override
    public void close() {
        signals.close();
    }

    @Override
    public String toString() {
        return "SignalBatches" + signals;
    }
}
