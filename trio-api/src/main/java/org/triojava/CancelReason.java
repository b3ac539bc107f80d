package org.triojava;

/** Why a cancel scope was cancelled (Trio's {@code Cancelled.source}). */
public enum CancelReason {
    /** {@link CancelScope#cancel()} was called. */
    EXPLICIT("explicit"),
    /** The scope's deadline passed. */
    DEADLINE("deadline"),
    /** A nursery cancelled its scope because a child or its body raised. */
    NURSERY("nursery"),
    /** The run is shutting down (system tasks are cancelled after the main task exits). */
    SHUTDOWN("shutdown"),
    /** Ctrl-C was delivered. */
    KEYBOARD_INTERRUPT("KeyboardInterrupt"),
    /** Anything else, such as a misnested scope. */
    UNKNOWN("unknown");

    private final String trioName;

    CancelReason(String trioName) {
        this.trioName = trioName;
    }

    /** The spelling Trio uses for this source ({@code "explicit"}, {@code "deadline"}, ...). */
    @Override
    public String toString() {
        return trioName;
    }
}
