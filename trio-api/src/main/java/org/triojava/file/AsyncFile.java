package org.triojava.file;

import java.io.IOException;
import java.nio.ByteBuffer;
import org.triojava.abc.AsyncResource;

/**
 * A file whose blocking operations run in worker threads (Trio's {@code trio._file_io.AsyncIOWrapper},
 * what {@code trio.open_file} and {@code trio.wrap_file} return). Every method that touches the
 * file is a checkpoint; the work goes to a worker thread through {@code ToThread} and the run's
 * default limiter. Cancelled while that work runs, a call waits for it and returns its result, and
 * the task's next checkpoint raises {@link org.triojava.Cancelled} (Trio's rule for threads): the
 * work has happened, and nothing it read is lost.
 *
 * <p>One task at a time: a second task calling while another's call is in progress gets
 * {@link org.triojava.BusyResourceError}; any call after {@link #close()} gets
 * {@link org.triojava.ClosedResourceError}. An operation the wrapped object cannot do (a
 * {@code read} on an {@code OutputStream}, a {@code seek} on a stream) throws
 * {@link UnsupportedOperationException} naming it.
 */
public interface AsyncFile extends AsyncResource {
    /** Up to {@code maxBytes} bytes from the current position; an empty array at the end of the file. */
    byte[] read(int maxBytes) throws IOException;

    /** Everything from the current position to the end. */
    byte[] readAll() throws IOException;

    /** Reads into {@code buffer}; returns how many bytes, or -1 at the end of the file. */
    int read(ByteBuffer buffer) throws IOException;

    /** Writes all of {@code data}. */
    void write(byte[] data) throws IOException;

    /** Writes everything {@code buffer} has left. */
    void write(ByteBuffer buffer) throws IOException;

    /** The current position (files only). */
    long position() throws IOException;

    /** Moves to {@code position} (files only; Python's {@code seek(position)}). */
    void seek(long position) throws IOException;

    /** The file's size (files only). */
    long size() throws IOException;

    /** Cuts the file to {@code size} bytes (files only). */
    void truncate(long size) throws IOException;

    /** Passes buffered output on (output streams; files have no buffer here). */
    void flush() throws IOException;

    /**
     * The lines from the current position, as UTF-8, without their terminators (Trio's
     * {@code async for line in file}). Each line is a checkpoint; the reading runs in worker
     * threads a batch of lines (about 64 K characters) at a time. Reading lines buffers ahead: do
     * not mix it with {@link #read(int)} on the same file. An I/O error while reading is an
     * {@link java.io.UncheckedIOException}.
     */
    Iterable<String> lines();

    /** The {@code FileChannel}, {@code InputStream} or {@code OutputStream} this wraps (Trio's {@code wrapped}). */
    Object wrapped();

    /**
     * Closes the file in a worker thread, shielded from cancellation so that it always happens, then
     * a checkpoint (Trio's {@code aclose}); idempotent. A failure to close is an
     * {@link java.io.UncheckedIOException}.
     */
    @Override
    void close();
}
