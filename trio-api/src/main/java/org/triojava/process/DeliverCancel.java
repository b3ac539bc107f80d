package org.triojava.process;

import java.time.Duration;
import org.triojava.Trio;
import org.triojava.internal.Checks;

/**
 * How {@link Processes#run} stops a child when it is cancelled (the {@code deliver_cancel}
 * argument of Trio's {@code run_process}). It runs in a task of its own, shielded from the
 * cancellation that triggered it, and is cancelled as soon as the process has exited; {@code run}
 * waits for the exit either way, so no child outlives it.
 */
@FunctionalInterface
public interface DeliverCancel {

    /** Asks {@code process} to stop; may sleep, send several signals, or write to its stdin. */
    void deliver(TrioProcess process) throws Exception;

    /**
     * Trio's default on POSIX: {@code SIGTERM}, then, if the child is still running after
     * {@code grace}, a warning (through {@code System.Logger} {@code org.triojava.process}) and
     * {@code SIGKILL}.
     */
    static DeliverCancel terminateThenKill(Duration grace) {
        double seconds = Checks.seconds(grace, "grace");
        return process -> {
            process.terminate();
            Trio.sleep(seconds);
            if (process.returnCode() != null) {
                return; // it did exit; the run had not noticed yet (on a mock clock that jumped, say)
            }
            System.getLogger("org.triojava.process").log(System.Logger.Level.WARNING,
                    "process {0} ignored SIGTERM for {1} s (maybe pass your own DeliverCancel?); sending SIGKILL",
                    process, seconds);
            process.kill();
        };
    }

    /** {@link #terminateThenKill} after 5 seconds, the default of {@link ProcessOptions}. */
    static DeliverCancel terminateThenKill() {
        return terminateThenKill(Duration.ofSeconds(5));
    }
}
