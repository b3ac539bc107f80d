package org.triojava.abc;

import java.util.Iterator;
import java.util.NoSuchElementException;
import org.triojava.EndOfChannel;

/**
 * The receiving side of a channel of objects (Trio's {@code trio.abc.ReceiveChannel}). Iterating
 * it receives until {@link EndOfChannel}: {@code for (T value : channel) { ... }} (each step is a
 * checkpoint).
 *
 * @param <T> the type of the values
 */
public interface ReceiveChannel<T> extends AutoCloseable, Iterable<T> {
    /**
     * Receives the next value, waiting if there is none (a checkpoint; if cancelled, nothing was
     * consumed).
     *
     * @throws EndOfChannel when every sender has closed and everything sent was received
     * @throws org.triojava.ClosedResourceError if this handle was closed
     */
    T receive();

    /** Closes this handle (idempotent). */
    @Override
    void close();

    /** Receives values until {@link EndOfChannel}. */
    @Override
    default Iterator<T> iterator() {
        return new Iterator<>() {
            private T next;
            private boolean ready;
            private boolean ended;

            @Override
            public boolean hasNext() {
                if (!ready && !ended) {
                    try {
                        next = receive();
                        ready = true;
                    } catch (EndOfChannel end) {
                        ended = true;
                    }
                }
                return ready;
            }

            @Override
            public T next() {
                if (!hasNext()) {
                    throw new NoSuchElementException("the channel has ended");
                }
                ready = false;
                T value = next;
                next = null;
                return value;
            }
        };
    }
}
