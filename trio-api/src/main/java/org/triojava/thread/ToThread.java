package org.triojava.thread;

import java.util.concurrent.RejectedExecutionException;
import org.triojava.Cancelled;
import org.triojava.ContextVar;
import org.triojava.RunFinishedError;
import org.triojava.RunVar;
import org.triojava.TrioCallable;
import org.triojava.TrioRunnable;
import org.triojava.internal.Checks;
import org.triojava.internal.Runtimes;
import org.triojava.internal.WorkerIdle;
import org.triojava.internal.WorkerThreads;
import org.triojava.lowlevel.Abort;
import org.triojava.lowlevel.AbortFunction;
import org.triojava.lowlevel.Lowlevel;
import org.triojava.lowlevel.Outcome;
import org.triojava.lowlevel.Task;
import org.triojava.lowlevel.TrioToken;
import org.triojava.spi.Kernel;
import org.triojava.spi.TaskNames;
import org.triojava.sync.CapacityLimiter;

/**
 * Runs blocking code in a worker thread while the run goes on (Trio's {@code trio.to_thread}).
 * A task that calls a blocking JDK method directly blocks the whole run; wrap it instead:
 *
 * <pre>{@code
 * String text = ToThread.runSync(() -> Files.readString(path));
 * }</pre>
 *
 * <p>Threads are limited by a {@link CapacityLimiter} (by default the run's own, 40 tokens). The
 * worker sees a copy of the caller's {@link ContextVar} values and can call back into the run
 * with {@link FromThread}.
 */
public final class ToThread {
    private static final RunVar<CapacityLimiter> DEFAULT_LIMITER = new RunVar<>("trio.default-thread-limiter");

    private ToThread() {
    }

    /** The run's default limiter for worker threads (40 tokens; change its total to allow more). */
    public static CapacityLimiter currentDefaultThreadLimiter() {
        CapacityLimiter limiter = DEFAULT_LIMITER.get(null);
        if (limiter == null) {
            limiter = new CapacityLimiter(40);
            DEFAULT_LIMITER.set(limiter);
        }
        return limiter;
    }

    /** Runs {@code fn} in a worker thread and returns its value (or throws its exception). */
    public static <T> T runSync(TrioCallable<T> fn) throws Exception {
        return runSync(ThreadOptions.defaults(), fn);
    }

    /** Like {@link #runSync(TrioCallable)}, for code without a value. */
    public static void runSync(TrioRunnable fn) throws Exception {
        runSync(ThreadOptions.defaults(), fn);
    }

    /** Like {@link #runSync(ThreadOptions, TrioCallable)}, for code without a value. */
    public static void runSync(ThreadOptions options, TrioRunnable fn) throws Exception {
        Checks.notNull(fn, "fn");
        runSync(options, () -> {
            fn.run();
            return null;
        });
    }

    /**
     * Runs {@code fn} in a worker thread with {@code options}. A call that is already cancelled
     * never starts the thread. If cancelled while the thread runs, the call waits for it and
     * returns normally (the next checkpoint raises) — or, with
     * {@link ThreadOptions#withAbandonOnCancel(boolean)}, raises {@link Cancelled} at once.
     */
    @SuppressWarnings("unchecked")
    public static <T> T runSync(ThreadOptions options, TrioCallable<T> fn) throws Exception {
        Checks.notNull(options, "options");
        Checks.notNull(fn, "fn");
        Kernel kernel = Runtimes.kernel("ToThread.runSync");
        Lowlevel.checkpointIfCancelled();
        CapacityLimiter limiter = options.limiter() != null ? options.limiter() : currentDefaultThreadLimiter();
        Task host = Lowlevel.currentTask();
        TrioToken token = Lowlevel.currentTrioToken();
        boolean abandon = options.abandonOnCancel();
        String threadName = options.name() != null ? options.name() : TaskNames.of(fn) + " from " + host.name();
        Object placeholder = new Object() {
            @Override
            public String toString() {
                return "<ToThread borrower: " + threadName + ">";
            }
        };
        WorkerThreads.Call call = new WorkerThreads.Call(token, abandon ? null : host, kernel.taskContext());
        Task[] waiter = {host};

        limiter.acquireOnBehalfOf(placeholder);
        kernel.adjustWorkerThreads(1);
        Runnable deliverInRun = null;
        try {
            WorkerThreads.POOL.execute(() -> {
                Thread thread = Thread.currentThread();
                String cachedName = thread.getName();
                thread.setName(threadName);
                WorkerThreads.CURRENT.set(call);
                Outcome result;
                try {
                    result = Outcome.capture(fn::call);
                } finally {
                    WorkerThreads.CURRENT.remove();
                    thread.setName(cachedName);
                }
                try {
                    token.runSyncSoon(() -> finished(kernel, limiter, placeholder, result, waiter));
                } catch (RunFinishedError runIsOver) {
                    // nobody is left to deliver to: the result is dropped, as in Trio
                }
            });
        } catch (RejectedExecutionException e) {
            kernel.adjustWorkerThreads(-1);
            limiter.releaseOnBehalfOf(placeholder);
            throw new IllegalStateException("could not start a worker thread", e);
        }

        AbortFunction abort = raiseCancel -> {
            call.cancellation().delivered = captureCancel(raiseCancel::raiseCancel);
            if (abandon) {
                waiter[0] = null;
                return Abort.SUCCEEDED;
            }
            return Abort.FAILED;
        };
        while (true) {
            Object message = Lowlevel.waitTaskRescheduled(abort);
            if (message instanceof WorkerThreads.Finished finished) {
                return (T) finished.outcome().unwrap();
            }
            WorkerThreads.HostCall hostCall = (WorkerThreads.HostCall) message;
            // The call sees a copy of the worker's context, and what it sets stays there (Trio's Run.run).
            java.util.Map<Object, Object> hostContext = kernel.taskContext();
            kernel.setTaskContext(hostCall.context());
            try {
                hostCall.reply().complete(hostCall.sync() ? WorkerThreads.callSync(hostCall.fn())
                        : Outcome.capture(hostCall.fn()::call));
            } finally {
                kernel.setTaskContext(hostContext);
            }
        }
    }

    /** In the run, when the worker is done: release its token, then hand the result to the waiter. */
    private static void finished(Kernel kernel, CapacityLimiter limiter, Object placeholder, Outcome result,
                                 Task[] waiter) {
        WorkerIdle.workerFinished(kernel);
        Outcome delivered = result;
        try {
            limiter.releaseOnBehalfOf(placeholder);
        } catch (Throwable releaseError) {
            // the release error wins, chained to the function's own error (Trio: __context__)
            if (result instanceof Outcome.Failure(Throwable functionError) && functionError != releaseError) {
                releaseError.addSuppressed(functionError);
            }
            delivered = Outcome.error(releaseError);
        }
        if (waiter[0] != null) {
            Lowlevel.reschedule(waiter[0], Outcome.value(new WorkerThreads.Finished(delivered)));
        }
    }

    private static Throwable captureCancel(Runnable raiseCancel) {
        try {
            raiseCancel.run();
            return null;
        } catch (Throwable t) {
            return t;
        }
    }

}
