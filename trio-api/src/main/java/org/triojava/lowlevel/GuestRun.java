package org.triojava.lowlevel;

/**
 * A run started by {@link Lowlevel#startGuestRun}, as the host sees it. Host code reaches into the
 * run with {@link #token()} ({@code TrioToken.runSyncSoon}, or {@code FromThread} calls with it).
 */
public interface GuestRun {
    /** The run's token; once the run is over it refuses calls with {@link org.triojava.RunFinishedError}. */
    TrioToken token();

    /** Whether the run is over ({@code done} has been called or is being called). */
    boolean isDone();
}
