package org.triojava.thread;

import org.triojava.Cancelled;
import org.triojava.TrioCallable;
import org.triojava.internal.Checks;
import org.triojava.sync.CapacityLimiter;

/**
 * Options of {@link ToThread#runSync(ThreadOptions, TrioCallable)} (the keyword arguments of
 * Trio's {@code to_thread.run_sync}). Immutable: start from {@link #defaults()} and change one
 * option at a time with the {@code withX} methods.
 *
 * <pre>{@code
 * ToThread.runSync(ThreadOptions.defaults().withLimiter(dbLimiter).withName("db query"), () -> query());
 * }</pre>
 *
 * @param limiter the limiter that bounds concurrent threads, or null for the run's default one
 *     ({@link ToThread#currentDefaultThreadLimiter()}, 40 tokens)
 * @param abandonOnCancel if true, a cancelled call returns at once with {@link Cancelled} and
 *     leaves the thread running (its result is discarded); if false (default), the call waits for
 *     the thread (Trio's {@code abandon_on_cancel})
 * @param name the worker thread's name while it runs the call, or null for a derived one (Trio's
 *     {@code thread_name})
 */
public record ThreadOptions(CapacityLimiter limiter, boolean abandonOnCancel, String name) {
    private static final ThreadOptions DEFAULTS = new ThreadOptions(null, false, null);

    /** The defaults: the run's default limiter (40 threads), not abandoned on cancel, a derived thread name. */
    public static ThreadOptions defaults() {
        return DEFAULTS;
    }

    /** A copy that limits concurrent threads with {@code limiter} instead of the run's default one. */
    public ThreadOptions withLimiter(CapacityLimiter limiter) {
        return new ThreadOptions(Checks.notNull(limiter, "limiter"), abandonOnCancel, name);
    }

    /** A copy whose cancelled call abandons the thread (true) or waits for it (false, the default). */
    public ThreadOptions withAbandonOnCancel(boolean abandon) {
        return new ThreadOptions(limiter, abandon, name);
    }

    /** A copy that names the worker thread {@code threadName} while it runs the call. */
    public ThreadOptions withName(String threadName) {
        return new ThreadOptions(limiter, abandonOnCancel, Checks.notNull(threadName, "threadName"));
    }
}
