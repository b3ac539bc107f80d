package org.triojava.core;

import java.nio.channels.SelectableChannel;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Event;
import jdk.jfr.FlightRecorder;
import jdk.jfr.FlightRecorderListener;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.Period;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/**
 * The run's JDK Flight Recorder events ({@code org.triojava.*}, category "Trio"). Only
 * {@link Flight} touches this class, and only where {@code jdk.jfr} is present. Each emitter
 * returns at once while its event is not enabled in any recording. The events that come once per
 * task or per wait are off unless a recording enables them; the slow steps, the run statistics
 * (every second) and the task trees (at the end of each chunk, so {@code jcmd <pid> JFR.dump}
 * takes one) are on in any recording that does not say otherwise.
 */
final class FlightEvents {
    /** How long a task tree snapshot waits for its run to answer. */
    private static final long ANSWER_NANOS = 1_000_000_000L;
    /**
     * Commits the events that the loop's own thread emits (the root task's spawn, a deadline's
     * cancellation, a callback's spawn). On JDK 25 an event committed by a confined run's loop
     * thread once it has carried a virtual thread is lost from the recording, so those events are
     * handed to this thread; the tasks' own events (virtual threads) are committed where they happen.
     */
    private static final Executor LOOP_EVENTS = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().daemon().name("trio-jfr-loop-events").factory());

    private FlightEvents() {
    }

    @Name("org.triojava.TaskSpawned")
    @Enabled(false)
    @Label("Task Spawned")
    @Category("Trio")
    @Description("A task was spawned into a nursery of a Trio run")
    @StackTrace(false)
    static final class TaskSpawned extends Event {
        @Label("Task") String task;
        @Label("Task Id") long taskId;
        @Label("Spawner") String spawner;
        @Label("System Task") boolean systemTask;
    }

    @Name("org.triojava.TaskExited")
    @Enabled(false)
    @Label("Task Exited")
    @Category("Trio")
    @Description("A task of a Trio run finished, with a value or an error")
    @StackTrace(false)
    static final class TaskExited extends Event {
        @Label("Task") String task;
        @Label("Task Id") long taskId;
        @Label("Error") String error;
    }

    @Name("org.triojava.ScopeCancelled")
    @Enabled(false)
    @Label("Cancel Scope Cancelled")
    @Category("Trio")
    @Description("A cancel scope was cancelled: explicitly, by its deadline, by its nursery or by the run")
    static final class ScopeCancelled extends Event {
        @Label("Reason") String reason;
        @Label("Message") String message;
        @Label("Cancelled By") String cancelledBy;
        @Label("Deadline") double deadline;
    }

    @Name("org.triojava.SlowStep")
    @Label("Slow Step")
    @Category("Trio")
    @Description("A task held its Trio run longer than the slow-step threshold without a checkpoint")
    @StackTrace(false)
    static final class SlowStep extends Event {
        @Label("Task") String task;
        @Label("Held") @Timespan(Timespan.NANOSECONDS) long held;
        @Label("Threshold") @Timespan(Timespan.NANOSECONDS) long threshold;
        @Label("Where") String where;
    }

    @Name("org.triojava.IoWait")
    @Enabled(false)
    @Label("I/O Wait")
    @Category("Trio")
    @Description("A task waited for a channel to become readable or writable")
    static final class IoWait extends Event {
        @Label("Task") String task;
        @Label("Channel") String channel;
        @Label("Direction") String direction;
        @Label("Cancelled") boolean cancelled;
    }

    @Name("org.triojava.RunStatistics")
    @Label("Run Statistics")
    @Category("Trio")
    @Description("The counts of one live Trio run, taken periodically (read without stopping the run)")
    @Period("1 s")
    @StackTrace(false)
    static final class RunStatistics extends Event {
        @Label("Main Task") String mainTask;
        @Label("Living Tasks") int tasksLiving;
        @Label("Runnable Tasks") int tasksRunnable;
        @Label("I/O Waits") int ioWaits;
        @Label("Queued Callbacks") int runSyncSoonQueue;
    }

    @Name("org.triojava.TaskTree")
    @Label("Task Tree")
    @Category("Trio")
    @Description("The task tree of a live Trio run as JSON (TaskTree.toJson, schema in docs/DEBUGGING.md),"
            + " taken at the end of each recording chunk")
    @Period("endChunk")
    @StackTrace(false)
    static final class TaskTreeSnapshot extends Event {
        @Label("Main Task") String mainTask;
        @Label("Tree") String json;
        @Label("Note") String note;
    }

    /** Registers the periodic events and opens {@link Flight}'s gate when the Flight Recorder starts. */
    static void listen() {
        FlightRecorder.addListener(new FlightRecorderListener() {
            @Override
            public void recorderInitialized(FlightRecorder recorder) {
                register();
                Flight.recorderStarted();
            }
        });
    }

    private static void register() {
        // registered up front, so that a recording's settings apply to the very first event
        for (Class<? extends Event> type : List.of(TaskSpawned.class, TaskExited.class, ScopeCancelled.class,
                SlowStep.class, IoWait.class)) {
            FlightRecorder.register(type);
        }
        FlightRecorder.addPeriodicEvent(TaskTreeSnapshot.class, () -> {
            for (Runner runner : Flight.liveRuns()) {
                org.triojava.lowlevel.TaskTree tree = runner.dumpTaskTreeFromOutside(ANSWER_NANOS);
                TaskTreeSnapshot event = new TaskTreeSnapshot();
                event.mainTask = runner.mainTaskName();
                if (tree != null) {
                    event.json = tree.toJson();
                } else {
                    event.note = "the run did not answer within 1 s: one task holds it (see org.triojava.SlowStep)"
                            + " or it was ending";
                }
                event.commit();
            }
        });
        FlightRecorder.addPeriodicEvent(RunStatistics.class, () -> {
            for (Runner runner : Flight.liveRuns()) {
                org.triojava.lowlevel.RunStatistics counts = runner.statisticsFromOutside();
                RunStatistics event = new RunStatistics();
                event.mainTask = runner.mainTaskName();
                event.tasksLiving = counts.tasksLiving();
                event.tasksRunnable = counts.tasksRunnable();
                event.ioWaits = counts.ioWaiters();
                event.runSyncSoonQueue = counts.runSyncSoonQueueSize();
                event.commit();
            }
        });
    }

    static void taskSpawned(TaskImpl task, TaskImpl spawner) {
        TaskSpawned event = new TaskSpawned();
        if (event.isEnabled()) {
            event.task = task.name;
            event.taskId = task.id;
            event.spawner = spawner == null ? null : spawner.name;
            event.systemTask = task.system;
            commit(event);
        }
    }

    static void taskExited(TaskImpl task, Throwable error) {
        TaskExited event = new TaskExited();
        if (event.isEnabled()) {
            event.task = task.name;
            event.taskId = task.id;
            event.error = error == null ? null : error.toString();
            commit(event);
        }
    }

    static void scopeCancelled(CancelInfo info, double deadline) {
        ScopeCancelled event = new ScopeCancelled();
        if (event.isEnabled()) {
            event.reason = info.source().name();
            event.message = info.reason();
            event.cancelledBy = info.sourceTask() == null ? null : info.sourceTask().name();
            event.deadline = deadline;
            commit(event);
        }
    }

    static void slowStep(SlowSteps.Report report) {
        SlowStep event = new SlowStep();
        if (event.isEnabled()) {
            event.task = report.task();
            event.held = report.held().toNanos();
            event.threshold = report.threshold().toNanos();
            event.where = report.stack().isEmpty() ? null : report.stack().get(0).toString();
            commit(event);
        }
    }

    /** Commits {@code event} here in a task's thread, else on {@link #LOOP_EVENTS}. */
    private static void commit(Event event) {
        if (Thread.currentThread().isVirtual()) {
            event.commit();
        } else {
            LOOP_EVENTS.execute(event::commit);
        }
    }

    /** Starts timing an I/O wait; null if the event is not enabled. */
    static Object ioWaitBegin() {
        IoWait event = new IoWait();
        if (!event.isEnabled()) {
            return null;
        }
        event.begin();
        return event;
    }

    static void ioWaitEnd(Object started, TaskImpl task, SelectableChannel channel, boolean forWrite, boolean cancelled) {
        IoWait event = (IoWait) started;
        event.end();
        if (event.shouldCommit()) {
            event.task = task.name;
            event.channel = channel.toString();
            event.direction = forWrite ? "write" : "read";
            event.cancelled = cancelled;
            event.commit();
        }
    }
}
