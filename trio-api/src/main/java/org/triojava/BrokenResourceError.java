package org.triojava;

/** Raised when a resource was broken by something other than your own close, such as the peer or the network (Trio's {@code BrokenResourceError}). */
public class BrokenResourceError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception without a message. */
    public BrokenResourceError() {
        super();
    }

    /** Creates the exception with a message. */
    public BrokenResourceError(String message) {
        super(message);
    }

    /** Creates the exception with a message and a cause. */
    public BrokenResourceError(String message, Throwable cause) {
        super(message, cause);
    }
}
