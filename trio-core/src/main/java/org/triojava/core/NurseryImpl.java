package org.triojava.core;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.triojava.CancelReason;
import org.triojava.CancelScope;
import org.triojava.Cancelled;
import org.triojava.Nursery;
import org.triojava.StartFunction;
import org.triojava.ThrowableGroup;
import org.triojava.TrioInternalError;
import org.triojava.TrioRunnable;
import org.triojava.lowlevel.Abort;
import org.triojava.lowlevel.Outcome;
import org.triojava.lowlevel.Task;

/**
 * A nursery (Trio's {@code Nursery}): its children, the errors they raised, and the protocol by
 * which the task that opened it waits for them on exit.
 */
final class NurseryImpl implements Nursery {
    static final String GROUP_MESSAGE = "Exceptions from Trio nursery";

    private final Runner runner;
    private final TaskImpl parentTask;
    final ScopeState scope;
    /** The status children are placed under: the nursery scope's own. */
    final CancelStatus status;
    private final boolean strict;

    private TaskImpl firstChild;
    private TaskImpl lastChild;
    private int childCount;

    private final List<Throwable> pendingErrors = new ArrayList<>(0);
    private boolean nestedChildRunning = true;
    private boolean parentWaitingInExit;
    private int pendingStarts;
    private boolean closed;

    NurseryImpl(Runner runner, TaskImpl parentTask, ScopeState scope, boolean strict) {
        this.runner = runner;
        this.parentTask = parentTask;
        this.scope = scope;
        this.status = scope.status;
        this.strict = strict;
        parentTask.addChildNursery(this);
    }

    // ------------------------------------------------------------------ spawning

    @Override
    public void startSoon(TrioRunnable fn) {
        startSoon(null, fn);
    }

    @Override
    public void startSoon(String name, TrioRunnable fn) {
        Objects.requireNonNull(fn, "fn must not be null");
        runner.checkThread("Nursery.startSoon");
        spawnChild(fn, name, false);
    }

    /** Spawns a child (checked open); system tasks (which do not inherit the spawner's context) too. */
    TaskImpl spawnChild(TrioRunnable fn, String name, boolean system) {
        checkOpen();
        return runner.spawn(fn, this, name, system);
    }

    @Override
    public <T> T start(StartFunction<T> fn) throws Exception {
        return start(null, fn);
    }

    @Override
    public <T> T start(String name, StartFunction<T> fn) throws Exception {
        Objects.requireNonNull(fn, "fn must not be null");
        runner.checkThread("Nursery.start");
        checkOpen();
        pendingStarts++;
        try {
            List<TaskStatusImpl<T>> statusHolder = new ArrayList<>(1);
            try {
                runner.openNursery(true, hidden -> {
                    NurseryImpl oldNursery = (NurseryImpl) hidden;
                    TaskStatusImpl<T> status = new TaskStatusImpl<>(oldNursery, this);
                    statusHolder.add(status);
                    TaskImpl task = runner.spawn(() -> fn.run(status), oldNursery,
                            name != null ? name : Runner.nameOf(fn), false);
                    task.eventualParentNursery = this;
                });
            } catch (Throwable t) {
                if (t instanceof ThrowableGroup group) {
                    if (group.exceptions().size() == 1) {
                        throw Runner.<Exception>sneaky(group.exceptions().get(0));
                    }
                    throw new TrioInternalError("Internal nursery should not have multiple tasks. This can be "
                            + "caused by the user managing to access the hidden nursery of start and spawning"
                            + " tasks in it.", t);
                }
                throw t;
            }
            TaskStatusImpl<T> status = statusHolder.get(0);
            if (!status.called()) {
                throw new IllegalStateException("child exited without calling task_status.started()");
            }
            return status.value();
        } finally {
            pendingStarts--;
            checkNurseryClosed();
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("Nursery is closed to new arrivals");
        }
    }

    // ------------------------------------------------------------------ children

    void addChild(TaskImpl child) {
        child.parentNursery = this;
        child.siblingPrev = lastChild;
        child.siblingNext = null;
        if (lastChild == null) {
            firstChild = child;
        } else {
            lastChild.siblingNext = child;
        }
        lastChild = child;
        childCount++;
    }

    private void removeChild(TaskImpl child) {
        if (child.siblingPrev == null) {
            firstChild = child.siblingNext;
        } else {
            child.siblingPrev.siblingNext = child.siblingNext;
        }
        if (child.siblingNext == null) {
            lastChild = child.siblingPrev;
        } else {
            child.siblingNext.siblingPrev = child.siblingPrev;
        }
        child.siblingPrev = null;
        child.siblingNext = null;
        childCount--;
    }

    /** Moves every child into {@code target} (a started task and whatever it spawned meanwhile). */
    void moveChildrenTo(NurseryImpl target) {
        for (TaskImpl child = firstChild; child != null; ) {
            TaskImpl next = child.siblingNext;
            removeChild(child);
            child.eventualParentNursery = null;
            target.addChild(child);
            child = next;
        }
    }

    /** The children in spawn order (for the task tree dump). */
    List<TaskImpl> children() {
        List<TaskImpl> children = new ArrayList<>(childCount);
        for (TaskImpl child = firstChild; child != null; child = child.siblingNext) {
            children.add(child);
        }
        return children;
    }

    /** Whether the parent task waits in the nursery's exit for its children. */
    boolean parentWaitingInExit() {
        return parentWaitingInExit;
    }

    void childFinished(TaskImpl task, Outcome outcome) {
        removeChild(task);
        if (outcome instanceof Outcome.Failure error) {
            addError(error.error(), new CancelInfo(CancelReason.NURSERY,
                    "child task raised exception " + error.error(), task));
        }
        checkNurseryClosed();
    }

    private void addError(Throwable error, CancelInfo reason) {
        pendingErrors.add(error);
        scope.cancelWith(reason);
    }

    void checkNurseryClosed() {
        if (!nestedChildRunning && childCount == 0 && pendingStarts == 0) {
            closed = true;
            if (parentWaitingInExit) {
                parentWaitingInExit = false;
                runner.reschedule(parentTask, Outcome.value(null));
            }
        }
    }

    /**
     * Called by the parent when the body has finished: records the body's error, waits for the
     * children (this wait cannot be cancelled; a KeyboardInterrupt is recorded as an error) and
     * returns the combined error, or null.
     */
    Throwable nestedChildFinished(Throwable bodyError) {
        if (bodyError != null) {
            addError(bodyError, new CancelInfo(CancelReason.NURSERY,
                    "Code block inside nursery contextmanager raised exception " + bodyError, parentTask));
        }
        nestedChildRunning = false;
        checkNurseryClosed();
        if (!closed) {
            parentWaitingInExit = true;
            runner.waitTaskRescheduled(raiseCancel -> {
                Throwable interrupt = Outcome.capture(() -> {
                    raiseCancel.raiseCancel();
                    return null;
                }) instanceof Outcome.Failure e ? e.error() : null;
                if (interrupt != null && !(interrupt instanceof Cancelled)) {
                    addError(interrupt, new CancelInfo(CancelReason.KEYBOARD_INTERRUPT, null, parentTask));
                }
                return Abort.FAILED;
            });
        } else {
            runner.cancelShieldedCheckpoint();
        }
        parentTask.removeChildNursery(this);
        if (pendingErrors.isEmpty()) {
            return null;
        }
        if (!strict && pendingErrors.size() == 1) {
            return pendingErrors.get(0);
        }
        Throwable group = ThrowableGroup.of(GROUP_MESSAGE, pendingErrors).asThrowable();
        if (!strict) {
            ScopeState.LOOSE_GROUPS.add(group);
        }
        return group;
    }

    // ------------------------------------------------------------------ Nursery

    @Override
    public CancelScope cancelScope() {
        return scope.face();
    }

    @Override
    public Set<Task> childTasks() {
        Set<Task> children = new LinkedHashSet<>();
        for (TaskImpl child = firstChild; child != null; child = child.siblingNext) {
            children.add(child);
        }
        return Collections.unmodifiableSet(children);
    }

    @Override
    public Task parentTask() {
        return parentTask;
    }

    @Override
    public String toString() {
        return "<Nursery of " + parentTask + ", " + childCount + " children" + (closed ? ", closed" : "") + ">";
    }
}
