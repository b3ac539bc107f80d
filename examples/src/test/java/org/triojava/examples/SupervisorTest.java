package org.triojava.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.triojava.CancelScope;
import org.triojava.Trio;
import org.triojava.process.CompletedProcess;
import org.triojava.process.TrioProcess;
import org.triojava.junit5.TrioTest;
import org.triojava.sync.Event;

/**
 * The supervisor of docs/PROCESSES.md with real children, timed on an autojumping mock clock: the
 * children take no time on it (waiting for a child is an I/O wait), the backoff pauses are exact.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class SupervisorTest {
    private static final Supervisor.Policy POLICY =
            new Supervisor.Policy(Duration.ofSeconds(1), Duration.ofSeconds(8), Duration.ofSeconds(30), 5);

    /** The log without the pids, which differ from run to run. */
    private static List<String> withoutPids(List<String> log) {
        return log.stream().map(line -> line.replaceAll("started pid \\d+", "started")).toList();
    }

    @TrioTest(autojumpThreshold = 0)
    void aCrashingChildIsRestartedWithDoublingPausesUpToTheCeilingThenGivenUp() throws Exception {
        List<String> log = new ArrayList<>();
        CompletedProcess last = new Supervisor(List.of("sh", "-c", "exit 3"), POLICY, log::add).supervise();
        assertEquals(3, last.returnCode());
        assertEquals(List.of(
                "   0.0 started",
                "   0.0 exited with status 3 after 0.0 s; restarting in 1.0 s",
                "   1.0 started",
                "   1.0 exited with status 3 after 0.0 s; restarting in 2.0 s",
                "   3.0 started",
                "   3.0 exited with status 3 after 0.0 s; restarting in 4.0 s",
                "   7.0 started",
                "   7.0 exited with status 3 after 0.0 s; restarting in 8.0 s",
                "  15.0 started",
                "  15.0 exited with status 3 after 0.0 s; restarting in 8.0 s",
                "  23.0 started",
                "  23.0 exited with status 3 after 0.0 s; giving up after 5 restarts"), withoutPids(log));
    }

    /** Records the log, and sets the latest event of {@code started} whenever a child has started. */
    private static java.util.function.Consumer<String> recorder(List<String> log, Event[] started) {
        return line -> {
            log.add(line);
            if (line.contains("started")) {
                started[0].set();
            }
        };
    }

    @TrioTest(autojumpThreshold = 0)
    void aChildThatStayedUpLongEnoughStartsThePausesOver() throws Exception {
        List<String> log = new ArrayList<>();
        Event[] started = {new Event()};
        Supervisor supervisor = new Supervisor(List.of("sleep", "1000"),
                new Supervisor.Policy(Duration.ofSeconds(1), Duration.ofSeconds(8), Duration.ofSeconds(30), 3),
                recorder(log, started));
        Trio.openNursery(nursery -> {
            nursery.startSoon(supervisor::supervise);
            // kill each life of the child after 2, 3, 40 and 2 seconds of (mock) uptime
            for (double uptime : new double[] {2, 3, 40, 2}) {
                started[0].await();
                started[0] = new Event();
                TrioProcess child = supervisor.current();
                Trio.sleep(uptime);
                child.kill();
            }
        });
        assertEquals(List.of(
                "   0.0 started",
                "   2.0 exited with status 137 after 2.0 s; restarting in 1.0 s",
                "   3.0 started",
                "   6.0 exited with status 137 after 3.0 s; restarting in 2.0 s",
                "   8.0 started",
                "  48.0 exited with status 137 after 40.0 s; restarting in 1.0 s",
                "  49.0 started",
                "  51.0 exited with status 137 after 2.0 s; giving up after 3 restarts"), withoutPids(log));
    }

    @TrioTest(autojumpThreshold = 0)
    void cancellingTheSupervisorStopsTheChildFirst() throws Exception {
        Event[] started = {new Event()};
        Supervisor supervisor = new Supervisor(List.of("sleep", "1000"), POLICY, recorder(new ArrayList<>(), started));
        TrioProcess[] child = new TrioProcess[1];
        CancelScope scope = new CancelScope();
        Trio.openNursery(nursery -> {
            nursery.startSoon(() -> scope.run(supervisor::supervise));
            started[0].await();
            child[0] = supervisor.current();
            scope.cancel();
        });
        assertTrue(scope.cancelledCaught());
        assertEquals(128 + 15, child[0].returnCode());
        assertNull(supervisor.current());
    }
}
