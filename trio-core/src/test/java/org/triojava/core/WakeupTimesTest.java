package org.triojava.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.triojava.core.TestSupport.autojump;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.triojava.BrokenResourceError;
import org.triojava.CancelScope;
import org.triojava.EndOfChannel;
import org.triojava.Nursery;
import org.triojava.Trio;
import org.triojava.TrioRunnable;
import org.triojava.channel.MemoryChannel;
import org.triojava.lowlevel.ParkingLot;
import org.triojava.sync.CapacityLimiter;
import org.triojava.sync.Condition;
import org.triojava.sync.Event;
import org.triojava.sync.Lock;
import org.triojava.sync.Semaphore;

/**
 * When each waiter of each primitive wakes, on an autojumping mock clock (Trio's tests use
 * {@code autojump_clock} the same way). Every waiter gives up after 100 s of mock time, so a lost
 * wake-up shows up as "gave up at 100.0" in a log compared exactly, in real milliseconds, instead
 * of as a hung test; and the parent checks the log before it waits for its children.
 */
class WakeupTimesTest {
    private final List<String> log = new ArrayList<>();

    private static void run(TrioRunnable main) throws Exception {
        Trio.run(autojump(), main);
    }

    /** Starts {@code body} in a task of its own, given 100 s; logs when it ended, and how. */
    private void waiter(Nursery nursery, String name, TrioRunnable body) {
        nursery.startSoon(name, () -> {
            CancelScope limit = CancelScope.withRelativeDeadline(100);
            try {
                limit.run(body);
                log.add(name + (limit.cancelledCaught() ? " gave up at " : " woke at ") + Trio.currentTime());
            } catch (BrokenResourceError | EndOfChannel e) {
                log.add(name + " got " + e.getClass().getSimpleName() + " at " + Trio.currentTime());
            }
        });
    }

    /** Sleeps to mock time {@code t}, then checks the log so far. */
    private void at(double t, String... expected) throws Exception {
        Trio.sleepUntil(t);
        assertEquals(List.of(expected), log, "at " + t);
    }

    @Test
    void parkingLotWakesTheLongestParkedFirstAndMovesTasksBetweenLots() throws Exception {
        run(() -> Trio.openNursery(nursery -> {
            ParkingLot lot = new ParkingLot();
            ParkingLot other = new ParkingLot();
            for (int i = 0; i < 5; i++) {
                waiter(nursery, "p" + i, lot::park);
            }
            at(1);
            assertEquals(5, lot.size());
            assertEquals(List.of("p0"), lot.unpark().stream().map(t -> t.name()).toList());
            at(2, "p0 woke at 1.0");
            assertEquals(2, lot.unpark(2).size());
            at(3, "p0 woke at 1.0", "p1 woke at 2.0", "p2 woke at 2.0");
            lot.repark(other, 1); // p3 moves; p4 stays
            assertEquals(1, lot.size());
            assertEquals(1, other.size());
            assertEquals(List.of(), lot.unpark(0));
            other.unparkAll();
            at(4, "p0 woke at 1.0", "p1 woke at 2.0", "p2 woke at 2.0", "p3 woke at 3.0");
            lot.breakLot();
            at(5, "p0 woke at 1.0", "p1 woke at 2.0", "p2 woke at 2.0", "p3 woke at 3.0",
                    "p4 got BrokenResourceError at 4.0");
            assertEquals(0, lot.size());
            assertEquals(List.of(), lot.unparkAll(), "a broken lot wakes nobody");
            assertThrows(BrokenResourceError.class, lot::park);
        }));
    }

    @Test
    void reparkAllMovesEveryTaskInOrder() throws Exception {
        run(() -> Trio.openNursery(nursery -> {
            ParkingLot lot = new ParkingLot();
            ParkingLot other = new ParkingLot();
            waiter(nursery, "a", lot::park);
            waiter(nursery, "b", lot::park);
            at(1);
            lot.reparkAll(other);
            assertEquals(0, lot.size());
            lot.unparkAll();
            at(2);
            other.unpark();
            at(3, "a woke at 2.0");
            other.unpark();
            at(4, "a woke at 2.0", "b woke at 3.0");
        }));
    }

    @Test
    void eventWakesEveryWaiterOnceSetAndLetsLaterWaitersThrough() throws Exception {
        run(() -> Trio.openNursery(nursery -> {
            Event event = new Event();
            waiter(nursery, "a", event::await);
            waiter(nursery, "b", event::await);
            at(1);
            event.set();
            event.set(); // setting again changes nothing
            at(2, "a woke at 1.0", "b woke at 1.0");
            waiter(nursery, "late", event::await);
            at(3, "a woke at 1.0", "b woke at 1.0", "late woke at 2.0");
        }));
    }

    @Test
    void conditionSignalWakesOneWaiterAndSignalAllTheRestEachWithTheLock() throws Exception {
        run(() -> Trio.openNursery(nursery -> {
            Condition condition = new Condition();
            for (String name : new String[] {"a", "b", "c"}) {
                waiter(nursery, name, () -> condition.withLock(() -> {
                    condition.await();
                    Trio.sleep(0.5); // holds the lock: the next woken waiter must wait for it
                }));
            }
            at(1);
            condition.withLock(() -> condition.signal());
            at(2, "a woke at 1.5");
            condition.withLock(() -> condition.signalAll());
            at(4, "a woke at 1.5", "b woke at 2.5", "c woke at 3.0");
        }));
    }

    @Test
    void locksAndSemaphoresHandOverInArrivalOrder() throws Exception {
        run(() -> Trio.openNursery(nursery -> {
            Lock lock = new Lock();
            Semaphore semaphore = new Semaphore(1);
            lock.acquire();
            semaphore.acquire();
            waiter(nursery, "lock a", () -> lock.withLock(() -> Trio.sleep(1)));
            waiter(nursery, "lock b", () -> lock.withLock(() -> Trio.sleep(1)));
            waiter(nursery, "semaphore a", () -> semaphore.withAcquired(() -> {
                Trio.sleep(2);
                return null;
            }));
            waiter(nursery, "semaphore b", () -> semaphore.withAcquired(() -> {
                Trio.sleep(2);
                return null;
            }));
            at(1);
            lock.release();
            semaphore.release();
            at(10, "lock a woke at 2.0", "semaphore a woke at 3.0", "lock b woke at 3.0", "semaphore b woke at 5.0");
        }));
    }

    @Test
    void capacityLimiterWakesWaitersAsTokensComeBackOrTheTotalGrows() throws Exception {
        run(() -> Trio.openNursery(nursery -> {
            CapacityLimiter limiter = new CapacityLimiter(1);
            limiter.acquire();
            for (String name : new String[] {"a", "b", "c"}) {
                waiter(nursery, name, () -> limiter.withToken(() -> {
                    Trio.sleep(10);
                    return null;
                }));
            }
            at(1);
            limiter.release(); // a gets the token
            at(2);
            limiter.setTotalTokens(2); // room for b too; c waits for a token
            at(3);
            assertEquals(2, limiter.borrowedTokens());
            at(20, "a woke at 11.0", "b woke at 12.0");
            at(22, "a woke at 11.0", "b woke at 12.0", "c woke at 21.0");
        }));
    }

    @Test
    void memoryChannelsWakeTheWaitingSideAndCloseWakesEveryone() throws Exception {
        run(() -> Trio.openNursery(nursery -> {
            MemoryChannel<String> channel = MemoryChannel.open(0);
            List<String> received = new ArrayList<>();
            waiter(nursery, "receiver", () -> received.add(channel.receiveChannel().receive()));
            at(1);
            channel.sendChannel().send("one"); // a receiver waits: the rendezvous happens at once
            at(2, "receiver woke at 1.0");
            waiter(nursery, "sender", () -> channel.sendChannel().send("two"));
            at(3, "receiver woke at 1.0");
            assertEquals("two", channel.receiveChannel().receive());
            at(4, "receiver woke at 1.0", "sender woke at 3.0");
            waiter(nursery, "second receiver", () -> received.add(channel.receiveChannel().receive()));
            at(5, "receiver woke at 1.0", "sender woke at 3.0");
            channel.sendChannel().close();
            at(6, "receiver woke at 1.0", "sender woke at 3.0", "second receiver got EndOfChannel at 5.0");
            assertEquals(List.of("one"), received);
            MemoryChannel<String> other = MemoryChannel.open(0);
            waiter(nursery, "blocked sender", () -> other.sendChannel().send("never"));
            at(7, "receiver woke at 1.0", "sender woke at 3.0", "second receiver got EndOfChannel at 5.0");
            other.receiveChannel().close();
            at(8, "receiver woke at 1.0", "sender woke at 3.0", "second receiver got EndOfChannel at 5.0",
                    "blocked sender got BrokenResourceError at 7.0");
        }));
    }

    @Test
    void aSleepAndAParkInsideAnAlreadyCancelledScopeEndAtOnce() throws Exception {
        run(() -> Trio.openNursery(nursery -> {
            CancelScope cancelled = new CancelScope();
            cancelled.cancel();
            waiter(nursery, "sleeper", () -> cancelled.run(() -> Trio.sleep(10)));
            at(1, "sleeper woke at 0.0");
            CancelScope scope = new CancelScope();
            waiter(nursery, "late sleeper", () -> scope.run(() -> Trio.sleep(10)));
            at(2, "sleeper woke at 0.0");
            scope.cancel();
            at(3, "sleeper woke at 0.0", "late sleeper woke at 2.0");
        }));
    }
}
