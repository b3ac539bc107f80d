package org.triojava.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.triojava.RunOptions;
import org.triojava.SchedulingMode;
import org.triojava.Trio;
import org.triojava.lowlevel.Lowlevel;

/** The two scheduling modes: how a run picks one, and what confined scheduling changes (nothing a task can see but speed). */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class SchedulingModeTest {
    private static RunOptions in(SchedulingMode mode) {
        return RunOptions.defaults().withScheduling(mode);
    }

    @Test
    void theRunOptionWinsThenThePropertyThenWhatTheJvmAllows() {
        String why = "InaccessibleObjectException: java.lang not opened";
        assertEquals(SchedulingMode.SHARED, Scheduling.resolve(SchedulingMode.SHARED, "confined", null));
        assertEquals(SchedulingMode.CONFINED, Scheduling.resolve(SchedulingMode.CONFINED, "shared", null));
        assertEquals(SchedulingMode.SHARED, Scheduling.resolve(SchedulingMode.AUTO, "shared", null));
        assertEquals(SchedulingMode.CONFINED, Scheduling.resolve(SchedulingMode.AUTO, null, null));
        assertEquals(SchedulingMode.CONFINED, Scheduling.resolve(SchedulingMode.AUTO, "auto", null));
        assertEquals(SchedulingMode.SHARED, Scheduling.resolve(SchedulingMode.AUTO, null, why));
        assertEquals(SchedulingMode.SHARED, Scheduling.resolve(SchedulingMode.SHARED, null, why));
    }

    @Test
    void confinedSchedulingAskedForWithoutTheJvmOptionNamesTheOption() {
        String why = "InaccessibleObjectException: java.lang not opened";
        IllegalStateException byOption = assertThrows(IllegalStateException.class,
                () -> Scheduling.resolve(SchedulingMode.CONFINED, null, why));
        assertEquals("confined scheduling (RunOptions.withScheduling) needs the JVM option --add-opens"
                + " java.base/java.lang=org.triojava.core (on the class path: --add-opens"
                + " java.base/java.lang=ALL-UNNAMED); without it: " + why, byOption.getMessage());
        IllegalStateException byProperty = assertThrows(IllegalStateException.class,
                () -> Scheduling.resolve(SchedulingMode.AUTO, "confined", why));
        assertTrue(byProperty.getMessage().startsWith("confined scheduling (-Dorg.triojava.scheduling=confined) needs"
                + " the JVM option --add-opens java.base/java.lang=org.triojava.core"), byProperty.getMessage());
    }

    @Test
    void thePropertyIsReadLeniently() {
        assertEquals(SchedulingMode.AUTO, Scheduling.fromProperty(null));
        assertEquals(SchedulingMode.AUTO, Scheduling.fromProperty(" "));
        assertEquals(SchedulingMode.CONFINED, Scheduling.fromProperty(" Confined "));
        assertEquals(SchedulingMode.SHARED, Scheduling.fromProperty("SHARED"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Scheduling.fromProperty("fast"));
        assertEquals("-Dorg.triojava.scheduling=fast is not a scheduling mode: use auto, confined or shared",
                e.getMessage());
    }

    @Test
    void theTestJvmAllowsConfinedSchedulingAndAutoFollowsTheProperty() throws Exception {
        assertTrue(Scheduling.confinedAvailable(), "the build opens java.lang to trio-core for the tests");
        SchedulingMode expected = Scheduling.resolve(SchedulingMode.AUTO);
        assertEquals(expected, Trio.run(Lowlevel::currentSchedulingMode));
        assertEquals(SchedulingMode.CONFINED, Trio.run(in(SchedulingMode.CONFINED), Lowlevel::currentSchedulingMode));
        assertEquals(SchedulingMode.SHARED, Trio.run(in(SchedulingMode.SHARED), Lowlevel::currentSchedulingMode));
    }

    @Test
    void theLogLineSaysWhichModeARunUses() {
        assertEquals("confined scheduling (the loop thread carries the tasks)",
                Scheduling.describe(new ConfinedCarrier(Thread.currentThread())));
        assertEquals("shared-carrier scheduling", Scheduling.describe(new SharedCarriers(Thread.currentThread())));
    }

    @Test
    void confinedTasksAreVirtualThreadsOfTheirOwnAllCarriedByTheRunsLoopThread() throws Exception {
        List<Thread> threads = Collections.synchronizedList(new ArrayList<>());
        List<String> carriers = new ArrayList<>();
        ThreadLocal<String> local = new ThreadLocal<>();
        List<String> locals = new ArrayList<>();
        Trio.run(in(SchedulingMode.CONFINED), () -> {
            Trio.openNursery(nursery -> {
                for (int i = 0; i < 3; i++) {
                    String name = "task " + i;
                    nursery.startSoon(() -> {
                        threads.add(Thread.currentThread());
                        locals.add(name + " sees " + local.get());
                        local.set(name);
                        Trio.checkpoint();
                        carriers.add(carrierOf(Thread.currentThread()));
                        locals.add(name + " sees " + local.get());
                    });
                }
            });
        });
        assertEquals(3, new HashSet<>(threads).size());
        threads.forEach(thread -> assertTrue(thread.isVirtual(), thread::toString));
        assertEquals(1, new HashSet<>(carriers).size(), carriers::toString);
        assertTrue(carriers.get(0).startsWith("Trio loop "), carriers::toString);
        assertFalse(carriers.contains(Thread.currentThread().getName()), "not the caller: see LoopThreads");
        assertEquals(List.of("task 0 sees null", "task 1 sees null", "task 2 sees null",
                "task 0 sees task 0", "task 1 sees task 1", "task 2 sees task 2"), locals);
    }

    /** The carrier a mounted virtual thread names in its {@code toString} ("VirtualThread[#22]/runnable@main"). */
    private static String carrierOf(Thread virtual) {
        String text = virtual.toString();
        return text.substring(text.lastIndexOf('@') + 1);
    }

    @ParameterizedTest
    @EnumSource(value = SchedulingMode.class, names = {"CONFINED", "SHARED"})
    void aBlockingJdkCallBlocksTheWholeRunUntilAnotherThreadEndsIt(SchedulingMode mode) throws Exception {
        CountDownLatch latch = new CountDownLatch(1);
        AtomicReference<Thread> blocked = new AtomicReference<>();
        Thread releaser = new Thread(() -> {
            Thread task;
            while ((task = blocked.get()) == null || task.getState() != Thread.State.WAITING) {
                Thread.onSpinWait();
            }
            latch.countDown();
        });
        releaser.start();
        List<String> log = Collections.synchronizedList(new ArrayList<>());
        Trio.run(in(mode), () -> Trio.openNursery(nursery -> {
            nursery.startSoon(() -> {
                log.add("A blocks in a JDK call");
                blocked.set(Thread.currentThread());
                latch.await(); // not a checkpoint: no other task of the run may run meanwhile
                log.add("A resumed");
            });
            nursery.startSoon(() -> log.add("B ran"));
        }));
        releaser.join();
        assertEquals(List.of("A blocks in a JDK call", "A resumed", "B ran"), log);
    }

    @ParameterizedTest
    @EnumSource(value = SchedulingMode.class, names = {"CONFINED", "SHARED"})
    void aJdkTimedParkInsideATaskEndsOnItsOwn(SchedulingMode mode) throws Exception {
        // Thread.sleep in a task is a blocking JDK call: a JDK timer thread unparks the task afterwards
        List<String> log = new ArrayList<>();
        Trio.run(in(mode), () -> Trio.openNursery(nursery -> {
            nursery.startSoon(() -> {
                Thread.sleep(1);
                log.add("slept");
            });
            nursery.startSoon(() -> log.add("next"));
        }));
        assertEquals(List.of("slept", "next"), log);
    }

    @Test
    void aConfinedRunCalledFromAVirtualThreadGetsAPlatformLoopThread() throws Exception {
        AtomicReference<Object> outcome = new AtomicReference<>();
        Thread caller = Thread.ofVirtual().start(() -> {
            try {
                outcome.set(Trio.run(in(SchedulingMode.CONFINED), () -> {
                    Trio.sleep(0.001);
                    Thread task = Thread.currentThread();
                    return Lowlevel.currentSchedulingMode() + " " + task.isVirtual() + " " + carrierOf(task);
                }));
            } catch (Exception e) {
                outcome.set(e);
            }
        });
        caller.join();
        String result = (String) outcome.get();
        assertTrue(result.startsWith("CONFINED true Trio loop "), result);
    }

    @Test
    void fromAVirtualThreadTheMainTasksErrorComesOutAsItIs() throws Exception {
        IOException thrown = new IOException("from main");
        AtomicReference<Throwable> caught = new AtomicReference<>();
        Thread caller = Thread.ofVirtual().start(() -> {
            try {
                Trio.run(in(SchedulingMode.CONFINED), () -> {
                    Trio.sleep(0.001);
                    throw thrown;
                });
            } catch (Throwable t) {
                caught.set(t);
            }
        });
        caller.join();
        assertSame(thrown, caught.get());
    }

    @Test
    void confinedRunsInParallelEachCarryTheirOwnTasks() throws Exception {
        int runs = 4;
        int switches = 5_000;
        List<String> problems = Collections.synchronizedList(new ArrayList<>());
        Set<String> loopNames = Collections.synchronizedSet(new HashSet<>());
        List<Thread> loops = new ArrayList<>();
        for (int r = 0; r < runs; r++) {
            Thread loop = new Thread(() -> {
                try {
                    Set<String> seen = Collections.synchronizedSet(new HashSet<>());
                    int[] count = {0};
                    Trio.run(in(SchedulingMode.CONFINED), () -> Trio.openNursery(nursery -> {
                        for (int t = 0; t < 2; t++) {
                            nursery.startSoon(() -> {
                                for (int i = 0; i < switches; i++) {
                                    seen.add(carrierOf(Thread.currentThread()));
                                    count[0]++;
                                    Trio.checkpoint();
                                }
                            });
                        }
                    }));
                    if (seen.size() != 1 || !seen.iterator().next().startsWith("Trio loop ") || count[0] != 2 * switches) {
                        problems.add(Thread.currentThread().getName() + ": carriers " + seen + ", count " + count[0]);
                    }
                    loopNames.addAll(seen);
                } catch (Throwable e) {
                    problems.add(Thread.currentThread().getName() + ": " + e);
                }
            }, "loop " + r);
            loops.add(loop);
            loop.start();
        }
        for (Thread loop : loops) {
            loop.join();
        }
        assertEquals(List.of(), problems);
        assertEquals(runs, loopNames.size(), "each run has a loop thread of its own: " + loopNames);
    }

    @ParameterizedTest
    @EnumSource(value = SchedulingMode.class, names = {"CONFINED", "SHARED"})
    void trioRunInsideATaskIsRefusedInBothModes(SchedulingMode mode) throws Exception {
        String message = Trio.run(in(mode), () -> assertThrows(IllegalStateException.class,
                () -> Trio.run(in(mode), () -> null)).getMessage());
        assertTrue(message.startsWith("Trio.run cannot be called from inside a Trio run"), message);
    }

    @Test
    void noThreadOfAConfinedRunOutlivesIt() throws Exception {
        List<Thread> threads = Collections.synchronizedList(new ArrayList<>());
        Trio.run(in(SchedulingMode.CONFINED), () -> Trio.openNursery(nursery -> {
            for (int i = 0; i < 10; i++) {
                nursery.startSoon(() -> {
                    threads.add(Thread.currentThread());
                    Trio.sleep(0.001);
                });
            }
        }));
        assertEquals(10, threads.size());
        for (Thread thread : threads) {
            assertFalse(thread.isAlive(), thread::toString);
        }
    }

    @ParameterizedTest
    @EnumSource(value = SchedulingMode.class, names = {"CONFINED", "SHARED"})
    void aVirtualThreadStartedInsideATaskIsNotTiedToTheRunAndMayOutliveIt(SchedulingMode mode) throws Exception {
        // the JDK gives a virtual thread its creator's scheduler: in confined mode that is the run's
        // loop, which must pass such threads on (the JDK's own I/O pollers can start this way too)
        CountDownLatch release = new CountDownLatch(1);
        AtomicReference<String> carrier = new AtomicReference<>();
        String loop = Thread.currentThread().getName();
        Thread started = Trio.run(in(mode), () -> Thread.ofVirtual().start(() -> {
            try {
                release.await();
                carrier.set(carrierOf(Thread.currentThread()));
            } catch (InterruptedException e) {
                carrier.set("interrupted");
            }
        }));
        release.countDown(); // after the run: its loop no longer runs anything
        started.join();
        assertFalse(carrier.get().equals(loop) || carrier.get().equals("interrupted"), carrier.get());
    }

    private static final InheritableThreadLocal<String> CALLERS = new InheritableThreadLocal<>();

    @ParameterizedTest
    @EnumSource(value = SchedulingMode.class, names = {"CONFINED", "SHARED"})
    void tasksInheritNoInheritableThreadLocalsInEitherMode(SchedulingMode mode) throws Exception {
        CALLERS.set("the caller's");
        try {
            List<String> seen = new ArrayList<>();
            Trio.run(in(mode), () -> {
                seen.add(String.valueOf(CALLERS.get()));
                CALLERS.set("the main task's");
                Trio.openNursery(nursery -> nursery.startSoon(() -> seen.add(String.valueOf(CALLERS.get()))));
            });
            assertEquals(List.of("null", "null"), seen, "task-locals are ContextVar's job");
        } finally {
            CALLERS.remove();
        }
    }
}
