package org.triojava.abc;

import java.nio.ByteBuffer;

/**
 * The sending half of a byte stream (Trio's {@code trio.abc.SendStream}).
 *
 * <p>The contract (rules ST1–ST7 of Trio's stream checkers, which
 * {@link org.triojava.testing.StreamChecks} enforces): {@code sendAll} and
 * {@code waitSendAllMightNotBlock} are checkpoints; two tasks in them at once (or in
 * {@link HalfCloseableStream#sendEof()}) get {@link org.triojava.BusyResourceError}; after
 * {@link #close()} they throw {@link org.triojava.ClosedResourceError}, also in a task that was
 * blocked in them when another task closed the stream; when the peer or the transport breaks,
 * {@link org.triojava.BrokenResourceError}. A {@code sendAll} that is cancelled or fails may have
 * sent an unknown prefix of the data: the only sane thing to do then is to close the stream.
 */
public interface SendStream extends AsyncResource {
    /**
     * Sends every remaining byte of {@code data}, waiting for room as needed; on return the
     * buffer's position is at its limit. An empty buffer is still a checkpoint.
     */
    void sendAll(ByteBuffer data);

    /** Sends all of {@code data} (see {@link #sendAll(ByteBuffer)}). */
    default void sendAll(byte[] data) {
        sendAll(ByteBuffer.wrap(java.util.Objects.requireNonNull(data, "data must not be null")));
    }

    /**
     * Returns when a {@code sendAll} might not block (it may return early, never late): for
     * producers that want to generate data only when it can be sent at once.
     */
    void waitSendAllMightNotBlock();
}
