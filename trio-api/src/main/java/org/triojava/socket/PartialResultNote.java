package org.triojava.socket;

/**
 * The note {@link Sockets#attachPartialResult} adds to an exception as a suppressed exception,
 * so that the partial result also shows in stack traces. Never thrown.
 */
final class PartialResultNote extends Exception {
    private static final long serialVersionUID = 1L;

    private final PartialResult result;

    PartialResultNote(PartialResult result) {
        super(result.bytesSent() + " bytes were sent before this exception", null, false, false);
        this.result = result;
    }

    PartialResult result() {
        return result;
    }
}
