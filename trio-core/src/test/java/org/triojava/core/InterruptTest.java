package org.triojava.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.triojava.RunOptions;
import org.triojava.SchedulingMode;
import org.triojava.Trio;
import org.triojava.sync.Event;

/** Interrupting the thread that runs Trio.run cancels the run; interrupting a task's thread does nothing to Trio. */
class InterruptTest {
    /** A run whose tasks sleep for an hour; {@code blocked} counts down once they all wait. */
    private static Void sleepers(SchedulingMode mode, List<String> unwound, CountDownLatch blocked) throws Exception {
        Trio.run(RunOptions.defaults().withScheduling(mode), () -> Trio.openNursery(nursery -> {
            TestSupport.startSleepers(nursery, 2, unwound);
            TestSupport.waitAllTasksBlocked();
            blocked.countDown();
        }));
        return null;
    }

    @ParameterizedTest
    @EnumSource(value = SchedulingMode.class, names = {"CONFINED", "SHARED"})
    void interruptingTheRunsThreadCancelsEveryTaskThenTrioRunThrowsInterruptedException(SchedulingMode mode)
            throws Exception {
        for (boolean virtualCaller : new boolean[] {false, true}) {
            List<String> unwound = Collections.synchronizedList(new ArrayList<>());
            CountDownLatch blocked = new CountDownLatch(1);
            AtomicReference<Throwable> thrown = new AtomicReference<>();
            AtomicReference<Boolean> flagAfter = new AtomicReference<>();
            Runnable caller = () -> {
                try {
                    sleepers(mode, unwound, blocked);
                } catch (Throwable t) {
                    thrown.set(t);
                }
                flagAfter.set(Thread.currentThread().isInterrupted());
            };
            Thread thread = virtualCaller ? Thread.ofVirtual().start(caller) : Thread.ofPlatform().start(caller);
            blocked.await();
            thread.interrupt();
            thread.join();
            InterruptedException e = assertInstanceOf(InterruptedException.class, thrown.get());
            assertEquals("the thread running Trio.run was interrupted: every task was cancelled and has unwound",
                    e.getMessage());
            Collections.sort(unwound);
            assertEquals(List.of("sleeper 0", "sleeper 1"), unwound, mode + (virtualCaller ? " from a virtual thread" : ""));
            assertFalse(flagAfter.get(), "InterruptedException clears the flag, as usual");
        }
    }

    @Test
    void futureCancelStopsARunningRun() throws Exception {
        ExecutorService executor = Executors.newSingleThreadExecutor();
        try {
            List<String> unwound = Collections.synchronizedList(new ArrayList<>());
            CountDownLatch blocked = new CountDownLatch(1);
            Future<Void> run = executor.submit(() -> sleepers(SchedulingMode.AUTO, unwound, blocked));
            blocked.await();
            run.cancel(true);
            CompletableFuture<Void> next = CompletableFuture.runAsync(() -> { }, executor);
            next.get(); // the executor's thread is free again: the run ended
            Collections.sort(unwound);
            assertEquals(List.of("sleeper 0", "sleeper 1"), unwound);
        } finally {
            executor.shutdownNow();
        }
    }

    @ParameterizedTest
    @EnumSource(value = SchedulingMode.class, names = {"CONFINED", "SHARED"})
    void anInterruptOfAWaitingTaskIsNotKeptForItsLaterSteps(SchedulingMode mode) throws Exception {
        boolean[] flag = new boolean[2];
        Trio.run(RunOptions.defaults().withScheduling(mode), () -> {
            Event go = new Event();
            Thread[] waiter = new Thread[1];
            Trio.openNursery(nursery -> {
                nursery.startSoon(() -> {
                    waiter[0] = Thread.currentThread();
                    go.await();
                    flag[0] = Thread.currentThread().isInterrupted();
                    Trio.checkpoint();
                    flag[1] = Thread.currentThread().isInterrupted();
                });
                TestSupport.waitAllTasksBlocked();
                waiter[0].interrupt(); // Trio has no interrupts: the wait goes on, and the flag is dropped
                TestSupport.waitAllTasksBlocked();
                go.set();
            });
        });
        assertFalse(flag[0], "a flag kept would make every interruptible JDK call of the task fail");
        assertFalse(flag[1]);
    }
}
