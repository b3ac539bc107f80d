package org.triojava;

/**
 * A bug in Trio itself or a broken low-level contract, such as a system task that crashed or an
 * abort function that returned nothing (Trio's {@code TrioInternalError}). The run is torn down.
 */
public class TrioInternalError extends Error {
    private static final long serialVersionUID = 1L;

    /** Creates the error with a message. */
    public TrioInternalError(String message) {
        super(message);
    }

    /** Creates the error with a message and a cause. */
    public TrioInternalError(String message, Throwable cause) {
        super(message, cause);
    }
}
