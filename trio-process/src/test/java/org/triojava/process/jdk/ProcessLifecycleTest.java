package org.triojava.process.jdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.triojava.process.jdk.ProcessTesting.PIPES;
import static org.triojava.process.jdk.ProcessTesting.autojump;
import static org.triojava.process.jdk.ProcessTesting.sh;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.triojava.CancelScope;
import org.triojava.Trio;
import org.triojava.process.ProcessOptions;
import org.triojava.process.Processes;
import org.triojava.process.TrioProcess;
import org.triojava.testing.Testing;

/** A {@code TrioProcess} from {@code Processes.open}: Trio's {@code Process} (rule SP2): waiting, signals, closing. */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // a lost wake-up would wait forever
class ProcessLifecycleTest {

    @Test
    void openInheritsByDefaultAndHasNoPipes() throws Exception {
        Trio.run(() -> {
            TrioProcess child = Processes.open("true");
            assertNull(child.stdin());
            assertNull(child.stdout());
            assertNull(child.stderr());
            assertNull(child.stdio());
            assertEquals(List.of("true"), child.command());
            assertTrue(child.pid() > 0);
            assertEquals(0, child.waitFor());
            assertEquals(0, child.returnCode());
        });
    }

    @Test
    void openIsACheckpointAndWaitForOnAnExitedChildToo() throws Exception {
        Trio.run(() -> {
            TrioProcess[] child = new TrioProcess[1];
            Testing.assertCheckpoints(() -> child[0] = Processes.open("true"));
            child[0].waitFor();
            Testing.assertCheckpoints(() -> child[0].waitFor());
        });
    }

    @Test
    void returnCodeIsNullWhileRunningAndSeveralTasksMayWait() throws Exception {
        Trio.run(() -> {
            TrioProcess child = Processes.open(List.of("cat"), PIPES);
            assertNull(child.returnCode());
            List<Integer> codes = new ArrayList<>();
            Trio.openNursery(nursery -> {
                nursery.startSoon(() -> codes.add(child.waitFor()));
                nursery.startSoon(() -> codes.add(child.waitFor()));
                Testing.waitAllTasksBlocked();
                assertEquals(List.of(), codes);
                child.stdin().close(); // cat ends at the end of its input
            });
            assertEquals(List.of(0, 0), codes);
        });
    }

    @Test
    void cancellingAWaitDoesNotTouchTheChild() throws Exception {
        Trio.run(autojump(), () -> {
            TrioProcess child = Processes.open(List.of("sleep", "100"), ProcessOptions.defaults());
            CancelScope scope = Trio.moveOnAfter(10, child::waitFor);
            assertTrue(scope.cancelledCaught());
            assertNull(child.returnCode());
            child.kill();
            assertEquals(128 + 9, child.waitFor());
        });
    }

    @Test
    void signalsByName() throws Exception {
        Trio.run(() -> {
            TrioProcess hup = Processes.open("sleep", "100");
            hup.sendSignal("HUP");
            assertEquals(128 + 1, hup.waitFor());
            TrioProcess usr1 = Processes.open("sleep", "100");
            usr1.sendSignal("SIGUSR1");
            assertEquals(128 + 10, usr1.waitFor());
            TrioProcess term = Processes.open("sleep", "100");
            term.terminate();
            assertEquals(128 + 15, term.waitFor());
            assertTrue(assertThrows(IllegalArgumentException.class, () -> term.sendSignal("NOPE"))
                    .getMessage().contains("NOPE"));
            term.sendSignal("HUP"); // after the exit: nothing happens
            term.kill();
            assertEquals(128 + 15, term.returnCode());
        });
    }

    @Test
    void closeClosesThePipesAndWaits() throws Exception {
        Trio.run(() -> {
            TrioProcess cat = Processes.open(List.of("cat"), PIPES);
            cat.close(); // cat sees the end of its input and exits
            assertEquals(0, cat.returnCode());
            cat.close(); // idempotent
        });
    }

    @Test
    void aCancelledCloseKillsTheChildAndStillWaitsForIt() throws Exception {
        Trio.run(autojump(), () -> {
            TrioProcess stubborn = Processes.open(sh("trap '' TERM; exec sleep 100"), PIPES);
            CancelScope scope = Trio.moveOnAfter(5, stubborn::close);
            assertTrue(scope.cancelledCaught());
            assertEquals(128 + 9, stubborn.returnCode());
        });
    }

    @Test
    void optionsThatOnlyRunUsesAreRefusedByOpen() throws Exception {
        Trio.run(() -> {
            assertThrows(IllegalArgumentException.class,
                    () -> Processes.open(List.of("cat"), ProcessOptions.defaults().withStdin(new byte[1])));
            assertThrows(IllegalArgumentException.class,
                    () -> Processes.open(List.of("cat"), ProcessOptions.defaults().withCaptureStdout(true)));
            assertThrows(IllegalArgumentException.class,
                    () -> Processes.open(List.of("cat"), ProcessOptions.defaults().withCheck(false)));
        });
    }
}
