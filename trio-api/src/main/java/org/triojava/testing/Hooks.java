package org.triojava.testing;

import org.triojava.TrioRunnable;
import org.triojava.internal.Checks;

/** Runs the memory streams' hooks. */
final class Hooks {
    private Hooks() {
    }

    /** Runs {@code hook} if there is one; what it throws comes out unchanged, checked or not. */
    static void run(TrioRunnable hook) {
        if (hook == null) {
            return;
        }
        try {
            hook.run();
        } catch (Exception e) {
            throw Checks.<RuntimeException>sneaky(e);
        }
    }

    /** Runs {@code hook} if there is one. */
    static void run(Runnable hook) {
        if (hook != null) {
            hook.run();
        }
    }
}
