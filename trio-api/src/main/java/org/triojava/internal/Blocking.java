package org.triojava.internal;

import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.triojava.WouldBlock;
import org.triojava.lowlevel.Lowlevel;
import org.triojava.lowlevel.Task;
import org.triojava.spi.Kernel;

/**
 * Trio's shape for a blocking operation that may finish at once (rule K3): a cancel point, then
 * the non-blocking attempt; if it succeeds, a schedule point that cannot raise (the operation has
 * happened, so it must not look cancelled); if it would block, park until woken. Every lock,
 * semaphore, limiter and channel operation goes through here, so "cancelled means it had no
 * effect" holds for all of them.
 *
 * <p>The attempt reports "would block" with a return value, not by throwing {@link WouldBlock}:
 * an exception with a stack trace on every wait cost more than the wait itself. Only the public
 * {@code *Nowait} methods throw, through {@link #orThrow}.
 */
public final class Blocking {
    /** What an attempt returns when it would have to wait. */
    public static final Object WOULD_BLOCK = new Object() {
        @Override
        public String toString() {
            return "WOULD_BLOCK";
        }
    };

    private Blocking() {
    }

    /** Runs {@code attempt}, or {@code park} if it returned {@link #WOULD_BLOCK}; returns the value of the one that ran. */
    @SuppressWarnings("unchecked")
    public static <T> T call(Supplier<?> attempt, Supplier<T> park) {
        Lowlevel.checkpointIfCancelled();
        Object value = attempt.get();
        if (value == WOULD_BLOCK) {
            return park.get();
        }
        Lowlevel.cancelShieldedCheckpoint();
        return (T) value;
    }

    /** Like {@link #call}, for operations without a value: {@code attempt} returns false if it would block. */
    public static void run(BooleanSupplier attempt, Runnable park) {
        Lowlevel.checkpointIfCancelled();
        if (attempt.getAsBoolean()) {
            Lowlevel.cancelShieldedCheckpoint();
        } else {
            park.run();
        }
    }

    /** The value of an attempt, for a {@code *Nowait} method: {@link WouldBlock} if it would block. */
    @SuppressWarnings("unchecked")
    public static <T> T orThrow(Object value) {
        if (value == WOULD_BLOCK) {
            throw new WouldBlock();
        }
        return (T) value;
    }

    /**
     * Fails with a clear error unless the calling thread runs a task of the run that
     * {@code waiter} (a task about to be woken, or null) belongs to. Operations that may be used
     * outside a run while nobody waits (such as {@code sendNowait} into a buffer) call this before
     * they take a waiting task out of its queue to wake it, so a call from another thread, or from
     * a second run that shares the object, changes nothing instead of stranding that task.
     *
     * @param operation what the caller tried to do, for the message
     */
    public static void requireRun(String operation, Task waiter) {
        Kernel kernel = Runtimes.kernel(operation);
        if (waiter != null && !kernel.owns(waiter)) {
            throw new IllegalStateException(operation + ": " + waiter + " waits here in another Trio run; an object"
                    + " that tasks wait on belongs to their run (from elsewhere, use that run's TrioToken)");
        }
    }

    /** A void attempt's outcome, for a {@code *Nowait} method: {@link WouldBlock} if it would block. */
    public static void orThrow(boolean done) {
        if (!done) {
            throw new WouldBlock();
        }
    }
}
