package org.triojava.core;

import static org.junit.jupiter.api.Assertions.*;
import static org.triojava.core.TestSupport.assertCheckpoints;
import static org.triojava.core.TestSupport.assertGroup;
import static org.triojava.core.TestSupport.assertNoCheckpoints;
import static org.triojava.core.TestSupport.waitAllTasksBlocked;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.triojava.BrokenResourceError;
import org.triojava.CancelScope;
import org.triojava.RunOptions;
import org.triojava.Trio;
import org.triojava.TrioCallable;
import org.triojava.TrioRunnable;
import org.triojava.WouldBlock;
import org.triojava.channel.MemoryChannel;
import org.triojava.channel.MemoryReceiveChannel;
import org.triojava.channel.MemorySendChannel;
import org.triojava.lowlevel.Lowlevel;
import org.triojava.lowlevel.Task;
import org.triojava.sync.CapacityLimiter;
import org.triojava.sync.Lock;
import org.triojava.sync.LockStatistics;
import org.triojava.sync.Semaphore;
import org.triojava.sync.StrictFifoLock;

/**
 * SY3: {@link Lock} and {@link StrictFifoLock} (Trio's {@code test_Lock_and_StrictFIFOLock}, the
 * lock-owner breakage tests of 0.27, and the generic lock tests run over every lock-like object,
 * including the three channel-built locks of Trio's {@code test_sync.py}).
 */
class LockTest {

    /** The two lock classes share an implementation that is not public; the tests see them through this. */
    interface AnyLock {
        void acquire();

        void acquireNowait();

        void release();

        boolean locked();

        LockStatistics statistics();

        <T> T withLock(TrioCallable<T> body) throws Exception;

        String kind();
    }

    static AnyLock wrap(Lock lock) {
        return new AnyLock() {
            public void acquire() { lock.acquire(); }
            public void acquireNowait() { lock.acquireNowait(); }
            public void release() { lock.release(); }
            public boolean locked() { return lock.locked(); }
            public LockStatistics statistics() { return lock.statistics(); }
            public <T> T withLock(TrioCallable<T> body) throws Exception { return lock.withLock(body); }
            public String kind() { return "Lock"; }
            @Override public String toString() { return lock.toString(); }
        };
    }

    static AnyLock wrap(StrictFifoLock lock) {
        return new AnyLock() {
            public void acquire() { lock.acquire(); }
            public void acquireNowait() { lock.acquireNowait(); }
            public void release() { lock.release(); }
            public boolean locked() { return lock.locked(); }
            public LockStatistics statistics() { return lock.statistics(); }
            public <T> T withLock(TrioCallable<T> body) throws Exception { return lock.withLock(body); }
            public String kind() { return "StrictFifoLock"; }
            @Override public String toString() { return lock.toString(); }
        };
    }

    static Stream<Arguments> locks() {
        return Stream.of(
                Arguments.of("Lock", (Supplier<AnyLock>) () -> wrap(new Lock())),
                Arguments.of("StrictFifoLock", (Supplier<AnyLock>) () -> wrap(new StrictFifoLock())));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("locks")
    void basics(String name, Supplier<AnyLock> factory) throws Exception {
        Trio.run(() -> {
            AnyLock lock = factory.get();
            assertFalse(lock.locked());
            assertEquals(name + "[unlocked, waiting=0]", lock.toString());
            assertCheckpoints(() -> lock.withLock(() -> {
                assertTrue(lock.locked());
                assertEquals(name + "[held by " + Lowlevel.currentTask().name() + ", waiting=0]", lock.toString());
                return null;
            }));
            assertFalse(lock.locked());
            assertNoCheckpoints(lock::acquireNowait);
            assertTrue(lock.locked());
            assertNoCheckpoints(lock::release);
            assertFalse(lock.locked());
            assertCheckpoints(lock::acquire);
            assertTrue(lock.locked());
            assertEquals(new LockStatistics(true, Lowlevel.currentTask(), 0), lock.statistics());

            IllegalStateException again = assertThrows(IllegalStateException.class, lock::acquireNowait);
            assertEquals("attempt to re-acquire an already held " + name, again.getMessage());
            IllegalStateException againBlocking = assertThrows(IllegalStateException.class, lock::acquire);
            assertEquals("attempt to re-acquire an already held " + name, againBlocking.getMessage());
            assertTrue(lock.locked(), "a failed re-acquire leaves the lock held");
            lock.release();
            IllegalStateException notOwned = assertThrows(IllegalStateException.class, lock::release);
            assertEquals("can't release a " + name + " you don't own", notOwned.getMessage());
            assertEquals(new LockStatistics(false, null, 0), lock.statistics());
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("locks")
    void anotherHoldersLockCannotBeTakenOrReleased(String name, Supplier<AnyLock> factory) throws Exception {
        Trio.run(() -> {
            AnyLock lock = factory.get();
            Task[] holders = new Task[2];
            Trio.openNursery(n -> {
                for (int i = 0; i < 2; i++) {
                    int id = i;
                    n.startSoon(() -> {
                        holders[id] = Lowlevel.currentTask();
                        lock.withLock(() -> {
                            Trio.sleepForever();
                            return null;
                        });
                    });
                }
                waitAllTasksBlocked();
                assertTrue(lock.locked());
                assertThrows(WouldBlock.class, lock::acquireNowait);
                IllegalStateException e = assertThrows(IllegalStateException.class, lock::release);
                assertEquals("can't release a " + name + " you don't own", e.getMessage());
                assertEquals(new LockStatistics(true, holders[0], 1), lock.statistics());
                n.cancelScope().cancel();
            });
            assertEquals(new LockStatistics(false, null, 0), lock.statistics(),
                    "the holder released on its way out and the cancelled waiter left no trace");
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("locks")
    void releaseHandsTheLockToTheOldestWaiterSoTheReleaserCannotBargeBack(String name, Supplier<AnyLock> factory)
            throws Exception {
        List<String> log = new ArrayList<>();
        Trio.run(() -> {
            AnyLock lock = factory.get();
            lock.acquire();
            Task[] tasks = new Task[3];
            Trio.openNursery(n -> {
                for (int i = 0; i < 3; i++) {
                    int id = i;
                    n.startSoon(() -> {
                        tasks[id] = Lowlevel.currentTask();
                        log.add("wait " + id);
                        lock.acquire();
                        log.add("got " + id);
                        lock.release();
                    });
                }
                waitAllTasksBlocked();
                assertEquals(3, lock.statistics().tasksWaiting());
                lock.release();
                // ownership moved synchronously, before the new owner even ran
                assertEquals(new LockStatistics(true, tasks[0], 2), lock.statistics());
                assertThrows(WouldBlock.class, lock::acquireNowait);
                log.add("main queues");
                lock.acquire();
                log.add("main got it back");
                assertEquals(new LockStatistics(true, Lowlevel.currentTask(), 0), lock.statistics());
                lock.release();
            });
        });
        assertEquals(List.of("wait 0", "wait 1", "wait 2", "main queues", "got 0", "got 1", "got 2",
                "main got it back"), log);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("locks")
    void aCancelledAcquireDidNotAcquire(String name, Supplier<AnyLock> factory) throws Exception {
        List<String> log = new ArrayList<>();
        Trio.run(() -> {
            AnyLock lock = factory.get();
            lock.acquire();
            CancelScope scope = new CancelScope();
            Task[] second = new Task[1];
            Trio.openNursery(n -> {
                n.startSoon(() -> {
                    scope.run(() -> {
                        lock.acquire();
                        log.add("acquired?!");
                    });
                    log.add("cancelled " + scope.cancelledCaught());
                });
                n.startSoon(() -> {
                    second[0] = Lowlevel.currentTask();
                    lock.acquire();
                    log.add("second waiter got it");
                    lock.release();
                });
                waitAllTasksBlocked();
                assertEquals(2, lock.statistics().tasksWaiting());
                scope.cancel();
                assertEquals(1, lock.statistics().tasksWaiting());
                waitAllTasksBlocked();
                lock.release();
                assertEquals(new LockStatistics(true, second[0], 0), lock.statistics(),
                        "handed to the remaining waiter, not to the cancelled one");
            });
            assertEquals(new LockStatistics(false, null, 0), lock.statistics());
        });
        assertEquals(List.of("cancelled true", "second waiter got it"), log);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("locks")
    void aPreCancelledAcquireOfAFreeLockRaisesAndDoesNotAcquire(String name, Supplier<AnyLock> factory)
            throws Exception {
        Trio.run(() -> {
            AnyLock lock = factory.get();
            CancelScope scope = new CancelScope();
            scope.run(() -> {
                scope.cancel();
                lock.acquire();
                fail("a cancelled acquire must raise");
            });
            assertTrue(scope.cancelledCaught());
            assertFalse(lock.locked());
            lock.acquireNowait();
            lock.release();
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("locks")
    void aWaiterHandedTheLockKeepsItEvenIfCancelledBeforeItRuns(String name, Supplier<AnyLock> factory)
            throws Exception {
        List<String> log = new ArrayList<>();
        Trio.run(() -> {
            AnyLock lock = factory.get();
            lock.acquire();
            CancelScope scope = new CancelScope();
            Task[] waiter = new Task[1];
            Trio.openNursery(n -> {
                n.startSoon(() -> {
                    waiter[0] = Lowlevel.currentTask();
                    scope.run(() -> {
                        lock.acquire();
                        log.add("acquire returned, owner " + (lock.statistics().owner() == waiter[0]));
                        lock.release();
                        Trio.checkpoint();
                        log.add("unreachable");
                    });
                });
                waitAllTasksBlocked();
                lock.release();
                scope.cancel();
            });
            assertTrue(scope.cancelledCaught());
            assertFalse(lock.locked());
        });
        assertEquals(List.of("acquire returned, owner true"), log);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("locks")
    void withLockReleasesWhenTheBodyThrows(String name, Supplier<AnyLock> factory) throws Exception {
        Trio.run(() -> {
            AnyLock lock = factory.get();
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> lock.withLock(() -> {
                throw new IllegalArgumentException("body");
            }));
            assertEquals("body", e.getMessage());
            assertFalse(lock.locked());
            assertEquals("value", lock.withLock(() -> "value"));
            assertThrows(NullPointerException.class, () -> lock.withLock(null));
        });
    }

    // ------------------------------------------------------------------ owner exits holding the lock

    @ParameterizedTest(name = "{0}")
    @MethodSource("locks")
    void anOwnerThatExitsHoldingTheLockBreaksItForLaterAcquirers(String name, Supplier<AnyLock> factory)
            throws Exception {
        Trio.run(() -> {
            AnyLock lock = factory.get();
            Task[] owner = new Task[1];
            Trio.openNursery(n -> n.startSoon(() -> {
                owner[0] = Lowlevel.currentTask();
                lock.acquire();
            }));
            assertEquals(new LockStatistics(true, owner[0], 0), lock.statistics(), "still owned by the dead task");
            String expected = "Owner of this lock exited without releasing: " + owner[0];
            BrokenResourceError e = assertThrows(BrokenResourceError.class, lock::acquire);
            assertEquals(expected, e.getMessage());
            e = assertThrows(BrokenResourceError.class, lock::acquire);
            assertEquals(expected, e.getMessage(), "and stays broken");
            assertThrows(WouldBlock.class, lock::acquireNowait);
            IllegalStateException release = assertThrows(IllegalStateException.class, lock::release);
            assertEquals("can't release a " + name + " you don't own", release.getMessage());
            assertEquals(0, lock.statistics().tasksWaiting());
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("locks")
    void anOwnerThatExitsHoldingTheLockBreaksItForQueuedWaitersInOrder(String name, Supplier<AnyLock> factory)
            throws Exception {
        List<String> log = new ArrayList<>();
        Trio.run(() -> {
            AnyLock lock = factory.get();
            org.triojava.sync.Event exit = new org.triojava.sync.Event();
            Task[] owner = new Task[1];
            Trio.openNursery(n -> {
                n.startSoon(() -> {
                    owner[0] = Lowlevel.currentTask();
                    lock.acquire();
                    exit.await();
                    log.add("owner exits");
                });
                waitAllTasksBlocked();
                for (int i = 0; i < 2; i++) {
                    int id = i;
                    n.startSoon(() -> {
                        try {
                            lock.acquire();
                            log.add("waiter " + id + " acquired?!");
                        } catch (BrokenResourceError e) {
                            log.add("waiter " + id + ": " + e.getMessage());
                        }
                    });
                }
                waitAllTasksBlocked();
                assertEquals(2, lock.statistics().tasksWaiting());
                exit.set();
            });
            assertEquals(0, lock.statistics().tasksWaiting());
            String message = "Owner of this lock exited without releasing: " + owner[0];
            assertEquals(List.of("owner exits", "waiter 0: " + message, "waiter 1: " + message), log);
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("locks")
    void twoChildrenAcquiringOneExitsHoldingItTheOtherGetsBroken(String name, Supplier<AnyLock> factory) {
        // Trio's test_lock_multiple_acquire
        Throwable thrown = assertThrows(Throwable.class, () -> Trio.run(() -> {
            AnyLock lock = factory.get();
            Trio.openNursery(n -> {
                n.startSoon(lock::acquire);
                n.startSoon(lock::acquire);
            });
        }));
        Throwable broken = assertGroup(thrown, BrokenResourceError.class).exceptions().get(0);
        assertTrue(broken.getMessage().startsWith("Owner of this lock exited without releasing: "),
                broken.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("locks")
    void afterAHandOverTheNewOwnerIsTheOneWhoseExitBreaksTheLock(String name, Supplier<AnyLock> factory)
            throws Exception {
        // Trio's test_lock_handover
        Trio.run(() -> {
            AnyLock lock = factory.get();
            lock.acquireNowait();
            Task[] child = new Task[1];
            Trio.openNursery(n -> {
                n.startSoon(() -> {
                    child[0] = Lowlevel.currentTask();
                    lock.acquire();
                });
                waitAllTasksBlocked();
                lock.release();
                assertSame(child[0], lock.statistics().owner());
            });
            BrokenResourceError e = assertThrows(BrokenResourceError.class, lock::acquire);
            assertEquals("Owner of this lock exited without releasing: " + child[0], e.getMessage());
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("locks")
    void anOwnerThatReleasedBeforeExitingDoesNotBreakTheLock(String name, Supplier<AnyLock> factory)
            throws Exception {
        Trio.run(() -> {
            AnyLock lock = factory.get();
            Trio.openNursery(n -> n.startSoon(() -> {
                lock.acquire();
                lock.release();
                lock.acquire();
                lock.release();
            }));
            assertCheckpoints(lock::acquire);
            lock.release();
        });
    }

    // ------------------------------------------------------------------ generic lock tests

    /** The operations every lock-like object of Trio's generic lock tests has. */
    interface LockLike {
        void acquire() throws Exception;

        void acquireNowait();

        void release();

        default void withIt(TrioRunnable body) throws Exception {
            acquire();
            try {
                body.run();
            } finally {
                release();
            }
        }
    }

    private static final Object TOKEN = "token";

    /** Trio's ChannelLock1: a buffered channel with one free slot; sending takes the lock. */
    static LockLike channelLock1(int capacity) {
        MemoryChannel<Object> channel = MemoryChannel.open(capacity);
        MemorySendChannel<Object> send = channel.sendChannel();
        MemoryReceiveChannel<Object> receive = channel.receiveChannel();
        return new LockLike() {
            {
                for (int i = 0; i < capacity - 1; i++) {
                    send.sendNowait(TOKEN);
                }
            }

            public void acquire() { send.send(TOKEN); }
            public void acquireNowait() { send.sendNowait(TOKEN); }
            public void release() { receive.receiveNowait(); }
        };
    }

    /** Trio's ChannelLock2: the lock is a token sitting in the channel; receiving takes it. */
    static LockLike channelLock2() {
        MemoryChannel<Object> channel = MemoryChannel.open(10);
        MemorySendChannel<Object> send = channel.sendChannel();
        MemoryReceiveChannel<Object> receive = channel.receiveChannel();
        send.sendNowait(TOKEN);
        return new LockLike() {
            public void acquire() { receive.receive(); }
            public void acquireNowait() { receive.receiveNowait(); }
            public void release() { send.sendNowait(TOKEN); }
        };
    }

    /** Trio's ChannelLock3: a rendezvous channel; waiters queue as blocked senders. */
    static LockLike channelLock3() {
        MemoryChannel<Object> channel = MemoryChannel.open(0);
        MemorySendChannel<Object> send = channel.sendChannel();
        MemoryReceiveChannel<Object> receive = channel.receiveChannel();
        return new LockLike() {
            private boolean acquired;

            public void acquire() {
                if (acquired) {
                    send.send(TOKEN);
                } else {
                    acquired = true;
                    Trio.checkpoint();
                }
            }

            public void acquireNowait() {
                assertFalse(acquired);
                acquired = true;
            }

            public void release() {
                try {
                    receive.receiveNowait();
                } catch (WouldBlock e) {
                    assertTrue(acquired);
                    acquired = false;
                }
            }
        };
    }

    static LockLike of(Lock lock) {
        return new LockLike() {
            public void acquire() { lock.acquire(); }
            public void acquireNowait() { lock.acquireNowait(); }
            public void release() { lock.release(); }
        };
    }

    static LockLike of(StrictFifoLock lock) {
        return new LockLike() {
            public void acquire() { lock.acquire(); }
            public void acquireNowait() { lock.acquireNowait(); }
            public void release() { lock.release(); }
        };
    }

    static LockLike of(Semaphore semaphore) {
        return new LockLike() {
            public void acquire() { semaphore.acquire(); }
            public void acquireNowait() { semaphore.acquireNowait(); }
            public void release() { semaphore.release(); }
        };
    }

    static LockLike of(CapacityLimiter limiter) {
        return new LockLike() {
            public void acquire() { limiter.acquire(); }
            public void acquireNowait() { limiter.acquireNowait(); }
            public void release() { limiter.release(); }
        };
    }

    static Stream<Arguments> lockLikes() {
        return Stream.of(
                Arguments.of("CapacityLimiter(1)", (Supplier<LockLike>) () -> of(new CapacityLimiter(1))),
                Arguments.of("Semaphore(1)", (Supplier<LockLike>) () -> of(new Semaphore(1))),
                Arguments.of("Semaphore(1, 1)", (Supplier<LockLike>) () -> of(new Semaphore(1, 1))),
                Arguments.of("Lock", (Supplier<LockLike>) () -> of(new Lock())),
                Arguments.of("StrictFifoLock", (Supplier<LockLike>) () -> of(new StrictFifoLock())),
                Arguments.of("ChannelLock1(10)", (Supplier<LockLike>) () -> channelLock1(10)),
                Arguments.of("ChannelLock1(1)", (Supplier<LockLike>) () -> channelLock1(1)),
                Arguments.of("ChannelLock2", (Supplier<LockLike>) LockTest::channelLock2),
                Arguments.of("ChannelLock3", (Supplier<LockLike>) LockTest::channelLock3));
    }

    /** Workers take the lock and checkpoint inside; only one is ever inside (default and shuffled schedules). */
    @ParameterizedTest(name = "{0}")
    @MethodSource("lockLikes")
    void genericLockExclusion(String name, Supplier<LockLike> factory) throws Exception {
        for (Long seed : new Long[] {null, 1L, 2L, 3L}) {
            RunOptions options = seed == null ? RunOptions.defaults() : RunOptions.defaults().withSchedulingSeed(seed);
            int[] acquires = {0};
            boolean[] inside = {false};
            Trio.run(options, () -> {
                LockLike lock = factory.get();
                Trio.openNursery(n -> {
                    for (int w = 0; w < 5; w++) {
                        n.startSoon(() -> {
                            for (int loop = 0; loop < 10; loop++) {
                                lock.withIt(() -> {
                                    acquires[0]++;
                                    assertFalse(inside[0], "two tasks inside the lock");
                                    inside[0] = true;
                                    Trio.checkpoint();
                                    Trio.checkpoint();
                                    assertTrue(inside[0]);
                                    inside[0] = false;
                                });
                            }
                        });
                    }
                });
            });
            assertFalse(inside[0]);
            assertEquals(50, acquires[0], "seed " + seed);
        }
    }

    /** Several workers queue on the lock; after the first round they get it in the same order every time. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("lockLikes")
    void genericLockFifoFairness(String name, Supplier<LockLike> factory) throws Exception {
        for (Long seed : new Long[] {null, 1L, 2L, 3L, 4L}) {
            RunOptions options = seed == null ? RunOptions.defaults() : RunOptions.defaults().withSchedulingSeed(seed);
            List<Integer> initialOrder = new ArrayList<>();
            List<Integer> record = new ArrayList<>();
            Trio.run(options, () -> {
                LockLike lock = factory.get();
                Trio.openNursery(n -> {
                    for (int id = 1; id <= 3; id++) {
                        int me = id;
                        n.startSoon(() -> {
                            initialOrder.add(me);
                            for (int loop = 0; loop < 5; loop++) {
                                lock.withIt(() -> record.add(me));
                            }
                        });
                    }
                });
            });
            if (seed == null) {
                assertEquals(List.of(1, 2, 3), initialOrder, "default scheduling is FIFO");
            }
            List<Integer> expected = new ArrayList<>();
            for (int loop = 0; loop < 5; loop++) {
                expected.addAll(initialOrder);
            }
            assertEquals(expected, record, "seed " + seed);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("lockLikes")
    void genericAcquireNowaitBlocksAcquire(String name, Supplier<LockLike> factory) throws Exception {
        List<String> record = new ArrayList<>();
        Trio.run(() -> {
            LockLike lock = factory.get();
            Trio.openNursery(n -> {
                lock.acquireNowait();
                n.startSoon(() -> {
                    record.add("started");
                    lock.withIt(() -> { });
                    record.add("finished");
                });
                waitAllTasksBlocked();
                assertEquals(List.of("started"), record);
                lock.release();
            });
        });
        assertEquals(List.of("started", "finished"), record);
    }

    @Test
    void aStrictFifoLockServesArrivalOrderUnderARandomSchedule() throws Exception {
        // 20 tasks arrive in a shuffled order while the lock is held; they must get it in arrival order.
        for (long seed = 0; seed < 5; seed++) {
            List<Integer> arrivals = Collections.synchronizedList(new ArrayList<>());
            List<Integer> grants = new ArrayList<>();
            Trio.run(RunOptions.defaults().withSchedulingSeed(seed), () -> {
                StrictFifoLock lock = new StrictFifoLock();
                lock.acquire();
                Trio.openNursery(n -> {
                    for (int i = 0; i < 20; i++) {
                        int id = i;
                        n.startSoon(() -> {
                            arrivals.add(id);
                            lock.acquire();
                            grants.add(id);
                            Trio.checkpoint();
                            lock.release();
                        });
                    }
                    waitAllTasksBlocked();
                    lock.release();
                });
            });
            assertEquals(arrivals, grants, "seed " + seed);
        }
    }
}
