package org.triojava.spi;

import java.nio.channels.SelectableChannel;
import org.triojava.NurseryBody;
import org.triojava.SchedulingMode;
import org.triojava.TrioRunnable;
import org.triojava.abc.Clock;
import org.triojava.abc.Instrument;
import org.triojava.lowlevel.AbortFunction;
import org.triojava.lowlevel.Outcome;
import org.triojava.lowlevel.ParkingLot;
import org.triojava.lowlevel.RunStatistics;
import org.triojava.lowlevel.Task;
import org.triojava.lowlevel.TrioToken;

/**
 * One run of a runtime backend, as the facades in trio-api see it. A backend binds its kernel
 * to every task thread it runs with {@link #bind(Kernel)}; the facades find it with
 * {@link #current()}. Unless a method says otherwise it may only be called by the task that
 * currently runs, and the facade has already checked its arguments.
 */
public interface Kernel {

    /** The kernel bound to the calling thread, or null outside any run. */
    static Kernel current() {
        return KernelBinding.CURRENT.get();
    }

    /** Binds {@code kernel} to the calling thread (null unbinds); for backends only. */
    static void bind(Kernel kernel) {
        if (kernel == null) {
            KernelBinding.CURRENT.remove();
        } else {
            KernelBinding.CURRENT.set(kernel);
        }
    }

    /** The task that is running (the caller); null if the calling thread is not a task of this run. */
    Task currentTask();

    /** The run's root task. */
    Task rootTask();

    /** The run's clock. */
    Clock clock();

    /** The current time on the run's clock. */
    double currentTime();

    /** The earliest deadline that applies to the current task (-inf if it is cancelled, +inf if none). */
    double currentEffectiveDeadline();

    /** A full checkpoint: a schedule point, then a cancel point. */
    void checkpoint();

    /** A cancel point only: raises if cancelled (after yielding), else returns without yielding. */
    void checkpointIfCancelled();

    /** A schedule point only: never raises {@code Cancelled}. */
    void cancelShieldedCheckpoint();

    /**
     * The current task's context: an immutable map from context keys to values. Children start
     * with their spawner's context (a shared snapshot); system tasks with the run's initial one.
     */
    java.util.Map<Object, Object> taskContext();

    /** Replaces the current task's context (the facade builds the new immutable map). */
    void setTaskContext(java.util.Map<Object, Object> context);

    /** Storage shared by every task of this run (Trio's run-local storage behind {@code RunVar}). */
    java.util.Map<Object, Object> runLocals();

    /**
     * Counts worker threads started by {@code ToThread} ({@code delta} +1 when one starts, -1 when
     * its result is back); while any is busy, a mock clock does not autojump.
     */
    void adjustWorkerThreads(int delta);

    /** How many {@code ToThread} worker threads of this run are busy. */
    int workerThreads();

    /** Parks until no other task is runnable and there was no I/O for {@code cushion} real seconds. */
    void waitAllTasksBlocked(double cushion);

    /** How many schedule points the current task has executed (for checkpoint assertions). */
    long schedulePoints();

    /** How many cancel points the current task has executed (for checkpoint assertions). */
    long cancelPoints();

    /** Sleeps until {@code deadline} on the run's clock (a past deadline: a checkpoint only). */
    void sleepUntil(double deadline);

    /** Sleeps until cancelled. */
    void sleepForever();

    /** Opens a nursery around {@code body} and waits for its children; null strictness inherits the run's. */
    void openNursery(Boolean strictExceptionGroups, NurseryBody body) throws Exception;

    /** Creates the state of a new cancel scope. */
    CancelScopeState newCancelScope(double deadline, double relativeDeadline, boolean shield);

    /** Parks the current task until exactly one {@link #reschedule}; see {@code Lowlevel.waitTaskRescheduled}. */
    Object waitTaskRescheduled(AbortFunction abort);

    /** Makes a task parked in {@link #waitTaskRescheduled} runnable with {@code outcome}. */
    void reschedule(Task task, Outcome outcome);

    /** Spawns a system task (a child of the run's hidden system nursery). */
    Task spawnSystemTask(String name, TrioRunnable fn);

    /** The run's token, for re-entry from other threads. */
    TrioToken token();

    /** A snapshot of the scheduler. */
    RunStatistics statistics();

    /** {@link org.triojava.lowlevel.Lowlevel#dumpTaskTree()}. */
    org.triojava.lowlevel.TaskTree dumpTaskTree();

    /** Whether {@code task} is a task of this run. */
    boolean owns(Task task);

    /**
     * Runs {@code fn} now, on this thread, with every checkpoint inside it refused by an
     * {@link IllegalStateException} that gives {@code why}; returns what it returned or threw.
     */
    Outcome callWithoutCheckpoints(String why, org.triojava.TrioCallable<?> fn);

    /** How this run's tasks are scheduled: {@link SchedulingMode#CONFINED} or {@link SchedulingMode#SHARED}. */
    SchedulingMode schedulingMode();

    /** Adds an instrument (idempotent). */
    void addInstrument(Instrument instrument);

    /** Removes an instrument; {@code NoSuchElementException} if it is not installed. */
    void removeInstrument(Instrument instrument);

    /** When {@code task} exits, {@code lot} is broken by it. */
    void addParkingLotBreaker(Task task, ParkingLot lot);

    /** Undoes {@link #addParkingLotBreaker}. */
    void removeParkingLotBreaker(Task task, ParkingLot lot);

    /** Parks the current task until {@code channel} is readable. */
    void waitReadable(SelectableChannel channel);

    /** Parks the current task until {@code channel} is writable. */
    void waitWritable(SelectableChannel channel);

    /** Wakes the tasks waiting on {@code channel} with {@code ClosedResourceError}; call before closing it. */
    void notifyClosing(SelectableChannel channel);

    /**
     * Delivers Ctrl-C to the run's main task as a {@code KeyboardInterrupt} at its next checkpoint.
     * Safe to call from any thread, including a signal handler's.
     */
    void deliverKeyboardInterrupt();
}
