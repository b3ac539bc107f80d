package org.triojava.process.jdk;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import org.triojava.BrokenResourceError;
import org.triojava.ClosedResourceError;
import org.triojava.Trio;
import org.triojava.abc.ReceiveStream;
import org.triojava.lowlevel.ConflictDetector;
import org.triojava.lowlevel.Lowlevel;

/**
 * A child's stdout or stderr as a Trio {@link ReceiveStream} (what Trio's {@code FdStream} is for a
 * pipe). A read runs on a pump thread only when a task wants data and none is buffered; what it
 * brings back stays buffered until a {@code receiveSome} takes it, so a cancelled
 * {@code receiveSome} consumed nothing, and an abandoned read's data goes to the next one.
 */
final class PipeReceiveStream implements ReceiveStream {
    /** What one read asks the pipe for: Trio's {@code DEFAULT_RECEIVE_SIZE}, and a pipe's usual capacity. */
    static final int CHUNK = 65536;

    private final InputStream in;
    private final String description;
    private final PipePump pump = new PipePump();
    private final ConflictDetector receiving;
    private boolean closed;

    // shared with the pump thread: guarded by this
    private byte[] buffered;
    private int offset;
    private boolean reading;
    private boolean ended;
    private IOException failure;

    PipeReceiveStream(InputStream in, String description) {
        this.in = in;
        this.description = description;
        this.receiving = new ConflictDetector("another task is already receiving from the " + description);
    }

    @Override
    public byte[] receiveSome() {
        return receiveSome(CHUNK);
    }

    @Override
    public byte[] receiveSome(int maxBytes) {
        if (maxBytes < 1) {
            throw new IllegalArgumentException("maxBytes must be at least 1, got " + maxBytes);
        }
        receiving.enter("receiveSome");
        try {
            requireOpen();
            Lowlevel.checkpointIfCancelled();
            byte[] data;
            while ((data = take(maxBytes)) == null) {
                pump.await(() -> true); // the read goes on; its data waits here for the next receiveSome
                requireOpen();
            }
            Lowlevel.cancelShieldedCheckpoint();
            return data;
        } finally {
            receiving.exit();
        }
    }

    private void requireOpen() {
        if (closed) {
            throw new ClosedResourceError("receiveSome: the " + description + " was closed");
        }
    }

    /** Buffered data (up to {@code maxBytes}), an empty array at the end, or null after starting a read. */
    private synchronized byte[] take(int maxBytes) {
        if (buffered != null) {
            int n = Math.min(maxBytes, buffered.length - offset);
            byte[] data = Arrays.copyOfRange(buffered, offset, offset + n);
            offset += n;
            if (offset == buffered.length) {
                buffered = null;
                offset = 0;
            }
            return data;
        }
        if (failure != null) {
            throw new BrokenResourceError("receiveSome: reading the " + description + " failed: " + failure, failure);
        }
        if (ended) {
            return new byte[0];
        }
        if (!reading) {
            reading = true;
            pump.start(this::readChunk);
        }
        return null;
    }

    /** On a pump thread: one blocking read of the pipe. */
    private void readChunk() {
        byte[] chunk = new byte[CHUNK];
        int n;
        IOException error = null;
        try {
            n = in.read(chunk);
        } catch (IOException e) {
            n = -1;
            error = e;
        }
        synchronized (this) {
            reading = false;
            if (n > 0) {
                buffered = n == CHUNK ? chunk : Arrays.copyOf(chunk, n);
            } else if (error != null && !closed) {
                failure = error;
            } else {
                ended = true;
            }
        }
    }

    /**
     * Closes the pipe (idempotent, a checkpoint): a task waiting in {@code receiveSome} gets
     * {@link ClosedResourceError}; a read in progress ends when the child writes or exits.
     */
    @Override
    public void close() {
        if (!closed) {
            synchronized (this) {
                closed = true;
                buffered = null;
            }
            pump.wakeWith(new ClosedResourceError("receiveSome: another task closed the " + description));
            try {
                in.close();
            } catch (IOException e) {
                // closing a pipe we only read from loses nothing
            }
        }
        Trio.checkpoint();
    }

    @Override
    public String toString() {
        return "ReceiveStream[" + description + "]";
    }
}
