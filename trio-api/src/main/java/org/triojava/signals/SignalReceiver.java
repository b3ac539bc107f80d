package org.triojava.signals;

import java.util.Iterator;

/**
 * A receiver that yields signals one at a time (Trio's {@code open_signal_receiver} iterator):
 * in order of first arrival, a repeat of a signal that is still pending merged into it, and two
 * signals that keep arriving taking turns. Open it with {@link Signals#openSignalReceiver} in a
 * try-with-resources block; the rules are in {@link Signals}.
 *
 * <p>Iteration never ends on its own: leave the loop with {@code break}, an exception, or
 * cancellation. Each step is a checkpoint.
 */
public final class SignalReceiver implements AutoCloseable, Iterable<String> {
    private final PendingSignals signals;

    SignalReceiver(PendingSignals signals) {
        this.signals = signals;
    }

    /**
     * Waits until a signal is pending and takes the oldest (Trio's {@code await receiver.__anext__()}).
     * A checkpoint.
     *
     * @throws IllegalStateException after {@link #close()}, or if another task closes the receiver
     *     meanwhile, or when called from outside the run that opened the receiver
     * @throws org.triojava.BusyResourceError if another task is already waiting in this receiver
     */
    public String receive() {
        return signals.receiveOne();
    }

    /** Iterates over arriving signals; {@code hasNext()} waits (as {@link #receive()}) and never returns false. */
    @Override
    public Iterator<String> iterator() {
        return new BlockingIterator<>(this::receive);
    }

    /**
     * Stops receiving: restores the handlers the signals had before, and passes on the signals
     * received but not yet taken (see {@link Signals}). Idempotent.
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
        return "SignalReceiver" + signals;
    }
}
