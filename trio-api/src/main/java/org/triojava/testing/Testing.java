package org.triojava.testing;

import java.time.Duration;
import org.triojava.TrioRunnable;
import org.triojava.internal.Checks;
import org.triojava.internal.Runtimes;
import org.triojava.internal.WorkerIdle;
import org.triojava.spi.Kernel;

/** Helpers for testing Trio code (Trio's {@code trio.testing} functions). */
public final class Testing {
    private Testing() {
    }

    /** Returns once every other task is blocked (a checkpoint); see {@link #waitAllTasksBlocked(double)}. */
    public static void waitAllTasksBlocked() {
        waitAllTasksBlocked(0);
    }

    /**
     * Returns once no task but the caller is runnable and there has been no I/O for
     * {@code cushion} real seconds. With several waiters, the smallest cushion wakes first and
     * equal cushions wake together. While anyone waits here, a mock clock does not autojump.
     */
    public static void waitAllTasksBlocked(double cushion) {
        Kernel kernel = Runtimes.kernel("Testing.waitAllTasksBlocked");
        kernel.waitAllTasksBlocked(Checks.timeout(cushion, "cushion"));
    }

    /** Like {@link #waitAllTasksBlocked(double)}. */
    public static void waitAllTasksBlocked(Duration cushion) {
        waitAllTasksBlocked(Checks.seconds(cushion, "cushion"));
    }

    /** How many {@code ToThread} worker threads of the current run are busy (Trio's {@code active_thread_count}). */
    public static int activeThreadCount() {
        return Runtimes.kernel("Testing.activeThreadCount").workerThreads();
    }

    /** Waits until no {@code ToThread} worker thread of the current run is busy (a checkpoint). */
    public static void waitAllThreadsCompleted() {
        WorkerIdle.await(Runtimes.kernel("Testing.waitAllThreadsCompleted"));
    }

    /**
     * Runs {@code body} and fails with {@link AssertionError} unless it executed a checkpoint:
     * both a schedule point and a cancel point (Trio's {@code assert_checkpoints}).
     */
    public static void assertCheckpoints(TrioRunnable body) throws Exception {
        Checks.notNull(body, "body");
        Kernel kernel = Runtimes.kernel("Testing.assertCheckpoints");
        long schedule = kernel.schedulePoints();
        long cancel = kernel.cancelPoints();
        body.run();
        if (kernel.schedulePoints() == schedule || kernel.cancelPoints() == cancel) {
            throw new AssertionError("assertCheckpoints block did not yield!");
        }
    }

    /**
     * Runs {@code body} and fails with {@link AssertionError} if it executed a schedule point or a
     * cancel point (Trio's {@code assert_no_checkpoints}); checked even if the body throws.
     */
    public static void assertNoCheckpoints(TrioRunnable body) throws Exception {
        Checks.notNull(body, "body");
        Kernel kernel = Runtimes.kernel("Testing.assertNoCheckpoints");
        long schedule = kernel.schedulePoints();
        long cancel = kernel.cancelPoints();
        try {
            body.run();
        } finally {
            if (kernel.schedulePoints() != schedule || kernel.cancelPoints() != cancel) {
                throw new AssertionError("assertNoCheckpoints block yielded!");
            }
        }
    }
}
