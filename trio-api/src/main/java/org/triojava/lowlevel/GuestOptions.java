package org.triojava.lowlevel;

import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.triojava.RunOptions;
import org.triojava.internal.Checks;

/**
 * How {@link Lowlevel#startGuestRun} runs Trio on top of another event loop (the arguments of
 * Trio's {@code start_guest_run}). Immutable.
 *
 * <pre>{@code
 * GuestRun run = Lowlevel.startGuestRun(() -> updateLabelFromNetwork(label),
 *         GuestOptions.of(SwingUtilities::invokeLater, outcome -> label.setText("done: " + outcome)));
 * }</pre>
 *
 * @param host runs the run's steps, one callback at a time, on the host's thread: Trio's
 *     {@code run_sync_soon_threadsafe} ({@code SwingUtilities::invokeLater},
 *     {@code Platform::runLater}, a Netty {@code EventLoop}, a single-thread executor). It must run
 *     callbacks in the order they were given; refusing one ({@code RejectedExecutionException})
 *     means the host has gone away
 * @param done gets the run's outcome exactly once, on the host's thread: the main function's value
 *     or what it threw (Trio's {@code done_callback})
 * @param run the run's options: clock, instruments, strictness, scheduling mode, Ctrl-C
 */
public record GuestOptions(Executor host, Consumer<Outcome> done, RunOptions run) {

    /** Checks that nothing is null. */
    public GuestOptions {
        Checks.notNull(host, "host");
        Checks.notNull(done, "done");
        Checks.notNull(run, "run");
    }

    /** Options with the defaults of {@link RunOptions#defaults()}. */
    public static GuestOptions of(Executor host, Consumer<Outcome> done) {
        return new GuestOptions(host, done, RunOptions.defaults());
    }

    /** A copy with {@code options} for the run. */
    public GuestOptions withRun(RunOptions options) {
        return new GuestOptions(host, done, Checks.notNull(options, "options"));
    }
}
