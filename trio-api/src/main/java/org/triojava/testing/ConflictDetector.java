package org.triojava.testing;

import org.triojava.BusyResourceError;

/**
 * Detects two tasks inside the same operation at once (Trio's {@code _util.ConflictDetector}):
 * {@link #enter()} throws {@link BusyResourceError} while another task is inside.
 */
final class ConflictDetector {
    private final String message;
    private boolean held;

    ConflictDetector(String message) {
        this.message = message;
    }

    /** Marks the operation as in progress, or throws {@link BusyResourceError} if it already is. */
    void enter() {
        if (held) {
            throw new BusyResourceError(message);
        }
        held = true;
    }

    /** Marks the operation as finished. */
    void exit() {
        held = false;
    }
}
