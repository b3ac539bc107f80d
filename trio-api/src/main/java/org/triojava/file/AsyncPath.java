package org.triojava.file;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.triojava.internal.Checks;

/**
 * A path whose file-system operations run in worker threads (Trio's {@code trio.Path}): it wraps
 * a {@link Path} of any file system (the default one, a zip file system, an in-memory one). Pure
 * operations ({@link #resolve}, {@link #parent}, {@link #fileName}, ...) are plain calls; every
 * operation that touches the file system is a checkpoint whose work runs through {@code ToThread}
 * on the run's default limiter: cancelled meanwhile, it waits for the work and returns, and the next
 * checkpoint raises {@link org.triojava.Cancelled}. The JDK's exceptions (for example
 * {@link java.nio.file.NoSuchFileException}, naming the path) come out as they are.
 *
 * <pre>{@code
 * AsyncPath config = AsyncPath.of("conf", "app.properties");
 * if (config.exists()) {
 *     String text = config.readString();
 * }
 * }</pre>
 */
public final class AsyncPath implements Comparable<AsyncPath> {
    private final Path path;

    private AsyncPath(Path path) {
        this.path = path;
    }

    /** {@code path}, for use in a run. */
    public static AsyncPath of(Path path) {
        return new AsyncPath(Checks.notNull(path, "path"));
    }

    /** {@code Path.of(first, more...)}, for use in a run. */
    public static AsyncPath of(String first, String... more) {
        return new AsyncPath(Path.of(Checks.notNull(first, "first"), Checks.notNull(more, "more")));
    }

    /** The wrapped path. */
    public Path path() {
        return path;
    }

    // ------------------------------------------------------------------ pure operations

    /** {@link Path#resolve(String)}. */
    public AsyncPath resolve(String other) {
        return new AsyncPath(path.resolve(Checks.notNull(other, "other")));
    }

    /** {@link Path#resolve(Path)}. */
    public AsyncPath resolve(AsyncPath other) {
        return new AsyncPath(path.resolve(Checks.notNull(other, "other").path));
    }

    /** The parent, or null (Python's {@code parent} is the path itself at the root; Java's null is kept). */
    public AsyncPath parent() {
        Path parent = path.getParent();
        return parent == null ? null : new AsyncPath(parent);
    }

    /** The last name, or null for a root (Python's {@code name}). */
    public String fileName() {
        Path name = path.getFileName();
        return name == null ? null : name.toString();
    }

    /** {@link Path#relativize(Path)}. */
    public AsyncPath relativize(AsyncPath other) {
        return new AsyncPath(path.relativize(Checks.notNull(other, "other").path));
    }

    /** {@link Path#normalize()}. */
    public AsyncPath normalize() {
        return new AsyncPath(path.normalize());
    }

    /** {@link Path#isAbsolute()}. */
    public boolean isAbsolute() {
        return path.isAbsolute();
    }

    // ------------------------------------------------------------------ file-system operations

    /** Whether the file exists ({@link Files#exists}). */
    public boolean exists() throws IOException {
        return FileWork.inThread(() -> Files.exists(path));
    }

    /** Whether it is a directory ({@link Files#isDirectory}). */
    public boolean isDirectory() throws IOException {
        return FileWork.inThread(() -> Files.isDirectory(path));
    }

    /** Its basic attributes (Python's {@code stat()}). */
    public BasicFileAttributes attributes() throws IOException {
        return FileWork.inThread(() -> Files.readAttributes(path, BasicFileAttributes.class));
    }

    /** Its size in bytes. */
    public long size() throws IOException {
        return FileWork.inThread(() -> Files.size(path));
    }

    /** Its whole content (Python's {@code read_bytes()}). */
    public byte[] readAllBytes() throws IOException {
        return FileWork.inThread(() -> Files.readAllBytes(path));
    }

    /** Its whole content as UTF-8 text (Python's {@code read_text()}). */
    public String readString() throws IOException {
        return FileWork.inThread(() -> Files.readString(path, StandardCharsets.UTF_8));
    }

    /** Writes {@code data} (Python's {@code write_bytes}; {@code options} as {@link Files#write}). */
    public void write(byte[] data, OpenOption... options) throws IOException {
        Checks.notNull(data, "data");
        Checks.notNull(options, "options");
        FileWork.inThread(() -> Files.write(path, data, options));
    }

    /** Writes {@code text} as UTF-8 (Python's {@code write_text}). */
    public void writeString(String text, OpenOption... options) throws IOException {
        Checks.notNull(text, "text");
        Checks.notNull(options, "options");
        FileWork.inThread(() -> Files.writeString(path, text, StandardCharsets.UTF_8, options));
    }

    /** The entries of this directory, in the order the file system gives them (Python's {@code iterdir()}). */
    public List<AsyncPath> list() throws IOException {
        return FileWork.inThread(() -> {
            try (Stream<Path> entries = Files.list(path)) {
                List<AsyncPath> result = new ArrayList<>();
                entries.forEach(entry -> result.add(new AsyncPath(entry)));
                return result;
            }
        });
    }

    /** Creates this directory and its missing parents (Python's {@code mkdir(parents=True, exist_ok=True)}). */
    public void createDirectories() throws IOException {
        FileWork.inThread(() -> Files.createDirectories(path));
    }

    /** Deletes the file or empty directory (Python's {@code unlink()} / {@code rmdir()}). */
    public void delete() throws IOException {
        FileWork.inThread(() -> {
            Files.delete(path);
            return null;
        });
    }

    /** Deletes it if it exists; returns whether it did (Python's {@code unlink(missing_ok=True)}). */
    public boolean deleteIfExists() throws IOException {
        return FileWork.inThread(() -> Files.deleteIfExists(path));
    }

    /** Moves it to {@code target} and returns the target (Python's {@code rename}). */
    public AsyncPath moveTo(AsyncPath target) throws IOException {
        Checks.notNull(target, "target");
        FileWork.inThread(() -> Files.move(path, target.path));
        return target;
    }

    /** Opens it (Trio's {@code Path.open}); see {@link AsyncFiles#openFile}. */
    public AsyncFile open(OpenOption... options) throws IOException {
        return AsyncFiles.openFile(path, options);
    }

    // ------------------------------------------------------------------ value

    @Override
    public int compareTo(AsyncPath other) {
        return path.compareTo(other.path);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof AsyncPath that && path.equals(that.path);
    }

    @Override
    public int hashCode() {
        return path.hashCode();
    }

    /** The path's text (Python's {@code str(path)}). */
    @Override
    public String toString() {
        return path.toString();
    }
}
