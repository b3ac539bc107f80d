package org.triojava.file;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;
import org.triojava.CancelScope;
import org.triojava.ClosedResourceError;
import org.triojava.Trio;
import org.triojava.TrioCallable;
import org.triojava.internal.Checks;
import org.triojava.lowlevel.ConflictDetector;
import org.triojava.lowlevel.Lowlevel;

/** The one {@link AsyncFile}: a {@code FileChannel}, an {@code InputStream} or an {@code OutputStream}. */
final class WrappedFile implements AsyncFile {
    private final Object wrapped;
    private final FileChannel channel;
    private final InputStream in;
    private final OutputStream out;
    private final ConflictDetector busy = new ConflictDetector("another task is already using this file");
    private BufferedReader reader;
    private boolean closed;

    /** Wraps a {@code FileChannel}, an {@code InputStream} or an {@code OutputStream}. */
    WrappedFile(Object wrapped) {
        this.wrapped = wrapped;
        this.channel = wrapped instanceof FileChannel file ? file : null;
        this.in = wrapped instanceof InputStream stream ? stream : null;
        this.out = wrapped instanceof OutputStream stream ? stream : null;
    }

    /** One call: refused after close or while another task's call runs; the work in a worker thread. */
    private <T> T call(String operation, TrioCallable<T> work) throws IOException {
        if (closed) {
            throw new ClosedResourceError(operation + ": this file was closed");
        }
        busy.enter(operation);
        try {
            return FileWork.inThread(work);
        } finally {
            busy.exit();
        }
    }

    private FileChannel channel(String operation) {
        if (channel == null) {
            throw new UnsupportedOperationException(operation + ": this AsyncFile wraps " + kind()
                    + ", which has no position or size");
        }
        return channel;
    }

    private String kind() {
        return channel != null ? "a FileChannel" : in != null ? "an InputStream" : "an OutputStream";
    }

    private void requireReadable(String operation) {
        if (out != null) {
            throw new UnsupportedOperationException(operation + ": this AsyncFile wraps an OutputStream");
        }
    }

    private void requireWritable(String operation) {
        if (in != null) {
            throw new UnsupportedOperationException(operation + ": this AsyncFile wraps an InputStream");
        }
    }

    @Override
    public byte[] read(int maxBytes) throws IOException {
        if (maxBytes < 1) {
            throw new IllegalArgumentException("maxBytes must be at least 1, got " + maxBytes);
        }
        requireReadable("read");
        return call("read", () -> {
            byte[] buffer = new byte[maxBytes];
            int n = channel != null ? channel.read(ByteBuffer.wrap(buffer)) : in.read(buffer);
            return n <= 0 ? new byte[0] : n == maxBytes ? buffer : Arrays.copyOf(buffer, n);
        });
    }

    @Override
    public byte[] readAll() throws IOException {
        requireReadable("readAll");
        return call("readAll", () -> channel != null ? Channels.newInputStream(channel).readAllBytes()
                : in.readAllBytes());
    }

    @Override
    public int read(ByteBuffer buffer) throws IOException {
        Checks.notNull(buffer, "buffer");
        requireReadable("read");
        return call("read", () -> channel != null ? channel.read(buffer) : readInto(buffer));
    }

    private int readInto(ByteBuffer buffer) throws IOException {
        byte[] chunk = new byte[buffer.remaining()];
        int n = in.read(chunk);
        if (n > 0) {
            buffer.put(chunk, 0, n);
        }
        return n;
    }

    @Override
    public void write(byte[] data) throws IOException {
        write(ByteBuffer.wrap(Checks.notNull(data, "data")));
    }

    @Override
    public void write(ByteBuffer buffer) throws IOException {
        Checks.notNull(buffer, "buffer");
        requireWritable("write");
        call("write", () -> {
            if (channel != null) {
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
            } else {
                Channels.newChannel(out).write(buffer);
            }
            return null;
        });
    }

    @Override
    public long position() throws IOException {
        FileChannel file = channel("position");
        return call("position", file::position);
    }

    @Override
    public void seek(long position) throws IOException {
        FileChannel file = channel("seek");
        long at = nonNegative(position, "position");
        call("seek", () -> file.position(at));
        reader = null; // lines read ahead are no longer where the file is
    }

    private static long nonNegative(long value, String name) {
        if (value < 0) {
            throw new IllegalArgumentException(name + " must be non-negative, got " + value);
        }
        return value;
    }

    @Override
    public long size() throws IOException {
        FileChannel file = channel("size");
        return call("size", file::size);
    }

    @Override
    public void truncate(long size) throws IOException {
        FileChannel file = channel("truncate");
        long to = nonNegative(size, "size");
        call("truncate", () -> file.truncate(to));
    }

    @Override
    public void flush() throws IOException {
        call("flush", () -> {
            if (out != null) {
                out.flush();
            }
            return null;
        });
    }

    @Override
    public Iterable<String> lines() {
        requireReadable("lines");
        return () -> new Iterator<>() {
            /** Lines read ahead by the last worker call; each is handed out at a checkpoint of its own. */
            private final ArrayDeque<String> batch = new ArrayDeque<>();
            private boolean ended;
            private String next;

            @Override
            public boolean hasNext() {
                if (next != null) {
                    return true;
                }
                if (batch.isEmpty() && !ended) {
                    try {
                        ended = call("lines", () -> readBatch(batch));
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                } else if (!batch.isEmpty()) {
                    if (closed) {
                        throw new ClosedResourceError("lines: this file was closed");
                    }
                    Trio.checkpoint(); // a line from the batch: still one checkpoint per line, as in Trio
                }
                next = batch.pollFirst();
                return next != null;
            }

            @Override
            public String next() {
                if (!hasNext()) {
                    throw new NoSuchElementException("no more lines");
                }
                String line = next;
                next = null;
                return line;
            }
        };
    }

    /**
     * In a worker thread: reads lines into {@code batch} until about {@value #BATCH_CHARS} characters
     * or the end; returns whether the end was reached. One worker call per batch, not per line
     * (Trio makes one per line): a thread round trip costs a hundred times a checkpoint.
     */
    private boolean readBatch(ArrayDeque<String> batch) throws IOException {
        BufferedReader lines = reader();
        int chars = 0;
        while (chars < BATCH_CHARS) {
            String line = lines.readLine();
            if (line == null) {
                return true;
            }
            batch.addLast(line);
            chars += line.length() + 1;
        }
        return false;
    }

    private static final int BATCH_CHARS = 64 * 1024;

    private BufferedReader reader() {
        if (reader == null) {
            InputStream source = channel != null ? Channels.newInputStream(channel) : in;
            reader = new BufferedReader(new InputStreamReader(source, StandardCharsets.UTF_8));
        }
        return reader;
    }

    @Override
    public Object wrapped() {
        return wrapped;
    }

    @Override
    public void close() {
        if (closed) {
            Lowlevel.checkpointIfCancelled();
            return;
        }
        closed = true;
        CancelScope shielded = new CancelScope();
        shielded.setShield(true);
        try {
            shielded.run(() -> FileWork.inThread(() -> {
                ((AutoCloseable) wrapped).close();
                return null;
            }));
        } catch (IOException e) {
            throw new UncheckedIOException("could not close " + wrapped, e);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Exception e) {
            throw Checks.<RuntimeException>sneaky(e);
        }
        Lowlevel.checkpointIfCancelled();
    }

    @Override
    public String toString() {
        return "AsyncFile[" + wrapped + (closed ? ", closed" : "") + "]";
    }
}
