package org.triojava.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.triojava.CancelScope;
import org.triojava.Cancelled;
import org.triojava.RunOptions;
import org.triojava.SchedulingMode;
import org.triojava.Trio;
import org.triojava.TrioInternalError;
import org.triojava.abc.Clock;
import org.triojava.lowlevel.Lowlevel;
import org.triojava.lowlevel.TrioToken;
import org.triojava.sync.Event;

/** Faults in the loop's own work end the run with TrioInternalError, every task unwound: never a hang. */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class LoopFaultTest {
    /** A clock that works until told to fail, then throws or answers NaN. */
    static final class FaultyClock implements Clock {
        volatile boolean broken;
        final boolean nan;
        final IllegalStateException failure = new IllegalStateException("the clock broke");
        private final long start = System.nanoTime();

        FaultyClock(boolean nan) {
            this.nan = nan;
        }

        @Override
        public void startClock() {
        }

        @Override
        public double currentTime() {
            if (broken) {
                if (nan) {
                    return Double.NaN;
                }
                throw failure;
            }
            return (System.nanoTime() - start) / 1e9;
        }

        @Override
        public double deadlineToSleepTime(double deadline) {
            return deadline - currentTime();
        }
    }

    enum Fault { THROWS, NAN }

    @ParameterizedTest
    @EnumSource(Fault.class)
    void aClockThatFailsEndsTheRunWithEveryTaskUnwound(Fault fault) throws Exception {
        for (SchedulingMode mode : List.of(SchedulingMode.CONFINED, SchedulingMode.SHARED)) {
            FaultyClock clock = new FaultyClock(fault == Fault.NAN);
            List<String> unwound = Collections.synchronizedList(new ArrayList<>());
            TrioInternalError error = assertThrows(TrioInternalError.class,
                    () -> Trio.run(RunOptions.defaults().withClock(clock).withScheduling(mode), () -> {
                        Trio.openNursery(nursery -> {
                            TestSupport.startSleepers(nursery, 3, unwound);
                            TestSupport.waitAllTasksBlocked();
                            clock.broken = true; // the loop's next look at the clock fails
                            try {
                                Trio.sleepForever();
                            } finally {
                                unwound.add("main");
                            }
                        });
                    }));
            assertTrue(error.getMessage().startsWith("the run loop failed"), error.getMessage());
            if (fault == Fault.THROWS) {
                assertSame(clock.failure, error.getCause());
            } else {
                assertTrue(error.getCause().getMessage().contains("returned NaN"), error.getCause().getMessage());
            }
            Collections.sort(unwound);
            assertEquals(List.of("main", "sleeper 0", "sleeper 1", "sleeper 2"), unwound, mode::toString);
        }
    }

    @ParameterizedTest
    @EnumSource(value = SchedulingMode.class, names = {"CONFINED", "SHARED"})
    void anOutOfMemoryErrorInATaskEndsTheRunWithItAndNoThreadIsLeft(SchedulingMode mode) throws Exception {
        OutOfMemoryError oom = new OutOfMemoryError("simulated: Java heap space");
        List<String> unwound = Collections.synchronizedList(new ArrayList<>());
        List<Thread> threads = Collections.synchronizedList(new ArrayList<>());
        Throwable thrown = assertThrows(Throwable.class,
                () -> Trio.run(RunOptions.defaults().withScheduling(mode), () -> Trio.openNursery(nursery -> {
                    for (int i = 0; i < 3; i++) {
                        String name = "sleeper " + i;
                        nursery.startSoon(() -> {
                            threads.add(Thread.currentThread());
                            try {
                                Trio.sleep(3600);
                            } finally {
                                unwound.add(name);
                            }
                        });
                    }
                    nursery.startSoon(() -> {
                        threads.add(Thread.currentThread());
                        TestSupport.waitAllTasksBlocked();
                        throw oom;
                    });
                })));
        assertEquals(List.of(oom), org.triojava.ThrowableGroup.leavesOf(thrown).toList());
        Collections.sort(unwound);
        assertEquals(List.of("sleeper 0", "sleeper 1", "sleeper 2"), unwound);
        assertEquals(4, threads.size());
        for (Thread thread : threads) {
            assertTrue(!thread.isAlive(), thread::toString);
        }
    }

    @ParameterizedTest
    @EnumSource(value = SchedulingMode.class, names = {"CONFINED", "SHARED"})
    void aSelectorThatFailsEndsTheRunWithEveryTaskUnwound(SchedulingMode mode) throws Exception {
        java.nio.channels.Pipe pipe = java.nio.channels.Pipe.open();
        pipe.source().configureBlocking(false);
        List<String> unwound = Collections.synchronizedList(new ArrayList<>());
        try {
            TrioInternalError error = assertThrows(TrioInternalError.class,
                    () -> Trio.run(RunOptions.defaults().withScheduling(mode), () -> Trio.openNursery(nursery -> {
                        nursery.startSoon(() -> {
                            try {
                                org.triojava.lowlevel.Lowlevel.waitReadable(pipe.source());
                            } finally {
                                unwound.add("reader");
                            }
                        });
                        TestSupport.waitAllTasksBlocked();
                        // break the run's selector under it: its next select fails
                        java.lang.reflect.Field io = Runner.class.getDeclaredField("io");
                        io.setAccessible(true);
                        java.lang.reflect.Field selector = IoManager.class.getDeclaredField("selector");
                        selector.setAccessible(true);
                        ((java.nio.channels.Selector) selector.get(io.get(org.triojava.spi.Kernel.current()))).close();
                        Trio.sleepForever();
                    })));
            assertInstanceOf(java.nio.channels.ClosedSelectorException.class, error.getCause(), error::toString);
            assertEquals(List.of("reader"), unwound);
        } finally {
            pipe.source().close();
            pipe.sink().close();
        }
    }

    @ParameterizedTest
    @EnumSource(value = SchedulingMode.class, names = {"CONFINED", "SHARED"})
    void afterTheLoopFailedItStillRunsCallbacksFromOtherThreads(SchedulingMode mode) throws Exception {
        FaultyClock clock = new FaultyClock(false);
        List<String> log = Collections.synchronizedList(new ArrayList<>());
        TrioInternalError error = assertThrows(TrioInternalError.class,
                () -> Trio.run(RunOptions.defaults().withClock(clock).withScheduling(mode), () -> {
                    TrioToken token = Lowlevel.currentTrioToken();
                    Runner run = (Runner) org.triojava.spi.Kernel.current();
                    Event event = new Event();
                    Thread caller = Thread.ofPlatform().start(() -> {
                        while (!TestSupport.aRunWaits(run, state -> state == Thread.State.WAITING, frame -> true,
                                "waitForCallbacksOnly", "waitForEvents")) {
                            Thread.onSpinWait();
                        }
                        token.runSyncSoon(() -> {
                            log.add("callback ran");
                            event.set();
                        });
                    });
                    Lowlevel.spawnSystemTask("sleeper", () -> Trio.sleep(1000)); // a deadline: the loop reads the clock
                    Trio.checkpoint();
                    CancelScope shielded = new CancelScope();
                    shielded.setShield(true);
                    clock.broken = true; // the loop's next look at the clock fails; it cancels every task
                    shielded.run(() -> {
                        event.await(); // only the call from the other thread can end this
                        log.add("event seen");
                    });
                    caller.join();
                    try {
                        Trio.checkpoint();
                    } catch (Cancelled cancelled) {
                        log.add("cancelled");
                        throw cancelled;
                    }
                }));
        assertSame(clock.failure, error.getCause());
        assertEquals(List.of("callback ran", "event seen", "cancelled"), log);
    }
}
