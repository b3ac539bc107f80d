package org.triojava;

import java.util.Set;
import org.triojava.lowlevel.Task;

/**
 * A place where child tasks run; the block that opened it waits for all of them
 * (Trio's {@code Nursery}). Obtained from {@link Trio#openNursery(NurseryBody)}.
 *
 * <p>If a child or the body throws, the nursery cancels everything else in it and, once all
 * children have finished, throws the collected errors as an exception group.
 */
public interface Nursery {
    /**
     * Starts {@code fn} as a new child task and returns at once, before the child runs.
     * The task's name is derived from the function's class.
     *
     * @throws IllegalStateException if the nursery is closed to new arrivals
     */
    void startSoon(TrioRunnable fn);

    /** Like {@link #startSoon(TrioRunnable)}, with an explicit task name. */
    void startSoon(String name, TrioRunnable fn);

    /**
     * Starts {@code fn} as a child task and waits until it calls {@link TaskStatus#started(Object)};
     * returns that value. Errors the task raises before {@code started} come out of this call
     * unwrapped; afterwards the task lives in this nursery.
     */
    <T> T start(StartFunction<T> fn) throws Exception;

    /** Like {@link #start(StartFunction)}, with an explicit task name. */
    <T> T start(String name, StartFunction<T> fn) throws Exception;

    /** The nursery's own cancel scope: cancelling it cancels the body and every child. */
    CancelScope cancelScope();

    /** The children that are still running. */
    Set<Task> childTasks();

    /** The task that opened this nursery. */
    Task parentTask();
}
