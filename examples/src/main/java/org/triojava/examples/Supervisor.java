package org.triojava.examples;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import org.triojava.Trio;
import org.triojava.process.CompletedProcess;
import org.triojava.process.ProcessOptions;
import org.triojava.process.Processes;
import org.triojava.process.TrioProcess;

/**
 * A process supervisor (one of the programs Trio's introduction says it is for): runs a child,
 * and when it fails, starts it again after a pause that doubles with each failure in a row, up
 * to a ceiling; a child that stayed up long enough counts as healthy again, so the pause starts
 * over. A clean exit (status 0) ends the supervision, and so does reaching the restart limit.
 * Cancel the supervisor (or press Ctrl-C) and the running child is stopped before it returns:
 * {@code Processes.run} never leaves an orphan.
 *
 * <p>Run it from the repository root with
 * {@code ./mvnw -q -Pdemo -pl examples -am verify -Ddemo.mainClass=org.triojava.examples.Supervisor};
 * it supervises a small shell script that fails after a moment, five times. See {@code docs/PROCESSES.md}.
 */
public final class Supervisor {
    private final List<String> command;
    private final Policy policy;
    private final Consumer<String> log;
    private TrioProcess current;

    /**
     * When to restart.
     *
     * @param initialBackoff the pause after the first failure
     * @param maxBackoff the ceiling of the doubling pause
     * @param stableAfter a child that ran at least this long starts the pauses over
     * @param maxRestarts how many restarts in all before giving up
     */
    public record Policy(Duration initialBackoff, Duration maxBackoff, Duration stableAfter, int maxRestarts) {
        /** Checks the values. */
        public Policy {
            if (initialBackoff.isNegative() || maxBackoff.compareTo(initialBackoff) < 0 || stableAfter.isNegative()
                    || maxRestarts < 0) {
                throw new IllegalArgumentException("need 0 <= initialBackoff <= maxBackoff, stableAfter >= 0,"
                        + " maxRestarts >= 0: " + this);
            }
        }
    }

    public Supervisor(List<String> command, Policy policy, Consumer<String> log) {
        this.command = List.copyOf(command);
        this.policy = policy;
        this.log = log;
    }

    public static void main(String[] args) throws Exception {
        List<String> command = args.length > 0 ? List.of(args)
                : List.of("sh", "-c", "echo \"  child $$: working\"; sleep 0.3; echo \"  child $$: crashing\"; exit 1");
        Policy policy = new Policy(Duration.ofMillis(250), Duration.ofSeconds(2), Duration.ofSeconds(10), 5);
        System.out.println("Supervising " + command + " with " + policy + " (Ctrl-C stops it and the child)");
        CompletedProcess last = Trio.run(() -> new Supervisor(command, policy, System.out::println).supervise());
        System.out.println("Done: " + last);
    }

    /** The running child, or null between runs. */
    public TrioProcess current() {
        return current;
    }

    /**
     * Supervises until the child exits cleanly or the restarts are used up, and returns its last
     * exit. Must run inside {@code Trio.run}.
     *
     * @throws IOException if the child cannot be started at all
     */
    public CompletedProcess supervise() throws Exception {
        double backoff = seconds(policy.initialBackoff());
        for (int restarts = 0; ; restarts++) {
            double startedAt = Trio.currentTime();
            CompletedProcess exit = runOnce();
            double upFor = Trio.currentTime() - startedAt;
            if (exit.returnCode() == 0) {
                log("exited cleanly after %.1f s; done", upFor);
                return exit;
            }
            if (restarts == policy.maxRestarts()) {
                log("exited with status %d after %.1f s; giving up after %d restarts", exit.returnCode(), upFor,
                        restarts);
                return exit;
            }
            if (upFor >= seconds(policy.stableAfter())) {
                backoff = seconds(policy.initialBackoff()); // it was healthy for a while: start over
            }
            log("exited with status %d after %.1f s; restarting in %.1f s", exit.returnCode(), upFor, backoff);
            Trio.sleep(backoff);
            backoff = Math.min(backoff * 2, seconds(policy.maxBackoff()));
        }
    }

    /** One life of the child: started as a background task so that {@link #current()} can see it. */
    private CompletedProcess runOnce() throws Exception {
        CompletedProcess[] exit = new CompletedProcess[1];
        try {
            Trio.openNursery(nursery -> {
                current = nursery.start(status -> exit[0] = Processes.run(command,
                        ProcessOptions.defaults().withCheck(false), status));
                log("started pid %d", current.pid());
            });
        } finally {
            current = null;
        }
        return exit[0];
    }

    private void log(String format, Object... args) {
        log.accept(String.format(Locale.ROOT, "%6.1f ", Trio.currentTime()) + String.format(Locale.ROOT, format, args));
    }

    private static double seconds(Duration duration) {
        return duration.toNanos() / 1e9;
    }
}
