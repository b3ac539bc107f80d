package org.triojava.core;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.triojava.SchedulingMode;

/**
 * {@link SchedulingMode#CONFINED}: the run's loop thread is the scheduler of its tasks' virtual
 * threads. The JDK hands this executor a task's continuation whenever the task's thread is
 * started or unparked; the loop thread runs it, which mounts the task on the loop thread until it
 * parks again. A task switch is therefore an unmount and a mount on one thread: the task that
 * passes the baton unparks the next one (its continuation joins the queue) and parks itself (its
 * continuation returns to the loop, which runs the next). Continuations submitted by other
 * threads — a JDK timer ending a {@code Thread.sleep} inside a task, a lock released by a
 * foreign thread — wake the loop if it waits.
 *
 * <p>A virtual thread that code inside a task creates inherits its creator's scheduler (the JDK's
 * rule), so this executor also receives continuations of threads that are not tasks: the
 * virtual threads a task starts itself, and threads the JDK starts lazily (its I/O pollers). They
 * must not depend on the run (they may outlive it), so they go to {@link #OTHERS}, a pool of
 * platform carriers like the JDK's own scheduler.
 */
final class ConfinedCarrier implements TaskCarrier, Executor {
    /** Carriers for the virtual threads that inherited this scheduler without being tasks. */
    private static final Executor OTHERS = new ForkJoinPool(Runtime.getRuntime().availableProcessors(),
            ForkJoinPool.defaultForkJoinWorkerThreadFactory, null, true);

    private volatile Thread loopThread;
    private final Thread.Builder.OfVirtual builder;
    private final ConcurrentLinkedQueue<Runnable> continuations = new ConcurrentLinkedQueue<>();
    /** The continuations of this run's live task threads (each thread has one, for its whole life). */
    private final ConcurrentHashMap<Runnable, TaskImpl> tasks = new ConcurrentHashMap<>();
    private volatile boolean waiting;
    /** The task whose thread is being started, and the thread starting it (the JDK submits synchronously). */
    private TaskImpl starting;
    private Thread startingFrom;
    /** The thread (the loop, or a task mounted on it) that is resuming a task: the JDK submits synchronously. */
    private Thread resumingFrom;
    /**
     * The continuation of the task just handed the baton, submitted on the loop's own carrier: the
     * fast path of a switch, without the queue. Only the loop's carrier touches it.
     */
    private Runnable handoff;

    ConfinedCarrier(Thread loopThread) {
        this.loopThread = loopThread;
        this.builder = Scheduling.confinedBuilder(this).inheritInheritableThreadLocals(false); // as SharedCarriers
    }

    @Override
    public SchedulingMode mode() {
        return SchedulingMode.CONFINED;
    }

    @Override
    public void start(TaskImpl task, Runnable body) {
        // only the loop thread, or a task mounted on it, starts task threads: the builder is not shared
        task.thread = builder.name(task.name).unstarted(body);
        starting = task;
        startingFrom = Thread.currentThread();
        try {
            task.thread.start();
        } finally {
            startingFrom = null;
            starting = null;
        }
    }

    @Override
    public void resume(TaskImpl task) {
        resumingFrom = Thread.currentThread();
        try {
            LockSupport.unpark(task.thread);
        } finally {
            resumingFrom = null;
        }
    }

    @Override
    public void exited(TaskImpl task) {
        if (task.continuation != null) {
            tasks.remove(task.continuation);
        }
    }

    /** Called by the JDK with a virtual thread's continuation, from the loop thread or any other thread. */
    @Override
    public void execute(Runnable continuation) {
        // startingFrom and resumingFrom are only ever equal to the thread that set them: another
        // thread reading a stale value never finds itself there
        Thread current = Thread.currentThread();
        if (resumingFrom == current || startingFrom == current) {
            if (startingFrom == current) {
                starting.continuation = continuation;
                tasks.put(continuation, starting);
            }
            // on the loop's carrier, which runs it as soon as the current task parks: no wake-up
            if (handoff == null) {
                handoff = continuation;
            } else {
                continuations.offer(continuation);
            }
            return;
        }
        if (!tasks.containsKey(continuation)) {
            OTHERS.execute(continuation);
            return;
        }
        continuations.offer(continuation);
        if (waiting) {
            LockSupport.unpark(loopThread);
        }
    }

    @Override
    public boolean awaitLoopBaton(BooleanSupplier handedBack) {
        boolean interrupted = false;
        while (!handedBack.getAsBoolean()) {
            Runnable continuation = handoff;
            if (continuation != null) {
                handoff = null;
            } else {
                continuation = continuations.poll();
            }
            if (continuation != null) {
                continuation.run();
                continue;
            }
            // a task holds the baton but is not runnable: it waits in a blocking JDK call (which
            // blocks the run, as in Trio) until another thread unparks it
            waiting = true;
            if (continuations.isEmpty()) {
                LockSupport.park(this);
                interrupted |= Thread.interrupted();
            }
            waiting = false;
        }
        return interrupted;
    }

    @Override
    public void wakeLoop() {
        // the task runs on the loop thread: the loop sees the baton as soon as the task parks
    }

    @Override
    public void moveLoopTo(Thread thread) {
        loopThread = thread;
    }

    @Override
    public String toString() {
        return "confined to " + loopThread;
    }
}
