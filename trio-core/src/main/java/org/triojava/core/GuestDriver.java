package org.triojava.core;

import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.triojava.SchedulingMode;
import org.triojava.TrioCallable;
import org.triojava.lowlevel.GuestRun;
import org.triojava.lowlevel.Outcome;
import org.triojava.lowlevel.TrioToken;
import org.triojava.spi.Kernel;

/**
 * Drives a {@link Runner} in guest mode (Trio's {@code GuestState}): every tick runs on the host's
 * executor and runs batches of tasks for about a millisecond at most; between ticks the run waits for I/O, deadlines and
 * callbacks on a helper thread (a cached loop thread), which posts the next tick when the wait
 * ends. When tasks are still runnable after a tick, the next one is posted at once, so the host
 * gets its thread back at least once a millisecond or so, even from tasks that only checkpoint. Ticks are the only code of the run on the host's thread,
 * and there is always exactly one tick or one wait pending, so the run's state is touched by one
 * thread at a time, each hand-over ordered by the executors.
 */
final class GuestDriver implements GuestRun {
    private final Runner runner;
    private final Executor host;
    private final Consumer<Outcome> done;
    private volatile boolean finished;

    private GuestDriver(Runner runner, Executor host, Consumer<Outcome> done) {
        this.runner = runner;
        this.host = host;
        this.done = done;
        runner.guest = this;
    }

    /**
     * Starts {@code main} as a guest run on {@code host}: the first tick (which begins the run) is
     * handed to the host here, and its refusal is thrown to the caller.
     */
    static GuestDriver start(Runner runner, Executor host, Consumer<Outcome> done, String mainTaskName,
                             TrioCallable<?> main) {
        GuestDriver driver = new GuestDriver(runner, host, done);
        host.execute(() -> driver.firstTick(mainTaskName, main));
        return driver;
    }

    /** The run this drives. */
    Runner runner() {
        return runner;
    }

    @Override
    public TrioToken token() {
        return runner.token();
    }

    @Override
    public boolean isDone() {
        return finished;
    }

    private void firstTick(String mainTaskName, TrioCallable<?> main) {
        runner.moveLoopTo(Thread.currentThread());
        try {
            if (Thread.currentThread().isVirtual() && runner.schedulingMode() == SchedulingMode.CONFINED) {
                throw new IllegalStateException("a confined guest run mounts its tasks on the host's thread, which must"
                        + " then be a platform thread, not " + Thread.currentThread()
                        + "; use RunOptions.withScheduling(SchedulingMode.SHARED)");
            }
            runner.begin(mainTaskName, main);
        } catch (Throwable t) {
            finished = true;
            done.accept(Outcome.error(t));
            return;
        }
        try {
            tick(null, null, false);
        } finally {
            Kernel.bind(null);
        }
    }

    /** One tick on the host's thread: complete the wait, run a batch, then plan what comes next. */
    private void tick(Runner.Wait wait, Throwable failure, boolean waitHere) {
        Kernel.bind(runner);
        try {
            if (waitHere) { // a wait that does not block (callbacks are queued): done here, not on a helper
                try {
                    wait.events = runner.waitForEvents(wait);
                } catch (Throwable t) {
                    failure = t;
                }
            }
            if (!runner.guestTick(wait, failure)) {
                finish(null);
                return;
            }
            Runner.Wait next = runner.planGuestWait();
            if (next == null || next.timeoutNanos == 0 && !next.callbacksOnly) {
                post(() -> tick(next, null, next != null));
            } else {
                LoopThreads.execute(() -> waitOnHelper(next));
            }
        } finally {
            Kernel.bind(null);
        }
    }

    /** On a helper thread: the blocking wait, then the next tick goes to the host. */
    private void waitOnHelper(Runner.Wait wait) {
        Throwable failure = null;
        try {
            wait.events = runner.waitForEvents(wait);
        } catch (Throwable t) {
            failure = t;
        }
        Throwable broken = failure;
        post(() -> tick(wait, broken, false));
    }

    /** Hands {@code work} to the host; if the host refuses, the run ends on a helper thread. */
    private void post(Runnable work) {
        try {
            host.execute(work);
        } catch (RuntimeException | Error e) { // RejectedExecutionException, or a host that fails otherwise
            LoopThreads.execute(() -> finishWithoutHost(e));
        }
    }

    private void finishWithoutHost(Throwable refusal) {
        String why = "the host executor of this guest run refused a callback (" + refusal + "): the host has gone"
                + " away, so the run was cancelled and finished on a helper thread";
        Kernel.bind(runner);
        try {
            runner.finishWithoutHost(why);
        } finally {
            Kernel.bind(null);
        }
        IllegalStateException gone = new IllegalStateException(why, refusal);
        finish(gone);
    }

    /** The run's last task has exited: end the run and report its outcome ({@code error}, if given, instead). */
    private void finish(Throwable error) {
        Kernel.bind(runner);
        try {
            runner.end();
        } finally {
            Kernel.bind(null);
        }
        Outcome outcome = runner.outcome();
        if (error != null) {
            if (outcome instanceof Outcome.Failure failure) {
                error.addSuppressed(failure.error());
            }
            outcome = Outcome.error(error);
        }
        finished = true;
        done.accept(outcome);
    }

    @Override
    public String toString() {
        return "GuestRun[" + (finished ? "done" : "running") + ", host " + host + "]";
    }
}
