package org.triojava.core;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.triojava.RunOptions;
import org.triojava.Trio;
import org.triojava.testing.MockClock;
import org.triojava.testing.Testing;

class MockClockTest {

    @Test
    void hourLongSleepUnderAutojumpReadsExactly3600Seconds() throws Exception {
        MockClock clock = new MockClock();
        clock.setAutojumpThreshold(0);
        long realStart = System.nanoTime();
        double elapsed = Trio.run(RunOptions.defaults().withClock(clock), () -> {
            double start = Trio.currentTime();
            Trio.sleep(3600);
            return Trio.currentTime() - start;
        });
        assertEquals(3600.0, elapsed);
        assertTrue(System.nanoTime() - realStart < 5_000_000_000L, "took too long in real time");
    }

    @Test
    void timeStartsAtZeroAndStandsStillAtRateZero() throws Exception {
        MockClock clock = new MockClock();
        assertEquals(0.0, clock.currentTime());
        clock.jump(1.5);
        assertEquals(1.5, clock.currentTime());
        assertEquals(0.0, clock.deadlineToSleepTime(1.0));
        assertEquals(999_999_999.0, clock.deadlineToSleepTime(2.5));
    }

    @Test
    void rejectsNegativeJumpAndRate() {
        MockClock clock = new MockClock();
        assertEquals("time can't go backwards",
                assertThrows(IllegalArgumentException.class, () -> clock.jump(-1)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> clock.setRate(-0.5));
        assertThrows(IllegalArgumentException.class, () -> clock.setRate(Double.NaN));
    }

    @Test
    void sleepersWakeInDeadlineOrderAtExactTimes() throws Exception {
        MockClock clock = new MockClock(0, 0);
        List<String> log = new ArrayList<>();
        Trio.run(RunOptions.defaults().withClock(clock), () -> Trio.openNursery(n -> {
            n.startSoon(() -> { Trio.sleep(3); log.add("c@" + Trio.currentTime()); });
            n.startSoon(() -> { Trio.sleep(1); log.add("a@" + Trio.currentTime()); });
            n.startSoon(() -> { Trio.sleep(2); log.add("b@" + Trio.currentTime()); });
        }));
        assertEquals(List.of("a@1.0", "b@2.0", "c@3.0"), log);
    }

    @Test
    void waitAllTasksBlockedWakesAfterOthersBlockAndSuppressesAutojump() throws Exception {
        MockClock clock = new MockClock(0, 0);
        List<String> log = new ArrayList<>();
        Trio.run(RunOptions.defaults().withClock(clock), () -> Trio.openNursery(n -> {
            n.startSoon(() -> { log.add("sleeper start"); Trio.sleep(10); log.add("sleeper woke at " + Trio.currentTime()); });
            n.startSoon(() -> {
                Testing.waitAllTasksBlocked();
                log.add("all blocked at " + Trio.currentTime());
            });
        }));
        assertEquals(List.of("sleeper start", "all blocked at 0.0", "sleeper woke at 10.0"), log);
    }

    @Test
    void checkpointAssertions() throws Exception {
        Trio.run(() -> {
            Testing.assertCheckpoints(Trio::checkpoint);
            Testing.assertNoCheckpoints(() -> { });
            assertThrows(AssertionError.class, () -> Testing.assertCheckpoints(() -> { }));
            assertThrows(AssertionError.class, () -> Testing.assertNoCheckpoints(Trio::checkpoint));
            // half checkpoints are not checkpoints
            assertThrows(AssertionError.class,
                    () -> Testing.assertCheckpoints(org.triojava.lowlevel.Lowlevel::cancelShieldedCheckpoint));
            assertThrows(AssertionError.class,
                    () -> Testing.assertCheckpoints(org.triojava.lowlevel.Lowlevel::checkpointIfCancelled));
            // ... but either half alone is enough to fail assertNoCheckpoints
            assertThrows(AssertionError.class,
                    () -> Testing.assertNoCheckpoints(org.triojava.lowlevel.Lowlevel::checkpointIfCancelled));
        });
    }

    @Test
    void smallestCushionWakesFirstEqualCushionsTogetherAndWakingResetsTheOthers() throws Exception {
        List<String> log = new ArrayList<>();
        Trio.run(RunOptions.defaults().withClock(new MockClock()), () -> Trio.openNursery(n -> {
            n.startSoon(() -> { Trio.sleep(1); log.add("sleeper woke (never: time stands still)"); });
            n.startSoon(() -> { Testing.waitAllTasksBlocked(0.03); log.add("big"); });
            n.startSoon(() -> { Testing.waitAllTasksBlocked(0.02); log.add("small 1"); });
            n.startSoon(() -> { Testing.waitAllTasksBlocked(0); log.add("none"); });
            n.startSoon(() -> { Testing.waitAllTasksBlocked(0.02); log.add("small 2"); });
            n.startSoon(() -> {
                Testing.waitAllTasksBlocked(0.05);
                log.add("last");
                n.cancelScope().cancel();
            });
        }));
        assertEquals(List.of("none", "small 1", "small 2", "big", "last"), log);
    }

    @Test
    void autojumpStepsThroughManySleepsExactly() throws Exception {
        MockClock clock = new MockClock();
        clock.setAutojumpThreshold(0);
        Trio.run(RunOptions.defaults().withClock(clock), () -> {
            double start = Trio.currentTime();
            for (int i = 0; i < 10; i++) {
                Trio.sleep(10 * i);
                assertEquals(start + 10 * i, Trio.currentTime());
                start = Trio.currentTime();
            }
            // waiting for idleness never moves the clock, whatever the threshold
            clock.setAutojumpThreshold(0.02);
            double t = Trio.currentTime();
            Testing.waitAllTasksBlocked();
            assertEquals(t, Trio.currentTime());
            Testing.waitAllTasksBlocked(0.01);
            assertEquals(t, Trio.currentTime());
            clock.setAutojumpThreshold(0);
            Trio.sleep(100_000);
            assertEquals(t + 100_000, Trio.currentTime());
        });
    }

    @Test
    void autojumpZeroAndWaitAllTasksBlockedZero() throws Exception {
        MockClock clock = new MockClock(0, 0);
        List<String> log = new ArrayList<>();
        Trio.run(RunOptions.defaults().withClock(clock), () -> Trio.openNursery(n -> {
            n.startSoon(() -> { Trio.sleep(100); log.add("yawn"); });
            n.startSoon(() -> {
                Testing.waitAllTasksBlocked();
                log.add("waiter woke");
                Trio.sleep(1000);
                log.add("waiter done");
            });
        }));
        assertEquals(List.of("waiter woke", "yawn", "waiter done"), log);
    }

    @Test
    void aThresholdSetBeforeTheRunApplies() throws Exception {
        MockClock clock = new MockClock(0, 0.1);
        clock.setAutojumpThreshold(0.01);
        assertEquals(10_000.0, Trio.run(RunOptions.defaults().withClock(clock), () -> {
            Trio.sleep(10_000);
            return Trio.currentTime();
        }));
    }
}
