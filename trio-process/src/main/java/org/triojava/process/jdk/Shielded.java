package org.triojava.process.jdk;

import org.triojava.CancelScope;
import org.triojava.TrioRunnable;

/** Runs code that must finish even in a cancelled task: Trio's {@code with CancelScope(shield=True):}. */
final class Shielded {
    private Shielded() {
    }

    /** Runs {@code body} in a shielded cancel scope; its unchecked exceptions pass through. */
    static void run(TrioRunnable body) {
        CancelScope shield = new CancelScope();
        shield.setShield(true);
        try {
            shield.run(body);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("unexpected checked exception from " + body, e);
        }
    }
}
