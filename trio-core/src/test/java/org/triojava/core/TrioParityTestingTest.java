package org.triojava.core;

import static org.junit.jupiter.api.Assertions.*;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.triojava.CancelScope;
import org.triojava.Cancelled;
import org.triojava.RunOptions;
import org.triojava.Trio;
import org.triojava.abc.Instrument;
import org.triojava.lowlevel.Lowlevel;
import org.triojava.lowlevel.TrioToken;
import org.triojava.sync.Event;
import org.triojava.testing.MockClock;
import org.triojava.testing.Testing;
import org.triojava.thread.FromThread;
import org.triojava.thread.ToThread;

/**
 * Acceptance audit of the testing toolkit against Trio's documented semantics (reference 1.6 and
 * rules TC1–TC4) and Trio's own {@code test_mock_clock.py} / {@code test_testing.py}: the cases
 * the other core tests ({@link MockClockTest}, {@link SequencerTest}, {@link CheckpointTest}) do
 * not already pin down.
 */
class TrioParityTestingTest {

    // ------------------------------------------------------------------ MockClock (TC1)

    @Test
    void changingTheRateKeepsTimeContinuousAndScalesSleepTimes() throws Exception {
        MockClock clock = new MockClock();
        clock.jump(1.2);
        clock.setRate(2);
        assertEquals(2.0, clock.rate());
        double before = clock.currentTime();
        assertTrue(before >= 1.2, "time went back when the rate changed: " + before);
        // (deadline - now) / rate, with now somewhere between the two readings around the call
        double deadline = before + 1000;
        double low = clock.currentTime();
        double sleep = clock.deadlineToSleepTime(deadline);
        double high = clock.currentTime();
        assertTrue(sleep <= (deadline - low) / 2 && sleep >= (deadline - high) / 2, "sleep time " + sleep);
        assertEquals(0.0, clock.deadlineToSleepTime(low));
        assertEquals(0.0, clock.deadlineToSleepTime(low - 5));

        double atChange = clock.currentTime();
        clock.setRate(0.5);
        double afterChange = clock.currentTime();
        assertTrue(afterChange >= atChange, "time went back when the rate changed");
        double low2 = clock.currentTime();
        double sleep2 = clock.deadlineToSleepTime(low2 + 1000);
        double high2 = clock.currentTime();
        assertTrue(sleep2 <= (low2 + 1000 - low2) / 0.5 && sleep2 >= (low2 + 1000 - high2) / 0.5, "sleep time " + sleep2);

        // back to rate 0: time freezes where it got to, and a jump still adds exactly
        clock.setRate(0);
        double frozen = clock.currentTime();
        assertTrue(frozen >= afterChange);
        assertEquals(frozen, clock.currentTime());
        clock.jump(0.8);
        assertEquals(frozen + 0.8, clock.currentTime());
        assertEquals(999_999_999.0, clock.deadlineToSleepTime(frozen + 1));
        assertEquals(0.0, clock.deadlineToSleepTime(frozen + 0.8), "a deadline at exactly now needs no sleep");
    }

    @Test
    void aRejectedRateOrJumpLeavesTheClockAlone() {
        MockClock clock = new MockClock();
        clock.jump(1.2);
        IllegalArgumentException rate = assertThrows(IllegalArgumentException.class, () -> clock.setRate(-1));
        assertTrue(rate.getMessage().contains("rate must be >= 0"), rate.getMessage());
        assertEquals(0.0, clock.rate());
        assertThrows(IllegalArgumentException.class, () -> clock.jump(-1));
        assertThrows(IllegalArgumentException.class, () -> clock.jump(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> clock.jump(Duration.ofSeconds(-1)));
        assertThrows(NullPointerException.class, () -> clock.jump((Duration) null));
        assertEquals(1.2, clock.currentTime());
        clock.jump(0);
        clock.jump(Duration.ofMillis(300));
        assertEquals(1.5, clock.currentTime());
    }

    @Test
    void constructorArgumentsAndDefaults() {
        MockClock plain = new MockClock();
        assertEquals(0.0, plain.rate());
        assertEquals(Double.POSITIVE_INFINITY, plain.autojumpThreshold());
        MockClock fast = new MockClock(3, Double.POSITIVE_INFINITY);
        assertEquals(3.0, fast.rate());
        double now = fast.currentTime();
        assertTrue(now >= 0 && now < 10, "a new clock starts at 0: " + now);
        assertThrows(IllegalArgumentException.class, () -> new MockClock(-1, 0));
        assertThrows(IllegalArgumentException.class, () -> plain.setAutojumpThreshold(-1));
        assertThrows(IllegalArgumentException.class, () -> plain.setAutojumpThreshold(Double.NaN));
        assertEquals(Double.POSITIVE_INFINITY, plain.autojumpThreshold());
        plain.setAutojumpThreshold(Duration.ZERO);
        assertEquals(0.0, plain.autojumpThreshold());
        assertTrue(plain.toString().contains("rate=0.0"), plain.toString());
    }

    // ------------------------------------------------------------------ autojump (TC2)

    @Test
    void aHugeThresholdChangedToZeroWhileRunningTakesEffectAtOnce() throws Exception {
        MockClock clock = new MockClock();
        clock.setAutojumpThreshold(10_000);
        assertEquals(100_000.0, Trio.run(RunOptions.defaults().withClock(clock), () -> {
            Testing.waitAllTasksBlocked();
            clock.setAutojumpThreshold(0);
            Trio.sleep(100_000); // would hang for hours if the old threshold were still in force
            return Trio.currentTime();
        }));
    }

    @Test
    @Timeout(60)
    void aThresholdSetFromAnotherThreadWakesAWaitingLoop() throws Exception {
        MockClock clock = new MockClock();
        assertEquals(1000.0, Trio.run(RunOptions.defaults().withClock(clock), () -> {
            Thread setter = Thread.ofPlatform().start(() -> {
                try {
                    Thread.sleep(50); // let the loop settle into its (endless) wait
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                clock.setAutojumpThreshold(0);
            });
            Trio.sleep(1000); // never ends in real time unless the new threshold is seen
            setter.join();
            return Trio.currentTime();
        }));
    }

    @Test
    @Timeout(60)
    void aRateSetFromAnotherThreadWakesAWaitingLoop() throws Exception {
        MockClock clock = new MockClock();
        double woke = Trio.run(RunOptions.defaults().withClock(clock), () -> {
            Thread setter = Thread.ofPlatform().start(() -> {
                try {
                    Thread.sleep(50); // let the loop settle into its wait for a clock that stands still
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                clock.setRate(1000);
            });
            Trio.sleep(10); // 10 ms of real time at rate 1000, never at rate 0
            setter.join();
            return Trio.currentTime();
        });
        assertTrue(woke >= 10, "woke at " + woke);
    }

    @Test
    void theThresholdOfAClockThatIsNotTheRunsClockDoesNothing() throws Exception {
        MockClock clock = new MockClock();
        clock.setAutojumpThreshold(0.02);
        MockClock other = new MockClock();
        other.setAutojumpThreshold(0.01);
        assertEquals(100_000.0, Trio.run(RunOptions.defaults().withClock(clock), () -> {
            Testing.waitAllTasksBlocked(0.015);
            assertEquals(0.0, Trio.currentTime());
            Trio.sleep(100_000);
            return Trio.currentTime();
        }));
        assertEquals(0.0, other.currentTime(), "the other clock was never jumped");
    }

    @Test
    void autojumpZeroDoesNotBeatAWaiterWithANonZeroCushion() throws Exception {
        MockClock clock = new MockClock(0, 0);
        List<String> log = new ArrayList<>();
        Trio.run(RunOptions.defaults().withClock(clock), () -> Trio.openNursery(n -> {
            n.startSoon(() -> { Trio.sleep(100); log.add("yawn at " + Trio.currentTime()); });
            n.startSoon(() -> {
                Testing.waitAllTasksBlocked(0.05);
                log.add("waiter done at " + Trio.currentTime());
            });
        }));
        assertEquals(List.of("waiter done at 0.0", "yawn at 100.0"), log);
    }

    @Test
    void autojumpLandsExactlyOnTheNextDeadlineEvenWithRunningRate() throws Exception {
        MockClock clock = new MockClock(1, 0);
        double elapsed = Trio.run(RunOptions.defaults().withClock(clock), () -> {
            double start = Trio.currentTime();
            Trio.sleep(50_000);
            return Trio.currentTime() - start;
        });
        assertTrue(elapsed >= 50_000 && elapsed < 50_010, "slept " + elapsed);
    }

    @Test
    void autojumpWithNoDeadlineToJumpToDoesNotSpinTheLoop() throws Exception {
        AtomicInteger ioWaits = new AtomicInteger();
        Instrument counter = new Instrument() {
            @Override
            public void beforeIoWait(double timeout) {
                ioWaits.incrementAndGet();
            }
        };
        MockClock clock = new MockClock(0, 0);
        Trio.run(RunOptions.defaults().withClock(clock).withInstrument(counter), () -> {
            TrioToken token = Lowlevel.currentTrioToken();
            Event woken = new Event();
            Thread.ofPlatform().start(() -> {
                try {
                    Thread.sleep(100); // real time in which every task is blocked with no deadline anywhere
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                token.runSyncSoon(woken::set);
            });
            int before = ioWaits.get();
            woken.await();
            assertTrue(ioWaits.get() - before < 20, "the loop spun: " + (ioWaits.get() - before) + " I/O waits");
            assertEquals(0.0, Trio.currentTime());
        });
    }

    // ------------------------------------------------------------------ waitAllTasksBlocked (TC3)

    @Test
    void waitersWakeOnlyOnceABusyTaskHasStoppedCheckpointing() throws Exception {
        List<String> log = new ArrayList<>();
        Trio.run(() -> Trio.openNursery(n -> {
            n.startSoon(() -> {
                for (int i = 0; i < 10; i++) {
                    Trio.checkpoint();
                }
                log.add("busy bee exhausted");
            });
            n.startSoon(() -> { Testing.waitAllTasksBlocked(); log.add("quiet at last!"); });
            n.startSoon(() -> { Testing.waitAllTasksBlocked(); log.add("quiet at last!"); });
        }));
        assertEquals(List.of("busy bee exhausted", "quiet at last!", "quiet at last!"), log);
    }

    @Test
    void waitingIsCancellableAndACancelledWaiterIsForgotten() throws Exception {
        List<String> log = new ArrayList<>();
        Trio.run(() -> {
            Trio.openNursery(n -> {
                n.startSoon(() -> {
                    try {
                        Testing.waitAllTasksBlocked();
                        log.add("woke (wrong)");
                    } catch (Cancelled c) {
                        log.add("ok");
                        throw c;
                    }
                });
                n.cancelScope().cancel();
            });
            // a pending cancellation is delivered at once: waiting is a checkpoint
            CancelScope scope = new CancelScope();
            scope.run(() -> {
                scope.cancel();
                assertThrows(Cancelled.class, () -> Testing.waitAllTasksBlocked(1000));
            });
            // the forgotten waiters do not stand in the way of new ones
            Testing.assertCheckpoints(Testing::waitAllTasksBlocked);
            Testing.waitAllTasksBlocked(0.001);
            log.add("later waiter woke");
        });
        assertEquals(List.of("ok", "later waiter woke"), log);
    }

    @Test
    void aWaiterSeesTheTasksWokenByAJumpRunFirst() throws Exception {
        MockClock clock = new MockClock();
        List<String> log = new ArrayList<>();
        Trio.run(RunOptions.defaults().withClock(clock), () -> Trio.openNursery(n -> {
            n.startSoon(() -> {
                log.add("tt start");
                Trio.sleep(5);
                log.add("tt finished");
            });
            Testing.waitAllTasksBlocked();
            assertEquals(List.of("tt start"), log);
            clock.jump(10);
            Testing.waitAllTasksBlocked();
            assertEquals(List.of("tt start", "tt finished"), log);
        }));
    }

    @Test
    void cushionsOrderTheWakeUpsAgainstASleepingTask() throws Exception {
        List<String> log = new ArrayList<>();
        Trio.run(() -> Trio.openNursery(n -> {
            n.startSoon(() -> {
                log.add("blink start");
                Trio.sleep(0.01);
                Trio.sleep(0.01);
                Trio.sleep(0.01);
                log.add("blink end");
            });
            n.startSoon(() -> { Testing.waitAllTasksBlocked(); log.add("wait_no_cushion end"); });
            n.startSoon(() -> { Testing.waitAllTasksBlocked(0.2); log.add("wait_small_cushion end"); });
            n.startSoon(() -> { Testing.waitAllTasksBlocked(0.2); log.add("wait_small_cushion end"); });
            n.startSoon(() -> { Testing.waitAllTasksBlocked(Duration.ofMillis(300)); log.add("wait_big_cushion end"); });
        }));
        assertEquals(List.of("blink start", "wait_no_cushion end", "blink end", "wait_small_cushion end",
                "wait_small_cushion end", "wait_big_cushion end"), log);
    }

    @Test
    void equalCushionsWakeInTheOrderTheyStartedWaiting() throws Exception {
        List<Integer> log = new ArrayList<>();
        Trio.run(() -> Trio.openNursery(n -> {
            for (int i = 0; i < 5; i++) {
                int id = i;
                n.startSoon(() -> { Testing.waitAllTasksBlocked(0.01); log.add(id); });
                Trio.checkpoint(); // task i is parked before task i+1 starts
                Trio.checkpoint();
            }
        }));
        assertEquals(List.of(0, 1, 2, 3, 4), log);
    }

    @Test
    void callbacksFromAnotherThreadCountAsActivityForTheCushion() throws Exception {
        List<String> log = new ArrayList<>();
        Trio.run(() -> {
            TrioToken token = Lowlevel.currentTrioToken();
            Event posterDone = new Event();
            Thread.ofPlatform().start(() -> {
                for (int i = 0; i < 5; i++) {
                    int tick = i;
                    CountDownLatch ran = new CountDownLatch(1);
                    token.runSyncSoon(() -> {
                        log.add("tick " + tick);
                        ran.countDown();
                    });
                    try {
                        ran.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        break;
                    }
                }
                token.runSyncSoon(posterDone::set);
            });
            Trio.openNursery(n -> n.startSoon(() -> {
                Testing.waitAllTasksBlocked(1);
                log.add("woke");
            }));
            posterDone.await();
        });
        assertEquals(List.of("tick 0", "tick 1", "tick 2", "tick 3", "tick 4", "woke"), log);
    }

    @Test
    void aBusyWorkerThreadDoesNotHoldBackWaitAllTasksBlocked() throws Exception {
        List<String> log = new ArrayList<>();
        Trio.run(() -> {
            CountDownLatch release = new CountDownLatch(1);
            Trio.openNursery(n -> {
                n.startSoon(() -> {
                    ToThread.runSync(() -> {
                        release.await();
                        return null;
                    });
                    log.add("thread returned");
                });
                // the task waiting for its thread counts as blocked, as in Trio
                Testing.waitAllTasksBlocked();
                log.add("all blocked with " + Testing.activeThreadCount() + " busy thread");
                release.countDown();
            });
        });
        assertEquals(List.of("all blocked with 1 busy thread", "thread returned"), log);
    }

    @Test
    void badCushionsAndCallsFromOutsideARunAreRejected() throws Exception {
        assertThrows(IllegalStateException.class, Testing::waitAllTasksBlocked);
        Trio.run(() -> {
            assertThrows(IllegalArgumentException.class, () -> Testing.waitAllTasksBlocked(-1));
            assertThrows(IllegalArgumentException.class, () -> Testing.waitAllTasksBlocked(Double.NaN));
            assertThrows(IllegalArgumentException.class, () -> Testing.waitAllTasksBlocked(Duration.ofMillis(-1)));
            assertThrows(NullPointerException.class, () -> Testing.waitAllTasksBlocked((Duration) null));
        });
    }

    // ------------------------------------------------------------------ checkpoint assertions

    @Test
    void assertCheckpointsLetsABodysExceptionThroughUnchecked() throws Exception {
        Trio.run(() -> {
            IllegalStateException thrown = new IllegalStateException("boom");
            assertSame(thrown, assertThrows(IllegalStateException.class, () -> Testing.assertCheckpoints(() -> {
                throw thrown;
            })));
            // both halves from separate calls make a checkpoint together
            Testing.assertCheckpoints(() -> {
                Lowlevel.checkpointIfCancelled();
                Lowlevel.cancelShieldedCheckpoint();
            });
            AssertionError error = assertThrows(AssertionError.class, () -> Testing.assertCheckpoints(() -> { }));
            assertTrue(error.getMessage().contains("did not yield"), error.getMessage());
        });
    }

    @Test
    void assertNoCheckpointsChecksEvenWhenTheBodyThrows() throws Exception {
        Trio.run(() -> {
            IllegalStateException thrown = new IllegalStateException("boom");
            assertSame(thrown, assertThrows(IllegalStateException.class, () -> Testing.assertNoCheckpoints(() -> {
                throw thrown;
            })));
            AssertionError error = assertThrows(AssertionError.class, () -> Testing.assertNoCheckpoints(() -> {
                Trio.checkpoint();
                throw thrown;
            }));
            assertTrue(error.getMessage().contains("yielded"), error.getMessage());
            // a schedule point alone is enough to fail it
            assertThrows(AssertionError.class, () -> Testing.assertNoCheckpoints(Lowlevel::cancelShieldedCheckpoint));
            // both halves together too
            assertThrows(AssertionError.class, () -> Testing.assertNoCheckpoints(() -> {
                Lowlevel.checkpointIfCancelled();
                Lowlevel.cancelShieldedCheckpoint();
            }));
            // other tasks' checkpoints do not count: only the caller's
            Trio.openNursery(n -> {
                n.startSoon(() -> { for (int i = 0; i < 3; i++) { Trio.checkpoint(); } });
                Testing.assertNoCheckpoints(() -> { });
                Testing.waitAllTasksBlocked();
            });
            assertThrows(NullPointerException.class, () -> Testing.assertNoCheckpoints(null));
            assertThrows(NullPointerException.class, () -> Testing.assertCheckpoints(null));
        });
        assertThrows(IllegalStateException.class, () -> Testing.assertCheckpoints(() -> { }));
    }

    // ------------------------------------------------------------------ worker threads (T6)

    @Test
    void activeThreadCountAndWaitAllThreadsCompleted() throws Exception {
        List<String> log = new ArrayList<>();
        Trio.run(() -> {
            Testing.assertCheckpoints(Testing::waitAllThreadsCompleted); // a checkpoint even with no threads
            assertEquals(0, Testing.activeThreadCount());
            Event e1 = new Event();
            Event e2 = new Event();
            Event e1Exited = new Event();
            Event e2Exited = new Event();
            Trio.openNursery(n -> {
                n.startSoon(() -> {
                    ToThread.runSync(() -> FromThread.run(() -> { e1.await(); return null; }));
                    e1Exited.set();
                });
                n.startSoon(() -> {
                    ToThread.runSync(() -> FromThread.run(() -> { e2.await(); return null; }));
                    e2Exited.set();
                });
                Testing.waitAllTasksBlocked();
                n.startSoon(() -> {
                    Testing.waitAllThreadsCompleted();
                    log.add("no threads left");
                });
                Testing.waitAllTasksBlocked();
                assertEquals(List.of(), log);
                assertEquals(2, Testing.activeThreadCount());
                e1.set();
                e1Exited.await();
                Testing.waitAllTasksBlocked();
                assertEquals(List.of(), log);
                assertEquals(1, Testing.activeThreadCount());
                e2.set();
                e2Exited.await();
                Testing.waitAllTasksBlocked();
                assertEquals(List.of("no threads left"), log);
                assertEquals(0, Testing.activeThreadCount());
            });
        });
        assertThrows(IllegalStateException.class, Testing::activeThreadCount);
    }
}
