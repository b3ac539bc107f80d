package org.triojava.testing;

import java.nio.ByteBuffer;
import org.triojava.ClosedResourceError;
import org.triojava.Trio;
import org.triojava.TrioRunnable;
import org.triojava.abc.ReceiveStream;
import org.triojava.internal.Checks;
import org.triojava.lowlevel.ConflictDetector;

/**
 * An in-memory {@link ReceiveStream} (Trio's {@code trio.testing.MemoryReceiveStream}): a test
 * feeds it with {@link #putData(byte[])} and ends it with {@link #putEof()}, or
 * {@link MemoryStreams#pump} feeds it from a {@link MemorySendStream}.
 *
 * <p>Two hooks, settable at any time and {@code null} for none: the
 * {@linkplain #setReceiveSomeHook receive-some hook} runs in {@code receiveSome} before it looks
 * at the buffer, the {@linkplain #setCloseHook close hook} when the stream is closed (every time).
 *
 * <p>{@code receiveSome} is a checkpoint; a second task calling it while one is inside gets
 * {@link org.triojava.BusyResourceError}; a cancelled call consumed nothing. Closing discards
 * anything still buffered: {@code receiveSome} then throws {@link ClosedResourceError}, also in a
 * task that was blocked in it.
 */
public final class MemoryReceiveStream implements ReceiveStream {
    private final ConflictDetector conflict = new ConflictDetector("another task is using this stream");
    private final UnboundedByteQueue incoming = new UnboundedByteQueue();
    private boolean closed;
    private TrioRunnable receiveSomeHook;
    private Runnable closeHook;

    /** Creates a stream without hooks. */
    public MemoryReceiveStream() {
    }

    /**
     * Creates a stream with these hooks (each may be {@code null}); Trio's
     * {@code MemoryReceiveStream(receive_some_hook, close_hook)}.
     */
    public MemoryReceiveStream(TrioRunnable receiveSomeHook, Runnable closeHook) {
        this.receiveSomeHook = receiveSomeHook;
        this.closeHook = closeHook;
    }

    /** The hook run by {@code receiveSome} before it reads, or {@code null} (Trio's {@code receive_some_hook}). */
    public TrioRunnable receiveSomeHook() {
        return receiveSomeHook;
    }

    /** Sets the hook run by {@code receiveSome} before it reads; {@code null} for none. */
    public void setReceiveSomeHook(TrioRunnable hook) {
        this.receiveSomeHook = hook;
    }

    /** The hook run when the stream is closed, or {@code null} (Trio's {@code close_hook}). */
    public Runnable closeHook() {
        return closeHook;
    }

    /** Sets the hook run when the stream is closed; {@code null} for none. */
    public void setCloseHook(Runnable hook) {
        this.closeHook = hook;
    }

    /**
     * Runs the receive-some hook, then waits for data and returns up to {@code maxBytes} bytes of
     * it, or an empty array after {@link #putEof()} once everything was read (Trio's
     * {@code receive_some(max_bytes)}). A checkpoint.
     *
     * @throws IllegalArgumentException if {@code maxBytes < 1}
     * @throws ClosedResourceError if this stream is closed, before or during the call
     * @throws org.triojava.BusyResourceError if another task is in {@code receiveSome}
     */
    @Override
    public byte[] receiveSome(int maxBytes) {
        return receive(UnboundedByteQueue.checkMaxBytes(maxBytes));
    }

    /**
     * Like {@link #receiveSome(int)}, returning everything buffered (Trio's
     * {@code receive_some()} with no {@code max_bytes}).
     */
    @Override
    public byte[] receiveSome() {
        return receive(UnboundedByteQueue.ALL);
    }

    private byte[] receive(int maxBytes) {
        conflict.enter();
        try {
            Trio.checkpoint();
            Trio.checkpoint();
            checkOpen();
            Hooks.run(receiveSomeHook);
            // The queue's closing means end of stream; ours means we were closed, which also
            // closes the queue to wake a blocked receiver: look again after waking.
            byte[] data = incoming.get(maxBytes);
            checkOpen();
            return data;
        } finally {
            conflict.exit();
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new ClosedResourceError("this MemoryReceiveStream was closed");
        }
    }

    /**
     * Discards anything buffered, marks the stream closed, runs the close hook, then executes a
     * checkpoint (Trio's {@code aclose}). Idempotent; closed even inside a cancelled scope.
     */
    @Override
    public void close() {
        closed = true;
        incoming.closeAndWipe();
        Hooks.run(closeHook);
        Trio.checkpoint();
    }

    /**
     * Appends {@code data} to the buffer, waking a blocked receiver (Trio's {@code put_data}).
     * Not a checkpoint.
     *
     * @throws ClosedResourceError if this stream is closed or {@link #putEof()} was called
     */
    public void putData(byte[] data) {
        Checks.notNull(data, "data");
        incoming.put(ByteBuffer.wrap(data));
    }

    /**
     * Marks the end of the stream: once the buffered data has been read, {@code receiveSome}
     * returns empty arrays (Trio's {@code put_eof}). Idempotent; not a checkpoint.
     */
    public void putEof() {
        incoming.close();
    }
}
