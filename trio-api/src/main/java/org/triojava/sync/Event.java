package org.triojava.sync;

import org.triojava.Trio;
import org.triojava.lowlevel.ParkingLot;

/**
 * A flag that tasks can wait for (Trio's {@code Event}). Once {@link #set()}, it stays set;
 * there is no {@code clear()} — make a new event instead.
 */
public final class Event {
    private final ParkingLot lot = new ParkingLot();
    private boolean flag;

    /** Creates an event that is not set. */
    public Event() {
    }

    /** Whether the event is set. */
    public boolean isSet() {
        return flag;
    }

    /**
     * Sets the event and wakes every waiting task (idempotent; not a checkpoint).
     *
     * @throws IllegalStateException if called from outside the run while tasks wait (nothing changes)
     */
    public void set() {
        if (!flag) {
            if (lot.size() > 0) {
                lot.requireOwnRun("Event.set");
            }
            flag = true;
            lot.unparkAll();
        }
    }

    /**
     * Waits until the event is set (Trio's {@code Event.wait}; Java's {@code Object.wait} takes the
     * usual name). A checkpoint even when the event is already set.
     */
    public void await() {
        if (flag) {
            Trio.checkpoint();
        } else {
            lot.park();
        }
    }

    /** How many tasks wait. */
    public EventStatistics statistics() {
        return new EventStatistics(lot.size());
    }

    @Override
    public String toString() {
        return "Event[" + (flag ? "set" : "unset") + ", waiting=" + lot.size() + "]";
    }
}
