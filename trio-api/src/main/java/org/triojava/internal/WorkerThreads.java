package org.triojava.internal;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.triojava.TrioCallable;
import org.triojava.lowlevel.Outcome;
import org.triojava.lowlevel.Task;
import org.triojava.lowlevel.TrioToken;
import org.triojava.thread.FromThread;
import org.triojava.thread.ToThread;

/**
 * What {@link ToThread} and {@link FromThread} share: the cache of worker threads, the state a
 * worker thread carries while it runs a call, and the per-run count of busy workers.
 */
public final class WorkerThreads {
    private static final AtomicInteger THREAD_NUMBERS = new AtomicInteger();
    /** Cached daemon threads; an idle one ends after 10 s. */
    public static final ExecutorService POOL = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 10, TimeUnit.SECONDS,
            new SynchronousQueue<>(), runnable -> {
                Thread thread = new Thread(runnable, "Trio thread " + THREAD_NUMBERS.incrementAndGet());
                thread.setDaemon(true);
                return thread;
            });

    /** The call a worker thread is running, or null on other threads. */
    public static final ThreadLocal<Call> CURRENT = new ThreadLocal<>();

    private WorkerThreads() {
    }

    /**
     * One {@code ToThread.runSync} call, as its worker thread sees it.
     *
     * @param token the run's token
     * @param host the task waiting for the call, or null when it abandons on cancel
     * @param context the worker's copy of the caller's task-local context
     */
    public record Call(TrioToken token, Task host, Map<Object, Object> context, Cancellation cancellation) {
        public Call(TrioToken token, Task host, Map<Object, Object> context) {
            this(token, host, new HashMap<>(context), new Cancellation());
        }
    }

    /** The cancellation delivered to the host during a call, for {@code FromThread.checkCancelled}. */
    public static final class Cancellation {
        public volatile Throwable delivered;
    }

    /** A message from the worker to its host task: the result, or a function to run in the host. */
    public sealed interface Message permits Finished, HostCall {
    }

    /** The worker finished. */
    public record Finished(Outcome outcome) implements Message {
    }

    /**
     * Run {@code fn} inside the host task, with {@code context} (a copy of the worker's
     * task-local values) in place of the host's own, and complete {@code reply} with the outcome.
     */
    public record HostCall(TrioCallable<?> fn, Map<Object, Object> context, CompletableFuture<Outcome> reply,
                           boolean sync) implements Message {
    }

    /** Why a {@code FromThread.runSync} function may not checkpoint, wherever it runs. */
    public static final String SYNC_RULE = "FromThread.runSync runs its function synchronously in the run, as Trio's"
            + " from_thread.run_sync does, so the function must not checkpoint; use FromThread.run for code that does";

    /** Runs {@code fn} for {@code FromThread.runSync} in the current run's host task: no checkpoints. */
    public static Outcome callSync(TrioCallable<?> fn) {
        return org.triojava.spi.Kernel.current().callWithoutCheckpoints(SYNC_RULE, fn);
    }

    /**
     * The task-local context of a {@code FromThread.runSync} callback that runs in the run's loop
     * (outside any task): a copy of the calling thread's context; null everywhere else.
     */
    public static final ThreadLocal<Map<Object, Object>> CALLBACK_CONTEXT = new ThreadLocal<>();

    /** Runs {@code fn} now, on this thread, with a mutable copy of {@code context} as its task-local context. */
    public static Outcome callInContext(Map<Object, Object> context, TrioCallable<?> fn) {
        Map<Object, Object> previous = CALLBACK_CONTEXT.get();
        CALLBACK_CONTEXT.set(new HashMap<>(context));
        try {
            return callSync(fn);
        } finally {
            if (previous == null) {
                CALLBACK_CONTEXT.remove();
            } else {
                CALLBACK_CONTEXT.set(previous);
            }
        }
    }
}
