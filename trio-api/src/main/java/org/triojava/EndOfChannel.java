package org.triojava;

/** Raised by a receive on a channel whose every send side is closed and whose buffer is drained (Trio's {@code EndOfChannel}). */
public class EndOfChannel extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception without a message. */
    public EndOfChannel() {
        super();
    }

    /** Creates the exception with a message. */
    public EndOfChannel(String message) {
        super(message);
    }

    /** Creates the exception with a message and a cause. */
    public EndOfChannel(String message, Throwable cause) {
        super(message, cause);
    }
}
