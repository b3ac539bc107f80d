package org.triojava.file;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import org.triojava.internal.Checks;

/** Opening and wrapping files for use in a run (Trio's {@code trio.open_file} and {@code trio.wrap_file}). */
public final class AsyncFiles {
    private AsyncFiles() {
    }

    /**
     * Opens {@code path} in a worker thread ({@code FileChannel.open} with {@code options}; none:
     * read). A missing file, a directory, a path without permission: the JDK's exception (for
     * example {@link java.nio.file.NoSuchFileException}, naming the path), as it is.
     */
    public static AsyncFile openFile(Path path, OpenOption... options) throws IOException {
        Checks.notNull(path, "path");
        Checks.notNull(options, "options");
        FileChannel channel = FileWork.inThread(() -> FileChannel.open(path, options));
        return new WrappedFile(channel);
    }

    /** Wraps an open {@code FileChannel}: every operation. */
    public static AsyncFile wrapFile(FileChannel channel) {
        return new WrappedFile(Checks.notNull(channel, "channel"));
    }

    /** Wraps an {@code InputStream}: reading and lines only. */
    public static AsyncFile wrapFile(InputStream in) {
        return new WrappedFile(Checks.notNull(in, "in"));
    }

    /** Wraps an {@code OutputStream}: writing and flushing only. */
    public static AsyncFile wrapFile(OutputStream out) {
        return new WrappedFile(Checks.notNull(out, "out"));
    }
}
