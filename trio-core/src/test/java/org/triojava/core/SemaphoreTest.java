package org.triojava.core;

import static org.junit.jupiter.api.Assertions.*;
import static org.triojava.core.TestSupport.assertCheckpoints;
import static org.triojava.core.TestSupport.assertNoCheckpoints;
import static org.triojava.core.TestSupport.waitAllTasksBlocked;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.triojava.CancelScope;
import org.triojava.Trio;
import org.triojava.WouldBlock;
import org.triojava.lowlevel.ParkingLotStatistics;
import org.triojava.sync.Semaphore;

/** SY4: {@link Semaphore} (Trio's {@code test_Semaphore} and {@code test_Semaphore_bounded}). */
class SemaphoreTest {

    @Test
    void constructorArguments() {
        IllegalArgumentException negative = assertThrows(IllegalArgumentException.class, () -> new Semaphore(-1));
        assertEquals("initial value must be >= 0, got -1", negative.getMessage());
        negative = assertThrows(IllegalArgumentException.class, () -> new Semaphore(-1, 5));
        assertEquals("initial value must be >= 0, got -1", negative.getMessage());
        IllegalArgumentException belowInitial = assertThrows(IllegalArgumentException.class, () -> new Semaphore(2, 1));
        assertEquals("max value must be >= initial value, got 1 < 2", belowInitial.getMessage());
        assertEquals(OptionalInt.empty(), new Semaphore(1).maxValue());
        assertEquals(OptionalInt.of(3), new Semaphore(1, 3).maxValue());
        assertEquals(0, new Semaphore(0, 0).value());
        assertEquals("Semaphore[value=1, waiting=0]", new Semaphore(1).toString());
        assertEquals("Semaphore[value=1, max=3, waiting=0]", new Semaphore(1, 3).toString());
    }

    @Test
    void unboundedBasics() throws Exception {
        Trio.run(() -> {
            Semaphore s = new Semaphore(1);
            assertEquals(1, s.value());
            assertNoCheckpoints(s::release);
            assertEquals(2, s.value(), "without a maximum, release just counts up");
            assertEquals(new ParkingLotStatistics(0), s.statistics());
            assertNoCheckpoints(s::acquireNowait);
            assertEquals(1, s.value());
            assertCheckpoints(s::acquire);
            assertEquals(0, s.value());
            assertThrows(WouldBlock.class, s::acquireNowait);
            assertEquals(0, s.value());
            s.release();
            assertCheckpoints(() -> assertEquals("inside", s.withAcquired(() -> {
                assertEquals(0, s.value());
                return "inside";
            })));
            assertEquals(1, s.value());
            assertThrows(IllegalStateException.class, () -> s.withAcquired(() -> {
                throw new IllegalStateException("body");
            }));
            assertEquals(1, s.value(), "withAcquired releases when the body throws");
            assertThrows(NullPointerException.class, () -> s.withAcquired(null));
        });
    }

    @Test
    void boundedReleaseAtTheMaximumIsAnErrorAndChangesNothing() throws Exception {
        Trio.run(() -> {
            Semaphore s = new Semaphore(1, 1);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, s::release);
            assertEquals("semaphore released too many times", e.getMessage());
            assertEquals(1, s.value());
            s.acquireNowait();
            assertEquals(0, s.value());
            s.release();
            assertEquals(1, s.value());
        });
    }

    @Test
    void anUnboundedReleaseAtIntegerMaxValueIsAnErrorNotAWrapAround() throws Exception {
        Trio.run(() -> {
            Semaphore s = new Semaphore(Integer.MAX_VALUE);
            IllegalStateException e = assertThrows(IllegalStateException.class, s::release);
            assertTrue(e.getMessage().startsWith("Semaphore.release: the value is already Integer.MAX_VALUE"),
                    e.getMessage());
            assertEquals(Integer.MAX_VALUE, s.value());
            s.acquireNowait();
            s.release();
            assertEquals(Integer.MAX_VALUE, s.value());
        });
    }

    @Test
    void releaseHandsTheUnitToTheOldestWaiterAndTheValueStaysZero() throws Exception {
        List<String> log = new ArrayList<>();
        Trio.run(() -> {
            Semaphore s = new Semaphore(0);
            Trio.openNursery(n -> {
                for (int i = 0; i < 3; i++) {
                    int id = i;
                    n.startSoon(() -> {
                        log.add("started " + id);
                        s.acquire();
                        log.add("finished " + id);
                    });
                }
                waitAllTasksBlocked();
                assertEquals(3, s.statistics().tasksWaiting());
                s.release();
                s.release();
                assertEquals(0, s.value(), "fairness: the units went to the waiters");
                assertEquals(1, s.statistics().tasksWaiting());
                assertThrows(WouldBlock.class, s::acquireNowait);
                waitAllTasksBlocked();
                log.add("two released");
                s.release();
            });
            assertEquals(0, s.value());
        });
        assertEquals(List.of("started 0", "started 1", "started 2", "finished 0", "finished 1", "two released",
                "finished 2"), log);
    }

    @Test
    void releaseWithAWaiterIsAllowedEvenAtTheMaximum() throws Exception {
        Trio.run(() -> {
            Semaphore s = new Semaphore(0, 0);
            Trio.openNursery(n -> {
                n.startSoon(s::acquire);
                waitAllTasksBlocked();
                s.release(); // hands the unit over; the value never exceeds its maximum
                assertEquals(0, s.value());
            });
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, s::release);
            assertEquals("semaphore released too many times", e.getMessage());
        });
    }

    @Test
    void aCancelledAcquireDidNotAcquire() throws Exception {
        List<String> log = new ArrayList<>();
        Trio.run(() -> {
            Semaphore s = new Semaphore(0, 1);
            CancelScope scope = new CancelScope();
            Trio.openNursery(n -> {
                n.startSoon(() -> {
                    scope.run(() -> {
                        s.acquire();
                        log.add("acquired?!");
                    });
                    log.add("cancelled");
                });
                waitAllTasksBlocked();
                scope.cancel();
                assertEquals(0, s.statistics().tasksWaiting());
            });
            s.release();
            assertEquals(1, s.value(), "the unit was not handed to the cancelled waiter");
            s.acquireNowait();
        });
        assertEquals(List.of("cancelled"), log);
    }

    @Test
    void aPreCancelledAcquireRaisesEvenWithUnitsAvailableAndTakesNone() throws Exception {
        Trio.run(() -> {
            Semaphore s = new Semaphore(2);
            CancelScope scope = new CancelScope();
            scope.run(() -> {
                scope.cancel();
                s.acquire();
                fail("must raise");
            });
            assertTrue(scope.cancelledCaught());
            assertEquals(2, s.value());
        });
    }

    @Test
    void aWaiterHandedAUnitKeepsItEvenIfCancelledBeforeItRuns() throws Exception {
        List<String> log = new ArrayList<>();
        Trio.run(() -> {
            Semaphore s = new Semaphore(0, 1);
            CancelScope scope = new CancelScope();
            Trio.openNursery(n -> {
                n.startSoon(() -> scope.run(() -> {
                    s.acquire();
                    log.add("acquired");
                    s.release();
                }));
                waitAllTasksBlocked();
                s.release();
                scope.cancel();
            });
            assertFalse(scope.cancelledCaught(), "no checkpoint ran after the cancel");
            assertEquals(1, s.value(), "the unit was used and given back exactly once");
        });
        assertEquals(List.of("acquired"), log);
    }

    @Test
    void manyUnitsManyWaitersUnderAShuffledSchedule() throws Exception {
        for (long seed = 0; seed < 4; seed++) {
            int[] inside = {0};
            int[] peak = {0};
            Trio.run(org.triojava.RunOptions.defaults().withSchedulingSeed(seed), () -> {
                Semaphore s = new Semaphore(3, 3);
                Trio.openNursery(n -> {
                    for (int i = 0; i < 10; i++) {
                        n.startSoon(() -> {
                            for (int j = 0; j < 5; j++) {
                                s.withAcquired(() -> {
                                    inside[0]++;
                                    peak[0] = Math.max(peak[0], inside[0]);
                                    Trio.checkpoint();
                                    inside[0]--;
                                    return null;
                                });
                            }
                        });
                    }
                });
                assertEquals(3, s.value());
            });
            assertEquals(3, peak[0], "seed " + seed);
        }
    }
}
