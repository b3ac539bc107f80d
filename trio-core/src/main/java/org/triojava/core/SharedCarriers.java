package org.triojava.core;

import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.triojava.SchedulingMode;

/**
 * {@link SchedulingMode#SHARED}: tasks are ordinary virtual threads on the JDK's shared carrier
 * threads; the loop thread parks while a task holds the baton, and is unparked when it comes back.
 */
final class SharedCarriers implements TaskCarrier {
    private volatile Thread loopThread;

    SharedCarriers(Thread loopThread) {
        this.loopThread = loopThread;
    }

    @Override
    public SchedulingMode mode() {
        return SchedulingMode.SHARED;
    }

    @Override
    public void start(TaskImpl task, Runnable body) {
        // no InheritableThreadLocal values from whichever thread happens to start the task: the same
        // in both modes (task-locals are ContextVar's job)
        task.thread = Thread.ofVirtual().name(task.name).inheritInheritableThreadLocals(false).unstarted(body);
        task.thread.start();
    }

    @Override
    public void resume(TaskImpl task) {
        LockSupport.unpark(task.thread);
    }

    @Override
    public void exited(TaskImpl task) {
        // nothing to forget: the JDK's scheduler owns the thread
    }

    @Override
    public boolean awaitLoopBaton(BooleanSupplier handedBack) {
        boolean interrupted = false;
        while (!handedBack.getAsBoolean()) {
            LockSupport.park(this);
            interrupted |= Thread.interrupted();
        }
        return interrupted;
    }

    @Override
    public void wakeLoop() {
        LockSupport.unpark(loopThread);
    }

    @Override
    public void moveLoopTo(Thread thread) {
        loopThread = thread;
    }

    @Override
    public String toString() {
        return "shared carriers";
    }
}
