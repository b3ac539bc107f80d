package org.triojava.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.triojava.core.TestSupport.assertGroup;
import static org.triojava.core.TestSupport.assertNoCheckpoints;
import static org.triojava.core.TestSupport.single;
import static org.triojava.core.TestSupport.waitAllTasksBlocked;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.triojava.CancelScope;
import org.triojava.Cancelled;
import org.triojava.ExceptionGroup;
import org.triojava.Nursery;
import org.triojava.NurseryBody;
import org.triojava.RunOptions;
import org.triojava.StartFunction;
import org.triojava.TaskStatus;
import org.triojava.ThrowableGroup;
import org.triojava.Trio;
import org.triojava.TrioInternalError;
import org.triojava.lowlevel.Lowlevel;
import org.triojava.lowlevel.Task;
import org.triojava.testing.MockClock;

/** {@code Nursery.start} and {@code TaskStatus.started} (rule N6). */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class StartTest {

    private static StartFunction<Integer> sleepThenStart(int seconds) {
        return status -> {
            Trio.sleep(seconds);
            status.started(seconds);
            Trio.sleep(seconds);
        };
    }

    @Test
    void startWaitsForStartedThenTheTaskLivesInTheNursery() throws Exception {
        MockClock clock = TestSupport.autojumpClock();
        Trio.run(RunOptions.defaults().withClock(clock), () -> {
            for (int seconds : new int[] {1, 2}) {
                double t0 = Trio.currentTime();
                Trio.openNursery(n -> {
                    assertEquals(0, n.childTasks().size());
                    assertEquals(seconds, n.start(sleepThenStart(seconds)));
                    assertEquals(t0 + seconds, Trio.currentTime());
                    assertEquals(1, n.childTasks().size());
                });
                assertEquals(t0 + 2 * seconds, Trio.currentTime());
            }
            // TaskStatus.ignored() lets the function be called directly
            double t0 = Trio.currentTime();
            sleepThenStart(3).run(TaskStatus.ignored());
            assertEquals(t0 + 6, Trio.currentTime());
        });
    }

    @Test
    void startReturnsAsSoonAsStartedIsCalled() throws Exception {
        List<String> record = new ArrayList<>();
        Trio.run(() -> Trio.openNursery(n -> {
            Object value = n.start(status -> {
                record.add("before started");
                status.started();
                record.add("after started");
                Trio.checkpoint();
                record.add("child later");
            });
            assertNull(value);
            record.add("start returned");
        }));
        assertEquals(List.of("before started", "after started", "start returned", "child later"), record);
    }

    @Test
    void startedTwiceIsAnError() throws Exception {
        Trio.run(() -> Trio.openNursery(n -> n.start(status -> {
            status.started();
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> status.started("again"));
            assertEquals("called 'started' twice on the same task status", e.getMessage());
        })));
    }

    @Test
    void errorBeforeStartedComesOutOfStartUnwrapped() throws Exception {
        List<String> record = new ArrayList<>();
        Trio.run(() -> Trio.openNursery(n -> {
            n.startSoon(() -> {
                Trio.checkpoint();
                Trio.checkpoint();
                record.add("sibling unaffected");
            });
            IOException cause = new IOException("cause");
            NoSuchElementException error = new NoSuchElementException("oops");
            error.initCause(cause);
            NoSuchElementException thrown = assertThrows(NoSuchElementException.class, () -> n.start(status -> {
                throw error;
            }));
            assertSame(error, thrown);
            assertSame(cause, thrown.getCause());
            assertEquals(0, thrown.getSuppressed().length);
            // the target nursery is untouched
            assertFalse(n.cancelScope().cancelCalled());
        }));
        assertEquals(List.of("sibling unaffected"), record);
    }

    @Test
    void groupRaisedBeforeStartedComesOutAsIs() throws Exception {
        Trio.run(() -> Trio.openNursery(n -> {
            ExceptionGroup mine = new ExceptionGroup("my group", List.of(new IllegalArgumentException()));
            assertSame(mine, assertThrows(ExceptionGroup.class, () -> n.start(status -> {
                throw mine;
            })));
        }));
    }

    @Test
    void exitingWithoutStartedIsAnError() throws Exception {
        Trio.run(() -> Trio.openNursery(n -> {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> n.start(status -> {
            }));
            assertEquals("child exited without calling task_status.started()", e.getMessage());
        }));
    }

    @Test
    void errorAfterStartedGoesToTheTargetNursery() {
        IllegalArgumentException error = new IllegalArgumentException("after");
        List<String> record = new ArrayList<>();
        Throwable thrown = assertThrows(ExceptionGroup.class, () -> Trio.run(() -> Trio.openNursery(n -> {
            assertEquals("ok", n.start(status -> {
                status.started("ok");
                Trio.checkpoint();
                throw error;
            }));
            record.add("start returned");
        })));
        assertSame(error, single(thrown));
        assertEquals(List.of("start returned"), record);
    }

    @Test
    void cancelledStartKeepsTheChildUnderStart() throws Exception {
        Trio.run(() -> Trio.openNursery(n -> {
            // started() is a no-op; the child's next checkpoint raises out of start
            CancelScope cs = new CancelScope();
            cs.run(() -> {
                cs.cancel();
                assertThrows(Cancelled.class, () -> n.start(status -> {
                    status.started("hi");
                    Trio.checkpoint();
                }));
            });
            assertFalse(cs.cancelledCaught());
            assertEquals(0, n.childTasks().size());

            // no checkpoint after started(): start returns normally
            CancelScope cs2 = new CancelScope();
            cs2.run(() -> {
                cs2.cancel();
                assertEquals("value", n.start(status -> status.started("value")));
            });
            assertFalse(cs2.cancelledCaught());

            // a crash after started() still comes out of start
            CancelScope cs3 = new CancelScope();
            cs3.run(() -> {
                cs3.cancel();
                assertThrows(NoSuchElementException.class, () -> n.start(status -> {
                    status.started();
                    throw new NoSuchElementException("whoopsiedaisy");
                }));
            });
        }));
    }

    @Test
    void cancellingTheCallerCancelsAChildThatHasNotStarted() throws Exception {
        List<String> record = new ArrayList<>();
        Trio.run(() -> Trio.openNursery(n -> {
            CancelScope caller = new CancelScope();
            n.startSoon(() -> {
                waitAllTasksBlocked();
                caller.cancel();
            });
            caller.run(() -> n.start(status -> {
                try {
                    Trio.sleepForever();
                } catch (Cancelled c) {
                    record.add("child cancelled");
                    throw c;
                }
            }));
            assertTrue(caller.cancelledCaught());
            assertFalse(n.cancelScope().cancelCalled());
        }));
        assertEquals(List.of("child cancelled"), record);
    }

    @Test
    void closedNurseryStartFailsWithoutACheckpoint() throws Exception {
        Trio.run(() -> {
            Nursery[] saved = new Nursery[1];
            Trio.openNursery(n -> saved[0] = n);
            assertNoCheckpoints(() -> {
                IllegalStateException e = assertThrows(IllegalStateException.class,
                        () -> saved[0].start(status -> fail("ran")));
                assertEquals("Nursery is closed to new arrivals", e.getMessage());
            });
        });
    }

    @Test
    void pendingStartKeepsTheTargetNurseryOpen() throws Exception {
        MockClock clock = TestSupport.autojumpClock();
        StartFunction<Object> sleepABit = status -> {
            Trio.sleep(2);
            status.started();
            Trio.sleep(3);
        };
        Trio.run(RunOptions.defaults().withClock(clock), () -> {
            Trio.openNursery(nursery1 -> {
                double t0 = Trio.currentTime();
                Trio.openNursery(nursery2 -> {
                    nursery1.startSoon(() -> nursery2.start(sleepABit));
                    Trio.sleep(1);
                    nursery1.startSoon(() -> nursery2.start(sleepABit));
                    // nothing is in nursery2 yet: only the pending starts keep it open
                });
                assertEquals(t0 + 6, Trio.currentTime());
            });
            // the pending start crashes and never enters the nursery
            Trio.openNursery(nursery1 -> {
                double t0 = Trio.currentTime();
                Trio.openNursery(nursery2 -> {
                    nursery1.startSoon(() -> assertThrows(NoSuchElementException.class, () -> nursery2.start(status -> {
                        Trio.sleep(7);
                        throw new NoSuchElementException();
                    })));
                    waitAllTasksBlocked();
                });
                assertEquals(t0 + 7, Trio.currentTime());
            });
        });
    }

    @Test
    void startingIntoACancelledNursery() throws Exception {
        List<String> record = new ArrayList<>();
        StartFunction<Nursery> setup = status -> Trio.openNursery(nursery -> {
            status.started(nursery);
            Trio.sleepForever();
        });
        Trio.run(() -> {
            // cancel the target just before started(): sleeping grandchildren moved into a cancelled scope wake up
            Trio.openNursery(outer -> {
                Nursery target = outer.start(setup);
                target.start(status -> Trio.openNursery(inner -> {
                    for (String name : List.of("a", "b")) {
                        inner.startSoon(() -> {
                            try {
                                Trio.sleepForever();
                            } catch (Cancelled c) {
                                record.add("before/" + name);
                                throw c;
                            }
                        });
                    }
                    waitAllTasksBlocked();
                    target.cancelScope().cancel();
                    status.started();
                }));
            });
            // cancel the target just after started()
            Trio.openNursery(outer -> {
                Nursery target = outer.start(setup);
                target.start(status -> Trio.openNursery(inner -> {
                    for (String name : List.of("a", "b")) {
                        inner.startSoon(() -> {
                            try {
                                Trio.sleepForever();
                            } catch (Cancelled c) {
                                record.add("after/" + name);
                                throw c;
                            }
                        });
                    }
                    waitAllTasksBlocked();
                    status.started();
                }));
                target.cancelScope().cancel();
            });
        });
        assertEquals(List.of("before/a", "before/b", "after/a", "after/b"), record);
    }

    @Test
    void parentNurseryBeforeAndAfterStarted() throws Exception {
        Trio.run(() -> {
            Task caller = Lowlevel.currentTask();
            Trio.openNursery(n -> {
                Task started = n.start("the child", status -> {
                    Task me = Lowlevel.currentTask();
                    assertEquals("the child", me.name());
                    Nursery hidden = me.parentNursery();
                    assertFalse(hidden == n);
                    assertSame(caller, hidden.parentTask());
                    assertSame(n, me.eventualParentNursery());
                    status.started(me);
                    assertSame(n, me.parentNursery());
                    assertNull(me.eventualParentNursery());
                    Trio.sleepForever();
                });
                assertEquals(java.util.Set.of(started), n.childTasks());
                n.cancelScope().cancel();
            });
        });
    }

    @Test
    void spawningExtraTasksIntoTheHiddenNurseryIsAnInternalError() throws Exception {
        Trio.run(() -> Trio.openNursery(n -> {
            TrioInternalError e = assertThrows(TrioInternalError.class, () -> n.start(status -> {
                Nursery hidden = Lowlevel.currentTask().parentNursery();
                hidden.startSoon(() -> {
                    throw new IllegalArgumentException();
                });
                hidden.startSoon(() -> {
                    throw new IllegalArgumentException();
                });
            }));
            assertTrue(e.getMessage().startsWith("Internal nursery should not have multiple tasks"), e.getMessage());
            assertGroup(e.getCause(), IllegalArgumentException.class, IllegalArgumentException.class);
        }));
    }

    @Test
    void startRejectsNull() throws Exception {
        Trio.run(() -> Trio.openNursery(n -> assertThrows(NullPointerException.class, () -> n.start(null))));
    }

    // Trio's test_trio_run_strict_before_started (regressions #2611 and #2844)
    static List<Arguments> strictCases() {
        List<Arguments> cases = new ArrayList<>();
        for (boolean runStrict : new boolean[] {false, true}) {
            for (Boolean raiserStrict : new Boolean[] {false, true, null}) {
                for (boolean afterStarted : new boolean[] {false, true}) {
                    for (boolean customGroup : new boolean[] {false, true}) {
                        cases.add(Arguments.of(runStrict, raiserStrict, afterStarted, customGroup));
                    }
                }
            }
        }
        return cases;
    }

    @ParameterizedTest(name = "run strict={0}, nursery strict={1}, after started={2}, custom group={3}")
    @MethodSource("strictCases")
    void startAddsNoGroupLevel(boolean runStrict, Boolean raiserStrict, boolean afterStarted, boolean customGroup) {
        RuntimeException raiserError = customGroup
                ? new ExceptionGroup("my group", List.of(new IllegalArgumentException()))
                : new IllegalArgumentException();
        StartFunction<Object> raiser = status -> {
            if (afterStarted) {
                status.started();
            }
            throw raiserError;
        };
        NurseryBody body = n -> n.start(raiser);
        Throwable thrown = assertThrows(Throwable.class, () -> Trio.run(
                RunOptions.defaults().withStrictExceptionGroups(runStrict), () -> {
                    if (raiserStrict == null) {
                        Trio.openNursery(body);
                    } else {
                        Trio.openNursery(raiserStrict, body);
                    }
                }));
        boolean strict = raiserStrict != null ? raiserStrict : runStrict;
        Throwable shouldBeRaiserError;
        if (strict) {
            ThrowableGroup group = assertInstanceOf(ThrowableGroup.class, thrown);
            assertEquals(TestSupport.GROUP, group.message());
            shouldBeRaiserError = single(thrown);
        } else {
            shouldBeRaiserError = thrown;
        }
        assertSame(raiserError, shouldBeRaiserError);
    }
}
