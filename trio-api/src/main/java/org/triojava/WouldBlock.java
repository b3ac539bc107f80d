package org.triojava;

/** Raised by a {@code ...Nowait} operation that would have had to wait (Trio's {@code WouldBlock}). */
public class WouldBlock extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception without a message. */
    public WouldBlock() {
        super();
    }

    /** Creates the exception with a message. */
    public WouldBlock(String message) {
        super(message);
    }

    /** Creates the exception with a message and a cause. */
    public WouldBlock(String message, Throwable cause) {
        super(message, cause);
    }
}
