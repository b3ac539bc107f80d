package org.triojava.lowlevel;

import java.nio.channels.SelectableChannel;
import org.triojava.SchedulingMode;
import org.triojava.TrioCallable;
import org.triojava.TrioRunnable;
import org.triojava.abc.Clock;
import org.triojava.abc.Instrument;
import org.triojava.internal.Checks;
import org.triojava.internal.Runtimes;
import org.triojava.spi.Kernel;
import org.triojava.spi.KeyboardInterruptArming;
import org.triojava.spi.RuntimeProvider;
import org.triojava.spi.TaskNames;

/**
 * The low-level API the rest of Trio is built on (Trio's {@code trio.lowlevel}): the current
 * task, the park/reschedule primitive, system tasks, instruments, I/O readiness, and guest mode.
 */
public final class Lowlevel {
    private Lowlevel() {
    }

    /** Whether the calling thread is inside a {@code Trio.run} (so {@code Trio.currentTime()} works). */
    public static boolean inTrioRun() {
        return Kernel.current() != null;
    }

    /** Whether the calling thread is a task of a run (so {@link #currentTask()} works). */
    public static boolean inTrioTask() {
        Kernel kernel = Kernel.current();
        return kernel != null && kernel.currentTask() != null;
    }

    /** The task that is running. */
    public static Task currentTask() {
        Task task = Runtimes.kernel("Lowlevel.currentTask").currentTask();
        if (task == null) {
            throw new IllegalStateException("Lowlevel.currentTask must be called from a Trio task");
        }
        return task;
    }

    /** The run's root task (the ancestor of every other task). */
    public static Task currentRootTask() {
        return Runtimes.kernel("Lowlevel.currentRootTask").rootTask();
    }

    /** The run's clock. */
    public static Clock currentClock() {
        return Runtimes.kernel("Lowlevel.currentClock").clock();
    }

    /** The run's token, for re-entering the run from other threads. */
    public static TrioToken currentTrioToken() {
        return Runtimes.kernel("Lowlevel.currentTrioToken").token();
    }

    /**
     * How the current run's tasks are scheduled: {@link SchedulingMode#CONFINED} (the loop thread
     * carries them) or {@link SchedulingMode#SHARED} (the JDK's carrier threads); never
     * {@code AUTO}. A Java addition, for checking that the JVM option confined scheduling needs is
     * in effect.
     */
    public static SchedulingMode currentSchedulingMode() {
        return Runtimes.kernel("Lowlevel.currentSchedulingMode").schedulingMode();
    }

    /** A snapshot of the scheduler's state. */
    public static RunStatistics currentStatistics() {
        return Runtimes.kernel("Lowlevel.currentStatistics").statistics();
    }

    /**
     * A snapshot of the current run's task tree: every task with its state, what it waits for and
     * its stack, and the cancel scopes and nurseries it has open (see {@link TaskTree}). Not a
     * checkpoint. A Java addition (Trio has none).
     */
    public static TaskTree dumpTaskTree() {
        return Runtimes.kernel("Lowlevel.dumpTaskTree").dumpTaskTree();
    }

    /**
     * Parks the current task until someone calls {@link #reschedule(Task, Outcome)} on it exactly
     * once, and returns that outcome's value (or throws its error). If the task is cancelled
     * meanwhile, {@code abort} is called (at most once) to decide whether the wait can be undone.
     */
    public static Object waitTaskRescheduled(AbortFunction abort) {
        Kernel kernel = Runtimes.kernel("Lowlevel.waitTaskRescheduled");
        return kernel.waitTaskRescheduled(Checks.notNull(abort, "abort"));
    }

    /** Makes {@code task}, parked in {@link #waitTaskRescheduled}, runnable with {@code outcome}. */
    public static void reschedule(Task task, Outcome outcome) {
        Kernel kernel = Runtimes.kernel("Lowlevel.reschedule");
        kernel.reschedule(Checks.notNull(task, "task"), Checks.notNull(outcome, "outcome"));
    }

    /** Like {@link #reschedule(Task, Outcome)} with the value null. */
    public static void reschedule(Task task) {
        reschedule(task, Outcome.value(null));
    }

    /**
     * Starts {@code fn} as a system task: a child of the run's hidden system nursery, cancelled when
     * the main task has finished; if it throws, the whole run fails with {@code TrioInternalError}.
     */
    public static Task spawnSystemTask(String name, TrioRunnable fn) {
        Kernel kernel = Runtimes.kernel("Lowlevel.spawnSystemTask");
        return kernel.spawnSystemTask(name, Checks.notNull(fn, "fn"));
    }

    /** A cancel point only: if the task is cancelled, yields and raises; otherwise does nothing. */
    public static void checkpointIfCancelled() {
        Runtimes.kernel("Lowlevel.checkpointIfCancelled").checkpointIfCancelled();
    }

    /** A schedule point only: lets other tasks run but never raises {@code Cancelled}. */
    public static void cancelShieldedCheckpoint() {
        Runtimes.kernel("Lowlevel.cancelShieldedCheckpoint").cancelShieldedCheckpoint();
    }

    /** Adds an instrument to the current run (adding one twice is a no-op). */
    public static void addInstrument(Instrument instrument) {
        Runtimes.kernel("Lowlevel.addInstrument").addInstrument(Checks.notNull(instrument, "instrument"));
    }

    /** Removes an instrument; {@link java.util.NoSuchElementException} if it is not installed. */
    public static void removeInstrument(Instrument instrument) {
        Runtimes.kernel("Lowlevel.removeInstrument").removeInstrument(Checks.notNull(instrument, "instrument"));
    }

    /** When {@code task} exits, {@code lot} is broken (see {@link ParkingLot#breakLot(Task)}). */
    public static void addParkingLotBreaker(Task task, ParkingLot lot) {
        Runtimes.kernel("Lowlevel.addParkingLotBreaker")
                .addParkingLotBreaker(Checks.notNull(task, "task"), Checks.notNull(lot, "lot"));
    }

    /** Undoes {@link #addParkingLotBreaker}; {@link IllegalStateException} if there is no such registration. */
    public static void removeParkingLotBreaker(Task task, ParkingLot lot) {
        Runtimes.kernel("Lowlevel.removeParkingLotBreaker")
                .removeParkingLotBreaker(Checks.notNull(task, "task"), Checks.notNull(lot, "lot"));
    }

    /**
     * Parks until {@code channel} is readable. At most one task may wait per channel and direction
     * ({@code BusyResourceError}); {@link #notifyClosing} wakes it with {@code ClosedResourceError}.
     */
    public static void waitReadable(SelectableChannel channel) {
        Runtimes.kernel("Lowlevel.waitReadable").waitReadable(Checks.notNull(channel, "channel"));
    }

    /** Like {@link #waitReadable} for writability. */
    public static void waitWritable(SelectableChannel channel) {
        Runtimes.kernel("Lowlevel.waitWritable").waitWritable(Checks.notNull(channel, "channel"));
    }

    /** Tells the run that {@code channel} is about to be closed: its waiters get {@code ClosedResourceError}. */
    public static void notifyClosing(SelectableChannel channel) {
        Runtimes.kernel("Lowlevel.notifyClosing").notifyClosing(Checks.notNull(channel, "channel"));
    }

    /**
     * Starts a run hosted by another event loop and returns at once (Trio's
     * {@code trio.lowlevel.start_guest_run}). The run's loop work happens in callbacks that
     * {@code options.host()} runs on its thread, batches of task steps for about a millisecond per
     * callback (so the host gets its thread back that often, whatever the tasks do); the wait
     * for I/O and deadlines happens on a helper thread, which posts the next callback when
     * something is ready. Task code never runs at the same time as host code.
     *
     * <p>In confined scheduling (see {@link org.triojava.SchedulingMode}) the tasks' virtual threads
     * mount on the host's thread itself, so a task may touch the host's thread-confined state (a
     * Swing component on the event dispatch thread, say); the host's thread must then be a platform
     * thread. In shared scheduling the host thread does the loop's work and waits while the tasks
     * run on the JDK's carriers. Either way the semantics are those of {@code Trio.run}.
     *
     * <p>{@code done} gets the outcome once, on the host's thread. If the host refuses the first
     * callback, this method throws what it threw and nothing has started; if it refuses a later one,
     * the run is cancelled and finished on a helper thread, and {@code done} gets an
     * {@link IllegalStateException} saying that the host went away (on that helper thread).
     *
     * @throws IllegalStateException inside a run, or when no runtime backend is present
     */
    public static GuestRun startGuestRun(TrioCallable<?> main, GuestOptions options) {
        Checks.notNull(main, "main");
        Checks.notNull(options, "options");
        if (Kernel.current() != null) {
            throw new IllegalStateException("Lowlevel.startGuestRun cannot be called from inside a Trio run");
        }
        RuntimeProvider runtime = Runtimes.provider(options.run().runtime());
        KeyboardInterruptArming ctrlC = options.run().keyboardInterrupt() ? Runtimes.armKeyboardInterrupt() : null;
        java.util.function.Consumer<Outcome> done = ctrlC == null ? options.done() : outcome -> {
            ctrlC.close();
            options.done().accept(outcome);
        };
        try {
            return runtime.startGuestRun(options.run(), TaskNames.of(main), main, options.host(), done);
        } catch (RuntimeException | Error e) {
            if (ctrlC != null) {
                ctrlC.close();
            }
            throw e;
        }
    }
}
