package org.triojava.sync;

import org.triojava.CancelScope;
import org.triojava.Cancelled;
import org.triojava.TrioCallable;
import org.triojava.TrioRunnable;
import org.triojava.WouldBlock;
import org.triojava.internal.Checks;
import org.triojava.lowlevel.Lowlevel;
import org.triojava.lowlevel.ParkingLot;

/**
 * A condition variable bound to a {@link Lock} (Trio's {@code Condition}). Trio's
 * {@code wait}/{@code notify}/{@code notify_all} are {@link #await()}, {@link #signal(int)} and
 * {@link #signalAll()} here, because {@link Object} owns the Python names.
 */
public final class Condition {
    private final Lock lock;
    private final ParkingLot lot = new ParkingLot();

    /** A condition with a lock of its own. */
    public Condition() {
        this(new Lock());
    }

    /** A condition over {@code lock} (a plain {@link Lock}; a {@link StrictFifoLock} is refused by the type). */
    public Condition(Lock lock) {
        this.lock = Checks.notNull(lock, "lock");
    }

    /** The underlying lock. */
    public Lock lock() {
        return lock;
    }

    /** Whether the lock is held. */
    public boolean locked() {
        return lock.locked();
    }

    /** Acquires the lock (a checkpoint). */
    public void acquire() {
        lock.acquire();
    }

    /** Acquires the lock without waiting ({@link WouldBlock} otherwise). */
    public void acquireNowait() {
        lock.acquireNowait();
    }

    /** Releases the lock. */
    public void release() {
        lock.release();
    }

    /**
     * Runs {@code body} holding the lock and returns its value (Trio's {@code async with
     * condition:}); the lock is released however the body ends.
     */
    public <T> T withLock(TrioCallable<T> body) throws Exception {
        return lock.withLock(body);
    }

    /** Runs {@code body} holding the lock (Trio's {@code async with condition:}). */
    public void withLock(TrioRunnable body) throws Exception {
        lock.withLock(body);
    }

    /**
     * Releases the lock, waits to be signalled, and re-acquires the lock before returning. If
     * cancelled while waiting, it still re-acquires the lock (shielded) before the
     * {@link Cancelled} propagates, so the lock is held either way.
     *
     * @throws IllegalStateException if the current task does not hold the lock
     */
    public void await() {
        if (Lowlevel.currentTask() != lock.owner) {
            throw new IllegalStateException("must hold the lock to wait");
        }
        lock.release();
        try {
            lot.park();
        } catch (RuntimeException | Error e) {
            reacquireShielded();
            throw e;
        }
    }

    private void reacquireShielded() {
        CancelScope shield = new CancelScope();
        shield.setShield(true);
        try {
            shield.run(lock::acquire);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Exception checked) {
            throw new IllegalStateException("Lock.acquire threw a checked exception", checked);
        }
    }

    /** Wakes up to {@code count} waiters: they queue for the lock in FIFO order. */
    public void signal(int count) {
        if (Lowlevel.currentTask() != lock.owner) {
            throw new IllegalStateException("must hold the lock to notify");
        }
        lot.repark(lock.lot, count);
    }

    /** Wakes one waiter. */
    public void signal() {
        signal(1);
    }

    /** Wakes every waiter. */
    public void signalAll() {
        if (Lowlevel.currentTask() != lock.owner) {
            throw new IllegalStateException("must hold the lock to notify");
        }
        lot.reparkAll(lock.lot);
    }

    /** Waiters, and the lock's statistics. */
    public ConditionStatistics statistics() {
        return new ConditionStatistics(lot.size(), lock.statistics());
    }
}
