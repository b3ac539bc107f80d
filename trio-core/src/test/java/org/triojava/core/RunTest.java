package org.triojava.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.triojava.core.TestSupport.assertGroup;
import static org.triojava.core.TestSupport.single;
import static org.triojava.core.TestSupport.waitAllTasksBlocked;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.triojava.CancelReason;
import org.triojava.Cancelled;
import org.triojava.ExceptionGroup;
import org.triojava.RunOptions;
import org.triojava.ThrowableGroup;
import org.triojava.Trio;
import org.triojava.lowlevel.Lowlevel;
import org.triojava.lowlevel.Task;
import org.triojava.lowlevel.TrioToken;
import org.triojava.testing.MockClock;

/** Running, the main task's outcome, scheduling order and strictness (rules K5, K8, K9, N5). */
class RunTest {

    static final class Boom extends Error {
        Boom(String message) {
            super(message);
        }
    }

    @Test
    void runReturnsTheMainValue() throws Exception {
        assertEquals(42, Trio.run(() -> 42));
        assertNull(Trio.run(() -> null));
        List<String> log = new ArrayList<>();
        Trio.run(() -> {
            log.add("ran");
        });
        assertEquals(List.of("ran"), log);
    }

    @Test
    void mainErrorsPropagateUnwrapped() {
        IOException checked = new IOException("checked");
        assertSame(checked, assertThrows(IOException.class, () -> Trio.run(() -> {
            throw checked;
        })));
        IllegalArgumentException unchecked = new IllegalArgumentException("unchecked");
        assertSame(unchecked, assertThrows(IllegalArgumentException.class, () -> Trio.run(() -> {
            throw unchecked;
        })));
        Boom error = new Boom("error");
        assertSame(error, assertThrows(Boom.class, () -> Trio.run(() -> {
            throw error;
        })));
    }

    @Test
    void runInsideARunIsRefused() throws Exception {
        IllegalStateException e = Trio.run(() -> assertThrows(IllegalStateException.class, () -> Trio.run(() -> 1)));
        assertTrue(e.getMessage().contains("from inside"), e.getMessage());
        // also from inside a child task
        Trio.run(() -> Trio.openNursery(n -> n.startSoon(() ->
                assertThrows(IllegalStateException.class, () -> Trio.run(() -> 1)))));
    }

    @Test
    void runRejectsNulls() {
        NullPointerException e = assertThrows(NullPointerException.class,
                () -> Trio.run((org.triojava.TrioCallable<Object>) null));
        assertEquals("main must not be null", e.getMessage());
        e = assertThrows(NullPointerException.class, () -> Trio.run(null, () -> 1));
        assertEquals("options must not be null", e.getMessage());
    }

    @Test
    void runsAreIndependentAndLeaveNoBinding() throws Exception {
        assertFalse(Lowlevel.inTrioRun());
        TrioToken first = Trio.run(Lowlevel::currentTrioToken);
        assertFalse(Lowlevel.inTrioRun());
        TrioToken second = Trio.run(Lowlevel::currentTrioToken);
        assertNotSame(first, second);
        assertNotEquals(first, second);
        assertFalse(Lowlevel.inTrioTask());
    }

    @Test
    void basicInterleave() throws Exception {
        List<String> record = new ArrayList<>();
        Trio.run(() -> Trio.openNursery(n -> {
            for (String name : List.of("a", "b")) {
                n.startSoon(() -> {
                    record.add(name + "1");
                    Trio.checkpoint();
                    record.add(name + "2");
                });
            }
        }));
        assertEquals(List.of("a1", "b1", "a2", "b2"), record);
    }

    @Test
    void childCrashIsGrouped() {
        IllegalArgumentException crash = new IllegalArgumentException("child");
        Throwable thrown = assertThrows(ExceptionGroup.class, () -> Trio.run(() -> Trio.openNursery(n ->
                n.startSoon(() -> {
                    throw crash;
                }))));
        assertGroup(thrown, IllegalArgumentException.class);
        assertSame(crash, single(thrown));
        assertEquals("Exceptions from Trio nursery (1 sub-exception)", thrown.getMessage());
        // every member is attached as suppressed, for printing
        assertEquals(List.of(crash), List.of(thrown.getSuppressed()));
    }

    @Test
    void checkedExceptionsFromChildrenAreGrouped() {
        IOException crash = new IOException("io");
        Throwable thrown = assertThrows(ExceptionGroup.class, () -> Trio.run(() -> Trio.openNursery(n ->
                n.startSoon(() -> {
                    throw crash;
                }))));
        assertSame(crash, single(thrown));
    }

    @Test
    void mainBlockAndChildBothCrash() {
        Throwable thrown = assertThrows(ExceptionGroup.class, () -> Trio.run(() -> Trio.openNursery(n -> {
            n.startSoon(() -> {
                throw new IllegalArgumentException("child");
            });
            throw new NoSuchElementException("body");
        })));
        ThrowableGroup group = assertGroup(thrown, NoSuchElementException.class, IllegalArgumentException.class);
        assertEquals("body", group.exceptions().get(0).getMessage());
        assertEquals("child", group.exceptions().get(1).getMessage());
        assertEquals("Exceptions from Trio nursery (2 sub-exceptions)", thrown.getMessage());
    }

    @Test
    void twoChildCrashesInSpawnOrder() {
        Throwable thrown = assertThrows(ExceptionGroup.class, () -> Trio.run(() -> Trio.openNursery(n -> {
            n.startSoon(() -> {
                throw new IllegalArgumentException("first");
            });
            n.startSoon(() -> {
                throw new NoSuchElementException("second");
            });
        })));
        assertGroup(thrown, IllegalArgumentException.class, NoSuchElementException.class);
    }

    @Test
    void childCrashWakesTheParent() {
        List<String> record = new ArrayList<>();
        Throwable thrown = assertThrows(ExceptionGroup.class, () -> Trio.run(() -> Trio.openNursery(n -> {
            n.startSoon(() -> {
                throw new IllegalArgumentException("crash");
            });
            try {
                Trio.sleepForever();
            } catch (Cancelled c) {
                record.add("parent cancelled: " + c.source());
                throw c;
            }
        })));
        // the parent's Cancelled belongs to the nursery's own scope, which absorbs it
        assertGroup(thrown, IllegalArgumentException.class);
        assertEquals(List.of("parent cancelled: nursery"), record);
    }

    @Test
    void tasksRunInSpawnOrderBatchByBatch() throws Exception {
        List<String> record = new ArrayList<>();
        Trio.run(() -> Trio.openNursery(n -> {
            for (String name : List.of("a", "b", "c")) {
                n.startSoon(() -> {
                    for (int i = 0; i < 3; i++) {
                        record.add(name + i);
                        Trio.checkpoint();
                    }
                });
            }
        }));
        assertEquals(List.of("a0", "b0", "c0", "a1", "b1", "c1", "a2", "b2", "c2"), record);
    }

    @Test
    void tasksWokenDuringABatchRunInTheNextBatch() throws Exception {
        List<String> record = new ArrayList<>();
        Trio.run(() -> Trio.openNursery(n -> {
            Task[] sleepers = new Task[2];
            for (int i = 0; i < 2; i++) {
                int index = i;
                n.startSoon(() -> {
                    sleepers[index] = Lowlevel.currentTask();
                    Lowlevel.waitTaskRescheduled(raiseCancel -> org.triojava.lowlevel.Abort.SUCCEEDED);
                    record.add("sleeper" + index);
                });
            }
            waitAllTasksBlocked();
            n.startSoon(() -> {
                // wake in reverse order: they run in wake order, after this whole batch
                Lowlevel.reschedule(sleepers[1]);
                Lowlevel.reschedule(sleepers[0]);
                record.add("waker");
            });
            n.startSoon(() -> record.add("bystander"));
        }));
        assertEquals(List.of("waker", "bystander", "sleeper1", "sleeper0"), record);
    }

    private static List<String> orderWithSeed(Long seed) throws Exception {
        List<String> record = new ArrayList<>();
        RunOptions options = seed == null ? RunOptions.defaults() : RunOptions.defaults().withSchedulingSeed(seed);
        Trio.run(options, () -> Trio.openNursery(n -> {
            for (int i = 0; i < 6; i++) {
                String name = "t" + i;
                n.startSoon(() -> {
                    record.add(name + "-1");
                    Trio.checkpoint();
                    record.add(name + "-2");
                });
            }
        }));
        return record;
    }

    @Test
    void schedulingSeedShufflesEachBatchReproducibly() throws Exception {
        List<String> fifo = orderWithSeed(null);
        assertEquals(List.of("t0-1", "t1-1", "t2-1", "t3-1", "t4-1", "t5-1",
                "t0-2", "t1-2", "t2-2", "t3-2", "t4-2", "t5-2"), fifo);
        boolean someSeedDiffers = false;
        for (long seed = 0; seed < 20; seed++) {
            List<String> shuffled = orderWithSeed(seed);
            assertEquals(shuffled, orderWithSeed(seed), "same seed, same order");
            // batches are kept: every first step runs before any second step
            Set<String> firstHalf = new HashSet<>(shuffled.subList(0, 6));
            assertTrue(firstHalf.stream().allMatch(s -> s.endsWith("-1")), shuffled.toString());
            assertEquals(new HashSet<>(fifo), new HashSet<>(shuffled));
            someSeedDiffers |= !shuffled.equals(fifo);
        }
        assertTrue(someSeedDiffers, "a seed shuffles the order");
    }

    @Test
    void rootTaskAndMainTask() throws Exception {
        Trio.run(() -> {
            Task root = Lowlevel.currentRootTask();
            Task main = Lowlevel.currentTask();
            assertNotSame(root, main);
            assertEquals("<init>", root.name());
            assertNull(root.parentNursery());
            assertNull(root.eventualParentNursery());
            // the main task lives (via hidden nurseries) under the root task
            Task up = main;
            while (up.parentNursery() != null) {
                up = up.parentNursery().parentTask();
            }
            assertSame(root, up);
            assertNull(main.eventualParentNursery());
            return null;
        });
    }

    @Test
    void taskNames() throws Exception {
        Trio.run(() -> {
            assertEquals(RunTest.class.getName(), Lowlevel.currentTask().name());
            List<String> names = new ArrayList<>();
            Trio.openNursery(n -> {
                n.startSoon(() -> names.add(Lowlevel.currentTask().name()));
                n.startSoon("explicit", () -> names.add(Lowlevel.currentTask().name()));
            });
            assertEquals(List.of(RunTest.class.getName(), "explicit"), names);
            return null;
        });
    }

    @Test
    void clockOption() throws Exception {
        MockClock clock = new MockClock();
        clock.jump(100);
        Trio.run(RunOptions.defaults().withClock(clock), () -> {
            assertSame(clock, Lowlevel.currentClock());
            assertEquals(100.0, Trio.currentTime());
            clock.jump(1.5);
            assertEquals(101.5, Trio.currentTime());
        });
    }

    @Test
    void customClockIsStartedOncePerRunBeforeTheMainTask() throws Exception {
        List<String> record = new ArrayList<>();
        org.triojava.abc.Clock clock = new org.triojava.abc.Clock() {
            @Override
            public void startClock() {
                record.add("startClock");
            }

            @Override
            public double currentTime() {
                return 7;
            }

            @Override
            public double deadlineToSleepTime(double deadline) {
                return deadline - 7;
            }
        };
        Trio.run(RunOptions.defaults().withClock(clock), () -> {
            record.add("main at " + Trio.currentTime());
        });
        assertEquals(List.of("startClock", "main at 7.0"), record);
    }

    @Test
    void defaultClockIsMonotonic() throws Exception {
        Trio.run(() -> {
            double t0 = Trio.currentTime();
            double t1 = Trio.currentTime();
            assertTrue(t1 >= t0);
            assertTrue(Trio.currentTime() >= t1);
        });
    }

    // ---------------------------------------------------------------- strictness (N5)

    @ParameterizedTest(name = "run strict={0}, nursery strict={1}, two errors={2}")
    @CsvSource({
        "true,,false", "true,,true", "false,,false", "false,,true",
        "true,true,false", "true,false,false", "false,true,false", "false,false,false",
        "true,false,true", "false,true,true"})
    void strictnessOfRunAndNursery(boolean runStrict, Boolean nurseryStrict, boolean twoErrors) {
        IllegalStateException first = new IllegalStateException("test error");
        IllegalStateException second = new IllegalStateException("test error");
        Throwable thrown = assertThrows(Exception.class, () -> Trio.run(
                RunOptions.defaults().withStrictExceptionGroups(runStrict), () -> {
                    org.triojava.NurseryBody body = n -> {
                        n.startSoon(() -> {
                            throw first;
                        });
                        if (twoErrors) {
                            n.startSoon(() -> {
                                throw second;
                            });
                        }
                    };
                    if (nurseryStrict == null) {
                        Trio.openNursery(body);
                    } else {
                        Trio.openNursery(nurseryStrict, body);
                    }
                }));
        boolean strict = nurseryStrict != null ? nurseryStrict : runStrict;
        if (twoErrors) {
            ThrowableGroup group = assertGroup(thrown, IllegalStateException.class, IllegalStateException.class);
            assertSame(first, group.exceptions().get(0));
            assertSame(second, group.exceptions().get(1));
        } else if (strict) {
            assertGroup(thrown, IllegalStateException.class);
            assertSame(first, single(thrown));
        } else {
            assertSame(first, thrown);
        }
    }

    @Test
    void nestedStrictNurseriesNestGroups() {
        Throwable thrown = assertThrows(ExceptionGroup.class, () -> Trio.run(() -> Trio.openNursery(outer ->
                Trio.openNursery(inner -> inner.startSoon(() -> {
                    throw new IllegalArgumentException("deep");
                })))));
        Throwable innerGroup = single(thrown);
        assertGroup(innerGroup, IllegalArgumentException.class);
    }

    @Test
    void mainTaskNotInAUserNurserySoNoGroupEvenWhenStrict() {
        assertThrows(IllegalArgumentException.class, () -> Trio.run(
                RunOptions.defaults().withStrictExceptionGroups(true), () -> {
                    throw new IllegalArgumentException();
                }));
    }

    @Test
    void mainReturnWaitsForNothingButSystemTasksAreCancelledWithShutdown() throws Exception {
        List<String> record = new ArrayList<>();
        Trio.run(() -> {
            Lowlevel.spawnSystemTask("sys", () -> {
                try {
                    Trio.sleepForever();
                } catch (Cancelled c) {
                    record.add(c.source() + "/" + c.reason());
                    assertEquals(CancelReason.SHUTDOWN, c.source());
                    throw c;
                }
            });
            waitAllTasksBlocked();
            record.add("main done");
        });
        assertEquals(List.of("main done", "shutdown/main task done, shutting down system tasks"), record);
    }

    @Test
    void errorsInAnInnerNurseryCancelOnlyThatNursery() throws Exception {
        List<String> record = new ArrayList<>();
        Trio.run(() -> Trio.openNursery(outer -> {
            outer.startSoon(() -> {
                Trio.checkpoint();
                Trio.checkpoint();
                record.add("outer child survived");
            });
            Throwable thrown = assertThrows(ExceptionGroup.class, () -> Trio.openNursery(inner -> {
                inner.startSoon(() -> {
                    try {
                        Trio.sleepForever();
                    } catch (Cancelled c) {
                        record.add("inner sibling cancelled");
                        throw c;
                    }
                });
                inner.startSoon(() -> {
                    throw new IllegalArgumentException();
                });
            }));
            assertGroup(thrown, IllegalArgumentException.class);
            assertInstanceOf(IllegalArgumentException.class, single(thrown));
        }));
        assertEquals(List.of("inner sibling cancelled", "outer child survived"), record);
    }
}
