package org.triojava.core;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.triojava.BrokenResourceError;
import org.triojava.CancelScope;
import org.triojava.Trio;
import org.triojava.WouldBlock;
import org.triojava.sync.CapacityLimiter;
import org.triojava.sync.Condition;
import org.triojava.sync.Event;
import org.triojava.sync.Lock;
import org.triojava.sync.Semaphore;
import org.triojava.sync.StrictFifoLock;
import org.triojava.testing.Testing;

class SyncPrimitivesTest {

    @Test
    void eventWakesAllWaitersAndWaitOnASetEventIsACheckpoint() throws Exception {
        List<String> log = new ArrayList<>();
        Trio.run(() -> {
            Event event = new Event();
            Trio.openNursery(n -> {
                for (String name : List.of("a", "b")) {
                    n.startSoon(() -> { event.await(); log.add(name); });
                }
                Testing.waitAllTasksBlocked();
                assertEquals(2, event.statistics().tasksWaiting());
                event.set();
                event.set();
            });
            assertTrue(event.isSet());
            Testing.assertCheckpoints(event::await);
        });
        assertEquals(List.of("a", "b"), log);
    }

    @Test
    void lockIsFairOwnedAndBreaksWhenItsOwnerExits() throws Exception {
        List<String> log = new ArrayList<>();
        Trio.run(() -> {
            Lock lock = new Lock();
            Testing.assertCheckpoints(lock::acquire);
            assertThrows(IllegalStateException.class, lock::acquire);
            Trio.openNursery(n -> {
                for (String name : List.of("a", "b", "c")) {
                    n.startSoon(() -> lock.withLock(() -> log.add(name)));
                }
                Testing.waitAllTasksBlocked();
                assertEquals(3, lock.statistics().tasksWaiting());
                lock.release();
            });
            assertFalse(lock.locked());
            Trio.openNursery(n -> {
                n.startSoon(lock::acquire);
                Testing.waitAllTasksBlocked();
                assertThrows(WouldBlock.class, lock::acquireNowait); // held by a task that exited: broken
            });

            StrictFifoLock abandoned = new StrictFifoLock();
            Trio.openNursery(n -> n.startSoon(abandoned::acquire));
            BrokenResourceError error = assertThrows(BrokenResourceError.class, abandoned::acquire);
            assertTrue(error.getMessage().startsWith("Owner of this lock exited without releasing"), error.getMessage());
            assertThrows(IllegalStateException.class, new Lock()::release);
        });
        assertEquals(List.of("a", "b", "c"), log);
    }

    @Test
    void cancelledAcquireDidNotAcquire() throws Exception {
        Trio.run(() -> {
            Semaphore semaphore = new Semaphore(0, 1);
            CancelScope scope = Trio.moveOnAfter(0.01, semaphore::acquire);
            assertTrue(scope.cancelledCaught());
            assertEquals(0, semaphore.statistics().tasksWaiting());
            semaphore.release();
            assertEquals(1, semaphore.value());
            assertEquals("semaphore released too many times",
                    assertThrows(IllegalArgumentException.class, semaphore::release).getMessage());
            semaphore.acquireNowait();
            assertThrows(WouldBlock.class, semaphore::acquireNowait);
        });
        assertThrows(IllegalArgumentException.class, () -> new Semaphore(-1));
        assertThrows(IllegalArgumentException.class, () -> new Semaphore(2, 1));
    }

    @Test
    void capacityLimiterHandsTokensInOrderAndAcceptsZeroAndInfinity() throws Exception {
        List<String> log = new ArrayList<>();
        Trio.run(() -> {
            CapacityLimiter limiter = new CapacityLimiter(0);
            Trio.openNursery(n -> {
                for (String name : List.of("a", "b")) {
                    n.startSoon(() -> limiter.withToken(() -> log.add(name + " in")));
                }
                Testing.waitAllTasksBlocked();
                assertEquals(2, limiter.statistics().tasksWaiting());
                limiter.setTotalTokens(Double.POSITIVE_INFINITY);
            });
            limiter.setTotalTokens(1);
            Object borrower = "me";
            limiter.acquireOnBehalfOfNowait(borrower);
            assertThrows(IllegalStateException.class, () -> limiter.acquireOnBehalfOfNowait(borrower));
            assertThrows(WouldBlock.class, limiter::acquireNowait);
            assertEquals(List.of(borrower), limiter.statistics().borrowers());
            limiter.releaseOnBehalfOf(borrower);
            assertThrows(IllegalStateException.class, () -> limiter.releaseOnBehalfOf(borrower));
        });
        assertEquals(List.of("a in", "b in"), log);
        assertThrows(IllegalArgumentException.class, () -> new CapacityLimiter(1.5));
        assertThrows(IllegalArgumentException.class, () -> new CapacityLimiter(-1));
    }

    @Test
    void conditionSignalsInOrderAndCancelledWaitStillHoldsTheLock() throws Exception {
        List<String> log = new ArrayList<>();
        Trio.run(() -> {
            Condition condition = new Condition();
            assertThrows(IllegalStateException.class, condition::await);
            Trio.openNursery(n -> {
                for (String name : List.of("a", "b")) {
                    n.startSoon(() -> {
                        condition.acquire();
                        condition.await();
                        log.add(name);
                        condition.release();
                    });
                }
                Testing.waitAllTasksBlocked();
                condition.acquire();
                assertEquals(2, condition.statistics().tasksWaiting());
                condition.signalAll();
                condition.release();
            });
            condition.acquire();
            CancelScope scope = new CancelScope();
            scope.run(() -> {
                scope.cancel();
                condition.await();
            });
            assertTrue(scope.cancelledCaught());
            assertTrue(condition.locked(), "a cancelled wait re-acquires the lock");
            condition.release();
        });
        assertEquals(List.of("a", "b"), log);
    }
}
