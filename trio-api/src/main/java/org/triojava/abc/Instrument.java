package org.triojava.abc;

import org.triojava.lowlevel.Task;

/**
 * Hooks that observe a run's scheduler (Trio's {@code trio.abc.Instrument}). Every hook does
 * nothing by default; override the ones you need — hooks that are not overridden are never
 * called. A hook that throws gets its instrument removed and the error logged; the run goes on.
 */
public interface Instrument {
    /** Before the run starts its first task. */
    default void beforeRun() {
    }

    /** After the run has finished, just before {@code Trio.run} returns. */
    default void afterRun() {
    }

    /** A task was created. */
    default void taskSpawned(Task task) {
    }

    /** A task became runnable. */
    default void taskScheduled(Task task) {
    }

    /** A task is about to run a step (until its next switch). */
    default void beforeTaskStep(Task task) {
    }

    /** A task finished a step. */
    default void afterTaskStep(Task task) {
    }

    /** A task exited. */
    default void taskExited(Task task) {
    }

    /** The run loop is about to wait for I/O for at most {@code timeout} seconds. */
    default void beforeIoWait(double timeout) {
    }

    /** The run loop finished waiting for I/O. */
    default void afterIoWait(double timeout) {
    }
}
