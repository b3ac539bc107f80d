package org.triojava;

/**
 * A task function for {@link Nursery#start(StartFunction)}: it reports readiness through
 * {@link TaskStatus#started(Object)} (Trio: a function taking {@code task_status}).
 *
 * @param <T> the type of the value passed to {@code started}
 */
@FunctionalInterface
public interface StartFunction<T> {
    /** Runs the task; call {@code status.started(value)} once the task is ready. */
    void run(TaskStatus<T> status) throws Exception;
}
