package org.triojava.sync;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.triojava.TrioCallable;
import org.triojava.WouldBlock;
import org.triojava.internal.Blocking;
import org.triojava.internal.Checks;
import org.triojava.internal.Held;
import org.triojava.lowlevel.Lowlevel;
import org.triojava.lowlevel.ParkingLot;
import org.triojava.lowlevel.Task;

/**
 * Limits how many borrowers may hold a token at once (Trio's {@code CapacityLimiter}) — for
 * example how many threads {@code ToThread} may use. A borrower (by default the current task)
 * holds at most one token; the total may be changed at any time, including to 0 or +infinity.
 * Fair: a released token goes to the longest-waiting borrower.
 */
public final class CapacityLimiter {
    private final ParkingLot lot = new ParkingLot();
    private final Set<Object> borrowers = new LinkedHashSet<>();
    private final Map<Task, Object> pendingBorrowers = new HashMap<>();
    private double totalTokens;

    /**
     * A limiter with {@code totalTokens} tokens: a non-negative integer, or +infinity.
     *
     * @throws IllegalArgumentException otherwise
     */
    public CapacityLimiter(double totalTokens) {
        this.totalTokens = checkTotal(totalTokens);
    }

    private static double checkTotal(double total) {
        if (total != Double.POSITIVE_INFINITY && (Double.isNaN(total) || total != Math.rint(total))) {
            throw new IllegalArgumentException("total tokens must be an integer or +infinity, got " + total);
        }
        if (total < 0) {
            throw new IllegalArgumentException("total tokens must be >= 0, got " + total);
        }
        return total;
    }

    /** The total number of tokens. */
    public double totalTokens() {
        return totalTokens;
    }

    /**
     * Changes the total; raising it wakes waiters at once, lowering it never takes tokens back.
     *
     * @throws IllegalArgumentException if {@code total} is negative, NaN or not an integer (and not +infinity)
     * @throws IllegalStateException if called from outside the run while tasks wait (nothing changes)
     */
    public void setTotalTokens(double total) {
        double checked = checkTotal(total);
        if (lot.size() > 0) {
            lot.requireOwnRun("CapacityLimiter.setTotalTokens");
        }
        totalTokens = checked;
        wakeWaiters();
    }

    /** Tokens in use. */
    public int borrowedTokens() {
        return borrowers.size();
    }

    /** Tokens free (may be negative right after the total was lowered). */
    public double availableTokens() {
        return totalTokens - borrowers.size();
    }

    private void wakeWaiters() {
        // the cast saturates: an infinite total, or any count past int's range, wakes every waiter
        for (Task woken : lot.unpark((int) Math.max(0, availableTokens()))) {
            borrowers.add(pendingBorrowers.remove(woken));
        }
    }

    /** Takes a token for the current task without waiting; see {@link #acquireOnBehalfOfNowait}. */
    public void acquireNowait() {
        acquireOnBehalfOfNowait(Lowlevel.currentTask());
    }

    /**
     * Takes a token for {@code borrower} without waiting.
     *
     * @throws WouldBlock if no token is free or others are already waiting
     * @throws IllegalStateException if {@code borrower} already holds a token
     */
    public void acquireOnBehalfOfNowait(Object borrower) {
        Blocking.orThrow(tryAcquireOnBehalfOf(borrower));
    }

    private boolean tryAcquireOnBehalfOf(Object borrower) {
        Checks.notNull(borrower, "borrower");
        if (borrowers.contains(borrower)) {
            throw new IllegalStateException("this borrower is already holding one of this CapacityLimiter's tokens");
        }
        if (borrowers.size() < totalTokens && lot.size() == 0) {
            borrowers.add(borrower);
            return true;
        }
        return false;
    }

    /** Takes a token for the current task, waiting if needed (a checkpoint). */
    public void acquire() {
        acquireOnBehalfOf(Lowlevel.currentTask());
    }

    /** Takes a token for {@code borrower}, waiting in FIFO order (a checkpoint; a cancelled acquire leaves no trace). */
    public void acquireOnBehalfOf(Object borrower) {
        Blocking.run(() -> tryAcquireOnBehalfOf(borrower), () -> {
            Task task = Lowlevel.currentTask();
            pendingBorrowers.put(task, borrower);
            try {
                lot.park();
            } catch (Throwable interrupted) { // Cancelled, or a KeyboardInterrupt delivered here
                pendingBorrowers.remove(task);
                throw interrupted;
            }
        });
    }

    /** Returns the current task's token. */
    public void release() {
        releaseOnBehalfOf(Lowlevel.currentTask());
    }

    /**
     * Returns {@code borrower}'s token (not a checkpoint).
     *
     * @throws IllegalStateException if {@code borrower} holds none, or if called from outside the run while
     *     tasks wait (nothing changes)
     */
    public void releaseOnBehalfOf(Object borrower) {
        Checks.notNull(borrower, "borrower");
        if (lot.size() > 0) {
            lot.requireOwnRun("CapacityLimiter.releaseOnBehalfOf");
        }
        if (!borrowers.remove(borrower)) {
            throw new IllegalStateException("this borrower isn't holding any of this CapacityLimiter's tokens");
        }
        wakeWaiters();
    }

    /** Runs {@code body} holding a token for the current task and returns its value. */
    public <T> T withToken(TrioCallable<T> body) throws Exception {
        return Held.call(this::acquire, this::release, body);
    }

    /** Tokens, borrowers and waiters. */
    public CapacityLimiterStatistics statistics() {
        return new CapacityLimiterStatistics(borrowers.size(), totalTokens, new ArrayList<>(borrowers), lot.size());
    }

    @Override
    public String toString() {
        return "CapacityLimiter[" + borrowers.size() + "/" + totalTokens + " borrowed, waiting=" + lot.size() + "]";
    }
}
