package org.triojava.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.triojava.core.TestSupport.waitAllTasksBlocked;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.triojava.CancelReason;
import org.triojava.CancelScope;
import org.triojava.Cancelled;
import org.triojava.ExceptionGroup;
import org.triojava.Nursery;
import org.triojava.RunOptions;
import org.triojava.Trio;
import org.triojava.TrioInternalError;
import org.triojava.lowlevel.Lowlevel;
import org.triojava.lowlevel.ParkingLot;
import org.triojava.testing.MockClock;

/** Scale: deep scope nesting (C11), many tasks, cancel storms, and no leaked threads. */
@Timeout(value = 300, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class StressTest {

    // ---------------------------------------------------------------- C11 deep nesting

    /**
     * 10,000 nested cancel scopes: each level is a task that opens a scope and a nursery and spawns
     * the next level inside. The cancel status tree is 20,000 levels deep, but every thread's stack
     * is shallow, so this exercises exactly the runtime's own walks over the tree (recalculation
     * on cancel, effective deadline), which must be iterative.
     */
    @Test
    void tenThousandNestedScopesAcrossTasks() throws Exception {
        int depth = 10_000;
        List<String> record = new ArrayList<>();
        MockClock clock = new MockClock();
        Trio.run(RunOptions.defaults().withClock(clock), () -> Trio.openNursery(n -> {
            CancelScope outermost = new CancelScope();
            ParkingLot lot = new ParkingLot();
            String me = Lowlevel.currentTask().name();
            n.startSoon(() -> outermost.run(() -> level(depth - 1, lot, record)));
            waitAllTasksBlocked();
            assertEquals(1, lot.size(), "the deepest level is parked");
            assertEquals(depth + 2, Lowlevel.currentStatistics().tasksLiving());
            outermost.setDeadline(1e9);
            lot.unpark();
            waitAllTasksBlocked();
            outermost.cancel("storm");
            waitAllTasksBlocked();
            assertEquals(List.of("deadline seen: 1.0E9",
                    "deepest cancelled: cancelled due to explicit with reason 'storm' from task " + me,
                    "effective deadline: -Infinity"), record);
            assertFalse(outermost.cancelledCaught(), "the deepest task swallowed its Cancelled");
        }));
    }

    private static void level(int remaining, ParkingLot lot, List<String> record) throws Exception {
        if (remaining == 0) {
            lot.park();
            record.add("deadline seen: " + Trio.currentEffectiveDeadline());
            try {
                lot.park();
            } catch (Cancelled c) {
                record.add("deepest cancelled: " + c.getMessage());
                record.add("effective deadline: " + Trio.currentEffectiveDeadline());
            }
            return;
        }
        new CancelScope().run(() -> Trio.openNursery(n -> n.startSoon(() -> level(remaining - 1, lot, record))));
    }

    /** Nests {@code depth} scopes in the current task; the innermost cancels the outermost and checkpoints. */
    private static void nest(int depth, CancelScope outermost, int[] reached) throws Exception {
        if (depth == 0) {
            reached[0]++;
            assertEquals(Double.POSITIVE_INFINITY, Trio.currentEffectiveDeadline());
            outermost.setDeadline(1e9);
            assertEquals(1e9, Trio.currentEffectiveDeadline());
            outermost.cancel("deep");
            assertEquals(Double.NEGATIVE_INFINITY, Trio.currentEffectiveDeadline());
            Trio.checkpoint();
            throw new AssertionError("unreachable");
        }
        new CancelScope().run(() -> nest(depth - 1, outermost, reached));
    }

    /**
     * Nesting inside one task is limited by the Java stack, not by Trio: each level is a few Java
     * frames (the body lambda, CancelScope.run, ScopeState.run), and a virtual thread's stack is
     * bounded like a platform thread's (-Xss): roughly 1,500 to 2,800 levels with the default
     * stack (interpreted frames are bigger than compiled ones), so 1,000 stays well clear of it.
     */
    @Test
    void thousandNestedScopesInOneTask() throws Exception {
        int[] reached = {0};
        Trio.run(() -> Trio.openNursery(n -> n.startSoon(() -> {
            CancelScope outermost = new CancelScope();
            outermost.run(() -> nest(1_000, outermost, reached));
            assertTrue(outermost.cancelledCaught());
        })));
        assertEquals(1, reached[0]);
    }

    // ---------------------------------------------------------------- many tasks

    @Test
    void hundredThousandTasksInOneNursery() throws Exception {
        int count = 100_000;
        int[] firstSteps = {0};
        int[] secondSteps = {0};
        Trio.run(() -> {
            int base = Lowlevel.currentStatistics().tasksLiving();
            Trio.openNursery(n -> {
                for (int i = 0; i < count; i++) {
                    n.startSoon(() -> {
                        firstSteps[0]++;
                        Trio.checkpoint();
                        // batches: every task made its first step before any makes its second
                        assertEquals(count, firstSteps[0]);
                        secondSteps[0]++;
                    });
                }
                assertEquals(count, n.childTasks().size());
            });
            assertEquals(base, Lowlevel.currentStatistics().tasksLiving());
        });
        assertEquals(count, firstSteps[0]);
        assertEquals(count, secondSteps[0]);
    }

    // ---------------------------------------------------------------- cancel storm

    /** The live scopes of one worker's current episode, outermost first (null between episodes). */
    private static final class Slot {
        CancelScope[] scopes;
    }

    private static List<String> storm(long seed) throws Exception {
        int workers = 300;
        int levels = 3;
        int rounds = 3_000;
        List<String> log = new ArrayList<>();
        List<String> violations = new ArrayList<>();
        MockClock clock = new MockClock();
        Slot[] slots = new Slot[workers];
        boolean[] stop = {false};
        Trio.run(RunOptions.defaults().withClock(clock), () -> {
            Trio.openNursery(n -> {
                for (int w = 0; w < workers; w++) {
                    Slot slot = slots[w] = new Slot();
                    int worker = w;
                    n.startSoon("worker" + w, () -> {
                        for (int episode = 0; !stop[0]; episode++) {
                            CancelScope[] scopes = new CancelScope[levels];
                            for (int l = 0; l < levels; l++) {
                                scopes[l] = new CancelScope();
                            }
                            slot.scopes = scopes;
                            scopes[0].run(() -> scopes[1].run(() -> scopes[2].run(Trio::sleepForever)));
                            slot.scopes = null;
                            // the body only ends by Cancelled, and exactly one scope caught it
                            int catcher = -1;
                            for (int l = 0; l < levels; l++) {
                                if (scopes[l].cancelledCaught()) {
                                    if (catcher >= 0) {
                                        violations.add("two catchers in worker " + worker);
                                    }
                                    catcher = l;
                                }
                            }
                            if (catcher < 0 || !scopes[catcher].cancelCalled()) {
                                violations.add("bad catcher " + catcher + " in worker " + worker);
                                continue;
                            }
                            log.add(worker + "/" + episode + ":" + catcher + ":" + Trio.currentTime());
                        }
                    });
                }
                Random random = new Random(seed);
                for (int round = 0; round < rounds; round++) {
                    Slot slot = slots[random.nextInt(workers)];
                    int level = random.nextInt(levels);
                    int action = random.nextInt(5);
                    if (slot.scopes != null) {
                        CancelScope scope = slot.scopes[level];
                        switch (action) {
                            case 0 -> scope.cancel("round " + round);
                            case 1 -> scope.setShield(!scope.shield());
                            case 2 -> scope.setDeadline(Trio.currentTime());
                            case 3 -> scope.setDeadline(Trio.currentTime() + random.nextInt(3));
                            default -> clock.jump(1);
                        }
                    }
                    Trio.checkpoint();
                }
                stop[0] = true;
                for (Slot slot : slots) {
                    if (slot.scopes != null) {
                        for (CancelScope scope : slot.scopes) {
                            scope.setShield(false);
                        }
                    }
                }
                n.cancelScope().cancel();
            });
        });
        assertEquals(List.of(), violations);
        return log;
    }

    @Test
    void cancelStormIsConsistentAndReproducible() throws Exception {
        List<String> first = storm(42);
        assertTrue(first.size() > 500, "episodes: " + first.size());
        assertEquals(first, storm(42), "FIFO scheduling makes the storm reproducible");
    }

    // ---------------------------------------------------------------- threads

    @Test
    void noTaskThreadOutlivesTheRun() throws Exception {
        List<Thread> threads = Collections.synchronizedList(new ArrayList<>());
        Runnable grab = () -> threads.add(Thread.currentThread());
        Trio.run(() -> {
            grab.run();
            Lowlevel.spawnSystemTask("sys", () -> {
                grab.run();
                Trio.sleepForever();
            });
            assertThrows(ExceptionGroup.class, () -> Trio.openNursery(n -> {
                for (int i = 0; i < 1000; i++) {
                    n.startSoon(() -> {
                        grab.run();
                        Trio.sleepForever();
                    });
                }
                n.start(status -> {
                    grab.run();
                    status.started();
                    Trio.sleepForever();
                });
                n.startSoon(() -> {
                    grab.run();
                    Trio.checkpoint();
                    throw new IllegalStateException("crash");
                });
            }));
        });
        assertEquals(1 + 1 + 1000 + 1 + 1, threads.size());
        for (Thread thread : threads) {
            assertTrue(thread.isVirtual() || thread == Thread.currentThread(), thread.toString());
            if (thread.isVirtual()) {
                assertFalse(thread.isAlive(), thread + " is still alive after Trio.run returned");
            }
        }
    }

    @Test
    void noTaskThreadOutlivesAFailedRun() {
        List<Thread> threads = Collections.synchronizedList(new ArrayList<>());
        assertThrows(TrioInternalError.class, () -> Trio.run(() -> {
            threads.add(Thread.currentThread());
            Trio.openNursery(n -> {
                for (int i = 0; i < 100; i++) {
                    n.startSoon(() -> {
                        threads.add(Thread.currentThread());
                        Trio.sleepForever();
                    });
                }
                Lowlevel.spawnSystemTask("crasher", () -> {
                    threads.add(Thread.currentThread());
                    throw new IllegalStateException("system crash");
                });
            });
        }));
        assertEquals(102, threads.size());
        for (Thread thread : threads) {
            assertFalse(thread.isAlive(), thread + " is still alive after Trio.run returned");
        }
    }

    @Test
    void manyShortRunsInARow() throws Exception {
        for (int i = 0; i < 500; i++) {
            int value = i;
            assertEquals(value, Trio.run(() -> {
                Trio.openNursery(n -> n.startSoon(Trio::checkpoint));
                return value;
            }));
        }
    }

    @Test
    void cancellationReasonsSurviveTheStormOfDeadlines() throws Exception {
        MockClock clock = TestSupport.autojumpClock();
        List<CancelReason> reasons = new ArrayList<>();
        Trio.run(RunOptions.defaults().withClock(clock), () -> Trio.openNursery(n -> {
            for (int i = 0; i < 1000; i++) {
                double seconds = 1 + (i % 10);
                n.startSoon(() -> {
                    CancelScope scope = Trio.moveOnAfter(seconds, () -> {
                        try {
                            Trio.sleepForever();
                        } catch (Cancelled c) {
                            reasons.add(c.source());
                            throw c;
                        }
                    });
                    assertTrue(scope.cancelledCaught());
                    assertEquals(seconds, Trio.currentTime());
                });
            }
        }));
        assertEquals(1000, reasons.size());
        assertTrue(reasons.stream().allMatch(r -> r == CancelReason.DEADLINE));
    }

    @Test
    void nurseriesNestedInManyTasks() throws Exception {
        int[] leaves = {0};
        Trio.run(() -> Trio.openNursery(n -> spawnTree(n, 0, leaves)));
        assertEquals(1 << 12, leaves[0]);
    }

    private static void spawnTree(Nursery n, int depth, int[] leaves) {
        if (depth == 12) {
            leaves[0]++;
            return;
        }
        for (int i = 0; i < 2; i++) {
            n.startSoon(() -> Trio.openNursery(child -> {
                Trio.checkpoint();
                spawnTree(child, depth + 1, leaves);
            }));
        }
    }
}
