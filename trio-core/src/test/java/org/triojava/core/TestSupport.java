package org.triojava.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.util.List;
import java.util.function.Predicate;
import org.triojava.BaseExceptionGroup;
import org.triojava.Cancelled;
import org.triojava.ExceptionGroup;
import org.triojava.ThrowableGroup;
import org.triojava.TrioRunnable;
import org.triojava.lowlevel.Lowlevel;
import org.triojava.testing.MockClock;
import org.triojava.testing.Testing;

/** Helpers shared by the core tests (the Java side of Trio's {@code tutil} and {@code trio.testing}). */
final class TestSupport {
    static final String GROUP = "Exceptions from Trio nursery";

    private TestSupport() {
    }

    /**
     * Starts {@code count} tasks named "sleeper 0", "sleeper 1"... in {@code nursery}, each
     * sleeping for an hour and adding its name to {@code unwound} as it unwinds.
     */
    static void startSleepers(org.triojava.Nursery nursery, int count, java.util.List<String> unwound) {
        for (int i = 0; i < count; i++) {
            String name = "sleeper " + i;
            nursery.startSoon(() -> {
                try {
                    org.triojava.Trio.sleep(3600);
                } finally {
                    unwound.add(name);
                }
            });
        }
    }

    /**
     * Returns once every other task of the run is blocked (a cancellable checkpoint, as Trio's
     * {@code wait_all_tasks_blocked}).
     */
    static void waitAllTasksBlocked() {
        Testing.waitAllTasksBlocked();
    }

    static TaskImpl me() {
        return (TaskImpl) Lowlevel.currentTask();
    }

    /** The body executed at least one schedule point and at least one cancel point. */
    static void assertCheckpoints(TrioRunnable body) throws Exception {
        Testing.assertCheckpoints(body);
    }

    /** The body executed neither a schedule point nor a cancel point. */
    static void assertNoCheckpoints(TrioRunnable body) throws Exception {
        Testing.assertNoCheckpoints(body);
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

    /** Sleeps {@code seconds} in a scope of its own, logging when and how the sleep ended. */
    static void sleepInOwnScope(String name, double seconds, List<String> log) throws Exception {
        new org.triojava.CancelScope().run(() -> {
            try {
                org.triojava.Trio.sleep(seconds);
                log.add(name + " woke at " + org.triojava.Trio.currentTime());
            } catch (Cancelled cancelled) {
                log.add(name + " cancelled at " + org.triojava.Trio.currentTime());
                throw cancelled;
            }
        });
    }

    /**
     * Whether {@code run}'s waiting thread is inside {@code Runner.<one of runnerMethods>}, with a
     * frame that {@code deeper} accepts further down its stack, in a state that {@code state}
     * accepts: how a test waits (spinning) until its run's loop really sits in a particular wait.
     * Only that run's thread is looked at: other runs of the JVM may be waiting too.
     */
    static boolean aRunWaits(Runner run, Predicate<Thread.State> state, Predicate<StackTraceElement> deeper,
                             String... runnerMethods) {
        List<String> methods = List.of(runnerMethods);
        Thread thread = run.waitingThread();
        boolean deeperSeen = false;
        for (StackTraceElement frame : thread.getStackTrace()) { // innermost first
            deeperSeen |= deeper.test(frame);
            if (deeperSeen && frame.getClassName().equals(Runner.class.getName())
                    && methods.contains(frame.getMethodName()) && state.test(thread.getState())) {
                return true;
            }
        }
        return false;
    }

    /** Run options with a fresh {@link #autojumpClock()}. */
    static org.triojava.RunOptions autojump() {
        return org.triojava.RunOptions.defaults().withClock(autojumpClock());
    }

    /** A mock clock that jumps to the next deadline whenever every task is blocked. */
    static MockClock autojumpClock() {
        MockClock clock = new MockClock();
        clock.setAutojumpThreshold(0);
        return clock;
    }
}
