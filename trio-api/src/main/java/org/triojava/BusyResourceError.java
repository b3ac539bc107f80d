package org.triojava;

/** Raised when a task uses a resource that another task is already using in a way that forbids sharing, such as two concurrent receives (Trio's {@code BusyResourceError}). */
public class BusyResourceError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception without a message. */
    public BusyResourceError() {
        super();
    }

    /** Creates the exception with a message. */
    public BusyResourceError(String message) {
        super(message);
    }

    /** Creates the exception with a message and a cause. */
    public BusyResourceError(String message, Throwable cause) {
        super(message, cause);
    }
}
