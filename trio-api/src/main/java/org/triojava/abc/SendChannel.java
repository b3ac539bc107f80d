package org.triojava.abc;

/**
 * The sending side of a channel of objects (Trio's {@code trio.abc.SendChannel}).
 *
 * @param <T> the type of the values
 */
public interface SendChannel<T> extends AutoCloseable {
    /**
     * Sends {@code value}, waiting if the channel is full (a checkpoint; if cancelled, nothing was
     * sent).
     *
     * @throws org.triojava.BrokenResourceError if nobody can receive any more
     * @throws org.triojava.ClosedResourceError if this handle was closed
     */
    void send(T value);

    /** Closes this handle (idempotent). */
    @Override
    void close();
}
