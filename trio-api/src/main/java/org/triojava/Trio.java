package org.triojava;

import java.time.Duration;
import org.triojava.internal.Checks;
import org.triojava.internal.Runtimes;
import org.triojava.spi.Kernel;
import org.triojava.spi.KeyboardInterruptArming;
import org.triojava.spi.RuntimeProvider;
import org.triojava.spi.TaskNames;

/**
 * The entry point of Trio for Java: running a program, nurseries, time and timeouts
 * (Trio's top-level {@code trio} namespace).
 *
 * <pre>{@code
 * Trio.run(() -> {
 *     Trio.openNursery(nursery -> {
 *         nursery.startSoon(() -> Trio.sleep(Duration.ofSeconds(1)));
 *         nursery.startSoon(() -> Trio.sleep(Duration.ofSeconds(1)));
 *     }); // both sleeps run concurrently; this line is reached after about one second
 * });
 * }</pre>
 *
 * <p>Every method except {@code run} must be called from a task of a run; calling it elsewhere
 * throws {@link IllegalStateException}. Blocking methods are checkpoints and may throw
 * {@link Cancelled}.
 */
public final class Trio {
    private Trio() {
    }

    // ---------------------------------------------------------------- running

    /**
     * Runs {@code main} as the main task of a new run, with the default options, and returns its
     * value or throws its exception unwrapped. Returns once every task of the run has finished.
     *
     * <p>Ctrl-C: when the signal backend (trio-signals) is present at run time, SIGINT during the
     * run is delivered to the main task as a {@link KeyboardInterrupt} at its next checkpoint; the
     * task tree unwinds (every {@code finally} runs) and this method throws it, alone or inside
     * the {@link ThrowableGroup} of the nursery the main task was waiting in. Outside runs, and
     * with {@link RunOptions#withKeyboardInterrupt(boolean) withKeyboardInterrupt(false)}, SIGINT keeps
     * the JVM's own behaviour. See {@code docs/SIGNALS.md}.
     *
     * @throws IllegalStateException if called from inside a run, or when no runtime backend
     *     (trio-core) is on the class path or module path
     */
    public static <T> T run(TrioCallable<T> main) throws Exception {
        return run(RunOptions.defaults(), main);
    }

    /** Like {@link #run(TrioCallable)}, for a main function without a value. */
    public static void run(TrioRunnable main) throws Exception {
        run(RunOptions.defaults(), main);
    }

    /** Like {@link #run(TrioCallable)}, with options (clock, instruments, strictness, scheduling seed...). */
    public static <T> T run(RunOptions options, TrioCallable<T> main) throws Exception {
        return run(options, main, main);
    }

    private static <T> T run(RunOptions options, Object function, TrioCallable<T> main) throws Exception {
        Checks.notNull(options, "options");
        Checks.notNull(main, "main");
        if (Kernel.current() != null) {
            throw new IllegalStateException("Trio.run cannot be called from inside a Trio run; "
                    + "use a nursery to run more tasks, or ToThread to leave the run first");
        }
        RuntimeProvider runtime = Runtimes.provider(options.runtime());
        // Ctrl-C: with a signal backend present, SIGINT becomes a KeyboardInterrupt in this run
        KeyboardInterruptArming ctrlC = options.keyboardInterrupt() ? Runtimes.armKeyboardInterrupt() : null;
        try {
            return runtime.run(options, TaskNames.of(function), main);
        } finally {
            if (ctrlC != null) {
                ctrlC.close();
            }
        }
    }

    /** Like {@link #run(RunOptions, TrioCallable)}, for a main function without a value. */
    public static void run(RunOptions options, TrioRunnable main) throws Exception {
        Checks.notNull(main, "main");
        run(options, main, () -> {
            main.run();
            return null;
        });
    }

    // ---------------------------------------------------------------- nurseries

    /**
     * Opens a nursery, runs {@code body} with it, and waits until every task started in it has
     * finished (Trio's {@code async with open_nursery() as nursery}). Errors of the body and the
     * children come out together as a {@link ThrowableGroup} (strict: always a group).
     */
    public static void openNursery(NurseryBody body) throws Exception {
        Runtimes.kernel("Trio.openNursery").openNursery(null, Checks.notNull(body, "body"));
    }

    /** Like {@link #openNursery(NurseryBody)}, choosing strict or loose exception groups for this nursery. */
    public static void openNursery(boolean strictExceptionGroups, NurseryBody body) throws Exception {
        Runtimes.kernel("Trio.openNursery").openNursery(strictExceptionGroups, Checks.notNull(body, "body"));
    }

    // ---------------------------------------------------------------- time

    /** The current time on the run's clock, in seconds (only differences mean anything). */
    public static double currentTime() {
        return Runtimes.kernel("Trio.currentTime").currentTime();
    }

    /** Sleeps for {@code duration}; zero is a plain checkpoint. */
    public static void sleep(Duration duration) {
        sleep(Checks.seconds(duration, "duration"));
    }

    /** Sleeps for {@code seconds}; zero is a plain checkpoint. */
    public static void sleep(double seconds) {
        Kernel kernel = Runtimes.kernel("Trio.sleep");
        Checks.timeout(seconds, "`seconds`");
        if (seconds == 0) {
            kernel.checkpoint();
        } else {
            kernel.sleepUntil(kernel.currentTime() + seconds);
        }
    }

    /** Sleeps until the run's clock reaches {@code deadline}; a past deadline is a plain checkpoint. */
    public static void sleepUntil(double deadline) {
        Kernel kernel = Runtimes.kernel("Trio.sleepUntil");
        kernel.sleepUntil(Checks.deadline(deadline));
    }

    /** Sleeps until cancelled; never returns normally. */
    public static void sleepForever() {
        Runtimes.kernel("Trio.sleepForever").sleepForever();
    }

    /**
     * The earliest deadline that applies to the current task: -infinity if it is already
     * cancelled, +infinity if there is none.
     */
    public static double currentEffectiveDeadline() {
        return Runtimes.kernel("Trio.currentEffectiveDeadline").currentEffectiveDeadline();
    }

    /** A checkpoint: lets other tasks run, then raises {@link Cancelled} if this task is cancelled. */
    public static void checkpoint() {
        Runtimes.kernel("Trio.checkpoint").checkpoint();
    }

    // ---------------------------------------------------------------- timeouts

    /** Runs {@code body} in a scope cancelled {@code timeout} after entry; returns the scope (see {@link CancelScope#cancelledCaught()}). */
    public static CancelScope moveOnAfter(Duration timeout, TrioRunnable body) throws Exception {
        return moveOnAfter(Checks.seconds(timeout, "`seconds`"), false, body);
    }

    /** Like {@link #moveOnAfter(Duration, TrioRunnable)} with the timeout in seconds. */
    public static CancelScope moveOnAfter(double seconds, TrioRunnable body) throws Exception {
        return moveOnAfter(seconds, false, body);
    }

    /** Like {@link #moveOnAfter(Duration, TrioRunnable)}, with the scope's initial shield. */
    public static CancelScope moveOnAfter(Duration timeout, boolean shield, TrioRunnable body) throws Exception {
        return moveOnAfter(Checks.seconds(timeout, "`seconds`"), shield, body);
    }

    /** Like {@link #moveOnAfter(double, TrioRunnable)}, with the scope's initial shield. */
    public static CancelScope moveOnAfter(double seconds, boolean shield, TrioRunnable body) throws Exception {
        CancelScope scope = CancelScope.withRelativeDeadline(Checks.timeout(seconds, "`seconds`"));
        return runIn(scope, shield, body);
    }

    /** Runs {@code body} in a scope cancelled when the clock reaches {@code deadline}; returns the scope. */
    public static CancelScope moveOnAt(double deadline, TrioRunnable body) throws Exception {
        return moveOnAt(deadline, false, body);
    }

    /** Like {@link #moveOnAt(double, TrioRunnable)}, with the scope's initial shield. */
    public static CancelScope moveOnAt(double deadline, boolean shield, TrioRunnable body) throws Exception {
        return runIn(CancelScope.withDeadline(deadline), shield, body);
    }

    /**
     * Runs {@code body} with a timeout and returns its value; if the timeout cancels it, throws
     * {@link TooSlowError} instead.
     */
    public static <T> T failAfter(Duration timeout, TrioCallable<T> body) throws Exception {
        return failAfter(Checks.seconds(timeout, "`seconds`"), false, body);
    }

    /** Like {@link #failAfter(Duration, TrioCallable)} with the timeout in seconds. */
    public static <T> T failAfter(double seconds, TrioCallable<T> body) throws Exception {
        return failAfter(seconds, false, body);
    }

    /** Like {@link #failAfter(Duration, TrioCallable)}, with the scope's initial shield. */
    public static <T> T failAfter(Duration timeout, boolean shield, TrioCallable<T> body) throws Exception {
        return failAfter(Checks.seconds(timeout, "`seconds`"), shield, body);
    }

    /** Like {@link #failAfter(double, TrioCallable)}, with the scope's initial shield. */
    public static <T> T failAfter(double seconds, boolean shield, TrioCallable<T> body) throws Exception {
        CancelScope scope = CancelScope.withRelativeDeadline(Checks.timeout(seconds, "`seconds`"));
        return failIn(scope, shield, body);
    }

    /** Like {@link #failAfter(Duration, TrioCallable)}, for a body without a value. */
    public static void failAfter(Duration timeout, TrioRunnable body) throws Exception {
        failAfter(timeout, false, asCallable(body));
    }

    /** Like {@link #failAfter(double, TrioCallable)}, for a body without a value. */
    public static void failAfter(double seconds, TrioRunnable body) throws Exception {
        failAfter(seconds, false, asCallable(body));
    }

    /** Like {@link #failAfter(Duration, boolean, TrioCallable)}, for a body without a value. */
    public static void failAfter(Duration timeout, boolean shield, TrioRunnable body) throws Exception {
        failAfter(timeout, shield, asCallable(body));
    }

    /** Like {@link #failAfter(double, boolean, TrioCallable)}, for a body without a value. */
    public static void failAfter(double seconds, boolean shield, TrioRunnable body) throws Exception {
        failAfter(seconds, shield, asCallable(body));
    }

    /** Runs {@code body} until the clock reaches {@code deadline}; past it, throws {@link TooSlowError}. */
    public static <T> T failAt(double deadline, TrioCallable<T> body) throws Exception {
        return failAt(deadline, false, body);
    }

    /** Like {@link #failAt(double, TrioCallable)}, with the scope's initial shield. */
    public static <T> T failAt(double deadline, boolean shield, TrioCallable<T> body) throws Exception {
        return failIn(CancelScope.withDeadline(deadline), shield, body);
    }

    /** Like {@link #failAt(double, TrioCallable)}, for a body without a value. */
    public static void failAt(double deadline, TrioRunnable body) throws Exception {
        failAt(deadline, false, asCallable(body));
    }

    /** Like {@link #failAt(double, boolean, TrioCallable)}, for a body without a value. */
    public static void failAt(double deadline, boolean shield, TrioRunnable body) throws Exception {
        failAt(deadline, shield, asCallable(body));
    }

    private static CancelScope runIn(CancelScope scope, boolean shield, TrioRunnable body) throws Exception {
        Checks.notNull(body, "body");
        if (shield) {
            scope.setShield(true);
        }
        scope.run(body);
        return scope;
    }

    private static <T> T failIn(CancelScope scope, boolean shield, TrioCallable<T> body) throws Exception {
        Checks.notNull(body, "body");
        if (shield) {
            scope.setShield(true);
        }
        T value = scope.call(body);
        if (scope.cancelledCaught()) {
            throw new TooSlowError("the block did not finish before its deadline");
        }
        return value;
    }

    private static TrioCallable<Void> asCallable(TrioRunnable body) {
        Checks.notNull(body, "body");
        return () -> {
            body.run();
            return null;
        };
    }
}
