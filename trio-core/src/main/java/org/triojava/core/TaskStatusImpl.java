package org.triojava.core;

import org.triojava.TaskStatus;

/**
 * The status handed to a task started with {@code Nursery.start}: {@link #started} moves the task
 * (and what it spawned) from the hidden nursery of {@code start} into the target nursery.
 */
final class TaskStatusImpl<T> implements TaskStatus<T> {
    private final NurseryImpl oldNursery;
    private final NurseryImpl newNursery;
    private boolean called;
    private T value;

    TaskStatusImpl(NurseryImpl oldNursery, NurseryImpl newNursery) {
        this.oldNursery = oldNursery;
        this.newNursery = newNursery;
    }

    @Override
    public void started(T startedValue) {
        if (called) {
            throw new IllegalStateException("called 'started' twice on the same task status");
        }
        called = true;
        value = startedValue;
        if (oldNursery.status.effectivelyCancelled) {
            // the start call itself was cancelled: the task stays inside it
            return;
        }
        oldNursery.moveChildrenTo(newNursery);
        CancelStatus from = oldNursery.status;
        CancelStatus to = newNursery.status;
        // reparent the cancel statuses opened by the moved tasks, then the tasks themselves
        for (CancelStatus child = from.firstChild(); child != null; ) {
            CancelStatus next = child.nextSibling();
            child.setParent(to);
            child = next;
        }
        TaskImpl parentOfOld = (TaskImpl) oldNursery.parentTask();
        for (TaskImpl task = from.firstTask; task != null; ) {
            TaskImpl next = task.statusNext;
            if (task != parentOfOld) {
                task.activate(to);
            }
            task = next;
        }
        oldNursery.checkNurseryClosed();
    }

    boolean called() {
        return called;
    }

    T value() {
        return value;
    }
}
