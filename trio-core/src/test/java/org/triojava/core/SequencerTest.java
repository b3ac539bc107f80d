package org.triojava.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.triojava.core.TestSupport.assertCheckpoints;
import static org.triojava.core.TestSupport.assertNoCheckpoints;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.triojava.CancelScope;
import org.triojava.Cancelled;
import org.triojava.RunOptions;
import org.triojava.Trio;
import org.triojava.testing.Sequencer;
import org.triojava.testing.Testing;

/** Trio's {@code test_Sequencer} and {@code test_Sequencer_cancel}, and the Java details (TC4). */
class SequencerTest {

    @Test
    void blocksRunInSequenceOrderAcrossTasks() throws Exception {
        for (long seed = 0; seed < 20; seed++) {
            List<String> record = new ArrayList<>();
            Trio.run(RunOptions.defaults().withSchedulingSeed(seed), () -> {
                Sequencer seq = new Sequencer();
                Trio.openNursery(nursery -> {
                    nursery.startSoon(() -> {
                        seq.run(1, () -> record.add("f1 1"));
                        seq.run(3, () -> record.add("f1 3"));
                        seq.run(4, () -> record.add("f1 4"));
                    });
                    nursery.startSoon(() -> {
                        seq.run(0, () -> record.add("f2 0"));
                        seq.run(2, () -> record.add("f2 2"));
                    });
                    seq.run(5, Testing::waitAllTasksBlocked);
                    assertEquals(List.of("f2 0", "f1 1", "f2 2", "f1 3", "f1 4"), record);
                });
            });
            assertEquals(List.of("f2 0", "f1 1", "f2 2", "f1 3", "f1 4"), record, "seed " + seed);
        }
    }

    @Test
    void aBlockThatSleepsStillHoldsTheNextOneBack() throws Exception {
        List<String> record = new ArrayList<>();
        Trio.run(RunOptions.defaults().withClock(TestSupport.autojumpClock()), () -> {
            Sequencer seq = new Sequencer();
            Trio.openNursery(nursery -> {
                nursery.startSoon(() -> seq.run(1, () -> record.add("second at " + Trio.currentTime())));
                nursery.startSoon(() -> seq.run(0, () -> {
                    Trio.sleep(5);
                    record.add("first at " + Trio.currentTime());
                }));
            });
        });
        assertEquals(List.of("first at 5.0", "second at 5.0"), record);
    }

    @Test
    void reusingAPositionIsAnError() throws Exception {
        Trio.run(() -> {
            Sequencer seq = new Sequencer();
            seq.run(0, () -> { });
            IllegalStateException reuse = assertThrows(IllegalStateException.class, () -> seq.run(0, () -> { }));
            assertEquals("Attempted to reuse sequence point 0", reuse.getMessage());
            seq.run(1, () -> { });
            assertEquals("Attempted to reuse sequence point 1",
                    assertThrows(IllegalStateException.class, () -> seq.call(1, () -> 1)).getMessage());
        });
    }

    @Test
    void cancellingAWaiterBreaksTheSequenceForEveryoneNowAndLater() throws Exception {
        List<String> record = new ArrayList<>();
        Sequencer seq = new Sequencer();
        Trio.run(() -> {
            Trio.openNursery(nursery -> {
                for (int i = 1; i <= 2; i++) {
                    int position = i;
                    nursery.startSoon(() -> {
                        CancelScope scope = new CancelScope();
                        scope.run(() -> {
                            if (position == 1) {
                                scope.cancel();
                            }
                            try {
                                seq.run(position, () -> record.add("seq(" + position + ") ran"));
                            } catch (IllegalStateException e) {
                                record.add("seq(" + position + ") " + e.getMessage());
                            }
                        });
                    });
                }
                seq.run(0, () -> { });
            });
            assertEquals(List.of("seq(1) Sequencer wait cancelled -- sequence broken",
                    "seq(2) sequence broken!"), record);
            // late arrivals also get errors
            assertEquals("sequence broken!",
                    assertThrows(IllegalStateException.class, () -> seq.run(3, () -> { })).getMessage());
        });
    }

    @Test
    void waitersThatAreAlreadyParkedWakeWithTheErrorWhenAnotherWaiterIsCancelled() throws Exception {
        List<String> record = new ArrayList<>();
        Trio.run(() -> {
            Sequencer seq = new Sequencer();
            CancelScope victim = new CancelScope();
            Trio.openNursery(nursery -> {
                nursery.startSoon(() -> {
                    try {
                        seq.run(5, () -> record.add("5 ran"));
                    } catch (IllegalStateException e) {
                        record.add("5: " + e.getMessage());
                    }
                });
                nursery.startSoon(() -> victim.run(() -> {
                    try {
                        seq.run(3, () -> record.add("3 ran"));
                    } catch (IllegalStateException e) {
                        record.add("3: " + e.getMessage());
                    }
                }));
                Testing.waitAllTasksBlocked();
                assertTrue(record.isEmpty(), record::toString);
                victim.cancel();
            });
            // the error replaced the cancellation, so the victim's scope had nothing to catch
            assertFalse(victim.cancelledCaught());
            assertEquals("sequence broken!",
                    assertThrows(IllegalStateException.class, () -> seq.run(0, () -> { })).getMessage());
        });
        assertEquals(List.of("3: Sequencer wait cancelled -- sequence broken", "5: sequence broken!"), record);
    }

    @Test
    void theBodysExceptionPropagatesAndStillLetsTheNextPositionRun() throws Exception {
        List<String> record = new ArrayList<>();
        Trio.run(() -> {
            Sequencer seq = new Sequencer();
            Trio.openNursery(nursery -> {
                nursery.startSoon(() -> record.add("1 returned " + seq.call(1, () -> "one")));
                IOException thrown = new IOException("boom");
                assertSame(thrown, assertThrows(IOException.class, () -> seq.run(0, () -> {
                    throw thrown;
                })));
            });
        });
        assertEquals(List.of("1 returned one"), record);
    }

    @Test
    void positionZeroNeverWaitsAndLaterPositionsAreCheckpoints() throws Exception {
        Trio.run(() -> {
            Sequencer seq = new Sequencer();
            assertNoCheckpoints(() -> seq.run(0, () -> { }));
            // the turn of position 1 has come, yet waiting for it is a checkpoint
            assertCheckpoints(() -> seq.run(1, () -> { }));
            // a cancelled caller breaks the sequence even if its turn had come
            CancelScope scope = new CancelScope();
            scope.cancel();
            scope.run(() -> assertEquals("Sequencer wait cancelled -- sequence broken",
                    assertThrows(IllegalStateException.class, () -> seq.run(2, () -> { })).getMessage()));
            assertEquals("sequence broken!",
                    assertThrows(IllegalStateException.class, () -> seq.run(3, () -> { })).getMessage());
        });
    }

    @Test
    void negativePositionsAndNullBodiesAreRejected() throws Exception {
        Trio.run(() -> {
            Sequencer seq = new Sequencer();
            assertEquals("sequence positions start at 0, got -1",
                    assertThrows(IllegalArgumentException.class, () -> seq.run(-1, () -> { })).getMessage());
            assertThrows(NullPointerException.class, () -> seq.run(0, null));
            // neither mistake used up a position
            seq.run(0, () -> { });
        });
    }

    @Test
    void theCancelledExceptionDoesNotEscape() throws Exception {
        Trio.run(() -> {
            Sequencer seq = new Sequencer();
            CancelScope scope = new CancelScope();
            scope.cancel();
            List<Throwable> seen = new ArrayList<>();
            scope.run(() -> {
                IllegalStateException error = assertThrows(IllegalStateException.class, () -> seq.run(1, () -> { }));
                assertFalse(error.getCause() instanceof Cancelled);
                seen.add(error);
                // the scope is still cancelled: its next checkpoint raises, and the scope catches that
                seen.add(assertThrows(Cancelled.class, Trio::checkpoint));
                Trio.checkpoint();
            });
            assertEquals(2, seen.size());
            assertTrue(scope.cancelledCaught());
        });
    }
}
