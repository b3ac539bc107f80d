package org.triojava.process;

import java.nio.file.Path;
import org.triojava.internal.Checks;

/**
 * Where one of a child's standard streams goes (the {@code stdin=}, {@code stdout=} and
 * {@code stderr=} values of Python's {@code subprocess}, as {@code trio.lowlevel.open_process}
 * takes them).
 *
 * <ul>
 *   <li>{@link #INHERIT}: the parent's own stream ({@code None} in Python).</li>
 *   <li>{@link #DISCARD}: nothing: output is thrown away, input is empty ({@code subprocess.DEVNULL}).</li>
 *   <li>{@link #PIPE}: a pipe that the parent reads or writes as a Trio stream
 *       ({@link TrioProcess#stdin()}, {@link TrioProcess#stdout()}, {@link TrioProcess#stderr()}).</li>
 *   <li>{@link #STDOUT}: for stderr only, wherever stdout goes ({@code subprocess.STDOUT}).</li>
 *   <li>{@link #file(Path)} and {@link #appendTo(Path)}: a file, read for stdin, truncated or
 *       appended to for output.</li>
 * </ul>
 */
public sealed interface Redirect permits Redirect.Standard, Redirect.ToFile {

    /** The parent's own stream. */
    Redirect INHERIT = Standard.INHERIT;

    /** Nothing: output discarded, input empty (as {@code /dev/null}). */
    Redirect DISCARD = Standard.DISCARD;

    /** A pipe to or from the parent, as a Trio stream on the process. */
    Redirect PIPE = Standard.PIPE;

    /** For stderr only: the same place as stdout, interleaved as written. */
    Redirect STDOUT = Standard.STDOUT;

    /** The file at {@code path}: read as stdin, or truncated and written as stdout or stderr. */
    static Redirect file(Path path) {
        return new ToFile(Checks.notNull(path, "path"), false);
    }

    /** The file at {@code path}, appended to (for stdout or stderr; as stdin it is simply read). */
    static Redirect appendTo(Path path) {
        return new ToFile(Checks.notNull(path, "path"), true);
    }

    /** The redirects that need no argument. */
    enum Standard implements Redirect {
        /** See {@link Redirect#INHERIT}. */
        INHERIT,
        /** See {@link Redirect#DISCARD}. */
        DISCARD,
        /** See {@link Redirect#PIPE}. */
        PIPE,
        /** See {@link Redirect#STDOUT}. */
        STDOUT
    }

    /**
     * A file.
     *
     * @param path the file
     * @param append whether output is appended instead of replacing the file's content
     */
    record ToFile(Path path, boolean append) implements Redirect {
        /** Checks the path. */
        public ToFile {
            Checks.notNull(path, "path");
        }
    }
}
