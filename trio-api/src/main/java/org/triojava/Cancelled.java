package org.triojava;

import org.triojava.lowlevel.Task;

/**
 * Raised at a checkpoint inside a cancelled {@link CancelScope} (Trio's {@code Cancelled}).
 *
 * <p>It extends {@link Error} so that the usual {@code catch (Exception e)} does not swallow
 * it; let it propagate and the scope that was cancelled catches it. There is no public
 * constructor: only the runtime raises it. Cancellation is level-triggered: catching one
 * does not stop the next checkpoint in the same scope from raising another.
 *
 * <p>It is made by the task it is raised in, when that task wakes up, and has no stack trace
 * unless the system property {@value #STACK_TRACES} is {@code true}.
 */
public final class Cancelled extends Error {
    /**
     * The system property that makes every {@code Cancelled} record its stack trace (the stack of
     * the task it is raised in, at the checkpoint that raised it): {@code -Dorg.triojava.cancelledStackTraces=true}.
     * Off by default, as kotlinx.coroutines leaves its cancellation exceptions without one: a
     * cancelled scope normally catches its own {@code Cancelled} at once, and recording the stack
     * of every woken task would double the cost of cancelling many tasks.
     */
    public static final String STACK_TRACES = "org.triojava.cancelledStackTraces";

    private static final long serialVersionUID = 1L;

    private final CancelReason source;
    private final String reason;
    private final transient Task sourceTask;
    private String message;

    Cancelled(CancelReason source, String reason, Task sourceTask) {
        super(null, null, true, Boolean.getBoolean(STACK_TRACES));
        this.source = source;
        this.reason = reason;
        this.sourceTask = sourceTask;
    }

    /**
     * Says why, for example "cancelled due to EXPLICIT with reason 'shutting down' from task
     * worker" (Trio's {@code str(Cancelled)}); made when asked for, since most cancellations are
     * caught by their scope without anyone reading it.
     */
    @Override
    public String getMessage() {
        String text = message;
        if (text == null) {
            text = describe(source, reason, sourceTask);
            message = text;
        }
        return text;
    }

    /** Serialized with its message made, since the source task does not travel. */
    private void writeObject(java.io.ObjectOutputStream out) throws java.io.IOException {
        getMessage();
        out.defaultWriteObject();
    }

    private static String describe(CancelReason source, String reason, Task sourceTask) {
        StringBuilder text = new StringBuilder("cancelled due to ").append(source);
        if (reason != null) {
            text.append(" with reason '").append(reason).append('\'');
        }
        if (sourceTask != null) {
            text.append(" from task ").append(sourceTask.name());
        }
        return text.toString();
    }

    /** What kind of event caused the cancellation. */
    public CancelReason source() {
        return source;
    }

    /** The reason given to {@link CancelScope#cancel(String)}, or a runtime-made one; may be null. */
    public String reason() {
        return reason;
    }

    /** The task that cancelled the scope, or null when unknown (for example a deadline). */
    public Task sourceTask() {
        return sourceTask;
    }
}
