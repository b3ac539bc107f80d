package org.triojava.core;

import static org.junit.jupiter.api.Assertions.*;
import static org.triojava.core.TestSupport.assertCheckpoints;
import static org.triojava.core.TestSupport.assertNoCheckpoints;
import static org.triojava.core.TestSupport.waitAllTasksBlocked;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.triojava.CancelScope;
import org.triojava.Cancelled;
import org.triojava.Trio;
import org.triojava.lowlevel.Lowlevel;
import org.triojava.lowlevel.Task;
import org.triojava.sync.Condition;
import org.triojava.sync.ConditionStatistics;
import org.triojava.sync.Lock;
import org.triojava.sync.LockStatistics;

/** SY6: {@link Condition} (Trio's {@code test_Condition}); Trio's wait/notify/notify_all are await/signal/signalAll. */
class ConditionTest {

    @Test
    void theLockIsSharedAndMustBeAPlainLock() throws Exception {
        assertEquals("lock must not be null",
                assertThrows(NullPointerException.class, () -> new Condition(null)).getMessage());
        Trio.run(() -> {
            Lock lock = new Lock();
            Condition c = new Condition(lock);
            assertSame(lock, c.lock());
            assertFalse(lock.locked());
            assertFalse(c.locked());
            assertCheckpoints(c::acquire);
            assertTrue(lock.locked());
            assertTrue(c.locked());
            lock.release();
            assertFalse(c.locked());

            Condition own = new Condition();
            assertFalse(own.locked());
            assertNoCheckpoints(own::acquireNowait);
            assertTrue(own.locked());
            assertThrows(IllegalStateException.class, own::acquireNowait);
            assertNoCheckpoints(own::release);
            assertFalse(own.lock().locked());
        });
    }

    @Test
    void awaitAndSignalRequireHoldingTheLock() throws Exception {
        Trio.run(() -> {
            Condition c = new Condition();
            assertEquals("must hold the lock to wait", assertThrows(IllegalStateException.class, c::await).getMessage());
            assertEquals("must hold the lock to notify",
                    assertThrows(IllegalStateException.class, c::signal).getMessage());
            assertEquals("must hold the lock to notify",
                    assertThrows(IllegalStateException.class, () -> c.signal(2)).getMessage());
            assertEquals("must hold the lock to notify",
                    assertThrows(IllegalStateException.class, c::signalAll).getMessage());
            // held by someone else is the same as not held
            Trio.openNursery(n -> {
                n.startSoon(() -> c.lock().withLock(() -> {
                    Trio.sleepForever();
                    return null;
                }));
                waitAllTasksBlocked();
                assertThrows(IllegalStateException.class, c::await);
                assertThrows(IllegalStateException.class, c::signal);
                assertThrows(IllegalStateException.class, c::signalAll);
                n.cancelScope().cancel();
            });
        });
    }

    @Test
    void signalWakesOneSignalAllWakesTheRestInOrder() throws Exception {
        List<String> log = new ArrayList<>();
        Trio.run(() -> {
            Condition c = new Condition();
            Trio.openNursery(n -> {
                for (int i = 0; i < 3; i++) {
                    int id = i;
                    n.startSoon(() -> c.lock().withLock(() -> {
                        c.await();
                        assertTrue(c.locked(), "await returns holding the lock");
                        log.add("finished " + id);
                        return null;
                    }));
                    waitAllTasksBlocked();
                }
                assertEquals(new ConditionStatistics(3, new LockStatistics(false, null, 0)), c.statistics());
                c.acquire();
                assertNoCheckpoints(c::signal);
                c.release();
                waitAllTasksBlocked();
                assertEquals(List.of("finished 0"), log);
                c.acquire();
                assertNoCheckpoints(c::signalAll);
                c.release();
                waitAllTasksBlocked();
            });
        });
        assertEquals(List.of("finished 0", "finished 1", "finished 2"), log);
    }

    @Test
    void signalNMovesNWaitersOntoTheLocksQueue() throws Exception {
        List<String> log = new ArrayList<>();
        Trio.run(() -> {
            Condition c = new Condition();
            Task[] waiters = new Task[3];
            Trio.openNursery(n -> {
                for (int i = 0; i < 3; i++) {
                    int id = i;
                    n.startSoon(() -> {
                        waiters[id] = Lowlevel.currentTask();
                        c.lock().withLock(() -> {
                            c.await();
                            log.add("finished " + id);
                            return null;
                        });
                    });
                    waitAllTasksBlocked();
                }
                c.acquire();
                c.signal(2);
                assertEquals(new ConditionStatistics(1, new LockStatistics(true, Lowlevel.currentTask(), 2)),
                        c.statistics());
                c.release();
                // releasing hands the lock to the first signalled waiter
                assertEquals(new LockStatistics(true, waiters[0], 1), c.statistics().lockStatistics());
                waitAllTasksBlocked();
                assertEquals(List.of("finished 0", "finished 1"), log);
                c.acquire();
                c.signal(0);
                assertEquals(1, c.statistics().tasksWaiting(), "signal(0) wakes nobody");
                c.signal(10);
                assertEquals(0, c.statistics().tasksWaiting(), "signal(n) with fewer waiters wakes them all");
                c.release();
            });
        });
        assertEquals(List.of("finished 0", "finished 1", "finished 2"), log);
    }

    @Test
    void signalledWaitersQueueBehindTasksAlreadyWaitingForTheLock() throws Exception {
        List<String> log = new ArrayList<>();
        Trio.run(() -> {
            Condition c = new Condition();
            Trio.openNursery(n -> {
                n.startSoon(() -> c.lock().withLock(() -> {
                    c.await();
                    log.add("signalled waiter");
                    return null;
                }));
                waitAllTasksBlocked();
                c.acquire();
                n.startSoon(() -> c.lock().withLock(() -> log.add("plain acquirer")));
                waitAllTasksBlocked();
                c.signal();
                assertEquals(2, c.statistics().lockStatistics().tasksWaiting());
                c.release();
            });
        });
        assertEquals(List.of("plain acquirer", "signalled waiter"), log);
    }

    @Test
    void aPreCancelledAwaitStillReturnsHoldingTheLock() throws Exception {
        Trio.run(() -> {
            Condition c = new Condition();
            CancelScope scope = new CancelScope();
            boolean[] heldInFinally = {false};
            scope.run(() -> c.lock().withLock(() -> {
                scope.cancel();
                try {
                    c.await();
                } finally {
                    heldInFinally[0] = c.statistics().lockStatistics().owner() == Lowlevel.currentTask();
                }
                return null;
            }));
            assertTrue(scope.cancelledCaught());
            assertTrue(heldInFinally[0], "after being cancelled the waiter still holds the lock");
            assertFalse(c.locked(), "and withLock released it on the way out");
            assertEquals(0, c.statistics().tasksWaiting());
        });
    }

    @Test
    void aCancelledAwaitReacquiresTheLockShieldedBeforeRaising() throws Exception {
        List<String> log = new ArrayList<>();
        Trio.run(() -> {
            Condition c = new Condition();
            CancelScope scope = new CancelScope();
            Task[] waiter = new Task[1];
            Trio.openNursery(n -> {
                n.startSoon(() -> {
                    waiter[0] = Lowlevel.currentTask();
                    scope.run(() -> {
                        c.acquire();
                        try {
                            c.await();
                            log.add("await returned?!");
                        } catch (Cancelled e) {
                            log.add("cancelled, owner is me: " + (c.statistics().lockStatistics().owner() == waiter[0]));
                            throw e;
                        } finally {
                            c.release();
                        }
                    });
                });
                waitAllTasksBlocked();
                c.acquire();
                log.add("main holds the lock");
                scope.cancel();
                assertEquals(new ConditionStatistics(0, new LockStatistics(true, Lowlevel.currentTask(), 0)),
                        c.statistics(), "the waiter left the condition's queue at once");
                waitAllTasksBlocked();
                assertEquals(new ConditionStatistics(0, new LockStatistics(true, Lowlevel.currentTask(), 1)),
                        c.statistics(), "and now waits, shielded, for the lock");
                log.add("main releases");
                c.release();
                assertEquals(waiter[0], c.statistics().lockStatistics().owner());
            });
            assertTrue(scope.cancelledCaught());
            assertFalse(c.locked());
        });
        assertEquals(List.of("main holds the lock", "main releases", "cancelled, owner is me: true"), log);
    }

    @Test
    void aWaiterCancelledAfterBeingSignalledStillEndsUpHoldingTheLock() throws Exception {
        List<String> log = new ArrayList<>();
        Trio.run(() -> {
            Condition c = new Condition();
            CancelScope scope = new CancelScope();
            Trio.openNursery(n -> {
                n.startSoon(() -> {
                    scope.run(() -> c.lock().withLock(() -> {
                        try {
                            c.await();
                            log.add("await returned");
                        } catch (Cancelled e) {
                            log.add("cancelled holding the lock: " + c.locked());
                            throw e;
                        }
                        return null;
                    }));
                });
                waitAllTasksBlocked();
                c.acquire();
                c.signal();
                assertEquals(1, c.statistics().lockStatistics().tasksWaiting());
                scope.cancel(); // it is parked in the lock's queue now
                waitAllTasksBlocked();
                assertEquals(1, c.statistics().lockStatistics().tasksWaiting(), "re-queued for the lock, shielded");
                c.release();
            });
            assertFalse(c.locked());
        });
        assertEquals(List.of("cancelled holding the lock: true"), log);
    }

    @Test
    void aSignalledWaiterWhoseLockOwnerExitsHoldingItGetsBrokenResourceError() throws Exception {
        // the waiter sits in the lock's queue when its owner exits; its shielded re-acquire then
        // reports the broken lock (Trio: the bare except in Condition.wait re-acquires, which raises)
        List<String> log = new ArrayList<>();
        Trio.run(() -> {
            Condition c = new Condition();
            Task[] owner = new Task[1];
            Trio.openNursery(n -> {
                n.startSoon(() -> {
                    c.acquire();
                    try {
                        c.await();
                        log.add("await returned?!");
                    } catch (org.triojava.BrokenResourceError e) {
                        log.add(e.getMessage());
                    }
                });
                waitAllTasksBlocked();
                n.startSoon(() -> {
                    owner[0] = Lowlevel.currentTask();
                    c.acquire();
                    c.signal();
                    // exits holding the lock
                });
            });
            assertEquals(List.of("Owner of this lock exited without releasing: " + owner[0]), log);
            assertEquals(0, c.statistics().tasksWaiting());
        });
    }

    @Test
    void awaitIsACheckpointAndSignalIsNot() throws Exception {
        Trio.run(() -> {
            Condition c = new Condition();
            Trio.openNursery(n -> {
                n.startSoon(() -> c.lock().withLock(() -> {
                    assertCheckpoints(c::await);
                    return null;
                }));
                waitAllTasksBlocked();
                c.acquire();
                assertNoCheckpoints(() -> c.signal(1));
                c.release();
            });
        });
    }

    @Test
    void waitersAreServedInTheOrderTheyStartedWaitingAcrossManyRounds() throws Exception {
        List<Integer> log = new ArrayList<>();
        Trio.run(() -> {
            Condition c = new Condition();
            int[] turn = {0};
            Trio.openNursery(n -> {
                for (int i = 0; i < 4; i++) {
                    int id = i;
                    n.startSoon(() -> c.lock().withLock(() -> {
                        for (int round = 0; round < 3; round++) {
                            c.await();
                            log.add(id);
                        }
                        return null;
                    }));
                }
                waitAllTasksBlocked();
                for (int k = 0; k < 12; k++) {
                    c.acquire();
                    c.signal();
                    c.release();
                    waitAllTasksBlocked();
                    turn[0]++;
                }
            });
        });
        assertEquals(List.of(0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3), log);
    }
}
