package org.triojava.junit5;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.triojava.CancelScope;
import org.triojava.RunFinishedError;
import org.triojava.TrioRunnable;
import org.triojava.lowlevel.Lowlevel;
import org.triojava.lowlevel.TrioToken;

/**
 * {@link TrioTest#timeout()}: cancels a test body that runs longer than its timeout in real time,
 * and fails the test with the run's task tree as it was at that moment.
 */
final class Watchdog {
    /** One daemon thread for every test's timer. */
    private static final ScheduledExecutorService TIMERS = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "trio-test-watchdog");
        thread.setDaemon(true);
        return thread;
    });
    /** How long the timer waits for the run to answer before it says that it could not. */
    private static final long ANSWER_SECONDS = 1;

    private Watchdog() {
    }

    /** Runs {@code body} in the current task, cancelled after {@code seconds} (0: no limit). */
    static void within(double seconds, String testName, TrioRunnable body) throws Exception {
        if (seconds == 0) {
            body.run();
            return;
        }
        CancelScope scope = new CancelScope();
        TrioToken token = Lowlevel.currentTrioToken();
        String[] tree = new String[1];
        long nanos = Math.max(1, (long) (seconds * 1e9));
        ScheduledFuture<?> timer = TIMERS.schedule(() -> fire(token, scope, tree, testName, seconds), nanos,
                TimeUnit.NANOSECONDS);
        try {
            scope.run(body);
        } finally {
            timer.cancel(false);
        }
        if (tree[0] != null) {
            String message = testName + " timed out after " + seconds + " s; its task tree then:\n" + tree[0];
            System.err.println(message);
            throw new AssertionError(message);
        }
    }

    private static void fire(TrioToken token, CancelScope scope, String[] tree, String testName, double seconds) {
        Thread caller = Thread.currentThread();
        boolean[] answered = {false};
        try {
            token.runSyncSoon(() -> {
                tree[0] = Lowlevel.dumpTaskTree().toString();
                scope.cancel("the test ran longer than its timeout of " + seconds + " s");
                synchronized (answered) {
                    answered[0] = true;
                    answered.notifyAll();
                }
            });
        } catch (RunFinishedError finished) {
            return; // the test ended meanwhile
        }
        synchronized (answered) {
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(ANSWER_SECONDS);
            try {
                for (long left = end - System.nanoTime(); !answered[0] && left > 0; left = end - System.nanoTime()) {
                    TimeUnit.NANOSECONDS.timedWait(answered, left);
                }
            } catch (InterruptedException e) {
                caller.interrupt();
                return;
            }
            if (!answered[0]) {
                System.err.println(testName + " timed out after " + seconds + " s, but its run did not answer"
                        + " within " + ANSWER_SECONDS + " s: one task holds it (a blocking call?) and cannot be"
                        + " cancelled until it reaches a checkpoint");
            }
        }
    }
}
