package org.triojava.signals.jdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.triojava.signals.jdk.SignalTesting.current;
import static org.triojava.signals.jdk.SignalTesting.isTrio;
import static org.triojava.signals.jdk.SignalTesting.raiseAndWait;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.triojava.BusyResourceError;
import org.triojava.CancelScope;
import org.triojava.ThrowableGroup;
import org.triojava.Trio;
import org.triojava.signals.SignalReceiver;
import org.triojava.signals.Signals;
import org.triojava.testing.Testing;

/**
 * The per-signal receiver (Trio's {@code open_signal_receiver}, rules SG1-SG3) with real signals
 * raised to this JVM. USR1, URG and WINCH get a recording handler first, which is the "previous
 * handler" Trio must restore and re-deliver to.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // a broken signal path would wait forever
class SignalReceiverTest {
    private SignalTesting.PreviousHandlers previous;
    private SignalTesting.Recorder recorder;

    @BeforeEach
    void installRecorders() {
        previous = new SignalTesting.PreviousHandlers("USR1", "URG", "WINCH");
        recorder = previous.recorder;
    }

    @AfterEach
    void checkRestored() {
        previous.close();
    }

    @Test
    void signalsComeOneAtATimeInOrderOfFirstArrivalWithRepeatsMerged() throws Exception {
        Trio.run(() -> {
            try (SignalReceiver receiver = Signals.openSignalReceiver("USR1", "URG", "WINCH")) {
                raiseAndWait("URG");
                raiseAndWait("USR1");
                raiseAndWait("URG");
                raiseAndWait("WINCH");
                raiseAndWait("USR1");
                raiseAndWait("URG");
                assertEquals("URG", receiver.receive());
                assertEquals("USR1", receiver.receive());
                assertEquals("WINCH", receiver.receive());

                // nothing is pending now: the next receive waits for the next arrival
                List<String> log = new ArrayList<>();
                Trio.openNursery(nursery -> {
                    nursery.startSoon(() -> log.add(receiver.receive()));
                    Testing.waitAllTasksBlocked();
                    assertEquals(List.of(), log);
                    raiseAndWait("WINCH");
                });
                assertEquals(List.of("WINCH"), log);
            }
        });
        assertEquals(List.of(), recorder.received(), "nothing was pending at close");
    }

    @Test
    void twoAlwaysPendingSignalsTakeTurns() throws Exception {
        // Trio's test_open_signal_receiver_no_starvation
        Trio.run(() -> {
            try (SignalReceiver receiver = Signals.openSignalReceiver("USR1", "URG")) {
                String previousSignal = null;
                for (int i = 0; i < 10; i++) {
                    raiseAndWait("USR1");
                    raiseAndWait("URG");
                    String got = receiver.receive();
                    if (previousSignal != null) {
                        assertTrue(!got.equals(previousSignal), () -> "the same signal twice in a row: " + got);
                    }
                    previousSignal = got;
                }
                // one of the two is still pending; take it so that it is not passed on at close
                assertEquals(previousSignal.equals("USR1") ? "URG" : "USR1", receiver.receive());
            }
        });
        assertEquals(List.of(), recorder.received());
    }

    @Test
    void iterationWithForEach() throws Exception {
        Trio.run(() -> {
            try (SignalReceiver receiver = Signals.openSignalReceiver("URG", "WINCH")) {
                raiseAndWait("WINCH");
                raiseAndWait("URG");
                List<String> seen = new ArrayList<>();
                for (String signal : receiver) {
                    seen.add(signal);
                    if (seen.size() == 2) {
                        break;
                    }
                }
                assertEquals(List.of("WINCH", "URG"), seen);
            }
        });
    }

    @Test
    void receivingIsACheckpointEvenWhenASignalIsPending() throws Exception {
        Trio.run(() -> {
            try (SignalReceiver receiver = Signals.openSignalReceiver("URG")) {
                raiseAndWait("URG");
                Testing.assertCheckpoints(() -> assertEquals("URG", receiver.receive()));
            }
        });
    }

    @Test
    void openingInstallsTrioHandlersAndClosingRestoresThePreviousOnes() throws Exception {
        Trio.run(() -> {
            // duplicates are fine (SG1)
            try (SignalReceiver receiver = Signals.openSignalReceiver("URG", "WINCH", "URG")) {
                assertTrue(isTrio(current("URG")), current("URG")::toString);
                assertTrue(isTrio(current("WINCH")));
                assertSame(recorder, current("USR1"), "a signal nobody asked for is left alone");
                receiver.close();
                assertSame(recorder, current("URG"));
                assertSame(recorder, current("WINCH"));
                receiver.close(); // idempotent
            }
        });
    }

    @Test
    void signalsPendingAtCloseAreRedeliveredToThePreviousHandler() throws Exception {
        // SG3: nothing is lost; the previous handler (a Java one here) gets them, raised again
        Trio.run(() -> {
            try (SignalReceiver receiver = Signals.openSignalReceiver("USR1", "URG", "WINCH")) {
                raiseAndWait("URG");
                raiseAndWait("USR1");
                raiseAndWait("URG");
                assertEquals("URG", receiver.receive());
                raiseAndWait("WINCH");
                assertTrue(recorder.received().isEmpty());
            }
            // USR1 and WINCH were pending: each is raised again, for the restored recorder (the
            // JVM runs each arrival on its own thread, so the order in which they get there is not defined)
            recorder.awaitCount(2);
        });
        assertEquals(List.of("USR1", "WINCH"), recorder.received().stream().sorted().toList());
    }

    @Test
    void signalsAfterCloseGoToThePreviousHandler() throws Exception {
        Trio.run(() -> {
            try (SignalReceiver receiver = Signals.openSignalReceiver("URG")) {
                assertTrue(isTrio(current("URG")));
            }
            sun.misc.Signal.raise(new sun.misc.Signal("URG"));
            recorder.await(List.of("URG"));
        });
    }

    @Test
    void theNewestReceiverOfASignalGetsItAndTheOlderOneGetsWhatWasPendingAtClose() throws Exception {
        Trio.run(() -> {
            try (SignalReceiver outer = Signals.openSignalReceiver("URG", "WINCH")) {
                List<String> outerGot = new ArrayList<>();
                Trio.openNursery(nursery -> {
                    nursery.startSoon(() -> outerGot.add(outer.receive()));
                    try (SignalReceiver inner = Signals.openSignalReceiver("URG")) {
                        raiseAndWait("URG");
                        Testing.waitAllTasksBlocked();
                        assertEquals(List.of(), outerGot, "the inner receiver took it");
                        assertEquals("URG", inner.receive());

                        // WINCH: only the outer one wants it
                        raiseAndWait("WINCH");
                        Testing.waitAllTasksBlocked();
                        assertEquals(List.of("WINCH"), outerGot);
                        nursery.startSoon(() -> outerGot.add(outer.receive()));

                        raiseAndWait("URG"); // pending in the inner one when it closes...
                        Testing.waitAllTasksBlocked();
                        assertEquals(List.of("WINCH"), outerGot);
                    }
                    // ...so it went to the outer one
                });
                assertEquals(List.of("WINCH", "URG"), outerGot);
                assertTrue(isTrio(current("URG")), "the outer receiver still holds URG");
            }
        });
        assertEquals(List.of(), recorder.received());
    }

    @Test
    void receiversMayBeClosedOutOfOrder() throws Exception {
        Trio.run(() -> {
            SignalReceiver first = Signals.openSignalReceiver("URG");
            SignalReceiver second = Signals.openSignalReceiver("URG");
            first.close();
            assertTrue(isTrio(current("URG")), "the second receiver still holds URG");
            raiseAndWait("URG");
            assertEquals("URG", second.receive());
            raiseAndWait("URG");
            second.close(); // pending: passed on to the recorder, since the first one is gone
            recorder.await(List.of("URG"));
            assertSame(recorder, current("URG"));
        });
    }

    @Test
    void onlyOneTaskMayIterateAtATime() throws Exception {
        Trio.run(() -> {
            try (SignalReceiver receiver = Signals.openSignalReceiver("URG")) {
                ThrowableGroup group = (ThrowableGroup) assertThrows(Throwable.class, () -> Trio.openNursery(nursery -> {
                    nursery.startSoon(receiver::receive);
                    nursery.startSoon(receiver::receive);
                }));
                assertEquals(1, group.exceptions().size(), group::toString);
                BusyResourceError busy = assertInstanceOf(BusyResourceError.class, group.exceptions().get(0));
                assertEquals("only one task can iterate on a signal receiver at a time", busy.getMessage());
            }
        });
    }

    @Test
    void aWaitingReceiveIsCancellableAndTheReceiverStaysUsable() throws Exception {
        Trio.run(() -> {
            try (SignalReceiver receiver = Signals.openSignalReceiver("URG")) {
                CancelScope scope = new CancelScope();
                Trio.openNursery(nursery -> {
                    nursery.startSoon(() -> scope.run(receiver::receive));
                    Testing.waitAllTasksBlocked();
                    scope.cancel();
                });
                assertTrue(scope.cancelledCaught());
                raiseAndWait("URG");
                assertEquals("URG", receiver.receive());
            }
        });
    }

    @Test
    void receivingAfterCloseIsAnError() throws Exception {
        Trio.run(() -> {
            SignalReceiver receiver = Signals.openSignalReceiver("URG");
            receiver.close();
            IllegalStateException e = assertThrows(IllegalStateException.class, receiver::receive);
            assertTrue(e.getMessage().contains("closed"), e::getMessage);
            assertThrows(IllegalStateException.class, () -> receiver.iterator().next());
        });
    }

    @Test
    void closingWakesATaskWaitingInTheReceiverWithAnError() throws Exception {
        Trio.run(() -> {
            SignalReceiver receiver = Signals.openSignalReceiver("URG");
            List<Throwable> errors = new ArrayList<>();
            Trio.openNursery(nursery -> {
                nursery.startSoon(() -> {
                    try {
                        receiver.receive();
                    } catch (IllegalStateException e) {
                        errors.add(e);
                    }
                });
                Testing.waitAllTasksBlocked();
                receiver.close();
            });
            assertEquals(1, errors.size());
            assertTrue(errors.get(0).getMessage().contains("closed"), errors.get(0)::getMessage);
        });
    }

    @Test
    void aReceiverLeftOpenWhenItsRunEndsPassesSignalsOnAndCannotBeUsedByAnotherRun() throws Exception {
        SignalReceiver[] leaked = new SignalReceiver[1];
        Trio.run(() -> {
            leaked[0] = Signals.openSignalReceiver("URG");
        });
        assertTrue(isTrio(current("URG")), "still installed: nobody closed it");
        IllegalStateException outside = assertThrows(IllegalStateException.class, leaked[0]::receive);
        assertTrue(outside.getMessage().startsWith("SignalReceiver.receive must be called from inside Trio.run"),
                outside::getMessage);
        Trio.run(() -> {
            IllegalStateException e = assertThrows(IllegalStateException.class, leaked[0]::receive);
            assertTrue(e.getMessage().contains("run that opened it"), e::getMessage);
            // the next arrival finds the receiver's run over: the receiver is dropped and the
            // signal goes to the previous handler
            raiseAndWait("URG");
            recorder.await(List.of("URG"));
            assertSame(recorder, current("URG"));
        });
        leaked[0].close(); // still fine
        assertFalse(isTrio(current("URG")));
    }
}
