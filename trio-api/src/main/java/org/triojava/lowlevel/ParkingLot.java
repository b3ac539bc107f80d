package org.triojava.lowlevel;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import org.triojava.BrokenResourceError;
import org.triojava.internal.Blocking;
import org.triojava.internal.Checks;
import org.triojava.spi.Kernel;

/**
 * A fair (FIFO) queue of parked tasks: the building block of every lock, event and channel
 * (Trio's {@code trio.lowlevel.ParkingLot}). Built on {@link Lowlevel#waitTaskRescheduled} and
 * {@link Lowlevel#reschedule}, and on nothing else.
 *
 * <p>Like all of Trio's state it is used by the tasks of one run, one at a time, so it needs no
 * locking.
 */
public final class ParkingLot {
    private LinkedHashSet<Task> parked = new LinkedHashSet<>();
    private final List<Task> brokenBy = new ArrayList<>();

    /** Creates an empty lot. */
    public ParkingLot() {
    }

    /**
     * Parks the current task until unparked (a checkpoint; cancellable, and a cancelled task
     * leaves the lot).
     *
     * @throws BrokenResourceError if the lot is broken, now or while parked
     */
    public void park() {
        if (!brokenBy.isEmpty()) {
            throw brokenError();
        }
        Task task = Lowlevel.currentTask();
        requireOwnRun("ParkingLot.park"); // one lot's tasks are one run's, or their wakers could strand them
        parked.add(task);
        task.setCustomSleepData(this);
        Lowlevel.waitTaskRescheduled(raiseCancel -> {
            ((ParkingLot) task.customSleepData()).parked.remove(task);
            return Abort.SUCCEEDED;
        });
    }

    /**
     * Wakes up to {@code count} of the longest-parked tasks; returns them (oldest first).
     *
     * @throws IllegalStateException if tasks would be woken from outside the run (none is taken out)
     */
    public List<Task> unpark(int count) {
        if (count < 0) {
            throw new IllegalArgumentException("count must be non-negative, got " + count);
        }
        if (count == 0 || parked.isEmpty() || !brokenBy.isEmpty()) {
            return List.of();
        }
        requireOwnRun("ParkingLot.unpark"); // before any task leaves the lot
        Kernel kernel = Kernel.current();
        List<Task> woken = pop(count);
        Outcome none = Outcome.value(null);
        for (Task task : woken) {
            kernel.reschedule(task, none);
        }
        return woken;
    }

    /**
     * Fails with {@link IllegalStateException} naming {@code operation} unless the calling thread
     * runs a task of the run whose tasks are parked here (any run while none is): primitives built
     * on a lot call this before they change anything, so that a call from another thread or another
     * run changes nothing instead of stranding a waiter. A Java addition (Trio has one thread).
     */
    public void requireOwnRun(String operation) {
        Blocking.requireRun(operation, parked.isEmpty() ? null : parked.iterator().next());
    }

    /** Wakes one task, if any. */
    public List<Task> unpark() {
        return unpark(1);
    }

    /** Wakes every parked task. */
    public List<Task> unparkAll() {
        return unpark(parked.size());
    }

    /**
     * Moves up to {@code count} of the longest-parked tasks into {@code target}, keeping their
     * order; they stay parked and will be woken by {@code target}.
     */
    public void repark(ParkingLot target, int count) {
        Checks.notNull(target, "target");
        if (count < 0) {
            throw new IllegalArgumentException("count must be non-negative, got " + count);
        }
        for (Task task : pop(count)) {
            target.parked.add(task);
            task.setCustomSleepData(target);
        }
    }

    /** Moves every parked task into {@code target}. */
    public void reparkAll(ParkingLot target) {
        repark(target, parked.size());
    }

    /**
     * Breaks the lot on behalf of the current task: every parked task and every later
     * {@link #park()} gets {@link BrokenResourceError}; unpark and repark become no-ops.
     */
    public void breakLot() {
        breakLot(Lowlevel.currentTask());
    }

    /** Breaks the lot on behalf of {@code task}; breaking again only records another breaker. */
    public void breakLot(Task task) {
        Checks.notNull(task, "task");
        brokenBy.add(task);
        if (brokenBy.size() > 1) {
            return;
        }
        LinkedHashSet<Task> waiting = parked;
        parked = new LinkedHashSet<>();
        for (Task waiter : waiting) {
            Lowlevel.reschedule(waiter, Outcome.error(brokenError()));
        }
    }

    /** The tasks that broke this lot, first breaker first; empty while it is intact. */
    public List<Task> brokenBy() {
        return List.copyOf(brokenBy);
    }

    /** How many tasks are parked. */
    public int size() {
        return parked.size();
    }

    /** Statistics of the lot. */
    public ParkingLotStatistics statistics() {
        return new ParkingLotStatistics(parked.size());
    }

    private List<Task> pop(int count) {
        if (!brokenBy.isEmpty()) {
            return List.of();
        }
        List<Task> popped = new ArrayList<>(Math.min(count, parked.size()));
        Iterator<Task> oldestFirst = parked.iterator();
        while (popped.size() < count && oldestFirst.hasNext()) {
            popped.add(oldestFirst.next());
            oldestFirst.remove();
        }
        return popped;
    }

    private BrokenResourceError brokenError() {
        return new BrokenResourceError("Attempted to park in parking lot broken by "
                + brokenBy.stream().map(Task::name).toList());
    }

    @Override
    public String toString() {
        return "ParkingLot[parked=" + parked.size() + (brokenBy.isEmpty() ? "" : ", broken") + "]";
    }
}
