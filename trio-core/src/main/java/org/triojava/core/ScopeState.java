package org.triojava.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.Collections;
import org.triojava.CancelReason;
import org.triojava.CancelScope;
import org.triojava.Cancelled;
import org.triojava.ThrowableGroup;
import org.triojava.TrioCallable;
import org.triojava.TrioRunnable;
import org.triojava.lowlevel.Task;
import org.triojava.spi.ApiBridge;
import org.triojava.spi.CancelScopeState;
import org.triojava.spi.Kernel;

/**
 * The state of one cancel scope (Trio's {@code CancelScope} internals): configuration, whether
 * cancellation was called and caught, and — while entered — its {@link CancelStatus} and its
 * registration in the deadline heap.
 */
final class ScopeState extends Timed implements CancelScopeState {
    /** Groups made by non-strict nurseries: a scope may collapse them back to their single member. */
    static final Set<Throwable> LOOSE_GROUPS = Collections.synchronizedSet(
            Collections.newSetFromMap(new WeakHashMap<>()));

    double deadline;
    double relativeDeadline;
    boolean shield;
    boolean cancelCalled;
    boolean cancelledCaught;
    CancelInfo reason;

    private boolean entered;
    private Runner runner;
    CancelStatus status;
    private CancelScope face;

    ScopeState(double deadline, double relativeDeadline, boolean shield) {
        this.deadline = deadline;
        this.relativeDeadline = relativeDeadline;
        this.shield = shield;
    }

    /** The API object for this state (created on first use for scopes the runtime made itself). */
    CancelScope face() {
        if (face == null) {
            face = ApiBridge.cancelScope(this);
        }
        return face;
    }

    // ------------------------------------------------------------------ entering and exiting

    @Override
    public void run(TrioRunnable body) throws Exception {
        Runner current = Runner.require("CancelScope.run");
        TaskImpl task = current.running("CancelScope.run");
        enter(current, task);
        Throwable error = null;
        try {
            body.run();
        } catch (Throwable t) {
            error = t;
        }
        rethrow(exit(task, error));
    }

    @Override
    public <T> T call(TrioCallable<T> body) throws Exception {
        Runner current = Runner.require("CancelScope.call");
        TaskImpl task = current.running("CancelScope.call");
        enter(current, task);
        T value = null;
        Throwable error = null;
        try {
            value = body.call();
        } catch (Throwable t) {
            error = t;
        }
        rethrow(exit(task, error));
        return error == null ? value : null;
    }

    private static void rethrow(Throwable remaining) throws Exception {
        if (remaining != null) {
            throw Runner.<Exception>sneaky(remaining);
        }
    }

    void enter(Runner runner, TaskImpl task) {
        if (entered) {
            throw new IllegalStateException("Each CancelScope may only be used for a single 'with' block"
                    + " (one run or call); this one was " + (status != null ? "entered and is still active" : "already used"));
        }
        entered = true;
        this.runner = runner;
        if (relativeDeadline != Double.POSITIVE_INFINITY) {
            deadline = runner.currentTime() + relativeDeadline;
            relativeDeadline = Double.POSITIVE_INFINITY;
        }
        if (deadline != Double.POSITIVE_INFINITY && runner.currentTime() >= deadline) {
            cancelWith(CancelInfo.DEADLINE);
        }
        status = new CancelStatus(this, task.status);
        task.activate(status);
        updateRegistration();
    }

    /**
     * Leaves the scope in {@code task} with the body's outcome; returns what propagates: null
     * when the scope caught the body's {@code Cancelled} (every one, for a group).
     */
    Throwable exit(TaskImpl task, Throwable error) {
        if (task.status != status) {
            if (error instanceof StackOverflowError) {
                // the overflow cut an inner scope's enter or exit short (nesting inside one task is
                // bounded by its thread's stack, -Xss): let the StackOverflowError itself propagate
                return error;
            }
            throw new IllegalStateException("Cancel scope stack corrupted: " + this + " exited in " + task
                    + " while inside another scope");
        }
        task.activate(status.parent);
        if (error != null && status.effectivelyCancelled && !status.parentCancellationIsVisibleToUs()) {
            if (error instanceof Cancelled) {
                cancelledCaught = true;
                error = null;
            } else if (error instanceof ThrowableGroup) {
                error = stripCancelled(error);
            }
        }
        status.close();
        status = null;
        updateRegistration();
        return error;
    }

    /**
     * Removes every {@code Cancelled} from {@code error}, at any depth (setting
     * {@link #cancelledCaught} if there was one); returns what is left, or null. As in Trio's
     * {@code collapse_exception_group}, a loose group (made by a non-strict nursery) that is left
     * with one member collapses to it at any depth. A group that loses nothing and does not
     * collapse is returned as is. A copy needs no looseness of its own: it keeps two members or
     * more and no {@code Cancelled}, so no later scope can shrink it to one.
     */
    private Throwable stripCancelled(Throwable error) {
        if (error instanceof Cancelled) {
            cancelledCaught = true;
            return null;
        }
        if (!(error instanceof ThrowableGroup group)) {
            return error;
        }
        List<Throwable> kept = new ArrayList<>(group.exceptions().size());
        boolean changed = false;
        for (Throwable member : group.exceptions()) {
            Throwable rest = stripCancelled(member);
            changed |= rest != member;
            if (rest != null) {
                kept.add(rest);
            }
        }
        if (kept.isEmpty()) {
            return null;
        }
        if (kept.size() == 1 && LOOSE_GROUPS.contains(error)) {
            return kept.get(0);
        }
        if (!changed) {
            return error;
        }
        Throwable derived = ThrowableGroup.of(group.message(), kept).asThrowable();
        if (error.getCause() != null) {
            derived.initCause(error.getCause());
        }
        derived.setStackTrace(error.getStackTrace());
        return derived;
    }

    // ------------------------------------------------------------------ cancelling

    @Override
    public void cancel(String why) {
        Task source = null;
        Kernel kernel = Kernel.current();
        if (kernel instanceof Runner current) {
            source = current.currentTask();
        }
        checkThread("CancelScope.cancel");
        cancelWith(new CancelInfo(CancelReason.EXPLICIT, why, source));
    }

    /** Cancels with {@code info} unless already cancelled; the first reason is kept. */
    void cancelWith(CancelInfo info) {
        if (cancelCalled) {
            return;
        }
        if (reason == null) {
            reason = info;
        }
        cancelCalled = true;
        Flight.scopeCancelled(info, deadline);
        updateRegistration();
        if (status != null) {
            status.recalculate();
        }
    }

    @Override
    void expire(Runner runner) {
        cancelWith(CancelInfo.DEADLINE);
    }

    // ------------------------------------------------------------------ deadlines

    /** Keeps the heap registration in line: registered iff active, not cancelled and finite. */
    private void updateRegistration() {
        if (runner == null) {
            return;
        }
        if (status != null && !cancelCalled && deadline != Double.POSITIVE_INFINITY) {
            runner.deadlines.set(this, deadline);
        } else {
            runner.deadlines.remove(this);
        }
    }

    @Override
    public double deadline() {
        if (relativeDeadline != Double.POSITIVE_INFINITY) {
            throw new IllegalStateException("Unentered relative cancel scope does not have an absolute deadline");
        }
        return deadline;
    }

    @Override
    public void setDeadline(double newDeadline) {
        checkThread("CancelScope.setDeadline");
        if (relativeDeadline != Double.POSITIVE_INFINITY) {
            throw new IllegalStateException("Unentered relative cancel scope does not have an absolute deadline");
        }
        deadline = newDeadline;
        updateRegistration();
    }

    @Override
    public double relativeDeadline() {
        if (entered) {
            return deadline - runner.currentTime();
        }
        if (deadline != Double.POSITIVE_INFINITY) {
            throw new IllegalStateException("Unentered non-relative cancel scope does not have a relative deadline");
        }
        return relativeDeadline;
    }

    @Override
    public void setRelativeDeadline(double seconds) {
        checkThread("CancelScope.setRelativeDeadline");
        if (entered) {
            deadline = runner.currentTime() + seconds;
            updateRegistration();
        } else if (deadline != Double.POSITIVE_INFINITY) {
            throw new IllegalStateException("Unentered non-relative cancel scope does not have a relative deadline");
        } else {
            relativeDeadline = seconds;
        }
    }

    @Override
    public Boolean isRelative() {
        return entered ? null : relativeDeadline != Double.POSITIVE_INFINITY;
    }

    @Override
    public boolean shield() {
        return shield;
    }

    @Override
    public void setShield(boolean newShield) {
        checkThread("CancelScope.setShield");
        shield = newShield;
        if (status != null) {
            status.recalculate();
        }
    }

    @Override
    public boolean cancelCalled() {
        if (!cancelCalled && deadline != Double.POSITIVE_INFINITY && (status != null || !entered)) {
            Runner clockOwner = status != null ? runner
                    : Kernel.current() instanceof Runner current ? current : null;
            if (clockOwner != null && clockOwner.currentTime() >= deadline) {
                if (Kernel.current() != clockOwner) {
                    return true; // asked from another thread (a ToThread worker): report it, leave the run's state alone
                }
                cancelWith(CancelInfo.DEADLINE);
            }
        }
        return cancelCalled;
    }

    @Override
    public boolean cancelledCaught() {
        return cancelledCaught;
    }

    /** Changes to an active scope must come from its run's own thread (use TrioToken.runSyncSoon otherwise). */
    private void checkThread(String operation) {
        if (runner != null && status != null && Kernel.current() != runner) {
            throw new IllegalStateException(operation + " on an active scope must be called from inside its Trio run;"
                    + " from another thread, use TrioToken.runSyncSoon");
        }
    }

    @Override
    public String toString() {
        // as Trio's repr: binding, then "cancelled" or the deadline relative to now (only when the
        // calling thread can read the run's clock)
        String state = status != null ? "active" : entered ? "exited" : "unbound";
        if (cancelCalled) {
            state += ", cancelled";
        } else if (deadline != Double.POSITIVE_INFINITY && Kernel.current() instanceof Runner current) {
            double now = current.currentTime();
            state += String.format(java.util.Locale.ROOT, ", deadline is %.2f seconds %s",
                    Math.abs(deadline - now), deadline >= now ? "from now" : "ago");
        }
        return "[" + state
                + (relativeDeadline != Double.POSITIVE_INFINITY ? ", relativeDeadline=" + relativeDeadline : "")
                + (shield ? ", shielded" : "") + "]";
    }
}
