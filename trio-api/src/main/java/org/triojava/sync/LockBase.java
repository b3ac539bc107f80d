package org.triojava.sync;

import org.triojava.BrokenResourceError;
import org.triojava.TrioCallable;
import org.triojava.TrioRunnable;
import org.triojava.WouldBlock;
import org.triojava.internal.Blocking;
import org.triojava.internal.Checks;
import org.triojava.internal.Held;
import org.triojava.lowlevel.Lowlevel;
import org.triojava.lowlevel.ParkingLot;
import org.triojava.lowlevel.Task;

/**
 * The shared mechanics of {@link Lock} and {@link StrictFifoLock} (Trio's {@code _LockImpl}):
 * ownership by a task, FIFO hand-off on release, and breakage when the owner exits holding it.
 */
abstract sealed class LockBase permits Lock, StrictFifoLock {
    final ParkingLot lot = new ParkingLot();
    Task owner;

    /** Whether the lock is held. */
    public boolean locked() {
        return owner != null;
    }

    /**
     * Takes the lock without waiting.
     *
     * @throws WouldBlock if it is held or other tasks are already queued for it
     * @throws IllegalStateException if the current task already holds it
     */
    public void acquireNowait() {
        Blocking.orThrow(tryAcquire());
    }

    private boolean tryAcquire() {
        Task task = Lowlevel.currentTask();
        if (owner == task) {
            throw new IllegalStateException("attempt to re-acquire an already held " + kind());
        }
        if (owner == null && lot.size() == 0) {
            owner = task;
            Lowlevel.addParkingLotBreaker(task, lot);
            return true;
        }
        return false;
    }

    /**
     * Takes the lock, waiting in FIFO order if it is held (a checkpoint; a cancelled acquire did
     * not acquire).
     *
     * @throws BrokenResourceError if the owner exited without releasing it
     */
    public void acquire() {
        Blocking.run(this::tryAcquire, () -> {
            try {
                lot.park();
            } catch (BrokenResourceError broken) {
                throw new BrokenResourceError("Owner of this lock exited without releasing: " + owner);
            }
        });
    }

    /**
     * Releases the lock, handing it straight to the longest-waiting task (not a checkpoint).
     *
     * @throws IllegalStateException if the current task does not hold it
     */
    public void release() {
        Task task = Lowlevel.currentTask();
        if (task != owner) {
            throw new IllegalStateException("can't release a " + kind() + " you don't own");
        }
        Lowlevel.removeParkingLotBreaker(owner, lot);
        if (lot.size() > 0) {
            owner = lot.unpark(1).get(0);
            Lowlevel.addParkingLotBreaker(owner, lot);
        } else {
            owner = null;
        }
    }

    /** Runs {@code body} holding the lock and returns its value; the lock is released however it ends. */
    public <T> T withLock(TrioCallable<T> body) throws Exception {
        return Held.call(this::acquire, this::release, body);
    }

    /** Runs {@code body} holding the lock. */
    public void withLock(TrioRunnable body) throws Exception {
        Checks.notNull(body, "body");
        Held.call(this::acquire, this::release, () -> {
            body.run();
            return null;
        });
    }

    /** Whether it is held, by whom, and how many tasks wait. */
    public LockStatistics statistics() {
        return new LockStatistics(owner != null, owner, lot.size());
    }

    private String kind() {
        return getClass().getSimpleName();
    }

    @Override
    public String toString() {
        return kind() + "[" + (owner == null ? "unlocked" : "held by " + owner.name()) + ", waiting=" + lot.size()
                + "]";
    }
}
