package org.triojava;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.triojava.abc.Clock;
import org.triojava.abc.Instrument;
import org.triojava.internal.Checks;

/**
 * Options of one {@link Trio#run(RunOptions, TrioCallable)} (Trio's keyword arguments of
 * {@code trio.run}). Immutable: every method returns a changed copy.
 *
 * <pre>{@code
 * RunOptions options = RunOptions.defaults().clock(new MockClock()).schedulingSeed(42);
 * }</pre>
 */
public final class RunOptions {
    private static final RunOptions DEFAULTS =
            new RunOptions(null, List.of(), true, OptionalLong.empty(), true, null);

    private final Clock clock;
    private final List<Instrument> instruments;
    private final boolean strictExceptionGroups;
    private final OptionalLong schedulingSeed;
    private final boolean keyboardInterrupt;
    private final String runtime;

    private RunOptions(Clock clock, List<Instrument> instruments, boolean strictExceptionGroups,
                       OptionalLong schedulingSeed, boolean keyboardInterrupt, String runtime) {
        this.clock = clock;
        this.instruments = instruments;
        this.strictExceptionGroups = strictExceptionGroups;
        this.schedulingSeed = schedulingSeed;
        this.keyboardInterrupt = keyboardInterrupt;
        this.runtime = runtime;
    }

    /** The defaults: system clock, no instruments, strict exception groups, deterministic order, Ctrl-C delivered. */
    public static RunOptions defaults() {
        return DEFAULTS;
    }

    /** Uses {@code clock} for time and deadlines (default: a monotonic system clock). */
    public RunOptions clock(Clock clock) {
        return new RunOptions(Checks.notNull(clock, "clock"), instruments, strictExceptionGroups, schedulingSeed,
                keyboardInterrupt, runtime);
    }

    /** Adds an instrument (call again to add more). */
    public RunOptions instrument(Instrument instrument) {
        List<Instrument> more = new ArrayList<>(instruments);
        more.add(Checks.notNull(instrument, "instrument"));
        return new RunOptions(clock, List.copyOf(more), strictExceptionGroups, schedulingSeed, keyboardInterrupt,
                runtime);
    }

    /**
     * Whether nurseries always wrap errors in an exception group (default true, as in current
     * Trio); false lets a single error propagate bare.
     */
    public RunOptions strictExceptionGroups(boolean strict) {
        return new RunOptions(clock, instruments, strict, schedulingSeed, keyboardInterrupt, runtime);
    }

    /**
     * Shuffles the order in which each batch of runnable tasks runs, reproducibly from
     * {@code seed}. Without a seed the order is deterministic (spawn/wake order).
     */
    public RunOptions schedulingSeed(long seed) {
        return new RunOptions(clock, instruments, strictExceptionGroups, OptionalLong.of(seed), keyboardInterrupt,
                runtime);
    }

    /**
     * Whether Ctrl-C is delivered to the main task as a {@link KeyboardInterrupt} (default true;
     * needs trio-signals at run time). False keeps the JVM's own behaviour: SIGINT starts the JVM's
     * shutdown. (Trio always delivers it, at checkpoints only with
     * {@code restrict_keyboard_interrupt_to_checkpoints=True}, which is what this port does.)
     */
    public RunOptions keyboardInterrupt(boolean deliverCtrlC) {
        return new RunOptions(clock, instruments, strictExceptionGroups, schedulingSeed, deliverCtrlC, runtime);
    }

    /** Selects the runtime provider by name (default: system property {@code org.triojava.runtime}, else highest priority). */
    public RunOptions runtime(String providerName) {
        return new RunOptions(clock, instruments, strictExceptionGroups, schedulingSeed, keyboardInterrupt,
                Checks.notNull(providerName, "providerName"));
    }

    /** The clock, or null for the system clock. */
    public Clock clock() {
        return clock;
    }

    /** The instruments, in the order added. */
    public List<Instrument> instruments() {
        return instruments;
    }

    /** Whether nurseries use strict exception groups. */
    public boolean strictExceptionGroups() {
        return strictExceptionGroups;
    }

    /** The scheduling seed, if any. */
    public OptionalLong schedulingSeed() {
        return schedulingSeed;
    }

    /** Whether Ctrl-C is delivered as {@link KeyboardInterrupt}. */
    public boolean keyboardInterrupt() {
        return keyboardInterrupt;
    }

    /** The selected runtime provider name, or null. */
    public String runtime() {
        return runtime;
    }

    @Override
    public String toString() {
        return "RunOptions[clock=" + clock + ", instruments=" + instruments + ", strictExceptionGroups="
                + strictExceptionGroups + ", schedulingSeed=" + schedulingSeed + ", keyboardInterrupt="
                + keyboardInterrupt + ", runtime=" + runtime + "]";
    }
}
