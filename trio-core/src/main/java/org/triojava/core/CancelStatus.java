package org.triojava.core;

import java.util.ArrayDeque;

/**
 * The cancellation state of one entered cancel scope, linked into a tree that mirrors how scopes
 * nest across tasks (Trio's {@code CancelStatus}). Each task points at the status of its
 * innermost scope; when a status becomes effectively cancelled, it tells its tasks (which abort
 * their waits) and its child statuses (unless they are shielded). Recalculation is iterative, so
 * thousands of nested scopes cannot overflow the stack.
 *
 * <p>Children and tasks are intrusive doubly-linked lists: O(1) add and remove, insertion
 * order (so cancellation is delivered in a reproducible order), no allocation.
 */
final class CancelStatus {
    final ScopeState scope;
    boolean effectivelyCancelled;
    CancelStatus parent;

    private CancelStatus firstChild;
    private CancelStatus lastChild;
    private CancelStatus prevSibling;
    private CancelStatus nextSibling;

    TaskImpl firstTask;
    TaskImpl lastTask;

    CancelStatus(ScopeState scope, CancelStatus parent) {
        this.scope = scope;
        setParent(parent);
    }

    void setParent(CancelStatus newParent) {
        if (parent != null) {
            parent.unlinkChild(this);
        }
        parent = newParent;
        if (newParent != null) {
            newParent.linkChild(this);
            recalculate();
        }
    }

    /** Detaches this status from the tree when its scope exits. */
    void close() {
        setParent(null);
    }

    CancelStatus firstChild() {
        return firstChild;
    }

    CancelStatus nextSibling() {
        return nextSibling;
    }

    private void linkChild(CancelStatus child) {
        child.prevSibling = lastChild;
        child.nextSibling = null;
        if (lastChild == null) {
            firstChild = child;
        } else {
            lastChild.nextSibling = child;
        }
        lastChild = child;
    }

    private void unlinkChild(CancelStatus child) {
        if (child.prevSibling == null) {
            firstChild = child.nextSibling;
        } else {
            child.prevSibling.nextSibling = child.nextSibling;
        }
        if (child.nextSibling == null) {
            lastChild = child.prevSibling;
        } else {
            child.nextSibling.prevSibling = child.prevSibling;
        }
        child.prevSibling = null;
        child.nextSibling = null;
    }

    void addTask(TaskImpl task) {
        task.statusPrev = lastTask;
        task.statusNext = null;
        if (lastTask == null) {
            firstTask = task;
        } else {
            lastTask.statusNext = task;
        }
        lastTask = task;
    }

    void removeTask(TaskImpl task) {
        if (task.statusPrev == null) {
            firstTask = task.statusNext;
        } else {
            task.statusPrev.statusNext = task.statusNext;
        }
        if (task.statusNext == null) {
            lastTask = task.statusPrev;
        } else {
            task.statusNext.statusPrev = task.statusPrev;
        }
        task.statusPrev = null;
        task.statusNext = null;
    }

    boolean parentCancellationIsVisibleToUs() {
        return parent != null && !scope.shield && parent.effectivelyCancelled;
    }

    /** Brings {@link #effectivelyCancelled} up to date here and below, delivering new cancellations. */
    void recalculate() {
        ArrayDeque<CancelStatus> todo = null;
        CancelStatus current = this;
        while (current != null) {
            boolean visible = current.parentCancellationIsVisibleToUs();
            boolean newState = current.scope.cancelCalled || visible;
            if (newState != current.effectivelyCancelled) {
                if (current.scope.reason == null && visible) {
                    current.scope.reason = current.parent.scope.reason;
                }
                current.effectivelyCancelled = newState;
                if (newState) {
                    for (TaskImpl task = current.firstTask; task != null; ) {
                        TaskImpl next = task.statusNext;
                        task.attemptDeliveryOfAnyPendingCancel();
                        task = next;
                    }
                }
                for (CancelStatus child = current.firstChild; child != null; child = child.nextSibling) {
                    if (todo == null) {
                        todo = new ArrayDeque<>();
                    }
                    todo.push(child);
                }
            }
            current = todo == null ? null : todo.poll();
        }
    }

    /** The earliest deadline that applies here: -infinity if cancelled; the walk stops at the first shield. */
    double effectiveDeadline() {
        if (effectivelyCancelled) {
            return Double.NEGATIVE_INFINITY;
        }
        double deadline = Double.POSITIVE_INFINITY;
        for (CancelStatus status = this; status != null; status = status.parent) {
            deadline = Math.min(deadline, status.scope.deadline);
            if (status.scope.shield) {
                break;
            }
        }
        return deadline;
    }
}
