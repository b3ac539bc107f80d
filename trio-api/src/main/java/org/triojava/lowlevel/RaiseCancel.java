package org.triojava.lowlevel;

/**
 * Handed to an {@link AbortFunction}: throws the pending cancellation ({@code Cancelled}, or
 * {@code KeyboardInterrupt} for the main task) — Trio's {@code RaiseCancelT}. Code that returned
 * {@link Abort#FAILED} may call it later to report the cancellation through {@code reschedule}.
 */
@FunctionalInterface
public interface RaiseCancel {
    /** Throws the pending cancellation; never returns normally. */
    void raiseCancel();
}
