package org.triojava;

/** Raised when a resource is used after <em>you</em> closed it, also to tasks blocked on it at the moment it closes (Trio's {@code ClosedResourceError}). */
public class ClosedResourceError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception without a message. */
    public ClosedResourceError() {
        super();
    }

    /** Creates the exception with a message. */
    public ClosedResourceError(String message) {
        super(message);
    }

    /** Creates the exception with a message and a cause. */
    public ClosedResourceError(String message, Throwable cause) {
        super(message, cause);
    }
}
