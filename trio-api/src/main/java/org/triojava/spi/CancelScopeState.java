package org.triojava.spi;

import org.triojava.TrioCallable;

/**
 * The backend's side of one {@code org.triojava.CancelScope}: the facade checks its arguments
 * (nulls, NaN, negative values) and then calls these methods. Deadlines are absolute times on the
 * run's clock; "no relative deadline" is +infinity.
 */
public interface CancelScopeState {
    /** Enters the scope in the current task, runs {@code body}, exits. */
    void run(org.triojava.TrioRunnable body) throws Exception;

    /** Enters the scope in the current task, runs {@code body}, exits; null if the scope caught a cancellation. */
    <T> T call(TrioCallable<T> body) throws Exception;

    /** Cancels the scope (idempotent); the first reason given is kept. */
    void cancel(String reason);

    /** The absolute deadline. */
    double deadline();

    /** Moves the absolute deadline. */
    void setDeadline(double deadline);

    /** The relative deadline (after entry: deadline minus now). */
    double relativeDeadline();

    /** Sets the relative deadline (after entry: deadline = now + value). */
    void setRelativeDeadline(double seconds);

    /** True/false before entry, null once entered. */
    Boolean isRelative();

    /** Whether outside cancellation is blocked. */
    boolean shield();

    /** Sets {@link #shield()}; takes effect at once for every task inside. */
    void setShield(boolean shield);

    /** Whether cancellation was requested (explicitly or by the deadline). */
    boolean cancelCalled();

    /** Whether the scope caught a {@code Cancelled} on exit. */
    boolean cancelledCaught();
}
