package org.triojava.lowlevel;

/** What an {@link AbortFunction} did with a cancellation request (Trio's {@code Abort}). */
public enum Abort {
    /** The wait was undone; the runtime reschedules the task with the cancellation. */
    SUCCEEDED,
    /** The wait could not be undone; whoever completes it will still call {@code reschedule}. */
    FAILED
}
