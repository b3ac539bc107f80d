package org.triojava;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.triojava.abc.Clock;
import org.triojava.abc.Instrument;
import org.triojava.internal.Checks;

/**
 * Options of one {@link Trio#run(RunOptions, TrioCallable)} (the keyword arguments of Trio's
 * {@code trio.run}). Immutable: start from {@link #defaults()} and change one option at a time with
 * the {@code withX} methods, each of which returns a changed copy.
 *
 * <pre>{@code
 * RunOptions options = RunOptions.defaults().withClock(new MockClock()).withSchedulingSeed(42);
 * }</pre>
 *
 * @param clock the clock for time and deadlines, or null for the system's monotonic clock
 *     (Trio's {@code clock=})
 * @param instruments the instruments, in the order added (Trio's {@code instruments=})
 * @param strictExceptionGroups whether nurseries always wrap errors in an exception group
 *     (Trio's {@code strict_exception_groups=}, default true)
 * @param schedulingSeed the seed that shuffles each batch of runnable tasks reproducibly, or empty
 *     for the deterministic spawn/wake order
 * @param keyboardInterrupt whether Ctrl-C is delivered to the main task as a
 *     {@link KeyboardInterrupt} (default true; needs trio-signals at run time)
 * @param runtime the name of the runtime provider to use, or null for the system property
 *     {@code org.triojava.runtime}, else the provider of highest priority
 * @param scheduling how tasks get a thread: {@link SchedulingMode#AUTO} (the default) leaves it to
 *     the system property {@code org.triojava.scheduling}, else to what the JVM allows
 * @param slowStepThreshold report a task that holds the run longer than this without a
 *     checkpoint, or null (the default) for the system property
 *     {@code org.triojava.slowStepThreshold}, else no reports
 */
public record RunOptions(Clock clock, List<Instrument> instruments, boolean strictExceptionGroups,
                         OptionalLong schedulingSeed, boolean keyboardInterrupt, String runtime,
                         SchedulingMode scheduling, Duration slowStepThreshold) {
    private static final RunOptions DEFAULTS =
            new RunOptions(null, List.of(), true, OptionalLong.empty(), true, null, SchedulingMode.AUTO, null);

    /**
     * Checks the values and copies the instrument list.
     *
     * @throws NullPointerException if {@code instruments}, one of them, {@code schedulingSeed} or
     *     {@code scheduling} is null
     * @throws IllegalArgumentException if {@code slowStepThreshold} is zero or negative
     */
    public RunOptions {
        instruments = List.copyOf(Checks.notNull(instruments, "instruments"));
        Checks.notNull(schedulingSeed, "schedulingSeed");
        Checks.notNull(scheduling, "scheduling");
        if (slowStepThreshold != null && (slowStepThreshold.isZero() || slowStepThreshold.isNegative())) {
            throw new IllegalArgumentException("slowStepThreshold must be positive, got " + slowStepThreshold);
        }
    }

    /** The defaults: system clock, no instruments, strict exception groups, deterministic order, Ctrl-C delivered. */
    public static RunOptions defaults() {
        return DEFAULTS;
    }

    /** A copy that uses {@code clock} for time and deadlines (default: a monotonic system clock). */
    public RunOptions withClock(Clock clock) {
        return new RunOptions(Checks.notNull(clock, "clock"), instruments, strictExceptionGroups, schedulingSeed,
                keyboardInterrupt, runtime, scheduling, slowStepThreshold);
    }

    /** A copy with {@code instrument} added after the others (call again to add more). */
    public RunOptions withInstrument(Instrument instrument) {
        List<Instrument> more = new ArrayList<>(instruments);
        more.add(Checks.notNull(instrument, "instrument"));
        return new RunOptions(clock, more, strictExceptionGroups, schedulingSeed, keyboardInterrupt, runtime, scheduling,
                slowStepThreshold);
    }

    /**
     * A copy in which nurseries always wrap errors in an exception group (true, the default, as in
     * current Trio) or let a single error propagate bare (false).
     */
    public RunOptions withStrictExceptionGroups(boolean strict) {
        return new RunOptions(clock, instruments, strict, schedulingSeed, keyboardInterrupt, runtime, scheduling,
                slowStepThreshold);
    }

    /**
     * A copy that shuffles the order in which each batch of runnable tasks runs, reproducibly from
     * {@code seed}. Without a seed the order is deterministic (spawn/wake order).
     */
    public RunOptions withSchedulingSeed(long seed) {
        return new RunOptions(clock, instruments, strictExceptionGroups, OptionalLong.of(seed), keyboardInterrupt,
                runtime, scheduling, slowStepThreshold);
    }

    /**
     * A copy that delivers Ctrl-C to the main task as a {@link KeyboardInterrupt} (true, the
     * default; needs trio-signals at run time) or keeps the JVM's own behaviour (false: SIGINT
     * starts the JVM's shutdown). Trio always delivers it; it does so at checkpoints only with
     * {@code restrict_keyboard_interrupt_to_checkpoints=True}, which is what this port does.
     */
    public RunOptions withKeyboardInterrupt(boolean deliverCtrlC) {
        return new RunOptions(clock, instruments, strictExceptionGroups, schedulingSeed, deliverCtrlC, runtime, scheduling,
                slowStepThreshold);
    }

    /**
     * A copy that schedules the run's tasks in {@code mode} (default {@link SchedulingMode#AUTO});
     * see {@link SchedulingMode}.
     */
    public RunOptions withScheduling(SchedulingMode mode) {
        return new RunOptions(clock, instruments, strictExceptionGroups, schedulingSeed, keyboardInterrupt, runtime,
                Checks.notNull(mode, "mode"), slowStepThreshold);
    }

    /** A copy that selects the runtime provider named {@code providerName}. */
    public RunOptions withRuntime(String providerName) {
        return new RunOptions(clock, instruments, strictExceptionGroups, schedulingSeed, keyboardInterrupt,
                Checks.notNull(providerName, "providerName"), scheduling, slowStepThreshold);
    }

    /**
     * A copy that reports every task step longer than {@code threshold}: a task that holds the run
     * that long without reaching a checkpoint (a blocking JDK call, a long computation) stops every
     * other task of the run meanwhile. The report is a WARNING through {@link System.Logger}
     * ({@code org.triojava.SlowStep}) naming the task, how long it has held the run and its stack,
     * once per step, and a JFR event {@code org.triojava.SlowStep}. Off by default; the system
     * property {@code org.triojava.slowStepThreshold} (for example {@code 100ms}, {@code 2s})
     * turns it on for runs that do not set it. Trio has no such option.
     *
     * @throws IllegalArgumentException if {@code threshold} is zero or negative
     */
    public RunOptions withSlowStepThreshold(Duration threshold) {
        return new RunOptions(clock, instruments, strictExceptionGroups, schedulingSeed, keyboardInterrupt, runtime,
                scheduling, Checks.notNull(threshold, "threshold"));
    }
}
