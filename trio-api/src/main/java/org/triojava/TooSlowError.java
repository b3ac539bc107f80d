package org.triojava;

/** Raised by {@link Trio#failAfter} and {@link Trio#failAt} when the deadline passed (Trio's {@code TooSlowError}). */
public class TooSlowError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception without a message. */
    public TooSlowError() {
        super();
    }

    /** Creates the exception with a message. */
    public TooSlowError(String message) {
        super(message);
    }

    /** Creates the exception with a message and a cause. */
    public TooSlowError(String message, Throwable cause) {
        super(message, cause);
    }
}
