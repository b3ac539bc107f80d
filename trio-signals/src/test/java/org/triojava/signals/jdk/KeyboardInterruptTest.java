package org.triojava.signals.jdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.triojava.signals.jdk.SignalTesting.current;
import static org.triojava.signals.jdk.SignalTesting.isJdk;
import static org.triojava.signals.jdk.SignalTesting.isTrio;
import static org.triojava.signals.jdk.SignalTesting.raiseAndWait;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.triojava.Cancelled;
import org.triojava.KeyboardInterrupt;
import org.triojava.RunOptions;
import org.triojava.ThrowableGroup;
import org.triojava.Trio;
import org.triojava.signals.SignalReceiver;
import org.triojava.signals.Signals;
import org.triojava.spi.KeyboardInterruptArming;
import org.triojava.testing.Testing;
import org.triojava.thread.ToThread;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Ctrl-C as {@link KeyboardInterrupt} (rules KI1-KI3), with SIGINT raised to this JVM inside
 * runs. Every test first checks that Trio's handler is the one installed, so that a SIGINT never
 * reaches the JVM's own handler (which would end the test JVM). The child-process tests show the
 * whole program's behaviour, exit status included.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // a broken signal path would wait forever
class KeyboardInterruptTest {
    private static final Signal INT = new Signal("INT");

    /** The JVM's own SIGINT handler (its shutdown handler), as found before each test. */
    private SignalHandler jvmHandler;

    @BeforeEach
    void outsideRunsSigintIsTheJvmsOwn() {
        SignalTesting.assumeHandleable("INT");
        jvmHandler = current("INT");
        assertTrue(isJdk(jvmHandler), () -> "SIGINT handler outside runs: " + jvmHandler);
    }

    @AfterEach
    void andStillIsAfterwards() {
        if (jvmHandler == null) {
            return; // skipped: SIGINT was ignored from the start
        }
        SignalHandler handler = current("INT");
        assertTrue(isJdk(handler), () -> "SIGINT handler outside runs: " + handler);
    }

    /** Raises SIGINT, after checking that Trio will take it. */
    private static void ctrlC() {
        assertTrue(isTrio(current("INT")), "Trio's handler must be installed before raising SIGINT");
        Signal.raise(INT);
    }

    @Test
    void ctrlCReachesAGuestRunAndItsHandlerIsRestoredWhenItIsDone() throws Exception {
        // Trio's test_guest_mode_ki: SIGINT while a guest run lives is a KeyboardInterrupt in it
        java.util.concurrent.ExecutorService host = java.util.concurrent.Executors.newSingleThreadExecutor();
        try {
            List<String> log = java.util.Collections.synchronizedList(new ArrayList<>());
            java.util.concurrent.CompletableFuture<org.triojava.lowlevel.Outcome> done =
                    new java.util.concurrent.CompletableFuture<>();
            host.submit(() -> org.triojava.lowlevel.Lowlevel.startGuestRun(() -> {
                ctrlC();
                try {
                    Trio.sleepForever();
                } finally {
                    log.add("finally");
                }
                return null;
            }, org.triojava.lowlevel.GuestOptions.of(host, done::complete))).get();
            org.triojava.lowlevel.Outcome outcome = done.get();
            assertInstanceOf(KeyboardInterrupt.class,
                    assertInstanceOf(org.triojava.lowlevel.Outcome.Failure.class, outcome).error());
            assertEquals(List.of("finally"), log);
        } finally {
            host.shutdownNow();
        }
        // andStillIsAfterwards: the JVM's handler is back once done has run
    }

    @Test
    void ctrlCUnwindsTheMainTaskAndTrioRunThrowsIt() throws Exception {
        List<String> log = new ArrayList<>();
        KeyboardInterrupt interrupt = assertThrows(KeyboardInterrupt.class, () -> Trio.run(() -> {
            ctrlC();
            try {
                Trio.sleepForever();
            } finally {
                log.add("finally");
            }
        }));
        assertEquals("KeyboardInterrupt", interrupt.getMessage());
        assertEquals(List.of("finally"), log);
    }

    @Test
    void ctrlCWhileTheMainTaskWaitsInANurseryCancelsTheChildrenAndComesOutInTheGroup() throws Exception {
        List<String> log = Collections.synchronizedList(new ArrayList<>());
        Throwable thrown = assertThrows(Throwable.class, () -> Trio.run(() -> {
            try {
                Trio.openNursery(outer -> {
                    for (String name : List.of("a", "b")) {
                        outer.startSoon(() -> {
                            try {
                                Trio.openNursery(inner -> inner.startSoon(() -> {
                                    try {
                                        Trio.sleepForever();
                                    } catch (Cancelled e) {
                                        log.add(name + " grandchild cancelled");
                                        throw e;
                                    } finally {
                                        log.add(name + " grandchild finally");
                                    }
                                }));
                            } finally {
                                log.add(name + " child finally");
                            }
                        });
                    }
                    outer.startSoon(() -> {
                        Testing.waitAllTasksBlocked();
                        ctrlC();
                    });
                });
            } finally {
                log.add("main finally");
            }
        }));
        ThrowableGroup group = assertInstanceOf(ThrowableGroup.class, thrown);
        assertEquals(1, group.exceptions().size(), group::toString);
        assertInstanceOf(KeyboardInterrupt.class, group.exceptions().get(0));
        // every task unwound, each innermost first, and the main task last
        assertEquals(7, log.size(), log::toString);
        for (String name : List.of("a", "b")) {
            int cancelled = log.indexOf(name + " grandchild cancelled");
            int grandchildFinally = log.indexOf(name + " grandchild finally");
            int childFinally = log.indexOf(name + " child finally");
            assertTrue(0 <= cancelled && cancelled < grandchildFinally && grandchildFinally < childFinally,
                    log::toString);
        }
        assertEquals("main finally", log.get(6));
    }

    @Test
    void theInterruptWaitsForTheNextCheckpoint() throws Exception {
        List<String> log = new ArrayList<>();
        CountDownLatch dispatched = new CountDownLatch(1);
        SignalTable.afterDispatch = name -> dispatched.countDown();
        try {
            assertThrows(KeyboardInterrupt.class, () -> Trio.run(() -> {
                ctrlC();
                dispatched.await(); // a plain blocking wait: no checkpoint, so no KeyboardInterrupt yet
                log.add("Ctrl-C arrived; still running until the next checkpoint");
                Trio.checkpoint();
                log.add("never");
            }));
        } finally {
            SignalTable.afterDispatch = null;
        }
        assertEquals(List.of("Ctrl-C arrived; still running until the next checkpoint"), log);
    }

    @Test
    void keyboardInterruptFalseLeavesTheJvmsHandlerInPlace() throws Exception {
        Trio.run(RunOptions.defaults().withKeyboardInterrupt(false), () -> {
            SignalHandler handler = current("INT");
            assertTrue(isJdk(handler), handler::toString);
        });
        Trio.run(() -> assertTrue(isTrio(current("INT"))));
    }

    @Test
    void aReceiverForSigintTakesCtrlCAndPassesWhatItLeftToKeyboardInterruptDelivery() throws Exception {
        List<String> log = new ArrayList<>();
        assertThrows(KeyboardInterrupt.class, () -> Trio.run(() -> {
            try (SignalReceiver receiver = Signals.openSignalReceiver("INT")) {
                raiseAndWait("INT");
                log.add(receiver.receive());
                Trio.checkpoint(); // no KeyboardInterrupt: the receiver took it
                raiseAndWait("INT");
                log.add("closing with INT pending");
            }
            Trio.checkpoint();
            log.add("never");
        }));
        assertEquals(List.of("INT", "closing with INT pending"), log);
    }

    @Test
    void ctrlCGoesToTheMostRecentlyStartedRun() throws Exception {
        List<String> log = new ArrayList<>();
        Trio.run(() -> {
            String inner = ToThread.runSync(() -> {
                try {
                    Trio.run(() -> {
                        ctrlC();
                        Trio.sleepForever();
                    });
                    return "inner run returned";
                } catch (KeyboardInterrupt e) {
                    return "inner run interrupted";
                }
            });
            log.add(inner);
            assertTrue(isTrio(current("INT")), "the outer run is still armed");
            Trio.checkpoint();
            log.add("outer run not interrupted");
        });
        assertEquals(List.of("inner run interrupted", "outer run not interrupted"), log);
    }

    @Test
    void anApplicationsOwnSigintHandlerIsLeftAlone() throws Exception {
        // KI1: Trio takes SIGINT only from the JVM's default handler
        SignalTesting.Recorder recorder = new SignalTesting.Recorder();
        SignalHandler jvm = Signal.handle(INT, recorder);
        try {
            Trio.run(() -> {
                assertSame(recorder, current("INT"));
                Signal.raise(INT);
                recorder.await(List.of("INT"));
                Trio.checkpoint(); // no KeyboardInterrupt
            });
            assertSame(recorder, current("INT"));
        } finally {
            Signal.handle(INT, jvm);
        }
    }

    @Test
    void aHandlerInstalledDuringTheRunIsNotClobberedAtItsEnd() throws Exception {
        // Trio's test_ki_is_good_neighbor
        SignalTesting.Recorder recorder = new SignalTesting.Recorder();
        SignalHandler[] replaced = new SignalHandler[1];
        try {
            Trio.run(() -> replaced[0] = Signal.handle(INT, recorder));
            assertTrue(isTrio(replaced[0]), replaced[0]::toString);
            assertSame(recorder, current("INT"));
        } finally {
            Signal.handle(INT, jvmHandler);
        }
    }

    @Test
    void armingNestsAndTheLastDisarmRestores() {
        KeyboardInterruptArming first = new JdkSignalProvider().armKeyboardInterrupt();
        KeyboardInterruptArming second = new JdkSignalProvider().armKeyboardInterrupt();
        try {
            assertTrue(first.armed());
            assertTrue(second.armed());
            assertTrue(isTrio(current("INT")));
            first.close();
            first.close(); // idempotent: does not disarm the second
            assertTrue(isTrio(current("INT")));
        } finally {
            second.close();
        }
        assertTrue(isJdk(current("INT")));
    }
}
