package org.triojava.process.jdk;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.triojava.RunFinishedError;
import org.triojava.lowlevel.Abort;
import org.triojava.lowlevel.Lowlevel;
import org.triojava.lowlevel.Outcome;
import org.triojava.lowlevel.Task;
import org.triojava.lowlevel.TrioToken;

/**
 * The bridge between the task using a pipe and the JDK's blocking pipe stream: each blocking
 * read or write runs on a pump thread while the task waits as it would for a socket (so the run
 * never blocks on a pipe, and a mock clock may autojump), and the operation's end wakes the task
 * through the run's token.
 *
 * <p>Pump threads are platform threads from one cached pool: a blocking pipe read or write sits in
 * native code, where a virtual thread would pin its carrier anyway, so a virtual thread would buy
 * nothing. At most one operation per pipe runs at a time, so the threads are bounded by the open pipes
 * that have an operation outstanding; an idle pump thread ends after {@value #IDLE_SECONDS} s.
 */
final class PipePump {
    /** How long an idle pump thread waits for more work before it ends. */
    static final int IDLE_SECONDS = 5;
    private static final AtomicInteger THREAD_NUMBERS = new AtomicInteger();
    private static final AtomicInteger BUSY = new AtomicInteger();
    private static final ThreadPoolExecutor THREADS = new ThreadPoolExecutor(0, Integer.MAX_VALUE,
            IDLE_SECONDS, TimeUnit.SECONDS, new SynchronousQueue<>(), runnable -> {
                Thread thread = new Thread(runnable, "Trio pipe pump " + THREAD_NUMBERS.incrementAndGet());
                thread.setDaemon(true);
                return thread;
            });

    /** One instance, so that {@code runSyncSoon(wake, true)} collapses wake-ups that pile up. */
    private final Runnable wake = this::wake;
    /** The task waiting for this pump's operation; touched only inside the run. */
    private Task waiter;

    /** The pool, for work that must not run in the run (a close that may wait for a write). */
    static ExecutorService threads() {
        return THREADS;
    }

    /** How many pump threads exist (busy or idle), for tests. */
    static int threadCount() {
        return THREADS.getPoolSize();
    }

    /** How many pump operations are running now, for tests. */
    static int busyCount() {
        return BUSY.get();
    }

    /**
     * Runs {@code operation} on a pump thread; when it ends, the task waiting in {@link #await}
     * (if any) is woken. The operation may also wake it earlier, each time it has made progress,
     * by running the {@code Runnable} it is given. Call from a task of the run that will wait.
     */
    void start(Consumer<Runnable> operation) {
        TrioToken token = Lowlevel.currentTrioToken();
        Runnable progress = () -> wakeSoon(token);
        BUSY.incrementAndGet();
        THREADS.execute(() -> {
            try {
                operation.accept(progress);
            } finally {
                BUSY.decrementAndGet();
                wakeSoon(token);
            }
        });
    }

    /** From a pump thread: the waiting task (if any) resumes soon, in the run. */
    private void wakeSoon(TrioToken token) {
        try {
            token.runSyncSoon(wake, true);
        } catch (RunFinishedError e) {
            // the run is over, so nobody waits: the operation's result stays in its stream
        }
    }

    /**
     * Parks the calling task until an operation of this pump ends or {@link #wakeWith} is called.
     * When the task is cancelled meanwhile, {@code mayAbandon} decides: true lets the cancellation
     * through (the operation goes on without a waiter), false keeps the task waiting.
     */
    void await(BooleanSupplier mayAbandon) {
        waiter = Lowlevel.currentTask();
        Lowlevel.waitTaskRescheduled(raiseCancel -> {
            if (!mayAbandon.getAsBoolean()) {
                return Abort.FAILED;
            }
            waiter = null;
            return Abort.SUCCEEDED;
        });
    }

    /** Inside the run: the waiting task, if any, resumes by throwing {@code error} (its stream was closed). */
    void wakeWith(Throwable error) {
        Task task = waiter;
        if (task != null) {
            waiter = null;
            Lowlevel.reschedule(task, Outcome.error(error));
        }
    }

    private void wake() {
        Task task = waiter;
        if (task != null) {
            waiter = null;
            Lowlevel.reschedule(task);
        }
    }
}
