package org.triojava.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.triojava.core.TestSupport.autojump;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.triojava.CancelScope;
import org.triojava.Cancelled;
import org.triojava.KeyboardInterrupt;
import org.triojava.Trio;
import org.triojava.TrioRunnable;
import org.triojava.lowlevel.Lowlevel;
import org.triojava.spi.Kernel;

/**
 * What {@code Trio.run} throws when the main task's own outcome meets an interruption from outside
 * (Trio's end of {@code unrolled_run}): a Ctrl-C that arrived after the main task finished, and an
 * interrupt of the thread running {@code Trio.run}. The main task's own error is kept, as a
 * suppressed exception; its {@code Cancelled} is not, since the interruption caused it.
 */
class RunOutcomeTest {

    private static String[] suppressedMessages(Throwable thrown) {
        return Arrays.stream(thrown.getSuppressed()).map(Throwable::getMessage).toArray(String[]::new);
    }

    /** A run whose main task runs {@code main} while a shielded system task sends Ctrl-C after it has finished. */
    private static void runWithLateCtrlC(TrioRunnable main) throws Exception {
        Trio.run(autojump(), () -> {
            Kernel self = Kernel.current();
            Lowlevel.spawnSystemTask("late", () -> {
                CancelScope shielded = new CancelScope();
                shielded.setShield(true);
                shielded.run(() -> {
                    Trio.sleep(1); // the main task is done by now
                    self.deliverKeyboardInterrupt();
                    Trio.sleep(1);
                });
            });
            main.run();
        });
    }

    @Test
    void aCtrlCAfterTheMainTaskFinishedStillEndsTheRunWithKeyboardInterrupt() {
        KeyboardInterrupt afterSuccess = assertThrows(KeyboardInterrupt.class, () -> runWithLateCtrlC(() -> { }));
        assertArrayEquals(new String[0], suppressedMessages(afterSuccess));
        KeyboardInterrupt afterFailure = assertThrows(KeyboardInterrupt.class, () -> runWithLateCtrlC(() -> {
            throw new IllegalArgumentException("main failed");
        }));
        assertArrayEquals(new String[] {"main failed"}, suppressedMessages(afterFailure));
    }

    @Test
    void anInterruptedRunKeepsTheMainTasksOwnErrorButNotItsCancelled() {
        Thread caller = Thread.currentThread();
        InterruptedException withError = assertThrows(InterruptedException.class, () -> Trio.run(() -> {
            caller.interrupt();
            try {
                Trio.sleep(1000);
            } catch (Cancelled cancelled) {
                throw new IllegalStateException("cleanup failed");
            }
        }));
        assertArrayEquals(new String[] {"cleanup failed"}, suppressedMessages(withError));
        InterruptedException cancelled = assertThrows(InterruptedException.class, () -> Trio.run(() -> {
            caller.interrupt();
            Trio.sleep(1000);
        }));
        assertArrayEquals(new String[0], suppressedMessages(cancelled));
        assertEquals("the thread running Trio.run was interrupted: every task was cancelled and has unwound",
                cancelled.getMessage());
        assertFalse(Thread.interrupted(), "InterruptedException clears the flag, as usual");
    }
}
