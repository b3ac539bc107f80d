package org.triojava;

import java.time.Duration;
import org.triojava.internal.Checks;
import org.triojava.internal.Runtimes;
import org.triojava.spi.CancelScopeState;

/**
 * A region of code that can be cancelled as a unit, by {@link #cancel()} or by a deadline
 * (Trio's {@code CancelScope}). Run a body in it with {@link #run(TrioRunnable)} or
 * {@link #call(TrioCallable)}; each scope backs exactly one such block.
 *
 * <p>Cancellation is level-triggered: once the scope is cancelled, every checkpoint inside it
 * raises {@link Cancelled} until the body leaves the scope, which catches it
 * ({@link #cancelledCaught()}). A {@link #shield() shielded} scope blocks cancellation coming
 * from outside it. Deadlines are absolute times on the run's clock ({@link Trio#currentTime()});
 * a relative deadline counts from the moment the scope is entered.
 */
public final class CancelScope {
    private final CancelScopeState state;

    /** A scope with no deadline and no shield. */
    public CancelScope() {
        this(Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY, false);
    }

    CancelScope(CancelScopeState state) {
        this.state = state;
    }

    private CancelScope(double deadline, double relativeDeadline, boolean shield) {
        this(Runtimes.newCancelScope(deadline, relativeDeadline, shield));
    }

    /** A scope that is cancelled when the run's clock reaches {@code deadline} (may be ±infinity). */
    public static CancelScope withDeadline(double deadline) {
        return new CancelScope(Checks.deadline(deadline), Double.POSITIVE_INFINITY, false);
    }

    /** A scope cancelled {@code timeout} after it is entered. */
    public static CancelScope withRelativeDeadline(Duration timeout) {
        return withRelativeDeadline(Checks.seconds(timeout, "timeout"));
    }

    /** A scope cancelled {@code seconds} after it is entered (+infinity: never). */
    public static CancelScope withRelativeDeadline(double seconds) {
        if (Double.isNaN(seconds)) {
            throw new IllegalArgumentException("relative deadline must not be NaN");
        }
        return new CancelScope(Double.POSITIVE_INFINITY, Checks.timeout(seconds, "timeout"), false);
    }

    /**
     * Runs {@code body} inside this scope. A {@link Cancelled} that this scope is responsible for
     * is caught here; anything else propagates.
     *
     * @throws IllegalStateException if the scope was already used for a block
     */
    public void run(TrioRunnable body) throws Exception {
        state.run(Checks.notNull(body, "body"));
    }

    /**
     * Runs {@code body} inside this scope and returns its value, or null if the scope caught a
     * cancellation (check {@link #cancelledCaught()} when null is also a possible value).
     */
    public <T> T call(TrioCallable<T> body) throws Exception {
        return state.call(Checks.notNull(body, "body"));
    }

    /** Cancels the scope now (idempotent; not a checkpoint). */
    public void cancel() {
        state.cancel(null);
    }

    /** Cancels the scope with a reason that {@link Cancelled#reason()} reports; only the first reason is kept. */
    public void cancel(String reason) {
        state.cancel(reason);
    }

    /**
     * The absolute deadline, +infinity if none.
     *
     * @throws IllegalStateException for a relative scope that was not entered yet
     */
    public double deadline() {
        return state.deadline();
    }

    /** Moves the deadline (earlier or later); takes effect at once, also for blocked tasks. */
    public void setDeadline(double deadline) {
        state.setDeadline(Checks.deadline(deadline));
    }

    /**
     * The relative deadline in seconds: before entry the configured timeout, afterwards the
     * time left until the deadline.
     *
     * @throws IllegalStateException for an absolute-deadline scope that was not entered yet
     */
    public double relativeDeadline() {
        return state.relativeDeadline();
    }

    /** Sets the relative deadline; after entry this sets the deadline to now plus {@code seconds}. */
    public void setRelativeDeadline(double seconds) {
        state.setRelativeDeadline(Checks.timeout(seconds, "relative deadline"));
    }

    /** Like {@link #setRelativeDeadline(double)}. */
    public void setRelativeDeadline(Duration timeout) {
        setRelativeDeadline(Checks.seconds(timeout, "relative deadline"));
    }

    /** Before entry: whether the deadline is relative; once entered: null. */
    public Boolean isRelative() {
        return state.isRelative();
    }

    /** Whether this scope blocks cancellation from outside it. */
    public boolean shield() {
        return state.shield();
    }

    /** Turns the shield on or off; takes effect at once for every task inside. */
    public void setShield(boolean shield) {
        state.setShield(shield);
    }

    /** Whether cancellation was requested, by {@link #cancel()} or by the deadline. */
    public boolean cancelCalled() {
        return state.cancelCalled();
    }

    /** Whether this scope caught a {@link Cancelled} when its block exited. */
    public boolean cancelledCaught() {
        return state.cancelledCaught();
    }

    @Override
    public String toString() {
        return "CancelScope" + state;
    }
}
