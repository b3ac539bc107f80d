package org.triojava.internal;

import java.util.function.Supplier;
import org.triojava.WouldBlock;
import org.triojava.lowlevel.Lowlevel;

/**
 * Trio's shape for a blocking operation that may finish at once (rule K3): a cancel point, then
 * the non-blocking attempt; if it succeeds, a schedule point that cannot raise (the operation has
 * happened, so it must not look cancelled); if it would block, park until woken. Every lock,
 * semaphore, limiter and channel operation goes through here, so "cancelled means it had no
 * effect" holds for all of them.
 */
public final class Blocking {
    private Blocking() {
    }

    /** Runs {@code nowait}, or {@code park} if it throws {@link WouldBlock}; returns what ran. */
    public static <T> T call(Supplier<T> nowait, Supplier<T> park) {
        Lowlevel.checkpointIfCancelled();
        T value;
        try {
            value = nowait.get();
        } catch (WouldBlock wouldBlock) {
            return park.get();
        }
        Lowlevel.cancelShieldedCheckpoint();
        return value;
    }

    /** Like {@link #call}, for operations without a value. */
    public static void run(Runnable nowait, Runnable park) {
        call(() -> {
            nowait.run();
            return null;
        }, () -> {
            park.run();
            return null;
        });
    }
}
