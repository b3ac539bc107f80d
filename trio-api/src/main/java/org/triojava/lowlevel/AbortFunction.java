package org.triojava.lowlevel;

/**
 * Called (at most once per wait) when a task parked in {@link Lowlevel#waitTaskRescheduled}
 * is cancelled; decides whether the wait can be undone.
 */
@FunctionalInterface
public interface AbortFunction {
    /** Tries to undo the wait; see {@link Abort}. */
    Abort abort(RaiseCancel raiseCancel);
}
