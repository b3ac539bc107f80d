package org.triojava.lowlevel;

/**
 * A handle on one {@code Trio.run} that other threads may use to re-enter it (Trio's
 * {@code TrioToken}). Obtain it with {@link Lowlevel#currentTrioToken()}.
 */
public interface TrioToken {
    /**
     * Schedules {@code fn} to run soon on the run's loop, from any thread. Calls run in FIFO
     * order; a callback that throws is a {@code TrioInternalError} for the whole run.
     *
     * @throws org.triojava.RunFinishedError if the run has already finished
     */
    void runSyncSoon(Runnable fn);

    /**
     * Like {@link #runSyncSoon(Runnable)}; with {@code idempotent} true, a call whose {@code fn}
     * is already pending (by {@code equals}) is dropped.
     */
    void runSyncSoon(Runnable fn, boolean idempotent);
}
