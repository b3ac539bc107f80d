package org.triojava.thread;

import org.triojava.Cancelled;
import org.triojava.Trio;
import org.triojava.TrioCallable;
import org.triojava.internal.Checks;
import org.triojava.sync.CapacityLimiter;

/**
 * Options of {@link ToThread#runSync(ThreadOptions, TrioCallable)} (Trio's keyword arguments of
 * {@code to_thread.run_sync}). Immutable: every method returns a changed copy.
 */
public final class ThreadOptions {
    private static final ThreadOptions DEFAULTS = new ThreadOptions(null, false, null);

    private final CapacityLimiter limiter;
    private final boolean abandonOnCancel;
    private final String name;

    private ThreadOptions(CapacityLimiter limiter, boolean abandonOnCancel, String name) {
        this.limiter = limiter;
        this.abandonOnCancel = abandonOnCancel;
        this.name = name;
    }

    /** The defaults: the run's default limiter (40 threads), not abandoned on cancel, a derived thread name. */
    public static ThreadOptions defaults() {
        return DEFAULTS;
    }

    /** Limits concurrent threads with {@code limiter} instead of the run's default one. */
    public ThreadOptions limiter(CapacityLimiter limiter) {
        return new ThreadOptions(Checks.notNull(limiter, "limiter"), abandonOnCancel, name);
    }

    /**
     * If true, a cancelled call returns at once with {@link Cancelled} and leaves the thread
     * running (its result is discarded); if false (default), the call waits for the thread.
     */
    public ThreadOptions abandonOnCancel(boolean abandon) {
        return new ThreadOptions(limiter, abandon, name);
    }

    /** The worker thread's name while it runs this call. */
    public ThreadOptions name(String threadName) {
        return new ThreadOptions(limiter, abandonOnCancel, Checks.notNull(threadName, "threadName"));
    }

    /** The limiter, or null for the run's default. */
    public CapacityLimiter limiter() {
        return limiter;
    }

    /** Whether a cancelled call abandons the thread. */
    public boolean abandonOnCancel() {
        return abandonOnCancel;
    }

    /** The thread name, or null for the derived one. */
    public String name() {
        return name;
    }
}
