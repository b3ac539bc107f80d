package org.triojava.thread;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.triojava.Cancelled;
import org.triojava.RunFinishedError;
import org.triojava.TrioCallable;
import org.triojava.internal.Checks;
import org.triojava.internal.WorkerThreads;
import org.triojava.lowlevel.Lowlevel;
import org.triojava.lowlevel.Outcome;
import org.triojava.lowlevel.TrioToken;
import org.triojava.spi.Kernel;

/**
 * Calls back into a run from another thread, blocking that thread until the call is done
 * (Trio's {@code trio.from_thread}).
 *
 * <p>From a {@link ToThread} worker no token is needed: {@link #run} and {@link #runSync} then
 * execute inside the task that is waiting for the worker (its cancel scopes apply), unless the
 * worker abandons on cancel, in which case {@link #run} uses a new system task. From any other
 * thread, pass the run's {@link TrioToken}.
 */
public final class FromThread {
    private FromThread() {
    }

    /** Runs {@code fn} in the run as a task (it may use checkpoints) and returns its value. */
    public static <T> T run(TrioCallable<T> fn) throws Exception {
        return call(null, Checks.notNull(fn, "fn"), false);
    }

    /** Like {@link #run(TrioCallable)}, in the run that {@code token} belongs to. */
    public static <T> T run(TrioToken token, TrioCallable<T> fn) throws Exception {
        return call(Checks.notNull(token, "token"), Checks.notNull(fn, "fn"), false);
    }

    /**
     * Runs {@code fn} in the run without letting it block (it may not use checkpoints) and
     * returns its value.
     */
    public static <T> T runSync(TrioCallable<T> fn) throws Exception {
        return call(null, Checks.notNull(fn, "fn"), true);
    }

    /** Like {@link #runSync(TrioCallable)}, in the run that {@code token} belongs to. */
    public static <T> T runSync(TrioToken token, TrioCallable<T> fn) throws Exception {
        return call(Checks.notNull(token, "token"), Checks.notNull(fn, "fn"), true);
    }

    /**
     * In a {@link ToThread} worker: throws {@link Cancelled} if the waiting task has been
     * cancelled during this call (so long-running work can stop early); otherwise returns.
     *
     * @throws IllegalStateException in any other thread
     */
    public static void checkCancelled() {
        WorkerThreads.Call call = WorkerThreads.CURRENT.get();
        if (call == null) {
            throw new IllegalStateException("FromThread.checkCancelled must be called from a ToThread worker thread");
        }
        Throwable delivered = call.cancellation().delivered;
        if (delivered != null) {
            throw Checks.<RuntimeException>sneaky(delivered);
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> T call(TrioToken explicitToken, TrioCallable<T> fn, boolean sync) throws Exception {
        if (Kernel.current() != null) {
            throw new IllegalStateException("FromThread must not be called from the Trio run's own thread; "
                    + "call the function directly instead");
        }
        WorkerThreads.Call worker = WorkerThreads.CURRENT.get();
        TrioToken token = explicitToken != null ? explicitToken : worker != null ? worker.token() : null;
        if (token == null) {
            throw new IllegalStateException("FromThread needs a TrioToken when called from a thread that is not a"
                    + " ToThread worker (get one with Lowlevel.currentTrioToken())");
        }
        CompletableFuture<Outcome> reply = new CompletableFuture<>();
        // fn runs with a copy of this thread's task-local context (empty for a foreign thread), as in Trio
        Map<Object, Object> context = worker != null ? Map.copyOf(worker.context()) : Map.of();
        if (explicitToken == null && worker.host() != null) {
            WorkerThreads.HostCall request = new WorkerThreads.HostCall(fn, context, reply, sync);
            token.runSyncSoon(() -> Lowlevel.reschedule(worker.host(), Outcome.value(request)));
        } else if (sync) {
            token.runSyncSoon(() -> reply.complete(WorkerThreads.callInContext(context, fn)));
        } else {
            token.runSyncSoon(() -> {
                try {
                    Lowlevel.spawnSystemTask("FromThread.run", () -> {
                        Kernel.current().setTaskContext(context);
                        reply.complete(Outcome.capture(fn::call));
                    });
                } catch (IllegalStateException systemNurseryClosed) {
                    reply.complete(Outcome.error(new RunFinishedError("the run is shutting down")));
                }
            });
        }
        try {
            return (T) reply.get().unwrap();
        } catch (ExecutionException impossible) {
            throw new IllegalStateException(impossible);
        }
    }
}
