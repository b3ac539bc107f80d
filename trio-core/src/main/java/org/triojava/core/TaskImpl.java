package org.triojava.core;

import java.util.ArrayList;
import java.util.List;
import org.triojava.KeyboardInterrupt;
import org.triojava.Nursery;
import org.triojava.TrioInternalError;
import org.triojava.TrioRunnable;
import org.triojava.lowlevel.Abort;
import org.triojava.lowlevel.AbortFunction;
import org.triojava.lowlevel.Outcome;
import org.triojava.lowlevel.ParkingLot;
import org.triojava.lowlevel.RaiseCancel;
import org.triojava.lowlevel.Task;

/**
 * A task of a run: a virtual thread plus its place in the task tree and the cancel status tree
 * (Trio's {@code Task}). Its thread runs only while it holds the run's baton.
 *
 * <p>A task is also its own sleep timer ({@link Timed}): a sleeping task sits in the deadline
 * heap and is rescheduled when it expires — no extra objects per sleep.
 */
final class TaskImpl extends Timed implements Task {
    final Runner runner;
    /** The task's number in its run, from 0 (the root task) in spawn order. */
    final long id;
    final String name;
    final boolean system;
    private TrioRunnable body;
    Thread thread;
    /** In confined scheduling: what the JDK submits to run this task's thread (one per thread). */
    Runnable continuation;

    NurseryImpl parentNursery;
    NurseryImpl eventualParentNursery;
    private List<NurseryImpl> childNurseries;
    private Object customSleepData;
    private List<ParkingLot> breakers;

    /** Innermost cancel status, and this task's links in that status's task list. */
    CancelStatus status;
    TaskImpl statusPrev;
    TaskImpl statusNext;

    /** Links in the parent nursery's list of children. */
    TaskImpl siblingPrev;
    TaskImpl siblingNext;

    /** While parked: how to undo the wait on cancellation (null once used or when not parked). */
    AbortFunction abortFunction;
    /** Whether the task waits for a {@code reschedule}. */
    boolean parked;
    /** Whether the task has exited. */
    boolean exited;
    /** What the task receives when it runs next. */
    Outcome nextOutcome;
    /** True while this task's thread may run; handed from thread to thread. */
    volatile boolean baton;

    /** Task-local context values (immutable; shared with the spawner until either side sets a value). */
    java.util.Map<Object, Object> context = java.util.Map.of();

    /** Counters for checkpoint assertions: schedule points and cancel points executed. */
    long schedulePoints;
    long cancelPoints;

    private AbortFunction sleepAbort;

    /** The outcome of a wait that was cancelled: the woken task throws {@link #pendingRaise}. */
    private static final Outcome RAISE_PENDING = Outcome.value(new Object());
    /** The cancellation a woken task throws, set with {@link #RAISE_PENDING}. */
    private RaiseCancel pendingRaise;

    TaskImpl(Runner runner, long id, String name, TrioRunnable body, boolean system) {
        this.runner = runner;
        this.id = id;
        this.name = name;
        this.body = body;
        this.system = system;
    }

    /** The thread's body: run the function, report the outcome, pass the baton on. */
    void runOnThread() {
        runner.enterStep(this);
        Outcome outcome;
        try {
            TrioRunnable fn = body;
            body = null;
            fn.run();
            outcome = Outcome.value(null);
        } catch (Throwable t) {
            outcome = Outcome.error(t);
        }
        try {
            runner.taskExited(this, outcome);
        } catch (Throwable t) {
            runner.internalError("a task's exit failed", t);
        } finally {
            runner.leaveForGood(this); // whatever happened, the next task gets the baton
        }
    }

    // ------------------------------------------------------------------ cancellation

    /** Makes {@code newStatus} this task's innermost status; delivers a pending cancellation. */
    void activate(CancelStatus newStatus) {
        if (status != null) {
            status.removeTask(this);
        }
        status = newStatus;
        if (newStatus != null) {
            newStatus.addTask(this);
            if (newStatus.effectivelyCancelled) {
                attemptDeliveryOfAnyPendingCancel();
            }
        }
    }

    void attemptDeliveryOfAnyPendingCancel() {
        if (abortFunction == null || !status.effectivelyCancelled) {
            return;
        }
        CancelInfo info = status.scope.reason;
        attemptAbort(() -> {
            throw info != null ? info.toCancelled()
                    : new CancelInfo(org.triojava.CancelReason.UNKNOWN, "misnesting", null).toCancelled();
        });
    }

    void attemptDeliveryOfPendingKeyboardInterrupt() {
        if (abortFunction == null) {
            return;
        }
        attemptAbort(() -> {
            runner.keyboardInterruptPending = false;
            throw new KeyboardInterrupt();
        });
    }

    private void attemptAbort(RaiseCancel raiseCancel) {
        AbortFunction abort = abortFunction;
        Abort result;
        try {
            result = abort.abort(raiseCancel);
        } catch (Throwable t) {
            brokenAbort(new TrioInternalError("abort function raised an exception", t));
            return;
        }
        if (result == null) {
            brokenAbort(new TrioInternalError("abort function must return Abort.SUCCEEDED or Abort.FAILED, not null"));
            return;
        }
        abortFunction = null;
        if (result == Abort.SUCCEEDED) {
            // the exception is made when this task wakes up, on its own stack: cancelling many
            // tasks builds no stack traces of the canceller
            pendingRaise = raiseCancel;
            runner.reschedule(this, RAISE_PENDING);
        }
    }

    /**
     * Called by the woken task with the outcome it was rescheduled with: throws the cancellation
     * that {@link #attemptAbort} left pending, if that is the outcome.
     */
    void raiseIfPending(Outcome outcome) {
        if (outcome == RAISE_PENDING) {
            RaiseCancel raise = pendingRaise;
            pendingRaise = null;
            raise.raiseCancel();
            throw new TrioInternalError("a RaiseCancel returned instead of throwing");
        }
    }

    /**
     * The abort function broke the wait protocol (K6): the whole run fails with
     * {@code TrioInternalError}, and this task is woken with it so that it unwinds instead of
     * staying parked forever (the cancellation may come from another task or the run loop, which
     * must not receive the error themselves).
     */
    private void brokenAbort(TrioInternalError error) {
        abortFunction = null;
        runner.internalError("an abort function broke the wait protocol", error);
        runner.reschedule(this, Outcome.error(error));
    }

    /** The abort function of a sleep: take the task out of the deadline heap. */
    AbortFunction sleepAbort() {
        if (sleepAbort == null) {
            sleepAbort = raiseCancel -> {
                runner.deadlines.remove(this);
                return Abort.SUCCEEDED;
            };
        }
        return sleepAbort;
    }

    @Override
    void expire(Runner owner) {
        owner.reschedule(this, Outcome.value(null));
    }

    // ------------------------------------------------------------------ tree

    void addChildNursery(NurseryImpl nursery) {
        if (childNurseries == null) {
            childNurseries = new ArrayList<>(2);
        }
        childNurseries.add(nursery);
    }

    void removeChildNursery(NurseryImpl nursery) {
        NurseryImpl popped = childNurseries.remove(childNurseries.size() - 1);
        if (popped != nursery) {
            throw new TrioInternalError("Nursery misnesting detected in " + this);
        }
    }

    void addBreaker(ParkingLot lot) {
        if (breakers == null) {
            breakers = new ArrayList<>(1);
        }
        breakers.add(lot);
    }

    boolean removeBreaker(ParkingLot lot) {
        return breakers != null && breakers.remove(lot);
    }

    /** Breaks the lots this task was registered to break, as it exits. */
    void breakRegisteredLots() {
        if (breakers != null) {
            List<ParkingLot> lots = breakers;
            breakers = null;
            for (ParkingLot lot : lots) {
                lot.breakLot(this);
            }
        }
    }

    // ------------------------------------------------------------------ Task

    @Override
    public String name() {
        return name;
    }

    @Override
    public Nursery parentNursery() {
        return parentNursery;
    }

    @Override
    public Nursery eventualParentNursery() {
        return eventualParentNursery;
    }

    @Override
    public List<Nursery> childNurseries() {
        return childNurseries == null ? List.of() : List.copyOf(childNurseries);
    }

    @Override
    public Object customSleepData() {
        return customSleepData;
    }

    @Override
    public void setCustomSleepData(Object data) {
        customSleepData = data;
    }

    @Override
    public String toString() {
        return "<Task '" + name + "'>";
    }
}
