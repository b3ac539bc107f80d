package org.triojava.testing;

import java.nio.ByteBuffer;
import org.triojava.ClosedResourceError;
import org.triojava.Trio;
import org.triojava.TrioRunnable;
import org.triojava.WouldBlock;
import org.triojava.abc.SendStream;
import org.triojava.internal.Checks;
import org.triojava.lowlevel.ConflictDetector;

/**
 * An in-memory {@link SendStream} (Trio's {@code trio.testing.MemorySendStream}): what is sent
 * collects in an unbounded internal buffer, from which a test takes it with {@link #getData()} or
 * {@link #getDataNowait()}, or {@link MemoryStreams#pump} moves it to a
 * {@link MemoryReceiveStream}.
 *
 * <p>Three hooks, settable at any time and {@code null} for none, run after the operation has
 * done its work: the {@linkplain #setSendAllHook send-all hook} after {@code sendAll} has
 * buffered the data, the {@linkplain #setWaitSendAllMightNotBlockHook wait hook} at the end of
 * {@code waitSendAllMightNotBlock}, and the {@linkplain #setCloseHook close hook} when the stream
 * is closed (every time, even when it was closed already). Whatever a hook throws comes out of
 * the operation unchanged.
 *
 * <p>{@code sendAll} and {@code waitSendAllMightNotBlock} are checkpoints and never block by
 * themselves (only a hook can make them wait); a second task calling either while one is inside
 * gets {@link org.triojava.BusyResourceError}; after {@link #close()} they throw
 * {@link ClosedResourceError}. A {@code sendAll} cancelled in its checkpoint sent nothing.
 */
public final class MemorySendStream implements SendStream {
    private final ConflictDetector conflict = new ConflictDetector("another task is using this stream");
    private final UnboundedByteQueue outgoing = new UnboundedByteQueue();
    private TrioRunnable sendAllHook;
    private TrioRunnable waitSendAllMightNotBlockHook;
    private Runnable closeHook;

    /** Creates a stream without hooks. */
    public MemorySendStream() {
    }

    /**
     * Creates a stream with these hooks (each may be {@code null}); Trio's
     * {@code MemorySendStream(send_all_hook, wait_send_all_might_not_block_hook, close_hook)}.
     */
    public MemorySendStream(TrioRunnable sendAllHook, TrioRunnable waitSendAllMightNotBlockHook, Runnable closeHook) {
        this.sendAllHook = sendAllHook;
        this.waitSendAllMightNotBlockHook = waitSendAllMightNotBlockHook;
        this.closeHook = closeHook;
    }

    /** The hook run at the end of {@code sendAll}, or {@code null} (Trio's {@code send_all_hook}). */
    public TrioRunnable sendAllHook() {
        return sendAllHook;
    }

    /** Sets the hook run at the end of {@code sendAll}; {@code null} for none. */
    public void setSendAllHook(TrioRunnable hook) {
        this.sendAllHook = hook;
    }

    /**
     * The hook run at the end of {@code waitSendAllMightNotBlock}, or {@code null} (Trio's
     * {@code wait_send_all_might_not_block_hook}).
     */
    public TrioRunnable waitSendAllMightNotBlockHook() {
        return waitSendAllMightNotBlockHook;
    }

    /** Sets the hook run at the end of {@code waitSendAllMightNotBlock}; {@code null} for none. */
    public void setWaitSendAllMightNotBlockHook(TrioRunnable hook) {
        this.waitSendAllMightNotBlockHook = hook;
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
     * Appends the remaining bytes of {@code data} to the internal buffer (moving its position to
     * its limit), then runs the send-all hook (Trio's {@code send_all}). A checkpoint, also for
     * an empty buffer.
     *
     * @throws ClosedResourceError if this stream is closed (nothing is consumed)
     * @throws org.triojava.BusyResourceError if another task is in {@code sendAll} or
     *     {@code waitSendAllMightNotBlock}
     */
    @Override
    public void sendAll(ByteBuffer data) {
        Checks.notNull(data, "data");
        conflict.enter();
        try {
            // Two checkpoints, as in Trio: more chances to catch a second task coming in.
            Trio.checkpoint();
            Trio.checkpoint();
            outgoing.put(data);
            Hooks.run(sendAllHook);
        } finally {
            conflict.exit();
        }
    }

    /**
     * Checks that the stream is open, then runs the wait hook and returns (Trio's
     * {@code wait_send_all_might_not_block}). A checkpoint.
     *
     * @throws ClosedResourceError if this stream is closed
     * @throws org.triojava.BusyResourceError if another task is in {@code sendAll} or
     *     {@code waitSendAllMightNotBlock}
     */
    @Override
    public void waitSendAllMightNotBlock() {
        conflict.enter();
        try {
            Trio.checkpoint();
            Trio.checkpoint();
            outgoing.checkOpen();
            Hooks.run(waitSendAllMightNotBlockHook);
        } finally {
            conflict.exit();
        }
    }

    /**
     * Marks the stream closed, runs the close hook, then executes a checkpoint (Trio's
     * {@code aclose}). Idempotent; data still buffered can still be fetched, after which the
     * getters return empty arrays. Closed even inside a cancelled scope (the checkpoint then
     * throws {@link org.triojava.Cancelled} after the closing).
     */
    @Override
    public void close() {
        outgoing.close();
        Hooks.run(closeHook);
        Trio.checkpoint();
    }

    /**
     * Waits until the buffer holds data or the stream is closed, and takes everything buffered
     * (Trio's {@code get_data()}); an empty array once the stream is closed and drained. A
     * checkpoint; a cancelled call takes nothing.
     *
     * @throws org.triojava.BusyResourceError if another task is fetching data
     */
    public byte[] getData() {
        return outgoing.get(UnboundedByteQueue.ALL);
    }

    /**
     * Like {@link #getData()}, taking at most {@code maxBytes} bytes (Trio's
     * {@code get_data(max_bytes)}).
     *
     * @throws IllegalArgumentException if {@code maxBytes < 1}
     */
    public byte[] getData(int maxBytes) {
        return outgoing.get(UnboundedByteQueue.checkMaxBytes(maxBytes));
    }

    /**
     * Takes everything buffered without waiting (Trio's {@code get_data_nowait()}); an empty
     * array if the stream is closed and drained. Not a checkpoint.
     *
     * @throws WouldBlock if the stream is open and its buffer is empty
     * @throws org.triojava.BusyResourceError if another task is fetching data
     */
    public byte[] getDataNowait() {
        return outgoing.getNowait(UnboundedByteQueue.ALL);
    }

    /**
     * Like {@link #getDataNowait()}, taking at most {@code maxBytes} bytes (Trio's
     * {@code get_data_nowait(max_bytes)}).
     *
     * @throws IllegalArgumentException if {@code maxBytes < 1}
     * @throws WouldBlock if the stream is open and its buffer is empty
     */
    public byte[] getDataNowait(int maxBytes) {
        return outgoing.getNowait(UnboundedByteQueue.checkMaxBytes(maxBytes));
    }
}
