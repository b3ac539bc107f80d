package org.triojava.lowlevel;

import org.triojava.BusyResourceError;
import org.triojava.internal.Checks;

/**
 * Detects two tasks inside the same operation at once (Trio's {@code _util.ConflictDetector}), the
 * way streams enforce "one task sends, one task receives": {@link #enter()} throws
 * {@link BusyResourceError} while another task is inside, {@link #exit()} leaves. Not a lock and
 * not thread-safe: one task of a run runs at a time, and only the run's tasks may use it.
 */
public final class ConflictDetector {
    private final String message;
    private boolean held;

    /** A detector whose {@link BusyResourceError} says {@code message}. */
    public ConflictDetector(String message) {
        this.message = Checks.notNull(message, "message");
    }

    /** Marks the operation as in progress, or throws {@link BusyResourceError} if it already is. */
    public void enter() {
        if (held) {
            throw new BusyResourceError(message);
        }
        held = true;
    }

    /** Like {@link #enter()}, with {@code operation} leading the error message ("sendAll: ..."). */
    public void enter(String operation) {
        if (held) {
            throw new BusyResourceError(operation + ": " + message);
        }
        held = true;
    }

    /** Marks the operation as finished. */
    public void exit() {
        held = false;
    }
}
