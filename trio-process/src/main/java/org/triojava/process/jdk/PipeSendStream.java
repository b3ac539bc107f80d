package org.triojava.process.jdk;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.triojava.BrokenResourceError;
import org.triojava.ClosedResourceError;
import org.triojava.Trio;
import org.triojava.abc.SendStream;
import org.triojava.lowlevel.ConflictDetector;
import org.triojava.lowlevel.Lowlevel;
import org.triojava.socket.Sockets;

/**
 * A child's stdin as a Trio {@link SendStream} (what Trio's {@code FdStream} is for a pipe).
 * {@code sendAll} hands a copy of the data to a pump thread, which writes it in blocks of
 * {@value #BLOCK} bytes, and waits for it.
 *
 * <p>Cancellation: a {@code sendAll} cancelled before the pump began writing sent nothing and
 * the stream stays usable; one cancelled while the data was being written is cut short: the
 * {@code Cancelled} carries how many bytes the pipe had taken ({@link Sockets#partialResult}),
 * the block being written may still go out, the rest never does, and every later
 * {@code sendAll} or {@code waitSendAllMightNotBlock} throws {@link BrokenResourceError} (as a
 * {@code SocketStream} does). A {@code sendAll} whose write had already finished when the
 * cancellation came returns normally; the cancellation waits for the next checkpoint.
 */
final class PipeSendStream implements SendStream {
    /** The most one blocking write hands the pipe, so that a cut-short sendAll leaves at most this in flight. */
    static final int BLOCK = 65536;

    private static final int QUEUED = 0;
    private static final int WRITING = 1;
    private static final int WITHDRAWN = 2;
    private static final int DONE = 3;

    private final OutputStream out;
    private final String description;
    private final PipePump pump = new PipePump();
    private final ConflictDetector sending;
    private boolean closed;
    /** Why sending is broken (a sendAll was cut short part-way), or null. */
    private String brokenBy;
    /** The last write handed to a pump thread, or null. */
    private Write last;

    /** One {@code sendAll}'s data and progress, shared with the pump thread that writes it. */
    private static final class Write {
        final byte[] bytes;
        final AtomicInteger state = new AtomicInteger(QUEUED);
        final AtomicLong written = new AtomicLong();
        volatile boolean abandoned;
        volatile IOException failure;

        Write(byte[] bytes) {
            this.bytes = bytes;
        }
    }

    PipeSendStream(OutputStream out, String description) {
        this.out = out;
        this.description = description;
        this.sending = new ConflictDetector("another task is already sending to the " + description);
    }

    @Override
    public void sendAll(ByteBuffer data) {
        java.util.Objects.requireNonNull(data, "data must not be null");
        sending.enter("sendAll");
        try {
            requireUsable("sendAll");
            if (!data.hasRemaining()) {
                Trio.checkpoint();
                return;
            }
            Lowlevel.checkpointIfCancelled();
            byte[] bytes = new byte[data.remaining()];
            data.get(bytes);
            write(new Write(bytes));
        } finally {
            sending.exit();
        }
    }

    private void write(Write write) {
        last = write;
        pump.start(progress -> writeBlocks(write));
        try {
            if (write.state.get() == DONE) {
                Lowlevel.cancelShieldedCheckpoint(); // the pump was quicker: still a schedule point
            }
            while (write.state.get() != DONE) {
                pump.await(() -> abandon(write));
            }
        } catch (RuntimeException | Error e) { // Cancelled, KeyboardInterrupt, ClosedResourceError
            if (write.state.get() != WITHDRAWN) {
                long sent = write.written.get();
                if (brokenBy == null) {
                    brokenBy = "a previous sendAll was cut short after " + sent + " of " + write.bytes.length
                            + " bytes (" + e + "; a block of up to " + BLOCK + " bytes may still have gone out);"
                            + " the child got a partial message, so close this stream";
                }
                Sockets.attachPartialResult(e, sent);
                throw e;
            }
            throw e;
        }
        IOException error = write.failure;
        if (error != null) {
            brokenBy = "writing to the " + description + " failed: " + error;
            throw Sockets.attachPartialResult(new BrokenResourceError("sendAll: " + brokenBy, error),
                    write.written.get());
        }
    }

    /** Inside the run, on cancellation: withdraw the write if it has not begun, else give it up unless it is done. */
    private static boolean abandon(Write write) {
        if (write.state.compareAndSet(QUEUED, WITHDRAWN)) {
            return true;
        }
        if (write.state.get() == DONE) {
            return false; // the data all went out; the wake-up is on its way, so finish normally
        }
        write.abandoned = true;
        return true;
    }

    /** On a pump thread: writes block by block, stopping early if the sender gave up. */
    private void writeBlocks(Write write) {
        if (!write.state.compareAndSet(QUEUED, WRITING)) {
            return; // withdrawn before it began
        }
        try {
            byte[] bytes = write.bytes;
            for (int at = 0; at < bytes.length && !write.abandoned; at += BLOCK) {
                int n = Math.min(BLOCK, bytes.length - at);
                out.write(bytes, at, n);
                out.flush();
                write.written.addAndGet(n);
            }
        } catch (IOException e) {
            write.failure = e;
        } finally {
            write.state.set(DONE);
        }
    }

    private void requireUsable(String operation) {
        if (closed) {
            throw new ClosedResourceError(operation + ": the " + description + " was closed");
        }
        if (brokenBy != null) {
            throw new BrokenResourceError(operation + ": " + brokenBy);
        }
    }

    /**
     * A checkpoint, then returns: a pipe cannot tell whether it has room, and a {@code sendAll}
     * never leaves a write of its own behind unless it was cut short, which breaks the stream.
     */
    @Override
    public void waitSendAllMightNotBlock() {
        sending.enter("waitSendAllMightNotBlock");
        try {
            requireUsable("waitSendAllMightNotBlock");
            Trio.checkpoint();
        } finally {
            sending.exit();
        }
    }

    /**
     * Closes the pipe, so the child reads the end of its input (idempotent, a checkpoint). A task
     * waiting in {@code sendAll} gets {@link ClosedResourceError}; a block still being written is
     * finished first, on the pump thread, so closing never blocks the run.
     */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            pump.wakeWith(new ClosedResourceError("sendAll: another task closed the " + description));
            Write write = last;
            if (write != null && !write.state.compareAndSet(QUEUED, WITHDRAWN) && write.state.get() == WRITING) {
                write.abandoned = true;
                PipePump.threads().execute(this::closeQuietly); // waits for the write's lock, off the run
            } else {
                closeQuietly();
            }
        }
        Trio.checkpoint();
    }

    private void closeQuietly() {
        try {
            out.close();
        } catch (IOException e) {
            // the child exited or closed its end: nothing more to deliver
        }
    }

    @Override
    public String toString() {
        return "SendStream[" + description + "]";
    }
}
