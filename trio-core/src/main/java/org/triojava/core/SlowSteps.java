package org.triojava.core;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.triojava.RunOptions;
import org.triojava.abc.Instrument;
import org.triojava.lowlevel.Task;

/**
 * The slow-step detector of one run ({@link RunOptions#withSlowStepThreshold}): a task that holds
 * the run longer than the threshold without switching away is reported once per step, with its
 * stack at the moment it was seen. Trio has none (its equivalent is a profiler).
 *
 * <p>It is one of the run's {@link Instrument}s, added only when the detector is on: its step hooks
 * only count steps (odd while one runs) and name the task, with two ordered stores and no clock
 * read; one daemon thread per JVM ({@link Watcher}) looks at every watched run four times per
 * threshold, times each step from when it first saw it, and reports a step it has seen running for
 * the threshold. A run without the detector runs no code of it.
 */
final class SlowSteps implements Instrument {
    /** The system property that turns the detector on for runs that do not set the option. */
    static final String PROPERTY = "org.triojava.slowStepThreshold";
    private static final System.Logger LOG = System.getLogger("org.triojava.SlowStep");
    private static final Pattern DURATION = Pattern.compile("\\s*(\\d+(?:\\.\\d+)?)\\s*(ns|us|ms|s|m)\\s*");
    /** {@link #step}, written with release and read with acquire. */
    private static final VarHandle STEP;

    static {
        try {
            STEP = MethodHandles.lookup().findVarHandle(SlowSteps.class, "step", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** What the detector saw: {@code task} had held the run for at least {@code held}, at {@code stack}. */
    record Report(String task, Duration held, Duration threshold, List<StackTraceElement> stack) {
        /** The WARNING logged for this report. */
        String message() {
            StringBuilder text = new StringBuilder()
                    .append("task '").append(task).append("' has held the Trio run for at least ").append(millis(held))
                    .append(" without a checkpoint (slow-step threshold ").append(millis(threshold))
                    .append("): no other task of the run can run meanwhile; a blocking call belongs in")
                    .append(" ToThread.runSync. It was at:");
            for (StackTraceElement frame : stack) {
                text.append("\n\tat ").append(frame);
            }
            return text.toString();
        }

        private static String millis(Duration d) {
            return String.format(Locale.ROOT, "%.1f ms", d.toNanos() / 1e6);
        }
    }

    private final long thresholdNanos;
    private final Consumer<Report> sink;

    /** Odd while a task's step runs (written with release, read with acquire); {@link #task} is written before. */
    private long step;
    private TaskImpl task;
    /** The watcher's: the step it saw last, since when, and the last step it reported (each is reported once). */
    private long seen = -1;
    private long seenSince;
    private long reported = -1;

    SlowSteps(Duration threshold, Consumer<Report> sink) {
        this.thresholdNanos = threshold.toNanos();
        this.sink = sink;
    }

    /**
     * The detector a run with {@code options} uses, or null: the option, else the system property.
     *
     * @throws IllegalArgumentException if the system property is set to something that is not a
     *     positive duration such as {@code 100ms}
     */
    static SlowSteps forRun(RunOptions options) {
        Duration threshold = options.slowStepThreshold();
        if (threshold == null) {
            threshold = parse(System.getProperty(PROPERTY));
        }
        return threshold == null ? null : new SlowSteps(threshold, SlowSteps::publish);
    }

    /** A duration such as {@code 100ms}, {@code 2s}, {@code 0.5s} (units ns, us, ms, s, m); null if blank. */
    static Duration parse(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        Matcher m = DURATION.matcher(value);
        double amount = m.matches() ? Double.parseDouble(m.group(1)) : 0;
        if (amount <= 0) {
            throw new IllegalArgumentException("-D" + PROPERTY + "=" + value
                    + " is not a positive duration: use a number and a unit, as in 100ms or 2s");
        }
        long unitNanos = switch (m.group(2)) {
            case "ns" -> 1L;
            case "us" -> 1_000L;
            case "ms" -> 1_000_000L;
            case "s" -> 1_000_000_000L;
            default -> 60_000_000_000L;
        };
        return Duration.ofNanos(Math.max(1, Math.round(amount * unitNanos)));
    }

    private static void publish(Report report) {
        LOG.log(System.Logger.Level.WARNING, report.message());
        Flight.slowStep(report);
    }

    /** Called by {@code task}'s own thread as it starts a step. */
    @Override
    public void beforeTaskStep(Task task) {
        this.task = (TaskImpl) task;
        STEP.setRelease(this, step + 1);
    }

    /** Called by the running task's thread as its step ends. */
    @Override
    public void afterTaskStep(Task task) {
        STEP.setRelease(this, step + 1);
    }

    void watch() {
        Watcher.INSTANCE.add(this);
    }

    void unwatch() {
        Watcher.INSTANCE.remove(this);
    }

    /**
     * The watcher's look at this run at {@code now}: a step seen for the first time is timed from
     * now; one seen running for the threshold is reported, once.
     */
    void check(long now) {
        long current = (long) STEP.getAcquire(this);
        if ((current & 1) == 0) {
            return; // between steps
        }
        if (current != seen) {
            seen = current;
            seenSince = now;
            return;
        }
        if (current == reported || now - seenSince < thresholdNanos) {
            return;
        }
        TaskImpl running = task;
        StackTraceElement[] stack = running.thread.getStackTrace();
        if ((long) STEP.getAcquire(this) != current) {
            return; // the step ended while the stack was taken: that stack may be of a later step
        }
        reported = current;
        sink.accept(new Report(running.name, Duration.ofNanos(now - seenSince), Duration.ofNanos(thresholdNanos),
                List.of(stack)));
    }

    long thresholdNanos() {
        return thresholdNanos;
    }

    /** The one daemon thread that looks at the watched runs, four times per smallest threshold. */
    static final class Watcher implements Runnable {
        static final Watcher INSTANCE = new Watcher();
        private final List<SlowSteps> watched = new CopyOnWriteArrayList<>();
        private Thread thread;

        synchronized void add(SlowSteps run) {
            watched.add(run);
            if (thread == null) {
                thread = Thread.ofPlatform().daemon().name("trio-slow-step-watcher").start(this);
            } else {
                LockSupport.unpark(thread);
            }
        }

        void remove(SlowSteps run) {
            watched.remove(run);
        }

        @Override
        public void run() {
            while (true) {
                long period = Long.MAX_VALUE;
                long now = System.nanoTime();
                for (SlowSteps run : watched) {
                    try {
                        run.check(now);
                    } catch (RuntimeException | Error e) {
                        LOG.log(System.Logger.Level.ERROR, "the slow-step detector failed; it goes on", e);
                    }
                    period = Math.min(period, Math.max(250_000, run.thresholdNanos() / 4));
                }
                if (period == Long.MAX_VALUE) {
                    LockSupport.park(this);
                } else {
                    LockSupport.parkNanos(this, period);
                }
            }
        }
    }
}
