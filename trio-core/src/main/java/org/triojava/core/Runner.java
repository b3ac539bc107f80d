package org.triojava.core;

import java.nio.channels.SelectableChannel;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import org.triojava.BrokenResourceError;
import org.triojava.CancelReason;
import org.triojava.Cancelled;
import org.triojava.KeyboardInterrupt;
import org.triojava.NurseryBody;
import org.triojava.RunFinishedError;
import org.triojava.RunOptions;
import org.triojava.TrioCallable;
import org.triojava.TrioInternalError;
import org.triojava.TrioRunnable;
import org.triojava.abc.Clock;
import org.triojava.abc.Instrument;
import org.triojava.lowlevel.Abort;
import org.triojava.lowlevel.AbortFunction;
import org.triojava.lowlevel.Outcome;
import org.triojava.lowlevel.ParkingLot;
import org.triojava.lowlevel.RunStatistics;
import org.triojava.lowlevel.Task;
import org.triojava.lowlevel.TaskTree;
import org.triojava.lowlevel.TrioToken;
import org.triojava.spi.ActiveRuns;
import org.triojava.spi.Kernel;
import org.triojava.spi.TaskNames;
import org.triojava.testing.MockClock;

/**
 * One {@code Trio.run}: the run loop and the scheduler (Trio's {@code Runner} and
 * {@code unrolled_run}).
 *
 * <p><b>Execution model.</b> Every task is a virtual thread, and exactly one thread of the run —
 * the holder of the <em>baton</em> — executes at any time. A task keeps the baton until it parks
 * ({@link #waitTaskRescheduled}) or yields ({@link #cancelShieldedCheckpoint}); it then picks the
 * next runnable task itself and hands the baton straight to it (one unpark, one park per switch).
 * Runnable tasks run in batches: the tasks woken while a batch runs wait for the next batch,
 * which starts with a non-blocking pass over timers, I/O and the entry queue. Only when nothing
 * is runnable does the baton go back to the loop thread (the caller of {@code Trio.run}), which
 * waits for I/O, a deadline, or a call from another thread.
 *
 * <p>Because only the baton holder touches the run's state, none of it is locked; the volatile
 * baton hand-off orders every access. Other threads only reach the run through
 * {@link EntryQueue} and {@link #deliverKeyboardInterrupt()}.
 */
final class Runner implements Kernel {
    private static final long MAX_SLEEP_NANOS = 86_400L * 1_000_000_000L;
    private static final Outcome NOTHING = Outcome.value(null);
    static final AbortFunction ALWAYS_ABORT = raiseCancel -> Abort.SUCCEEDED;

    private final RunOptions options;
    private final Clock clock;
    final Instruments instruments;
    private final Random shuffler;
    final Deadlines deadlines = new Deadlines();
    private final IoManager io = new IoManager(this);
    private final EntryQueue entryQueue = new EntryQueue(this);
    private final Runnable keyboardInterruptCallback = this::deliverPendingKeyboardInterrupt;

    private ArrayDeque<TaskImpl> runQueue = new ArrayDeque<>();
    private ArrayDeque<TaskImpl> batch = new ArrayDeque<>();
    private TaskImpl current;
    private int liveTasks;

    private TaskImpl rootTask;
    private TaskImpl mainTask;
    private NurseryImpl systemNursery;
    private Object mainValue;
    private Outcome mainOutcome;
    private Throwable internalError;
    volatile boolean keyboardInterruptPending;

    private final Thread loopThread = Thread.currentThread();
    /** The thread in (or about to be in) {@link #waitForEvents}: the loop thread, or a guest run's helper. */
    private volatile Thread waitingThread = loopThread;

    /** The thread that does the loop's waiting now (the loop thread, or a guest run's helper). */
    Thread waitingThread() {
        return waitingThread;
    }
    /** The host of a guest run ({@link GuestDriver}), or null for a run that has a thread of its own. */
    GuestDriver guest;
    /**
     * How long one tick of a guest run may go on starting new batches: the host gets its thread
     * back within about this time (plus the batch under way), and the hand-overs to and from the
     * host are paid once per slice rather than once per batch.
     */
    static final long GUEST_SLICE_NANOS = 1_000_000;
    /** When the current guest tick began ({@link System#nanoTime()}). */
    private long guestSliceStart;
    private final TaskCarrier carrier;
    private volatile boolean loopBaton;
    private final java.util.function.BooleanSupplier loopBatonBack = () -> loopBaton;
    private volatile boolean idle;
    /** Whether the thread running {@code Trio.run} was interrupted: the run is then cancelled. */
    private boolean runInterrupted;
    private final Runnable interruptCallback = this::interruptRun;
    private final List<Thread> exitedThreads = new ArrayList<>();
    /** The slow-step detector, or null when it is off. */
    private final SlowSteps slowSteps;
    private long nextTaskId;

    /** Why the loop's wait was shortened: to wake idle waiters, or to autojump a mock clock. */
    enum Idle { NONE, WAITING_FOR_IDLE, AUTOJUMP }

    /** A task in {@code waitAllTasksBlocked}; sorted by cushion, then arrival. */
    private record IdleWaiter(double cushion, TaskImpl task) {
    }

    private final List<IdleWaiter> idleWaiters = new ArrayList<>();
    /** What broke the loop's own work (see {@link #loopFailed}), or null while it works. */
    private Throwable loopBroken;
    /** Why checkpoints are refused right now (see {@link #blocking}), or null. */
    private String checkpointBan;
    private final java.util.Map<Object, Object> runLocals = new java.util.HashMap<>();
    private int workerThreads;

    /** A run with {@code options}, scheduled in {@code mode} (resolved: confined or shared), whose loop runs on this thread. */
    Runner(RunOptions options, org.triojava.SchedulingMode mode) {
        this.options = options;
        this.carrier = Scheduling.carrier(mode, loopThread);
        this.clock = options.clock() != null ? options.clock() : new SystemClock();
        this.slowSteps = SlowSteps.forRun(options);
        this.instruments = new Instruments(options.instruments());
        if (slowSteps != null) {
            instruments.add(slowSteps); // it marks the steps through the step hooks: off, it costs nothing
        }
        this.shuffler = options.schedulingSeed().isPresent() ? new Random(options.schedulingSeed().getAsLong()) : null;
    }

    // ================================================================== the run

    <T> T run(String mainTaskName, TrioCallable<T> main) throws Exception {
        begin(mainTaskName, main);
        try {
            loop();
        } finally {
            end();
        }
        @SuppressWarnings("unchecked")
        T value = (T) outcome().unwrap();
        return value;
    }

    /** Starts the run on the calling thread: binds it, calls the instruments, spawns the root task. */
    void begin(String mainTaskName, TrioCallable<?> main) {
        Kernel.bind(this);
        if (options.keyboardInterrupt()) {
            ActiveRuns.register(this);
        }
        boolean started = false;
        try {
            instruments.call(Instruments.BEFORE_RUN, Instrument::beforeRun);
            clock.startClock();
            Flight.runStarted(this);
            rootTask = spawn(() -> runRoot(mainTaskName, main), null, "<init>", true);
            if (slowSteps != null) {
                slowSteps.watch();
            }
            started = true;
        } finally {
            if (!started) {
                ActiveRuns.unregister(this);
                Flight.runEnded(this);
                Kernel.bind(null);
            }
        }
    }

    /** Ends the run once its last task has exited: refuses further callbacks, releases what the run held. */
    void end() {
        try {
            if (liveTasks == 0) {
                entryQueue.closeAndDrain();
                instruments.call(Instruments.AFTER_RUN, Instrument::afterRun);
            }
        } finally {
            ActiveRuns.unregister(this);
            Flight.runEnded(this);
            if (slowSteps != null) {
                slowSteps.unwatch();
            }
            io.close();
            joinExitedThreads();
            Kernel.bind(null);
        }
    }

    /** What the run ended with, as {@code Trio.run} reports it (after {@link #end()}). */
    Outcome outcome() {
        if (internalError != null) {
            return Outcome.error(new TrioInternalError(loopBroken != null ? "the run loop failed (" + loopBroken
                    + "), so the run was torn down: every task was cancelled and has unwound"
                    : "a system task or a TrioToken.runSyncSoon callback crashed, so the run was torn down",
                    internalError));
        }
        if (runInterrupted) {
            InterruptedException interrupted = new InterruptedException(
                    "the thread running Trio.run was interrupted: every task was cancelled and has unwound");
            if (mainOutcome instanceof Outcome.Failure failure && !(failure.error() instanceof Cancelled)) {
                interrupted.addSuppressed(failure.error());
            }
            return Outcome.error(interrupted);
        }
        if (keyboardInterruptPending) {
            KeyboardInterrupt interrupt = new KeyboardInterrupt();
            if (mainOutcome instanceof Outcome.Failure error) {
                interrupt.addSuppressed(error.error());
            }
            return Outcome.error(interrupt);
        }
        return mainOutcome;
    }

    /** The root task: the system nursery around the main task's nursery (Trio's {@code init}). */
    private void runRoot(String mainTaskName, TrioCallable<?> main) throws Exception {
        openNursery(true, system -> {
            systemNursery = (NurseryImpl) system;
            openNursery(true, mainNursery -> mainTask = spawn(() -> mainValue = main.call(),
                    (NurseryImpl) mainNursery, mainTaskName, false));
            systemNursery.scope.cancelWith(new CancelInfo(CancelReason.SHUTDOWN,
                    "main task done, shutting down system tasks", rootTask));
        });
    }

    /** The loop thread's part: hand the baton out, and wait whenever nothing is runnable. */
    private void loop() {
        while (true) {
            TaskImpl next = pickNext();
            if (next != null) {
                loopBaton = false;
                handTo(next);
                if (carrier.awaitLoopBaton(loopBatonBack)) {
                    // interrupted while a task held the baton: handled by whoever holds it next
                    entryQueue.runSyncSoon(interruptCallback, true);
                }
                continue;
            }
            if (liveTasks == 0) {
                return;
            }
            iteration(true);
        }
    }

    /**
     * The next task to run: the rest of the current batch, else a new batch after a
     * non-blocking pass; null when nothing is runnable.
     */
    private TaskImpl pickNext() {
        while (true) {
            TaskImpl next = batch.pollFirst();
            if (next != null) {
                return next;
            }
            if (runQueue.isEmpty() || guest != null && System.nanoTime() - guestSliceStart >= GUEST_SLICE_NANOS) {
                return null; // a guest run gives the host its thread back once a batch ends after its slice
            }
            iteration(false);
        }
    }

    /**
     * One pass of the run loop: wait for I/O (blocking only if allowed and nothing is runnable),
     * run queued callbacks, expire deadlines, then make the runnable tasks the next batch.
     */
    private void iteration(boolean mayBlock) {
        if (loopBroken == null) {
            try {
                pollClockAndIo(mayBlock);
            } catch (Throwable t) {
                loopFailed(t);
            }
        } else {
            waitForCallbacksOnly(mayBlock);
        }
        nextBatch();
    }

    /** The runnable tasks become the batch to run (shuffled with a scheduling seed). */
    private void nextBatch() {
        ArrayDeque<TaskImpl> next = runQueue;
        runQueue = batch;
        batch = next;
        if (shuffler != null && batch.size() > 1) {
            List<TaskImpl> order = new ArrayList<>(batch);
            Collections.shuffle(order, shuffler);
            batch.clear();
            batch.addAll(order);
        }
    }

    /** From the thread that waits for this run (see {@link LoopThreads}): it was interrupted. */
    void interruptFromOutside() {
        try {
            entryQueue.runSyncSoon(interruptCallback, true);
        } catch (RunFinishedError finished) {
            // too late to matter: the run is over
        }
    }

    /**
     * The thread running {@code Trio.run} was interrupted ({@code Future.cancel(true)},
     * {@code shutdownNow()}, a test's timeout): every task of the run is cancelled, and once they
     * have unwound {@code Trio.run} throws {@link InterruptedException}.
     */
    private void interruptRun() {
        if (runInterrupted) {
            return;
        }
        runInterrupted = true;
        if (systemNursery != null) {
            systemNursery.scope.cancelWith(new CancelInfo(CancelReason.SHUTDOWN,
                    "the thread running Trio.run was interrupted", null));
        }
    }

    /**
     * The loop's own work failed (a clock that throws or answers NaN, a broken selector): Trio's
     * rule is that the run ends with {@code TrioInternalError}, its tasks unwound, never a hang. The
     * loop stops reading the clock and the selector, every task is cancelled, and the run goes on
     * with what still works (the entry queue) until the last task has unwound.
     */
    private void loopFailed(Throwable error) {
        loopBroken = error;
        internalError("the run loop failed", error);
        idle = false;
    }

    /** The loop after {@link #loopFailed}: no clock, no I/O; only callbacks from other threads can wake it. */
    private void waitForCallbacksOnly(boolean mayBlock) {
        if (mayBlock && runQueue.isEmpty() && entryQueue.isEmpty()) {
            idle = true;
            if (entryQueue.isEmpty()) {
                LockSupport.park(this);
            }
            idle = false;
            if (Thread.interrupted()) {
                interruptRun();
            }
        }
        entryQueue.runPending();
    }

    /** Reads the clock: a NaN would make every wait spin (no deadline ever passes), so it is a failure of the loop. */
    private double now() {
        double now = clock.currentTime();
        if (Double.isNaN(now)) {
            throw new TrioInternalError("the run's clock " + clock + " returned NaN from currentTime()");
        }
        return now;
    }

    /** The part of {@link #iteration} that needs the clock and the selector. */
    private void pollClockAndIo(boolean mayBlock) {
        Wait wait = planWait(mayBlock);
        wait.events = waitForEvents(wait);
        afterWait(wait);
    }

    /**
     * One wait of the loop for I/O, a deadline or a callback: planned inside the run
     * ({@link #planWait}), waited for on any one thread ({@link #waitForEvents}) — in guest mode a
     * helper thread, while the host's thread goes on — and completed inside the run ({@link #afterWait}).
     */
    static final class Wait {
        boolean mayBlock;
        long timeoutNanos;
        Idle primed;
        double cushion;
        boolean hooks;
        /** After {@link #loopFailed}: no clock, no I/O, only callbacks from other threads can end the wait. */
        boolean callbacksOnly;
        boolean events;

        /** Plans this wait afresh (a run has one wait at a time, so one instance serves them all). */
        Wait plan(boolean mayBlock, long timeoutNanos, Idle primed, double cushion, boolean hooks,
                  boolean callbacksOnly) {
            this.mayBlock = mayBlock;
            this.timeoutNanos = timeoutNanos;
            this.primed = primed;
            this.cushion = cushion;
            this.hooks = hooks;
            this.callbacksOnly = callbacksOnly;
            this.events = false;
            return this;
        }
    }

    /** The run's one wait, planned anew each time: no allocation per iteration of the loop. */
    private final Wait nextWait = new Wait();

    /** How long the next wait may block, and why it may be cut short; calls the instruments' beforeIoWait. */
    Wait planWait(boolean mayBlock) {
        long timeoutNanos = 0;
        Idle primed = Idle.NONE;
        double cushion = 0;
        if (mayBlock && runQueue.isEmpty()) {
            timeoutNanos = sleepNanos();
            if (!idleWaiters.isEmpty()) {
                cushion = idleWaiters.get(0).cushion();
                long cushionNanos = toNanos(cushion);
                if (cushionNanos < timeoutNanos) {
                    timeoutNanos = cushionNanos;
                    primed = Idle.WAITING_FOR_IDLE;
                }
            } else if (clock instanceof MockClock mock && workerThreads == 0
                    && deadlines.next() < Double.POSITIVE_INFINITY) { // no deadline: nothing to jump to, so no busy loop
                long thresholdNanos = toNanos(mock.autojumpThreshold());
                if (thresholdNanos < timeoutNanos) {
                    timeoutNanos = thresholdNanos;
                    primed = Idle.AUTOJUMP;
                }
            }
            idle = true;
            if (!entryQueue.isEmpty()) {
                timeoutNanos = 0;
            }
        }
        boolean hooks = instruments.has(Instruments.BEFORE_IO_WAIT) || instruments.has(Instruments.AFTER_IO_WAIT);
        if (hooks) {
            double timeoutSeconds = timeoutNanos / 1e9;
            instruments.call(Instruments.BEFORE_IO_WAIT, i -> i.beforeIoWait(timeoutSeconds));
        }
        return nextWait.plan(mayBlock, timeoutNanos, primed, cushion, hooks, false);
    }

    /** Waits as {@code wait} says, on the calling thread (which {@link #wakeUp()} wakes); returns whether I/O came. */
    boolean waitForEvents(Wait wait) {
        if (wait.timeoutNanos > 0) { // only a wait that can block needs waking: the non-blocking passes between batches skip this
            waitingThread = Thread.currentThread();
            if (!entryQueue.isEmpty()) {
                return false; // queued before this thread was the one to wake (see wakeUp)
            }
        }
        if (wait.callbacksOnly) {
            while (entryQueue.isEmpty()) {
                LockSupport.park(this);
            }
            return false;
        }
        boolean events = false;
        long waitStart = wait.primed != Idle.NONE ? System.nanoTime() : 0; // only a primed wait can loop
        long leftNanos = wait.timeoutNanos;
        while (true) {
            if (io.hasWaiters()) {
                events = io.poll(leftNanos);
            } else if (leftNanos > 0) {
                LockSupport.parkNanos(this, leftNanos);
            }
            // waking idle waiters or jumping the clock needs the whole timeout to pass quietly: a
            // wake-up with nothing to do (a stale unpark permit, an early selector wake-up) waits on
            if (events || wait.primed == Idle.NONE || !entryQueue.isEmpty() || Thread.currentThread().isInterrupted()) {
                break;
            }
            leftNanos = wait.timeoutNanos - (System.nanoTime() - waitStart);
            if (leftNanos <= 0) {
                break;
            }
        }
        return events;
    }

    /** Completes {@code wait} inside the run: callbacks from other threads, deadlines, autojump, idle waiters. */
    void afterWait(Wait wait) {
        idle = false;
        if (wait.mayBlock && guest == null && Thread.interrupted()) {
            interruptRun(); // the loop thread's own check: it holds the baton here
        }
        if (wait.hooks) {
            double timeoutSeconds = wait.timeoutNanos / 1e9;
            instruments.call(Instruments.AFTER_IO_WAIT, i -> i.afterIoWait(timeoutSeconds));
        }
        boolean events = wait.events;
        Idle primed = wait.primed;
        events |= entryQueue.runPending();
        if (deadlines.size() > 0 && deadlines.expire(now(), this)) {
            primed = Idle.NONE;
        }
        if (primed != Idle.NONE && !events && runQueue.isEmpty()) {
            if (primed == Idle.WAITING_FOR_IDLE) {
                while (!idleWaiters.isEmpty() && idleWaiters.get(0).cushion() == wait.cushion) {
                    reschedule(idleWaiters.remove(0).task(), NOTHING);
                }
            } else {
                double jump = deadlines.next() - now();
                if (jump > 0 && jump < Double.POSITIVE_INFINITY) {
                    ((MockClock) clock).jump(jump);
                }
            }
        }
    }

    private static long toNanos(double seconds) {
        return seconds >= MAX_SLEEP_NANOS / 1e9 ? MAX_SLEEP_NANOS : Math.max(0, (long) Math.ceil(seconds * 1e9));
    }

    private long sleepNanos() {
        double next = deadlines.next();
        if (next == Double.POSITIVE_INFINITY) {
            return MAX_SLEEP_NANOS;
        }
        double seconds = clock.deadlineToSleepTime(next);
        if (Double.isNaN(seconds)) {
            throw new TrioInternalError("the run's clock " + clock + " returned NaN from deadlineToSleepTime("
                    + next + ")");
        }
        if (!(seconds > 0)) {
            return 0;
        }
        return Math.max(1, toNanos(seconds));
    }

    /** Called from other threads after queueing work: wakes the loop if it is waiting. */
    void wakeUp() {
        if (idle) {
            LockSupport.unpark(waitingThread);
            io.wakeUp();
        }
    }

    // ================================================================== guest mode

    /**
     * Guest mode, inside the run: the wait that follows this tick, or null when tasks are runnable
     * and the next tick should come at once.
     */
    Wait planGuestWait() {
        if (!runQueue.isEmpty()) {
            return null;
        }
        if (loopBroken != null) {
            idle = true;
            return nextWait.plan(true, MAX_SLEEP_NANOS, Idle.NONE, 0, false, true);
        }
        try {
            return planWait(true);
        } catch (Throwable t) {
            loopFailed(t);
            return null;
        }
    }

    /**
     * Guest mode, one tick on the current host thread (Trio's {@code guest_tick}): completes
     * {@code wait} ({@code failure}: how it broke; null wait: make a non-blocking pass first), then
     * runs batches of tasks for one slice ({@link #GUEST_SLICE_NANOS}; Trio runs one batch per tick).
     *
     * @return false once the last task has exited (then call {@link #end()})
     */
    boolean guestTick(Wait wait, Throwable failure) {
        moveLoopTo(Thread.currentThread());
        guestSliceStart = System.nanoTime();
        if (wait == null) {
            iteration(false);
        } else {
            if (failure != null) {
                idle = false;
                loopFailed(failure);
            } else if (wait.callbacksOnly) {
                idle = false;
            } else {
                try {
                    afterWait(wait);
                } catch (Throwable t) {
                    loopFailed(t);
                }
            }
            if (loopBroken != null) {
                entryQueue.runPending();
            }
            nextBatch();
        }
        return runBatches();
    }

    /** Runs tasks until none is runnable (a guest run: until a batch ends after the slice); false once no task is left. */
    boolean runBatches() {
        boolean interrupted = false;
        for (TaskImpl next = pickNext(); next != null; next = pickNext()) {
            loopBaton = false;
            handTo(next);
            interrupted |= carrier.awaitLoopBaton(loopBatonBack);
        }
        if (interrupted) {
            Thread.currentThread().interrupt(); // the host's own interrupt, not a way to stop the run
        }
        return liveTasks > 0;
    }

    /** The thread that does the loop's work from now on (a guest run's host thread, or its last helper). */
    void moveLoopTo(Thread thread) {
        waitingThread = thread;
        carrier.moveLoopTo(thread);
    }

    /**
     * Guest mode, when the host refused a callback: from now on the calling (helper) thread is the
     * run's loop thread; every task is cancelled, and the run goes on to its end here.
     */
    void finishWithoutHost(String why) {
        guest = null;
        moveLoopTo(Thread.currentThread());
        if (systemNursery != null) {
            systemNursery.scope.cancelWith(new CancelInfo(CancelReason.SHUTDOWN, why, null));
        }
        loop();
    }

    // ================================================================== switching

    private void handTo(TaskImpl next) {
        next.baton = true;
        if (next.thread == null) {
            carrier.start(next, () -> {
                Kernel.bind(this);
                next.runOnThread();
            });
        } else {
            carrier.resume(next);
        }
    }

    private void handToLoop() {
        loopBaton = true;
        carrier.wakeLoop();
    }

    @Override
    public org.triojava.SchedulingMode schedulingMode() {
        return carrier.mode();
    }

    /** The task {@code task} got the baton and starts a step. */
    void enterStep(TaskImpl task) {
        current = task;
        instruments.task(Instruments.BEFORE_TASK_STEP, task);
    }

    /** The current task stops running (parked or queued); returns once it holds the baton again. */
    private void switchAway(TaskImpl me) {
        instruments.task(Instruments.AFTER_TASK_STEP, me);
        current = null;
        TaskImpl next = pickNext();
        if (next == me) {
            enterStep(me);
            return;
        }
        me.baton = false;
        if (next != null) {
            handTo(next);
        } else {
            handToLoop();
        }
        awaitBaton(me);
        enterStep(me);
    }

    /**
     * Parks until {@code me} holds the baton again. An interrupt of a task's thread does not end
     * the wait and is not kept (Trio has no interrupts; cancel scopes stop tasks): a flag set again
     * after every switch would make every interruptible JDK call of the task fail, and NIO close
     * its channels.
     */
    private void awaitBaton(TaskImpl me) {
        if (me.baton) {
            // handed back before we parked (a permit may be left over for the next park): an
            // interrupt that came meanwhile is dropped here, as the loop below drops it after a park
            Thread.interrupted();
            return;
        }
        do {
            LockSupport.park(this);
            // unconditional: a rarely-taken branch here would be compiled as a trap that every
            // parked task resuming in the old code hits (one deoptimization per task)
            Thread.interrupted();
        } while (!me.baton);
    }

    /** The exiting task {@code me} passes the baton on for the last time. */
    void leaveForGood(TaskImpl me) {
        instruments.task(Instruments.AFTER_TASK_STEP, me);
        current = null;
        carrier.exited(me);
        exitedThreads.add(me.thread);
        if (exitedThreads.size() >= 4096) {
            exitedThreads.removeIf(thread -> !thread.isAlive());
        }
        TaskImpl next = pickNext();
        if (next != null) {
            handTo(next);
        } else {
            handToLoop();
        }
    }

    private void joinExitedThreads() {
        boolean interrupted = false;
        for (Thread thread : exitedThreads) {
            while (true) {
                try {
                    thread.join();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    // ================================================================== tasks

    static String nameOf(Object function) {
        return TaskNames.of(function);
    }

    TaskImpl spawn(TrioRunnable fn, NurseryImpl nursery, String name, boolean system) {
        TaskImpl task = new TaskImpl(this, nextTaskId++, name != null ? name : nameOf(fn), fn, system);
        TaskImpl spawner = current;
        if (spawner != null && !system) {
            task.context = spawner.context;
        }
        liveTasks++;
        if (nursery != null) {
            nursery.addChild(task);
            task.activate(nursery.status);
        }
        instruments.task(Instruments.TASK_SPAWNED, task);
        Flight.taskSpawned(task, spawner);
        task.parked = true;
        reschedule(task, NOTHING);
        return task;
    }

    void taskExited(TaskImpl task, Outcome outcome) {
        liveTasks--; // first: even if what follows fails, the run must not wait for this task
        Flight.taskExited(task, outcome instanceof Outcome.Failure failure ? failure.error() : null);
        task.exited = true;
        task.breakRegisteredLots();
        task.activate(null);
        if (task == rootTask) {
            if (outcome instanceof Outcome.Failure error) {
                recordInternalError(error.error());
            }
        } else {
            if (task == mainTask) {
                mainOutcome = outcome instanceof Outcome.Failure ? outcome : Outcome.value(mainValue);
                mainValue = null;
                outcome = NOTHING;
            }
            task.parentNursery.childFinished(task, outcome);
        }
        instruments.task(Instruments.TASK_EXITED, task);
    }

    /** A callback or system task crashed: tear the run down; {@code Trio.run} throws {@code TrioInternalError}. */
    void internalError(String what, Throwable error) {
        recordInternalError(error);
        if (systemNursery != null) {
            systemNursery.scope.cancelWith(new CancelInfo(CancelReason.NURSERY, what + ": " + error, null));
        }
    }

    private void recordInternalError(Throwable error) {
        if (internalError == null) {
            internalError = error;
        } else if (internalError != error) {
            internalError.addSuppressed(error);
        }
    }

    void reschedule(TaskImpl task, Outcome outcome) {
        if (!task.parked) {
            throw new IllegalStateException("cannot reschedule " + task + ": it is not blocked in waitTaskRescheduled"
                    + " (each wait takes exactly one reschedule)");
        }
        task.parked = false;
        task.nextOutcome = outcome;
        task.abortFunction = null;
        task.setCustomSleepData(null);
        runQueue.add(task);
        instruments.task(Instruments.TASK_SCHEDULED, task);
    }

    @Override
    public Object waitTaskRescheduled(AbortFunction abort) {
        TaskImpl task = blocking("Lowlevel.waitTaskRescheduled");
        task.abortFunction = abort;
        task.parked = true;
        task.schedulePoints++;
        task.cancelPoints++;
        if (keyboardInterruptPending && task == mainTask) {
            task.attemptDeliveryOfPendingKeyboardInterrupt();
        }
        task.attemptDeliveryOfAnyPendingCancel();
        switchAway(task);
        Outcome outcome = task.nextOutcome;
        task.nextOutcome = null;
        task.raiseIfPending(outcome);
        return outcome.unwrap();
    }

    private void yieldNow(TaskImpl task) {
        task.schedulePoints++;
        task.parked = true;
        reschedule(task, NOTHING);
        switchAway(task);
        task.nextOutcome = null;
    }

    /**
     * The running task, checked to be the caller, for an operation that may checkpoint: refused
     * while checkpoints are banned (in an instrument's hook, in a {@code FromThread.runSync}
     * function), where a switch would corrupt the wait in progress or break Trio's rule.
     */
    TaskImpl blocking(String operation) {
        if (checkpointBan != null || instruments.calling) {
            throw new IllegalStateException(operation + " cannot be called here: "
                    + (checkpointBan != null ? checkpointBan : "an Instrument hook must not checkpoint (it runs in"
                    + " the middle of the scheduler's own work)"));
        }
        return running(operation);
    }

    @Override
    public boolean owns(Task task) {
        return task instanceof TaskImpl impl && impl.runner == this;
    }

    @Override
    public Outcome callWithoutCheckpoints(String why, TrioCallable<?> fn) {
        String previous = checkpointBan;
        checkpointBan = why;
        try {
            return Outcome.capture(fn::call);
        } finally {
            checkpointBan = previous;
        }
    }

    /** The running task, checked to be the caller. */
    TaskImpl running(String operation) {
        TaskImpl task = current;
        if (task == null || task.thread != Thread.currentThread()) {
            throw new IllegalStateException(operation + " must be called from a Trio task"
                    + (task == null && Kernel.current() == this ? ", not from a TrioToken.runSyncSoon callback" : ""));
        }
        return task;
    }

    /** Checks that the caller belongs to this run (objects of one run must not be used from other threads). */
    void checkThread(String operation) {
        if (Kernel.current() != this) {
            throw new IllegalStateException(operation + " must be called from inside the Trio run that owns this"
                    + " object; from another thread, use TrioToken.runSyncSoon or FromThread");
        }
    }

    static Runner require(String operation) {
        if (Kernel.current() instanceof Runner runner) {
            return runner;
        }
        throw new IllegalStateException(operation + " must be called from inside Trio.run");
    }

    @SuppressWarnings("unchecked")
    static <E extends Throwable> E sneaky(Throwable t) throws E {
        throw (E) t;
    }

    private void deliverPendingKeyboardInterrupt() {
        if (keyboardInterruptPending && mainTask != null && mainOutcome == null) {
            mainTask.attemptDeliveryOfPendingKeyboardInterrupt();
        }
    }

    // ================================================================== Kernel

    @Override
    public Task currentTask() {
        TaskImpl task = current;
        return task != null && task.thread == Thread.currentThread() ? task : null;
    }

    @Override
    public Task rootTask() {
        return rootTask;
    }

    @Override
    public Clock clock() {
        return clock;
    }

    @Override
    public double currentTime() {
        return clock.currentTime();
    }

    @Override
    public double currentEffectiveDeadline() {
        TaskImpl task = running("Trio.currentEffectiveDeadline");
        return task.status == null ? Double.POSITIVE_INFINITY : task.status.effectiveDeadline();
    }

    @Override
    public void checkpoint() {
        TaskImpl task = blocking("Trio.checkpoint");
        yieldNow(task);
        task.cancelPoints++;
        raiseIfCancelled(task);
    }

    private void raiseIfCancelled(TaskImpl task) {
        if (keyboardInterruptPending && task == mainTask) {
            keyboardInterruptPending = false;
            throw new KeyboardInterrupt();
        }
        if (task.status != null && task.status.effectivelyCancelled) {
            CancelInfo info = task.status.scope.reason;
            throw (info != null ? info : new CancelInfo(CancelReason.UNKNOWN, null, null)).toCancelled();
        }
    }

    @Override
    public void checkpointIfCancelled() {
        TaskImpl task = blocking("Lowlevel.checkpointIfCancelled");
        if ((keyboardInterruptPending && task == mainTask)
                || (task.status != null && task.status.effectivelyCancelled)) {
            checkpoint();
        } else {
            task.cancelPoints++;
        }
    }

    @Override
    public void cancelShieldedCheckpoint() {
        yieldNow(blocking("Lowlevel.cancelShieldedCheckpoint"));
    }

    @Override
    public java.util.Map<Object, Object> taskContext() {
        return running("ContextVar.get").context;
    }

    @Override
    public void setTaskContext(java.util.Map<Object, Object> context) {
        running("ContextVar.set").context = context;
    }

    @Override
    public java.util.Map<Object, Object> runLocals() {
        checkThread("RunVar");
        return runLocals;
    }

    @Override
    public void adjustWorkerThreads(int delta) {
        checkThread("ToThread");
        workerThreads += delta;
    }

    @Override
    public int workerThreads() {
        checkThread("Testing.activeThreadCount");
        return workerThreads;
    }

    @Override
    public void waitAllTasksBlocked(double cushion) {
        TaskImpl task = blocking("Testing.waitAllTasksBlocked");
        IdleWaiter waiter = new IdleWaiter(cushion, task);
        int index = 0;
        while (index < idleWaiters.size() && idleWaiters.get(index).cushion() <= cushion) {
            index++;
        }
        idleWaiters.add(index, waiter);
        waitTaskRescheduled(raiseCancel -> {
            idleWaiters.remove(waiter);
            return Abort.SUCCEEDED;
        });
    }

    @Override
    public long schedulePoints() {
        return running("Testing.assertCheckpoints").schedulePoints;
    }

    @Override
    public long cancelPoints() {
        return running("Testing.assertCheckpoints").cancelPoints;
    }

    @Override
    public void sleepUntil(double deadline) {
        TaskImpl task = blocking("Trio.sleepUntil");
        if (deadline == Double.POSITIVE_INFINITY) {
            sleepForever();
            return; // (sleepForever only ever ends by throwing)
        }
        if (deadline <= clock.currentTime()) {
            checkpoint();
            return;
        }
        deadlines.set(task, deadline);
        waitTaskRescheduled(task.sleepAbort());
    }

    @Override
    public void sleepForever() {
        blocking("Trio.sleepForever");
        waitTaskRescheduled(ALWAYS_ABORT);
        throw new IllegalStateException("sleepForever was rescheduled; it should only ever end by cancellation");
    }

    @Override
    public void openNursery(Boolean strictExceptionGroups, NurseryBody body) throws Exception {
        TaskImpl task = blocking("Trio.openNursery");
        ScopeState scope = new ScopeState(Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY, false);
        scope.enter(this, task);
        NurseryImpl nursery = new NurseryImpl(this, task, scope,
                strictExceptionGroups != null ? strictExceptionGroups : options.strictExceptionGroups());
        Throwable bodyError = null;
        try {
            body.accept(nursery);
        } catch (Throwable t) {
            bodyError = t;
        }
        Throwable combined = nursery.nestedChildFinished(bodyError);
        Throwable remaining = scope.exit(task, combined);
        if (remaining != null) {
            throw Runner.<Exception>sneaky(remaining);
        }
    }

    @Override
    public ScopeState newCancelScope(double deadline, double relativeDeadline, boolean shield) {
        return new ScopeState(deadline, relativeDeadline, shield);
    }

    @Override
    public void reschedule(Task task, Outcome outcome) {
        checkThread("Lowlevel.reschedule");
        reschedule(ownTask(task), outcome);
    }

    private TaskImpl ownTask(Task task) {
        if (task instanceof TaskImpl impl && impl.runner == this) {
            return impl;
        }
        throw new IllegalArgumentException(task + " is not a task of this Trio run");
    }

    @Override
    public Task spawnSystemTask(String name, TrioRunnable fn) {
        checkThread("Lowlevel.spawnSystemTask");
        return systemNursery.spawnChild(fn, name, true);
    }

    @Override
    public TrioToken token() {
        return entryQueue;
    }

    @Override
    public RunStatistics statistics() {
        checkThread("Lowlevel.currentStatistics");
        return counts(deadlines.next() - clock.currentTime());
    }

    /**
     * {@link #statistics()} as another thread sees it without stopping the run (for the periodic
     * JFR event): counts of a moment, possibly a little stale; no deadline (NaN).
     */
    RunStatistics statisticsFromOutside() {
        return counts(Double.NaN);
    }

    private RunStatistics counts(double secondsToNextDeadline) {
        return new RunStatistics(liveTasks, runQueue.size() + batch.size(), secondsToNextDeadline, io.waiters(),
                entryQueue.size());
    }

    @Override
    public TaskTree dumpTaskTree() {
        checkThread("Lowlevel.dumpTaskTree");
        return TaskTrees.build(this, io, rootTask, current);
    }

    /**
     * {@link #dumpTaskTree()} for a thread outside the run: taken by a callback between two steps,
     * waiting up to {@code timeoutNanos} for it; null if the run does not answer in time (a task
     * holds it) or has ended.
     */
    TaskTree dumpTaskTreeFromOutside(long timeoutNanos) {
        if (Kernel.current() == this) {
            return dumpTaskTree();
        }
        CompletableFuture<TaskTree> answer = new CompletableFuture<>();
        try {
            entryQueue.runSyncSoon(() -> answer.complete(dumpTaskTree()), false);
            return answer.get(timeoutNanos, TimeUnit.NANOSECONDS);
        } catch (RunFinishedError | TimeoutException | ExecutionException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** The main task's name, or null before it was spawned. */
    String mainTaskName() {
        TaskImpl main = mainTask;
        return main == null ? null : main.name;
    }

    @Override
    public void addInstrument(Instrument instrument) {
        checkThread("Lowlevel.addInstrument");
        instruments.add(instrument);
    }

    @Override
    public void removeInstrument(Instrument instrument) {
        checkThread("Lowlevel.removeInstrument");
        instruments.remove(instrument);
    }

    @Override
    public void addParkingLotBreaker(Task task, ParkingLot lot) {
        checkThread("Lowlevel.addParkingLotBreaker");
        TaskImpl impl = ownTask(task);
        if (impl.exited) {
            throw new BrokenResourceError("Attempted to add already exited task as lot breaker.");
        }
        impl.addBreaker(lot);
    }

    @Override
    public void removeParkingLotBreaker(Task task, ParkingLot lot) {
        checkThread("Lowlevel.removeParkingLotBreaker");
        if (!ownTask(task).removeBreaker(lot)) {
            throw new IllegalStateException("Attempted to remove task as breaker for a lot it is not registered for");
        }
    }

    @Override
    public void waitReadable(SelectableChannel channel) {
        io.wait(blocking("Lowlevel.waitReadable"), channel, false);
    }

    @Override
    public void waitWritable(SelectableChannel channel) {
        io.wait(blocking("Lowlevel.waitWritable"), channel, true);
    }

    @Override
    public void notifyClosing(SelectableChannel channel) {
        checkThread("Lowlevel.notifyClosing");
        io.notifyClosing(channel);
    }

    @Override
    public void deliverKeyboardInterrupt() {
        keyboardInterruptPending = true;
        try {
            entryQueue.runSyncSoon(keyboardInterruptCallback, true);
        } catch (RunFinishedError e) {
            // the run is over: nothing left to interrupt
        }
    }

    @Override
    public String toString() {
        return "Runner[" + liveTasks + " tasks, clock=" + clock + "]";
    }
}
