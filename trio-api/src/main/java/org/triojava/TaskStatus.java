package org.triojava;

/**
 * How a task started with {@link Nursery#start(StartFunction)} says that it is ready
 * (Trio's {@code TaskStatus}). Calling {@code started} moves the task into the target
 * nursery and makes {@code start} return the value.
 *
 * @param <T> the type of the value handed to the caller of {@code start}
 */
public interface TaskStatus<T> {
    /**
     * Reports that the task is ready; {@code start} returns {@code value}.
     *
     * @throws IllegalStateException if called a second time
     */
    void started(T value);

    /** Reports readiness with the value {@code null}. */
    default void started() {
        started(null);
    }

    /** A status whose {@code started} does nothing (Trio's {@code TASK_STATUS_IGNORED}). */
    @SuppressWarnings("unchecked")
    static <T> TaskStatus<T> ignored() {
        return (TaskStatus<T>) IgnoredTaskStatus.INSTANCE;
    }
}

/** The shared no-op {@link TaskStatus}. */
enum IgnoredTaskStatus implements TaskStatus<Object> {
    INSTANCE;

    @Override
    public void started(Object value) {
        // deliberately nothing: nobody is waiting for this task
    }
}
