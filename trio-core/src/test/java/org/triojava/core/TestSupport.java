package org.triojava.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.Predicate;
import org.triojava.Cancelled;
import org.triojava.ExceptionGroup;
import org.triojava.BaseExceptionGroup;
import org.triojava.ThrowableGroup;
import org.triojava.TrioRunnable;
import org.triojava.abc.Clock;
import org.triojava.lowlevel.Lowlevel;

/** Helpers shared by the core tests (the Java side of Trio's {@code tutil} and {@code trio.testing}). */
final class TestSupport {
    static final String GROUP = "Exceptions from Trio nursery";

    private TestSupport() {
    }

    /**
     * Returns once every other task of the run is blocked: yields (never raising) until no task
     * is runnable. Good enough for tests without I/O or other threads.
     */
    static void waitAllTasksBlocked() {
        do {
            Lowlevel.cancelShieldedCheckpoint();
        } while (Lowlevel.currentStatistics().tasksRunnable() > 0);
    }

    static TaskImpl me() {
        return (TaskImpl) Lowlevel.currentTask();
    }

    /** The body executed at least one schedule point and at least one cancel point. */
    static void assertCheckpoints(TrioRunnable body) throws Exception {
        TaskImpl task = me();
        long schedule = task.schedulePoints;
        long cancel = task.cancelPoints;
        body.run();
        assertTrue(task.schedulePoints > schedule, "expected a schedule point");
        assertTrue(task.cancelPoints > cancel, "expected a cancel point");
    }

    /** The body executed neither a schedule point nor a cancel point. */
    static void assertNoCheckpoints(TrioRunnable body) throws Exception {
        TaskImpl task = me();
        long schedule = task.schedulePoints;
        long cancel = task.cancelPoints;
        body.run();
        assertEquals(schedule, task.schedulePoints, "unexpected schedule point");
        assertEquals(cancel, task.cancelPoints, "unexpected cancel point");
    }

    /** {@code thrown} is a nursery group whose direct members are exactly these types, in this order. */
    static ThrowableGroup assertGroup(Throwable thrown, Class<?>... memberTypes) {
        ThrowableGroup group = assertInstanceOf(ThrowableGroup.class, thrown, () -> "not a group: " + thrown);
        assertEquals(GROUP, group.message());
        List<Throwable> members = group.exceptions();
        assertEquals(memberTypes.length, members.size(), () -> "members: " + members);
        for (int i = 0; i < memberTypes.length; i++) {
            assertInstanceOf(memberTypes[i], members.get(i), "member " + i + " of " + members);
        }
        boolean allExceptions = members.stream().allMatch(e -> e instanceof Exception);
        if (allExceptions) {
            assertInstanceOf(ExceptionGroup.class, thrown, "all members are Exceptions");
        } else {
            assertInstanceOf(BaseExceptionGroup.class, thrown, "some member is not an Exception");
        }
        return group;
    }

    /** The only direct member of a one-member nursery group. */
    static Throwable single(Throwable thrown) {
        ThrowableGroup group = assertInstanceOf(ThrowableGroup.class, thrown, () -> "not a group: " + thrown);
        assertEquals(1, group.exceptions().size(), () -> "members: " + group.exceptions());
        return group.exceptions().get(0);
    }

    static long count(ThrowableGroup group, Predicate<Throwable> p) {
        return group.leaves().filter(p).count();
    }

    static boolean isCancelled(Throwable t) {
        return t instanceof Cancelled;
    }

    /**
     * A test clock (until the lead's MockClock lands): time moves only by {@link #jump}, or — with
     * autojump on — to the next deadline whenever the run loop would otherwise block.
     */
    static final class TestClock implements Clock {
        private volatile double now;
        private volatile boolean autojump;
        volatile int starts;

        TestClock() {
        }

        TestClock autojump() {
            autojump = true;
            return this;
        }

        void jump(double seconds) {
            if (seconds < 0) {
                throw new IllegalArgumentException("time can't go backwards");
            }
            now += seconds;
        }

        @Override
        public void startClock() {
            starts++;
        }

        @Override
        public double currentTime() {
            return now;
        }

        @Override
        public double deadlineToSleepTime(double deadline) {
            if (deadline <= now) {
                return 0;
            }
            if (autojump) {
                now = deadline;
                return 0;
            }
            return 999_999_999;
        }
    }
}
