package org.triojava.signals.jdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.triojava.signals.jdk.SignalTesting.current;
import static org.triojava.signals.jdk.SignalTesting.isTrio;
import static org.triojava.signals.jdk.SignalTesting.raiseAndWait;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.triojava.BusyResourceError;
import org.triojava.ThrowableGroup;
import org.triojava.Trio;
import org.triojava.signals.SignalBatches;
import org.triojava.signals.SignalReceiver;
import org.triojava.signals.Signals;
import org.triojava.testing.Testing;

/** The batch receiver (early Trio's {@code catch_signals}) with real signals raised to this JVM. */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // a broken signal path would wait forever
class SignalBatchesTest {
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
    void eachIterationYieldsTheSetReceivedSinceTheLastOneRepeatsCoalesced() throws Exception {
        Trio.run(() -> {
            try (SignalBatches batches = Signals.catchSignals(Set.of("USR1", "URG", "WINCH"))) {
                raiseAndWait("URG");
                raiseAndWait("USR1");
                raiseAndWait("URG");
                raiseAndWait("URG");
                Set<String> batch = batches.receive();
                assertEquals(List.of("URG", "USR1"), List.copyOf(batch), "in order of first arrival");
                assertThrows(UnsupportedOperationException.class, () -> batch.add("WINCH"));

                raiseAndWait("WINCH");
                raiseAndWait("WINCH");
                assertEquals(Set.of("WINCH"), batches.receive());

                // nothing pending: the next iteration waits for an arrival
                List<Set<String>> log = new ArrayList<>();
                Trio.openNursery(nursery -> {
                    nursery.startSoon(() -> log.add(batches.receive()));
                    Testing.waitAllTasksBlocked();
                    assertEquals(List.of(), log);
                    raiseAndWait("USR1");
                });
                assertEquals(List.of(Set.of("USR1")), log);
            }
        });
        assertEquals(List.of(), recorder.received());
    }

    @Test
    void iterationWithForEachAndACheckpointPerStep() throws Exception {
        Trio.run(() -> {
            try (SignalBatches batches = Signals.catchSignals(new LinkedHashSet<>(List.of("URG", "WINCH")))) {
                raiseAndWait("WINCH");
                raiseAndWait("URG");
                Testing.assertCheckpoints(() -> {
                    for (Set<String> batch : batches) {
                        assertEquals(List.of("WINCH", "URG"), List.copyOf(batch));
                        break;
                    }
                });
                assertTrue(isTrio(current("URG")));
            }
            assertSame(recorder, current("URG"));
            assertSame(recorder, current("WINCH"));
        });
    }

    @Test
    void signalsPendingAtCloseAreRedeliveredToThePreviousHandler() throws Exception {
        Trio.run(() -> {
            try (SignalBatches batches = Signals.catchSignals(Set.of("USR1", "WINCH"))) {
                raiseAndWait("USR1");
                raiseAndWait("USR1");
                assertEquals(Set.of("USR1"), batches.receive());
                raiseAndWait("WINCH");
                raiseAndWait("WINCH");
            }
            recorder.await(List.of("WINCH")); // once: the two arrivals had coalesced
        });
    }

    @Test
    void aBatchReceiverAndAPerSignalReceiverStack() throws Exception {
        Trio.run(() -> {
            try (SignalBatches batches = Signals.catchSignals(Set.of("URG", "WINCH"))) {
                try (SignalReceiver receiver = Signals.openSignalReceiver("URG")) {
                    raiseAndWait("URG");
                    raiseAndWait("WINCH");
                    assertEquals("URG", receiver.receive());
                    raiseAndWait("URG");
                }
                // the URG pending in the closed receiver came down to the batch receiver
                assertEquals(Set.of("WINCH", "URG"), batches.receive());
            }
        });
        assertEquals(List.of(), recorder.received());
    }

    @Test
    void onlyOneTaskMayIterateAtATimeAndNotAfterClose() throws Exception {
        Trio.run(() -> {
            SignalBatches batches = Signals.catchSignals(Set.of("URG"));
            ThrowableGroup group = (ThrowableGroup) assertThrows(Throwable.class, () -> Trio.openNursery(nursery -> {
                nursery.startSoon(batches::receive);
                nursery.startSoon(batches::receive);
            }));
            assertInstanceOf(BusyResourceError.class, group.exceptions().get(0));
            batches.close();
            batches.close();
            assertThrows(IllegalStateException.class, batches::receive);
        });
    }
}
