package org.triojava.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.triojava.core.TestSupport.autojump;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.triojava.CancelScope;
import org.triojava.Trio;
import org.triojava.lowlevel.Lowlevel;
import org.triojava.lowlevel.RunStatistics;
import org.triojava.sync.CapacityLimiter;
import org.triojava.sync.Event;
import org.triojava.testing.Testing;

/**
 * Behaviour that mutation testing found unchecked (issue 22): deadlines moved or dropped while
 * other timers are pending, and the run's statistics while tasks and timers come and go.
 */
class TimersAndStatisticsTest {
    @Test
    void aRelativeDeadlineSetInsideTheScopeCountsFromNowAndFiresInOrderWithOtherTimers() throws Exception {
        List<String> log = new ArrayList<>();
        Trio.run(autojump(), () -> Trio.openNursery(nursery -> {
            nursery.startSoon(() -> {
                Trio.sleep(4);
                log.add("sleeper at " + Trio.currentTime());
            });
            nursery.startSoon(() -> {
                Trio.sleep(6);
                log.add("late sleeper at " + Trio.currentTime());
            });
            CancelScope scope = CancelScope.withRelativeDeadline(10);
            scope.run(() -> {
                Trio.sleep(2);
                scope.setRelativeDeadline(3); // now 2: the deadline becomes 5, before the late sleeper
                assertEquals(5.0, scope.deadline());
                Trio.sleepForever();
            });
            log.add("scope cancelled at " + Trio.currentTime());
        }));
        assertEquals(List.of("sleeper at 4.0", "scope cancelled at 5.0", "late sleeper at 6.0"), log);
    }

    @Test
    void aDeadlineMovedPastAnotherTimerFiresAfterIt() throws Exception {
        List<String> log = new ArrayList<>();
        Trio.run(autojump(), () -> Trio.openNursery(nursery -> {
            CancelScope early = CancelScope.withDeadline(1);
            CancelScope middle = CancelScope.withDeadline(2);
            nursery.startSoon(() -> {
                early.run(Trio::sleepForever);
                log.add("early at " + Trio.currentTime());
            });
            nursery.startSoon(() -> {
                middle.run(Trio::sleepForever);
                log.add("middle at " + Trio.currentTime());
            });
            Testing.waitAllTasksBlocked();
            early.setDeadline(3); // from first in the heap to after the other
        }));
        assertEquals(List.of("middle at 2.0", "early at 3.0"), log);
    }

    @Test
    void cancellingAnActiveScopeDropsItsTimer() throws Exception {
        Trio.run(autojump(), () -> {
            CancelScope scope = CancelScope.withDeadline(100);
            scope.run(() -> {
                assertEquals(100.0, Lowlevel.currentStatistics().secondsToNextDeadline());
                scope.cancel();
                // no timer is left that could wake the run (or make a mock clock jump) at 100
                assertEquals(Double.POSITIVE_INFINITY, Lowlevel.currentStatistics().secondsToNextDeadline());
                Trio.checkpoint();
            });
            assertTrue(scope.cancelledCaught());
            assertEquals(0.0, Trio.currentTime());
        });
    }

    @Test
    void statisticsFollowTasksTimersAndCallbacks() throws Exception {
        Trio.run(autojump(), () -> {
            RunStatistics alone = Lowlevel.currentStatistics();
            assertEquals(0, alone.tasksRunnable());
            int baseline = alone.tasksLiving(); // the main task and the run's own
            Event go = new Event();
            Trio.openNursery(nursery -> {
                nursery.startSoon(go::await);
                nursery.startSoon(() -> Trio.sleep(7));
                RunStatistics spawned = Lowlevel.currentStatistics();
                assertEquals(baseline + 2, spawned.tasksLiving());
                assertEquals(2, spawned.tasksRunnable());
                Testing.waitAllTasksBlocked();
                RunStatistics blocked = Lowlevel.currentStatistics();
                assertEquals(0, blocked.tasksRunnable());
                assertEquals(7.0, blocked.secondsToNextDeadline());
                Lowlevel.currentTrioToken().runSyncSoon(() -> { });
                assertEquals(1, Lowlevel.currentStatistics().runSyncSoonQueueSize());
                Trio.sleep(3);
                assertEquals(4.0, Lowlevel.currentStatistics().secondsToNextDeadline());
                go.set();
            });
            assertEquals(baseline, Lowlevel.currentStatistics().tasksLiving());
        });
    }

    @Test
    void withTokenReturnsWhatTheBodyReturnsAndGivesTheTokenBack() throws Exception {
        Trio.run(() -> {
            CapacityLimiter limiter = new CapacityLimiter(1);
            String value = limiter.withToken(() -> {
                assertEquals(1, limiter.borrowedTokens());
                return "from the body";
            });
            assertEquals("from the body", value);
            assertEquals(0, limiter.borrowedTokens());
        });
    }
}
