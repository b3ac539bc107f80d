package org.triojava;

/** Raised when a call needs a {@code Trio.run} that has already finished (Trio's {@code RunFinishedError}). */
public class RunFinishedError extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception without a message. */
    public RunFinishedError() {
        super();
    }

    /** Creates the exception with a message. */
    public RunFinishedError(String message) {
        super(message);
    }

    /** Creates the exception with a message and a cause. */
    public RunFinishedError(String message, Throwable cause) {
        super(message, cause);
    }
}
