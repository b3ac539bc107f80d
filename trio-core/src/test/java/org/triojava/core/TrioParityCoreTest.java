package org.triojava.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.triojava.core.TestSupport.assertCheckpoints;
import static org.triojava.core.TestSupport.waitAllTasksBlocked;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;
import org.triojava.CancelReason;
import org.triojava.CancelScope;
import org.triojava.Cancelled;
import org.triojava.RunOptions;
import org.triojava.Trio;
import org.triojava.TrioRunnable;
import org.triojava.abc.Instrument;
import org.triojava.lowlevel.Lowlevel;
import org.triojava.lowlevel.RunStatistics;
import org.triojava.lowlevel.Task;
import org.triojava.testing.MockClock;

/**
 * Acceptance-style checks of the core runtime against Trio's documented semantics (K, C, N, KI, I
 * rules of the reference and Trio's own test_run/test_timeouts/test_instrumentation), for the
 * behaviours the other core test classes do not already pin down.
 */
class TrioParityCoreTest {

    private static void runWith(MockClock clock, TrioRunnable main) throws Exception {
        Trio.run(RunOptions.defaults().withClock(clock), main);
    }

    // ------------------------------------------------------------------ timeouts (test_timeouts)

    @Test
    void everyTimeoutApiRejectsNaN() throws Exception {
        Trio.run(() -> {
            double nan = Double.NaN;
            assertThrows(IllegalArgumentException.class, () -> Trio.sleep(nan));
            assertThrows(IllegalArgumentException.class, () -> Trio.sleepUntil(nan));
            assertThrows(IllegalArgumentException.class, () -> Trio.moveOnAfter(nan, () -> { }));
            assertThrows(IllegalArgumentException.class, () -> Trio.moveOnAt(nan, () -> { }));
            assertThrows(IllegalArgumentException.class, () -> Trio.failAfter(nan, () -> { }));
            assertThrows(IllegalArgumentException.class, () -> Trio.failAt(nan, () -> { }));
            assertThrows(IllegalArgumentException.class, () -> CancelScope.withDeadline(nan));
            CancelScope scope = new CancelScope();
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> scope.setDeadline(nan));
            assertEquals("deadline must not be NaN", e.getMessage());
            assertEquals(Double.POSITIVE_INFINITY, scope.deadline());
        });
    }

    @Test
    void negativeTimeoutsAreRejectedNamingSeconds() throws Exception {
        Trio.run(() -> {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Trio.sleep(-1));
            assertTrue(e.getMessage().contains("non-negative"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> Trio.moveOnAfter(-1, () -> { }));
            assertTrue(e.getMessage().startsWith("`seconds` must be non-negative"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> Trio.failAfter(-1, () -> { }));
            assertTrue(e.getMessage().startsWith("`seconds` must be non-negative"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> Trio.sleep(Duration.ofSeconds(-1)));
            assertTrue(e.getMessage().contains("non-negative"), e.getMessage());
        });
    }

    @Test
    void sleepUntilAPastDeadlineIsAFullCheckpoint() throws Exception {
        Trio.run(() -> {
            assertCheckpoints(() -> Trio.sleepUntil(Trio.currentTime() - 1));
            assertCheckpoints(() -> Trio.sleepUntil(Double.NEGATIVE_INFINITY));
            assertCheckpoints(() -> Trio.sleep(0));
        });
    }

    @Test
    void sleepUntilWakesNoEarlierThanItsDeadlineOnTheRealClock() throws Exception {
        Trio.run(() -> {
            for (int i = 0; i < 3; i++) {
                double target = Trio.currentTime() + 0.01;
                Trio.sleepUntil(target);
                assertTrue(Trio.currentTime() >= target);
            }
        });
    }

    @Test
    void moveOnAfterMovesOnEvenIfShielded() throws Exception {
        MockClock clock = new MockClock();
        clock.setAutojumpThreshold(0);
        runWith(clock, () -> {
            CancelScope outer = new CancelScope();
            outer.run(() -> {
                outer.cancel();
                CancelScope inner = Trio.moveOnAfter(1, true, Trio::sleepForever);
                assertTrue(inner.cancelledCaught());
                assertEquals(1.0, Trio.currentTime());
                Trio.checkpoint();
            });
            assertTrue(outer.cancelledCaught());
        });
    }

    // ------------------------------------------------------------------ deadlines (C3, C4)

    @Test
    void pastDeadlineIsSeenLazilyByCancelCalledBeforeEntry() throws Exception {
        MockClock clock = new MockClock();
        runWith(clock, () -> {
            CancelScope scope = CancelScope.withDeadline(Trio.currentTime() - 1);
            assertTrue(scope.cancelCalled());
            CancelScope later = CancelScope.withDeadline(Trio.currentTime() + 1);
            assertFalse(later.cancelCalled());
            clock.jump(2);
            assertTrue(later.cancelCalled());
        });
    }

    @Test
    void deadlineOfAnExitedScopeNeverFires() throws Exception {
        MockClock clock = new MockClock();
        runWith(clock, () -> {
            CancelScope scope = CancelScope.withDeadline(Trio.currentTime() + 1);
            scope.run(() -> { });
            clock.jump(5);
            Trio.checkpoint();
            assertFalse(scope.cancelCalled());
            assertFalse(scope.cancelledCaught());
        });
    }

    @Test
    void relativeDeadlineAfterEntry() throws Exception {
        MockClock clock = new MockClock();
        runWith(clock, () -> {
            clock.jump(10);
            CancelScope scope = CancelScope.withRelativeDeadline(5);
            assertEquals(Boolean.TRUE, scope.isRelative());
            assertEquals(5.0, scope.relativeDeadline());
            scope.run(() -> {
                assertNull(scope.isRelative());
                assertEquals(15.0, scope.deadline());
                clock.jump(2);
                assertEquals(3.0, scope.relativeDeadline());
                scope.setRelativeDeadline(7);
                assertEquals(19.0, scope.deadline());
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                        () -> scope.setRelativeDeadline(-1));
                assertTrue(e.getMessage().startsWith("relative deadline must be non-negative"), e.getMessage());
                e = assertThrows(IllegalArgumentException.class, () -> scope.setRelativeDeadline(Double.NaN));
                assertEquals("relative deadline must not be NaN", e.getMessage());
            });
            assertNull(scope.isRelative());
            CancelScope abs = CancelScope.withDeadline(3);
            assertEquals(Boolean.FALSE, abs.isRelative());
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> CancelScope.withRelativeDeadline(-1));
            assertTrue(e.getMessage().startsWith("timeout must be non-negative"), e.getMessage());
        });
    }

    @Test
    void settingTheSameDeadlinesRepeatedlyStillFiresOnce() throws Exception {
        MockClock clock = new MockClock();
        clock.setAutojumpThreshold(0);
        runWith(clock, () -> {
            CancelScope scope = new CancelScope();
            scope.run(() -> {
                for (int i = 0; i < 10; i++) {
                    scope.setDeadline(100);
                    scope.setDeadline(200);
                    scope.setDeadline(100);
                }
                Trio.sleep(1000);
            });
            assertTrue(scope.cancelledCaught());
            assertEquals(100.0, Trio.currentTime());
            RunStatistics stats = Lowlevel.currentStatistics();
            assertEquals(Double.POSITIVE_INFINITY, stats.secondsToNextDeadline());
        });
    }

    // ------------------------------------------------------------------ cancel scopes (C11)

    @Test
    void veryDeepScopeNesting() throws Exception {
        Trio.run(() -> {
            CancelScope outermost = new CancelScope();
            List<CancelScope> scopes = new ArrayList<>();
            outermost.run(() -> nest(scopes, 500, outermost));
            assertTrue(outermost.cancelledCaught());
            for (CancelScope s : scopes) {
                assertFalse(s.cancelledCaught());
            }
        });
    }

    private static void nest(List<CancelScope> scopes, int depth, CancelScope outermost) throws Exception {
        if (depth == 0) {
            outermost.cancel();
            Trio.checkpoint();
            return;
        }
        CancelScope scope = new CancelScope();
        scopes.add(scope);
        scope.run(() -> nest(scopes, depth - 1, outermost));
    }

    @Test
    void cancelledStringForDeadline() throws Exception {
        MockClock clock = new MockClock();
        clock.setAutojumpThreshold(0);
        runWith(clock, () -> {
            Cancelled[] seen = new Cancelled[1];
            Trio.moveOnAfter(1, () -> {
                try {
                    Trio.sleepForever();
                } catch (Cancelled c) {
                    seen[0] = c;
                    throw c;
                }
            });
            assertEquals(CancelReason.DEADLINE, seen[0].source());
            assertEquals("cancelled due to deadline", seen[0].getMessage());
        });
    }

    // ------------------------------------------------------------------ instruments (I3)

    @Test
    void addInstrumentIsIdempotentAndRemovingAnAbsentOneFails() throws Exception {
        List<String> log = new ArrayList<>();
        Instrument inst = new Instrument() {
            @Override
            public void beforeTaskStep(Task task) {
                log.add("step");
            }
        };
        Trio.run(() -> {
            Lowlevel.addInstrument(inst);
            Lowlevel.addInstrument(inst);
            Trio.checkpoint();
            Lowlevel.removeInstrument(inst);
            assertEquals(List.of("step"), log);
            assertThrows(NoSuchElementException.class, () -> Lowlevel.removeInstrument(inst));
            Trio.checkpoint();
            assertEquals(List.of("step"), log);
        });
    }

    @Test
    void afterRunIsCalledEvenWhenTheMainTaskCrashes() throws Exception {
        List<String> log = new ArrayList<>();
        Instrument inst = new Instrument() {
            @Override
            public void beforeRun() {
                log.add("before");
            }

            @Override
            public void afterRun() {
                log.add("after");
            }
        };
        assertThrows(IllegalStateException.class, () -> Trio.run(RunOptions.defaults().withInstrument(inst), () -> {
            throw new IllegalStateException("boom");
        }));
        assertEquals(List.of("before", "after"), log);
    }

    @Test
    void crashingBeforeRunHookRemovesTheInstrument() throws Exception {
        List<String> log = new ArrayList<>();
        Instrument inst = new Instrument() {
            @Override
            public void beforeRun() {
                throw new IllegalStateException("hook");
            }

            @Override
            public void afterRun() {
                log.add("after");
            }
        };
        assertEquals(7, (int) Trio.run(RunOptions.defaults().withInstrument(inst), () -> 7));
        assertEquals(List.of(), log);
    }

    // ------------------------------------------------------------------ statistics (1.5)

    @Test
    void runStatistics() throws Exception {
        MockClock clock = new MockClock();
        runWith(clock, () -> Trio.openNursery(n -> {
            n.startSoon(() -> Trio.sleep(5));
            n.startSoon(Trio::sleepForever);
            waitAllTasksBlocked();
            RunStatistics stats = Lowlevel.currentStatistics();
            assertEquals(5.0, stats.secondsToNextDeadline());
            assertEquals(0, stats.tasksRunnable());
            assertTrue(stats.tasksLiving() >= 3, "main + 2 children: " + stats);
            int living = stats.tasksLiving();
            n.startSoon(() -> { });
            stats = Lowlevel.currentStatistics();
            assertEquals(1, stats.tasksRunnable());
            assertEquals(living + 1, stats.tasksLiving());
            List<String> ran = new ArrayList<>();
            org.triojava.lowlevel.TrioToken token = Lowlevel.currentTrioToken();
            token.runSyncSoon(() -> ran.add("a"));
            token.runSyncSoon(() -> ran.add("b"));
            token.runSyncSoon(() -> ran.add("c"), true);
            assertEquals(3, Lowlevel.currentStatistics().runSyncSoonQueueSize());
            assertEquals(0, Lowlevel.currentStatistics().ioWaiters());
            Trio.checkpoint();
            Trio.checkpoint();
            assertEquals(List.of("a", "b", "c"), ran);
            assertEquals(0, Lowlevel.currentStatistics().runSyncSoonQueueSize());
            n.cancelScope().cancel();
        }));
    }

    // ------------------------------------------------------------------ nurseries (N5)

    @Test
    void looseNurseryRaisesASingleErrorBare() throws Exception {
        Trio.run(() -> {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> Trio.openNursery(false, n -> {
                n.startSoon(() -> {
                    throw new IllegalStateException("child");
                });
                Trio.sleepForever();
            }));
            assertEquals("child", e.getMessage());
        });
    }

    @Test
    void startReturnsNullWhenStartedWithoutValue() throws Exception {
        Trio.run(() -> Trio.openNursery(n -> {
            Object v = n.start(status -> status.started());
            assertNull(v);
        }));
    }

    // ------------------------------------------------------------------ group nesting (N4, N5, C7)

    @Test
    void strictInnerNurseryIsNotCollapsedWhenCancelledIsStripped() throws Exception {
        Trio.run(() -> {
            Throwable thrown = assertThrows(Throwable.class, () -> Trio.openNursery(n -> {
                n.startSoon(Trio::sleepForever);
                n.startSoon(() -> {
                    throw new IllegalStateException("outer child");
                });
                Trio.openNursery(true, n2 -> {
                    n2.startSoon(Trio::sleepForever);
                    n2.startSoon(() -> {
                        throw new IllegalStateException("inner child");
                    });
                    n.cancelScope().cancel();
                });
            }));
            org.triojava.ThrowableGroup group = TestSupport.assertGroup(thrown, IllegalStateException.class,
                    org.triojava.ThrowableGroup.class);
            TestSupport.assertGroup(group.exceptions().get(1), IllegalStateException.class);
        });
    }

    @Test
    void looseNestedNurseriesCollapseToBareErrors() throws Exception {
        Trio.run(RunOptions.defaults().withStrictExceptionGroups(false), () -> {
            Throwable thrown = assertThrows(Throwable.class, () -> Trio.openNursery(n -> {
                n.startSoon(Trio::sleepForever);
                n.startSoon(() -> {
                    throw new IllegalStateException("outer child");
                });
                Trio.openNursery(n2 -> {
                    n2.startSoon(Trio::sleepForever);
                    n2.startSoon(() -> {
                        throw new IllegalStateException("inner child");
                    });
                    n.cancelScope().cancel();
                });
            }));
            org.triojava.ThrowableGroup group = assertInstanceOf(org.triojava.ThrowableGroup.class, thrown);
            assertEquals(2, group.exceptions().size(), group.exceptions().toString());
            assertInstanceOf(IllegalStateException.class, group.exceptions().get(0));
            assertInstanceOf(IllegalStateException.class, group.exceptions().get(1));
        });
    }

    @Test
    void strictNurseryOverridesALooseRun() throws Exception {
        Trio.run(RunOptions.defaults().withStrictExceptionGroups(false), () -> {
            Throwable thrown = assertThrows(Throwable.class, () -> Trio.openNursery(true, n -> {
                throw new IllegalArgumentException("body");
            }));
            TestSupport.assertGroup(thrown, IllegalArgumentException.class);
            IllegalArgumentException bare = assertThrows(IllegalArgumentException.class, () -> Trio.openNursery(n -> {
                throw new IllegalArgumentException("body");
            }));
            assertEquals("body", bare.getMessage());
        });
        Trio.run(() -> {
            IllegalArgumentException bare = assertThrows(IllegalArgumentException.class,
                    () -> Trio.openNursery(false, n -> {
                        throw new IllegalArgumentException("body");
                    }));
            assertEquals("body", bare.getMessage());
        });
    }

    @Test
    void explicitBodyExceptionIsGrouped() throws Exception {
        Trio.run(() -> {
            Throwable thrown = assertThrows(Throwable.class, () -> Trio.openNursery(n -> {
                throw new NoSuchElementException("explicit");
            }));
            TestSupport.assertGroup(thrown, NoSuchElementException.class);
        });
    }

    @Test
    void scopeToString() throws Exception {
        MockClock clock = new MockClock();
        runWith(clock, () -> {
            CancelScope scope = new CancelScope();
            String unbound = scope.toString();
            assertTrue(unbound.contains("unbound"), unbound);
            scope.run(() -> {
                assertTrue(scope.toString().contains("active"), scope.toString());
                scope.setDeadline(Trio.currentTime() - 1);
                assertTrue(scope.toString().contains("deadline is 1.00 seconds ago"), scope.toString());
                scope.setDeadline(Trio.currentTime() + 10);
                assertTrue(scope.toString().contains("deadline is 10.00 seconds from now"), scope.toString());
                String[] fromThread = new String[1];
                Thread t = Thread.ofPlatform().start(() -> fromThread[0] = scope.toString());
                t.join();
                assertFalse(fromThread[0].contains("deadline"), fromThread[0]);
                scope.cancel();
                assertTrue(scope.toString().contains("cancelled"), scope.toString());
            });
            assertTrue(scope.toString().contains("exited, cancelled"), scope.toString());
        });
    }

    @Test
    void mainTaskKeyboardInterruptIsDeferredByAFailedAbort() throws Exception {
        List<String> log = new ArrayList<>();
        Throwable thrown = assertThrows(org.triojava.KeyboardInterrupt.class, () -> Trio.run(() -> {
            Task me = Lowlevel.currentTask();
            org.triojava.spi.Kernel.current().deliverKeyboardInterrupt();
            Trio.openNursery(n -> {
                n.startSoon(() -> {
                    waitAllTasksBlocked();
                    log.add("rescheduling");
                    Lowlevel.reschedule(me);
                });
                n.cancelScope().setShield(true);
                Lowlevel.waitTaskRescheduled(raiseCancel -> {
                    log.add("abort");
                    return org.triojava.lowlevel.Abort.FAILED;
                });
                log.add("woken");
            });
            log.add("nursery done");
            Lowlevel.cancelShieldedCheckpoint();
            log.add("schedule point passed");
            Trio.checkpoint();
            log.add("not reached");
        }));
        assertEquals(List.of("abort", "rescheduling", "woken", "nursery done", "schedule point passed"), log);
        assertInstanceOf(org.triojava.KeyboardInterrupt.class, thrown);
    }

    @Test
    void bodyErrorCancelReasonNamesTheContextManager() throws Exception {
        Trio.run(() -> {
            Cancelled[] seen = new Cancelled[1];
            IllegalArgumentException bad = new IllegalArgumentException("bad");
            assertThrows(Throwable.class, () -> Trio.openNursery(n -> {
                n.startSoon(() -> {
                    try {
                        Trio.sleepForever();
                    } catch (Cancelled c) {
                        seen[0] = c;
                        throw c;
                    }
                });
                waitAllTasksBlocked();
                throw bad;
            }));
            assertEquals("Code block inside nursery contextmanager raised exception " + bad, seen[0].reason());
        });
    }

    // ------------------------------------------------------------------ start (N6)

    @Test
    void errorAfterANoOpStartedInACancelledStartComesOutOfStartBare() throws Exception {
        Trio.run(() -> Trio.openNursery(n -> {
            CancelScope cs = new CancelScope();
            cs.run(() -> {
                cs.cancel();
                NoSuchElementException e = assertThrows(NoSuchElementException.class, () -> n.start(status -> {
                    status.started();
                    throw new NoSuchElementException("whoopsiedaisy");
                }));
                assertEquals("whoopsiedaisy", e.getMessage());
                assertThrows(Cancelled.class, () -> n.start(status -> {
                    status.started("hi");
                    Trio.checkpoint();
                }));
                assertEquals("hi", n.start(status -> status.started("hi")));
            });
            assertTrue(n.childTasks().isEmpty());
        }));
    }

    @Test
    void startHappyPathTiming() throws Exception {
        MockClock clock = new MockClock();
        clock.setAutojumpThreshold(0);
        runWith(clock, () -> {
            for (int seconds : new int[] {1, 2}) {
                double t0 = Trio.currentTime();
                Trio.openNursery(n -> {
                    assertEquals(0, n.childTasks().size());
                    int got = n.start(status -> {
                        Trio.sleep(seconds);
                        status.started(seconds);
                        Trio.sleep(seconds);
                    });
                    assertEquals(seconds, got);
                    assertEquals(seconds, Trio.currentTime() - t0);
                    assertEquals(1, n.childTasks().size());
                });
                assertEquals(2 * seconds, Trio.currentTime() - t0);
            }
        });
    }

    // ------------------------------------------------------------------ system tasks (K9)

    @Test
    void systemTaskKeyboardInterruptIsAnInternalError() throws Exception {
        org.triojava.TrioInternalError e = assertThrows(org.triojava.TrioInternalError.class, () -> Trio.run(() -> {
            Lowlevel.spawnSystemTask("ki", () -> {
                throw new org.triojava.KeyboardInterrupt();
            });
            Trio.sleepForever();
        }));
        Throwable cause = e.getCause();
        while (cause instanceof org.triojava.ThrowableGroup g) {
            cause = g.exceptions().get(0);
        }
        assertInstanceOf(org.triojava.KeyboardInterrupt.class, cause);
    }

    @Test
    void keyboardInterruptAfterTheMainTaskFinishedComesOutOfRun() throws Exception {
        org.triojava.KeyboardInterrupt ki = assertThrows(org.triojava.KeyboardInterrupt.class, () -> Trio.run(() -> {
            org.triojava.spi.Kernel kernel = org.triojava.spi.Kernel.current();
            Lowlevel.spawnSystemTask("late", () -> {
                try {
                    Trio.sleepForever();
                } finally {
                    kernel.deliverKeyboardInterrupt();
                }
            });
            throw new IllegalStateException("main");
        }));
        assertEquals(1, ki.getSuppressed().length);
        assertInstanceOf(IllegalStateException.class, ki.getSuppressed()[0]);
    }

    // ------------------------------------------------------------------ KeyboardInterrupt (KI2)

    @Test
    void keyboardInterruptIgnoresShieldsAndReachesOnlyTheMainTask() throws Exception {
        List<String> log = new ArrayList<>();
        Throwable thrown = assertThrows(Throwable.class, () -> Trio.run(() -> {
            org.triojava.spi.Kernel kernel = org.triojava.spi.Kernel.current();
            Trio.openNursery(n -> {
                n.startSoon(() -> {
                    waitAllTasksBlocked();
                    Thread.ofPlatform().start(kernel::deliverKeyboardInterrupt).join();
                    Lowlevel.cancelShieldedCheckpoint();
                    log.add("child unaffected");
                });
                CancelScope shielded = new CancelScope();
                shielded.setShield(true);
                try {
                    shielded.run(Trio::sleepForever);
                } catch (org.triojava.KeyboardInterrupt e) {
                    log.add("main interrupted");
                    throw e;
                }
            });
        }));
        TestSupport.assertGroup(thrown, org.triojava.KeyboardInterrupt.class);
        assertEquals(List.of("child unaffected", "main interrupted"), log.stream().sorted().toList());
    }

    @Test
    void pendingKeyboardInterruptIsRaisedByCheckpointIfCancelled() throws Exception {
        assertThrows(org.triojava.KeyboardInterrupt.class, () -> Trio.run(() -> {
            org.triojava.spi.Kernel.current().deliverKeyboardInterrupt();
            Lowlevel.cancelShieldedCheckpoint();
            Lowlevel.checkpointIfCancelled();
        }));
    }

    // ------------------------------------------------------------------ misc timeouts

    @Test
    void sleepUntilInfinityBlocksUntilCancelled() throws Exception {
        MockClock clock = new MockClock();
        clock.setAutojumpThreshold(0);
        runWith(clock, () -> {
            CancelScope scope = Trio.moveOnAfter(100, () -> Trio.sleepUntil(Double.POSITIVE_INFINITY));
            assertTrue(scope.cancelledCaught());
            assertEquals(100.0, Trio.currentTime());
            CancelScope past = Trio.moveOnAt(Double.NEGATIVE_INFINITY, () -> {
                assertTrue(Trio.currentEffectiveDeadline() == Double.NEGATIVE_INFINITY);
                Trio.checkpoint();
            });
            assertTrue(past.cancelledCaught());
        });
    }

    @Test
    void childMayStartIntoTheNurseryWhileTheParentWaitsInExit() throws Exception {
        List<String> log = new ArrayList<>();
        Trio.run(() -> Trio.openNursery(n -> {
            n.startSoon(() -> {
                waitAllTasksBlocked();
                String got = n.start("late", status -> {
                    log.add(Lowlevel.currentTask().name());
                    status.started("ok");
                    Trio.checkpoint();
                    log.add("late done");
                });
                log.add(got);
            });
        }));
        // the started task and the caller of start run in the same later batch: either order
        assertEquals("late", log.get(0));
        assertEquals(List.of("late", "late done", "ok"), log.stream().sorted().toList());
    }

    @Test
    void exitedScopeAcceptsChangesWithoutEffect() throws Exception {
        MockClock clock = new MockClock();
        runWith(clock, () -> {
            CancelScope scope = new CancelScope();
            scope.run(() -> { });
            scope.setDeadline(Trio.currentTime() - 1);
            scope.setShield(true);
            assertFalse(scope.cancelCalled());
            scope.cancel("late");
            assertTrue(scope.cancelCalled());
            assertFalse(scope.cancelledCaught());
            Trio.checkpoint();
        });
    }

    @Test
    void effectiveDeadlineOfAShieldedCancelledScopeIsMinusInfinity() throws Exception {
        Trio.run(() -> {
            CancelScope scope = CancelScope.withDeadline(Trio.currentTime() + 100);
            scope.setShield(true);
            scope.run(() -> {
                assertEquals(Trio.currentTime() + 100, Trio.currentEffectiveDeadline(), 1);
                scope.cancel();
                assertEquals(Double.NEGATIVE_INFINITY, Trio.currentEffectiveDeadline());
                CancelScope inner = new CancelScope();
                inner.setShield(true);
                inner.run(() -> assertEquals(Double.POSITIVE_INFINITY, Trio.currentEffectiveDeadline()));
            });
        });
    }

    @Test
    void sleepingForInfinityOrAnHugeDurationLastsUntilCancelled() throws Exception {
        MockClock clock = new MockClock();
        clock.setAutojumpThreshold(0);
        runWith(clock, () -> {
            assertTrue(Trio.moveOnAfter(3, () -> Trio.sleep(Double.POSITIVE_INFINITY)).cancelledCaught());
            assertTrue(Trio.moveOnAfter(3, () -> Trio.sleep(Duration.ofSeconds(Long.MAX_VALUE))).cancelledCaught());
            assertEquals(6.0, Trio.currentTime());
        });
    }

    @Test
    void ignoredTaskStatusLetsAStartFunctionBeCalledDirectly() throws Exception {
        MockClock clock = new MockClock();
        clock.setAutojumpThreshold(0);
        runWith(clock, () -> {
            org.triojava.StartFunction<Integer> sleepThenStart = status -> {
                Trio.sleep(3);
                status.started(3);
                status.started(3);
                Trio.sleep(3);
            };
            sleepThenStart.run(org.triojava.TaskStatus.ignored());
            assertEquals(6.0, Trio.currentTime());
        });
    }

    @Test
    void anInstrumentMayRemoveItselfOrAddAnotherFromAHook() throws Exception {
        List<String> log = new ArrayList<>();
        Instrument second = new Instrument() {
            @Override
            public void afterTaskStep(Task task) {
                log.add("second");
            }
        };
        Instrument first = new Instrument() {
            @Override
            public void beforeTaskStep(Task task) {
                log.add("first");
                Lowlevel.removeInstrument(this);
                Lowlevel.addInstrument(second);
            }
        };
        Trio.run(() -> {
            Lowlevel.addInstrument(first);
            Trio.checkpoint();
            Trio.checkpoint();
            Lowlevel.removeInstrument(second);
        });
        assertEquals(List.of("first", "second"), log);
    }
}
