package org.triojava.process.jdk;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.Arrays;
import org.triojava.BrokenResourceError;
import org.triojava.ClosedResourceError;
import org.triojava.Trio;
import org.triojava.abc.ReceiveStream;
import org.triojava.lowlevel.ConflictDetector;
import org.triojava.lowlevel.Lowlevel;

/**
 * A child's stdout or stderr as a Trio {@link ReceiveStream} (what Trio's {@code FdStream} is for a
 * pipe). Reading starts on a pump thread when a task wants data and none is buffered, and goes on
 * ahead of the reader while less than {@value #READ_AHEAD} bytes wait here (a pipe's buffer,
 * made larger); what it brings back stays buffered until a {@code receiveSome} takes it, so a
 * cancelled {@code receiveSome} consumed nothing, and an abandoned read's data goes to the next one.
 */
final class PipeReceiveStream implements ReceiveStream {
    /** What one read asks the pipe for: Trio's {@code DEFAULT_RECEIVE_SIZE}, and a pipe's usual capacity. */
    static final int CHUNK = 65536;
    /** How much the pump reads ahead of the reader before it stops and waits for demand. */
    static final int READ_AHEAD = 4 * CHUNK;

    private final InputStream in;
    private final String description;
    private final PipePump pump = new PipePump();
    private final ConflictDetector receiving;
    private boolean closed;

    // shared with the pump thread: guarded by this
    private final ArrayDeque<byte[]> buffered = new ArrayDeque<>();
    private int bufferedBytes;
    /** How much of the first buffered chunk was already taken. */
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
        byte[] first = buffered.peekFirst();
        if (first != null) {
            int n = Math.min(maxBytes, first.length - offset);
            byte[] data = offset == 0 && n == first.length ? first : Arrays.copyOfRange(first, offset, offset + n);
            offset += n;
            bufferedBytes -= n;
            if (offset == first.length) {
                buffered.removeFirst();
                offset = 0;
            }
            readAheadIfRoom();
            return data;
        }
        if (failure != null) {
            throw new BrokenResourceError("receiveSome: reading the " + description + " failed: " + failure, failure);
        }
        if (ended) {
            return new byte[0];
        }
        readAheadIfRoom();
        return null;
    }

    /** Starts the pump unless it runs, the pipe ended, or enough waits here already; holds the lock. */
    private void readAheadIfRoom() {
        if (!reading && !ended && failure == null && !closed && bufferedBytes < READ_AHEAD) {
            reading = true;
            pump.start(this::readAhead);
        }
    }

    /** On a pump thread: reads until the pipe ends or {@value #READ_AHEAD} bytes wait for the reader. */
    private void readAhead(Runnable progress) {
        boolean more = true;
        while (more) {
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
                if (n > 0 && !closed) {
                    buffered.addLast(n == CHUNK ? chunk : Arrays.copyOf(chunk, n));
                    bufferedBytes += n;
                } else if (n <= 0 && error != null && !closed) {
                    failure = error;
                } else if (n <= 0) {
                    ended = true;
                }
                more = n > 0 && !closed && bufferedBytes < READ_AHEAD;
                reading = more;
            }
            if (more) {
                progress.run();
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
                buffered.clear();
                bufferedBytes = 0;
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
