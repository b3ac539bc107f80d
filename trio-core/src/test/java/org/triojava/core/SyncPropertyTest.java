package org.triojava.core;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.triojava.CancelScope;
import org.triojava.Nursery;
import org.triojava.RunOptions;
import org.triojava.Trio;
import org.triojava.TrioRunnable;
import org.triojava.lowlevel.Lowlevel;
import org.triojava.lowlevel.Task;
import org.triojava.sync.CapacityLimiter;
import org.triojava.sync.CapacityLimiterStatistics;
import org.triojava.sync.Condition;
import org.triojava.sync.Lock;
import org.triojava.sync.LockStatistics;
import org.triojava.sync.Semaphore;
import org.triojava.sync.StrictFifoLock;
import org.triojava.testing.MockClock;

/**
 * "A cancelled acquire did not acquire", checked at random: tasks acquire and release
 * semaphores, limiters, locks and a condition while their acquires are cancelled at random
 * moments (before they start, by deadlines on an autojumping clock, and by other tasks after a
 * random number of checkpoints). After every acquire the primitive's own statistics must agree
 * with what the task believes it holds, and at the end everything must be back where it started.
 * Seeded: a failure names its seed ({@code -Dtrio.syncPropertySeed=<seed>} replays it).
 */
class SyncPropertyTest {
    static final long SEED = Long.getLong("trio.syncPropertySeed", 0x5EED_2026_0005L);
    static final int RUNS = 12;
    static final int TASKS = 10;
    static final int OPS = 300;

    /** Runs {@code op} in a scope that may get cancelled; returns whether it completed. */
    private static boolean maybeCancelled(Nursery n, Random random, TrioRunnable op) throws Exception {
        CancelScope scope;
        switch (random.nextInt(8)) {
            case 0 -> {
                scope = new CancelScope();
                scope.cancel();
            }
            case 1 -> scope = CancelScope.withRelativeDeadline(random.nextInt(5) * 1e-3);
            case 2, 3 -> {
                CancelScope target = new CancelScope();
                int delay = random.nextInt(4);
                n.startSoon(() -> {
                    for (int i = 0; i < delay; i++) {
                        Trio.checkpoint();
                    }
                    target.cancel();
                });
                scope = target;
            }
            default -> {
                op.run();
                return true;
            }
        }
        boolean[] done = {false};
        scope.run(() -> {
            op.run();
            done[0] = true;
        });
        assertEquals(!done[0], scope.cancelledCaught(), "completed xor cancelled");
        return done[0];
    }

    private interface World {
        void body(Random random, long seed) throws Exception;
    }

    private static void run(World world) {
        for (int i = 0; i < RUNS; i++) {
            long seed = SEED + i;
            MockClock clock = new MockClock();
            clock.setAutojumpThreshold(0);
            try {
                Trio.run(RunOptions.defaults().withClock(clock).withSchedulingSeed(seed),
                        () -> world.body(new Random(seed), seed));
            } catch (Throwable t) {
                throw new AssertionError("seed " + seed + " (replay with -Dtrio.syncPropertySeed=" + seed
                        + " and look at run 0): " + t, t);
            }
        }
    }

    @Test
    void semaphoreUnitsAreNeverLostOrDuplicated() {
        int[] acquired = {0};
        int[] cancelled = {0};
        run((random, seed) -> {
            Semaphore semaphore = new Semaphore(3, 3);
            int[] held = {0};
            Trio.openNursery(n -> {
                for (int t = 0; t < TASKS; t++) {
                    n.startSoon(() -> {
                        for (int k = 0; k < OPS; k++) {
                            if (maybeCancelled(n, random, semaphore::acquire)) {
                                acquired[0]++;
                                held[0]++;
                                assertTrue(held[0] <= 3, "more units out than exist, seed " + seed);
                                // units handed to woken waiters that have not run yet are in neither count
                                assertTrue(semaphore.value() <= 3 - held[0], "seed " + seed);
                                if (random.nextBoolean()) {
                                    Trio.checkpoint();
                                }
                                held[0]--;
                                semaphore.release();
                            } else {
                                cancelled[0]++;
                            }
                        }
                    });
                }
            });
            assertEquals(3, semaphore.value(), "seed " + seed);
            assertEquals(0, semaphore.statistics().tasksWaiting(), "seed " + seed);
        });
        assertTrue(acquired[0] > 0 && cancelled[0] > 0, acquired[0] + " acquired, " + cancelled[0] + " cancelled");
    }

    @Test
    void capacityLimiterTokensAreNeverLostOrDuplicated() {
        int[] acquired = {0};
        int[] cancelled = {0};
        run((random, seed) -> {
            CapacityLimiter limiter = new CapacityLimiter(3);
            Trio.openNursery(n -> {
                for (int t = 0; t < TASKS; t++) {
                    n.startSoon(() -> {
                        Task me = Lowlevel.currentTask();
                        for (int k = 0; k < OPS; k++) {
                            if (maybeCancelled(n, random, limiter::acquire)) {
                                acquired[0]++;
                                assertTrue(limiter.statistics().borrowers().contains(me), "seed " + seed);
                                assertTrue(limiter.borrowedTokens() <= 4, "never more than the largest total, seed " + seed);
                                if (random.nextBoolean()) {
                                    Trio.checkpoint();
                                }
                                limiter.release();
                            } else {
                                cancelled[0]++;
                                assertFalse(limiter.statistics().borrowers().contains(me),
                                        "a cancelled acquire left a token behind, seed " + seed);
                            }
                            if (random.nextInt(50) == 0) {
                                limiter.setTotalTokens(1 + random.nextInt(4)); // raising wakes, lowering revokes nothing
                            }
                        }
                    });
                }
            });
            assertEquals(new CapacityLimiterStatistics(0, limiter.totalTokens(), java.util.List.of(), 0),
                    limiter.statistics(), "seed " + seed);
        });
        assertTrue(acquired[0] > 0 && cancelled[0] > 0, acquired[0] + " acquired, " + cancelled[0] + " cancelled");
    }

    @Test
    void locksAreExclusiveAndACancelledAcquireNeverOwnsTheLock() {
        int[] cancelled = {0};
        for (boolean strict : new boolean[] {false, true}) {
            run((random, seed) -> {
                Lock lock = new Lock();
                StrictFifoLock fifo = new StrictFifoLock();
                Task[] inside = {null};
                Trio.openNursery(n -> {
                    for (int t = 0; t < TASKS; t++) {
                        n.startSoon(() -> {
                            Task me = Lowlevel.currentTask();
                            for (int k = 0; k < OPS; k++) {
                                TrioRunnable acquire = strict ? fifo::acquire : lock::acquire;
                                if (maybeCancelled(n, random, acquire)) {
                                    LockStatistics stats = strict ? fifo.statistics() : lock.statistics();
                                    assertSame(me, stats.owner(), "seed " + seed);
                                    assertNull(inside[0], "two owners, seed " + seed);
                                    inside[0] = me;
                                    if (random.nextBoolean()) {
                                        Trio.checkpoint();
                                    }
                                    inside[0] = null;
                                    if (strict) {
                                        fifo.release();
                                    } else {
                                        lock.release();
                                    }
                                } else {
                                    cancelled[0]++;
                                    LockStatistics stats = strict ? fifo.statistics() : lock.statistics();
                                    assertNotSame(me, stats.owner(), "a cancelled acquire owns the lock, seed " + seed);
                                }
                            }
                        });
                    }
                });
                LockStatistics stats = strict ? fifo.statistics() : lock.statistics();
                assertEquals(new LockStatistics(false, null, 0), stats, "seed " + seed);
            });
        }
        assertTrue(cancelled[0] > 0);
    }

    @Test
    void aConditionWaiterAlwaysHoldsTheLockWhenAwaitEndsHoweverItEnds() {
        int[] woken = {0};
        int[] cancelled = {0};
        run((random, seed) -> {
            Condition condition = new Condition();
            boolean[] done = {false};
            Trio.openNursery(n -> {
                Trio.openNursery(waiters -> {
                    for (int t = 0; t < TASKS; t++) {
                        waiters.startSoon(() -> {
                            Task me = Lowlevel.currentTask();
                            for (int k = 0; k < OPS / 10; k++) {
                                condition.acquire();
                                try {
                                    if (maybeCancelled(n, random, condition::await)) {
                                        woken[0]++;
                                    } else {
                                        cancelled[0]++;
                                    }
                                    assertSame(me, condition.statistics().lockStatistics().owner(), "seed " + seed);
                                } finally {
                                    condition.release();
                                }
                            }
                        });
                    }
                    n.startSoon(() -> {
                        while (!done[0]) {
                            condition.acquire();
                            if (random.nextInt(4) == 0) {
                                condition.signalAll();
                            } else {
                                condition.signal(1 + random.nextInt(3));
                            }
                            condition.release();
                            Trio.sleep(random.nextInt(3) * 1e-3);
                        }
                    });
                });
                done[0] = true;
            });
            assertEquals(0, condition.statistics().tasksWaiting(), "seed " + seed);
            assertFalse(condition.locked(), "seed " + seed);
        });
        assertTrue(woken[0] > 0 && cancelled[0] > 0, woken[0] + " woken, " + cancelled[0] + " cancelled");
    }
}
