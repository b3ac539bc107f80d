package org.triojava.abc;

import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * The receiving half of a byte stream (Trio's {@code trio.abc.ReceiveStream}). Iterating over it
 * yields chunks until the end of the stream, like Trio's {@code async for chunk in stream}.
 *
 * <p>{@code receiveSome} is a checkpoint; two tasks in it at once get
 * {@link org.triojava.BusyResourceError}; after {@link #close()} it throws
 * {@link org.triojava.ClosedResourceError}; a broken transport gives
 * {@link org.triojava.BrokenResourceError}. A cancelled {@code receiveSome} consumed nothing.
 */
public interface ReceiveStream extends AsyncResource, Iterable<byte[]> {
    /**
     * Waits for data and returns between 1 and {@code maxBytes} bytes of it, or an empty array
     * once the peer has closed its sending side and everything was read.
     *
     * @throws IllegalArgumentException if {@code maxBytes < 1}
     */
    byte[] receiveSome(int maxBytes);

    /** Like {@link #receiveSome(int)} with a size the implementation chooses (64 KiB unless it says otherwise). */
    byte[] receiveSome();

    /** Chunks from {@link #receiveSome()} until the end of the stream. */
    @Override
    default Iterator<byte[]> iterator() {
        return new Iterator<>() {
            private byte[] next;
            private boolean ended;

            @Override
            public boolean hasNext() {
                if (next == null && !ended) {
                    byte[] chunk = receiveSome();
                    if (chunk.length == 0) {
                        ended = true;
                    } else {
                        next = chunk;
                    }
                }
                return next != null;
            }

            @Override
            public byte[] next() {
                if (!hasNext()) {
                    throw new NoSuchElementException("the stream has ended");
                }
                byte[] chunk = next;
                next = null;
                return chunk;
            }
        };
    }
}
