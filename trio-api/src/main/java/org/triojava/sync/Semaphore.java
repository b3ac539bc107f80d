package org.triojava.sync;

import java.util.OptionalInt;
import org.triojava.TrioCallable;
import org.triojava.WouldBlock;
import org.triojava.internal.Blocking;
import org.triojava.internal.Held;
import org.triojava.lowlevel.ParkingLot;
import org.triojava.lowlevel.ParkingLotStatistics;

/**
 * A counting semaphore with an optional maximum (Trio's {@code Semaphore}). Not owned by any task;
 * fair: a release with waiters hands the unit to the longest-waiting task.
 */
public final class Semaphore {
    private final ParkingLot lot = new ParkingLot();
    private final Integer maxValue;
    private int value;

    /**
     * A semaphore without a maximum.
     *
     * @throws IllegalArgumentException if {@code initialValue} is negative
     */
    public Semaphore(int initialValue) {
        if (initialValue < 0) {
            throw new IllegalArgumentException("initial value must be >= 0, got " + initialValue);
        }
        this.value = initialValue;
        this.maxValue = null;
    }

    /**
     * A semaphore whose value may never exceed {@code maxValue}.
     *
     * @throws IllegalArgumentException if {@code initialValue} is negative or above {@code maxValue}
     */
    public Semaphore(int initialValue, int maxValue) {
        if (initialValue < 0) {
            throw new IllegalArgumentException("initial value must be >= 0, got " + initialValue);
        }
        if (maxValue < initialValue) {
            throw new IllegalArgumentException("max value must be >= initial value, got " + maxValue + " < "
                    + initialValue);
        }
        this.value = initialValue;
        this.maxValue = maxValue;
    }

    /** The current value. */
    public int value() {
        return value;
    }

    /** The maximum, if any. */
    public OptionalInt maxValue() {
        return maxValue == null ? OptionalInt.empty() : OptionalInt.of(maxValue);
    }

    /**
     * Decrements without waiting.
     *
     * @throws WouldBlock if the value is 0
     */
    public void acquireNowait() {
        Blocking.orThrow(tryAcquire());
    }

    private boolean tryAcquire() {
        if (value > 0) {
            value--;
            return true;
        }
        return false;
    }

    /** Decrements, waiting in FIFO order while the value is 0 (a checkpoint; a cancelled acquire did not acquire). */
    public void acquire() {
        Blocking.run(this::tryAcquire, lot::park);
    }

    /**
     * Increments, or hands the unit to the longest-waiting task (not a checkpoint).
     *
     * @throws IllegalArgumentException if that would exceed the maximum
     * @throws IllegalStateException if called from outside the run while tasks wait (nothing changes)
     */
    public void release() {
        if (lot.size() > 0) {
            lot.requireOwnRun("Semaphore.release");
            lot.unpark(1);
            return;
        }
        if (maxValue != null && value == maxValue) {
            throw new IllegalArgumentException("semaphore released too many times");
        }
        if (value == Integer.MAX_VALUE) {
            throw new IllegalStateException("Semaphore.release: the value is already Integer.MAX_VALUE, the most"
                    + " a semaphore can hold (nothing changed)");
        }
        value++;
    }

    /** Runs {@code body} holding one unit and returns its value; the unit is released however it ends. */
    public <T> T withAcquired(TrioCallable<T> body) throws Exception {
        return Held.call(this::acquire, this::release, body);
    }

    /** How many tasks wait. */
    public ParkingLotStatistics statistics() {
        return lot.statistics();
    }

    @Override
    public String toString() {
        return "Semaphore[value=" + value + (maxValue == null ? "" : ", max=" + maxValue) + ", waiting="
                + lot.size() + "]";
    }
}
