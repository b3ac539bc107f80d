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
import static org.triojava.core.TestSupport.waitAllTasksBlocked;

import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.triojava.BaseExceptionGroup;
import org.triojava.CancelReason;
import org.triojava.CancelScope;
import org.triojava.Cancelled;
import org.triojava.ExceptionGroup;
import org.triojava.Nursery;
import org.triojava.RunOptions;
import org.triojava.ThrowableGroup;
import org.triojava.TooSlowError;
import org.triojava.Trio;
import org.triojava.TrioRunnable;
import org.triojava.lowlevel.Lowlevel;
import org.triojava.lowlevel.Task;
import org.triojava.testing.MockClock;

/** Cancel scopes: cancellation, shields, deadlines, who catches (rules C1–C12). */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class CancelScopeTest {
    private static final double INF = Double.POSITIVE_INFINITY;

    private static void runWith(MockClock clock, TrioRunnable main) throws Exception {
        Trio.run(RunOptions.defaults().withClock(clock), main);
    }

    // ---------------------------------------------------------------- basics, C2, C5

    @Test
    void cancelIsIdempotentAndLevelTriggered() throws Exception {
        Trio.run(() -> {
            CancelScope scope = new CancelScope();
            scope.run(() -> {
                scope.cancel();
                scope.cancel();
                Trio.checkpoint();
            });
            assertTrue(scope.cancelCalled());
            assertTrue(scope.cancelledCaught());

            CancelScope level = new CancelScope();
            level.run(() -> {
                level.cancel();
                for (int i = 0; i < 3; i++) {
                    assertThrows(Cancelled.class, Trio::sleepForever);
                    assertThrows(Cancelled.class, Trio::checkpoint);
                    assertThrows(Cancelled.class, Lowlevel::checkpointIfCancelled);
                }
            });
            // every Cancelled was caught by the body itself
            assertFalse(level.cancelledCaught());
        });
    }

    @Test
    void eachCheckpointRaisesANewCancelled() throws Exception {
        Trio.run(() -> {
            CancelScope scope = new CancelScope();
            scope.run(() -> {
                scope.cancel();
                Cancelled first = assertThrows(Cancelled.class, Trio::checkpoint);
                Cancelled second = assertThrows(Cancelled.class, Trio::checkpoint);
                assertFalse(first == second, "a new exception each time");
            });
        });
    }

    @Test
    void callReturnsTheValueOrNullWhenCaught() throws Exception {
        Trio.run(() -> {
            assertEquals("v", new CancelScope().call(() -> "v"));
            CancelScope scope = new CancelScope();
            assertNull(scope.call(() -> {
                scope.cancel();
                Trio.checkpoint();
                return "never";
            }));
            assertTrue(scope.cancelledCaught());
        });
    }

    @Test
    void otherExceptionsPassThroughACancelledScope() throws Exception {
        Trio.run(() -> {
            CancelScope scope = new CancelScope();
            IllegalArgumentException error = new IllegalArgumentException();
            assertSame(error, assertThrows(IllegalArgumentException.class, () -> scope.run(() -> {
                scope.cancel();
                throw error;
            })));
            assertFalse(scope.cancelledCaught());
        });
    }

    // ---------------------------------------------------------------- C8: the Cancelled object

    @Test
    void cancelledHasNoPublicConstructorAndIsFinal() {
        assertEquals(0, Cancelled.class.getConstructors().length);
        assertTrue(Modifier.isFinal(Cancelled.class.getModifiers()));
        assertTrue(Error.class.isAssignableFrom(Cancelled.class), "Cancelled extends Error");
    }

    @Test
    void cancelReasonSpelling() {
        assertEquals("explicit", CancelReason.EXPLICIT.toString());
        assertEquals("deadline", CancelReason.DEADLINE.toString());
        assertEquals("nursery", CancelReason.NURSERY.toString());
        assertEquals("shutdown", CancelReason.SHUTDOWN.toString());
        assertEquals("KeyboardInterrupt", CancelReason.KEYBOARD_INTERRUPT.toString());
        assertEquals("unknown", CancelReason.UNKNOWN.toString());
    }

    @Test
    void explicitCancelWithReason() throws Exception {
        Trio.run(() -> {
            Task me = Lowlevel.currentTask();
            CancelScope scope = new CancelScope();
            scope.run(() -> {
                scope.cancel("hello");
                Cancelled c = assertThrows(Cancelled.class, Trio::checkpoint);
                assertEquals("cancelled due to explicit with reason 'hello' from task " + me.name(), c.getMessage());
                assertEquals(CancelReason.EXPLICIT, c.source());
                assertEquals("hello", c.reason());
                assertSame(me, c.sourceTask());
            });
        });
    }

    @Test
    void explicitCancelWithoutReason() throws Exception {
        Trio.run(() -> {
            Task me = Lowlevel.currentTask();
            CancelScope scope = new CancelScope();
            scope.run(() -> {
                scope.cancel();
                Cancelled c = assertThrows(Cancelled.class, Trio::checkpoint);
                assertEquals("cancelled due to explicit from task " + me.name(), c.getMessage());
                assertNull(c.reason());
            });
        });
    }

    @Test
    void cancelFromAnotherTaskNamesThatTask() throws Exception {
        Trio.run(() -> Trio.openNursery(n -> {
            CancelScope scope = new CancelScope();
            Task[] canceller = new Task[1];
            n.startSoon("canceller", () -> {
                canceller[0] = Lowlevel.currentTask();
                scope.cancel("stop");
            });
            scope.run(() -> {
                Cancelled c = assertThrows(Cancelled.class, Trio::sleepForever);
                assertEquals("cancelled due to explicit with reason 'stop' from task canceller", c.getMessage());
                assertSame(canceller[0], c.sourceTask());
            });
        }));
    }

    @Test
    void deadlineCancellation() throws Exception {
        Trio.run(() -> {
            CancelScope.withDeadline(Double.NEGATIVE_INFINITY).run(() -> {
                Cancelled c = assertThrows(Cancelled.class, Trio::checkpoint);
                assertEquals("cancelled due to deadline", c.getMessage());
                assertEquals(CancelReason.DEADLINE, c.source());
                assertNull(c.reason());
                assertNull(c.sourceTask());
            });
            CancelScope scope = new CancelScope();
            scope.run(() -> {
                scope.setDeadline(Double.NEGATIVE_INFINITY);
                Cancelled c = assertThrows(Cancelled.class, Trio::checkpoint);
                assertEquals("cancelled due to deadline", c.getMessage());
            });
        });
    }

    @Test
    void firstReasonIsNotOverwritten() throws Exception {
        Trio.run(() -> {
            String me = Lowlevel.currentTask().name();
            CancelScope explicit = new CancelScope();
            explicit.run(() -> {
                explicit.cancel();
                assertEquals("cancelled due to explicit from task " + me,
                        assertThrows(Cancelled.class, Trio::checkpoint).getMessage());
                explicit.setDeadline(Double.NEGATIVE_INFINITY);
                explicit.cancel("later");
                assertEquals("cancelled due to explicit from task " + me,
                        assertThrows(Cancelled.class, Trio::checkpoint).getMessage());
            });
            CancelScope deadline = new CancelScope();
            deadline.run(() -> {
                deadline.setDeadline(Double.NEGATIVE_INFINITY);
                assertEquals("cancelled due to deadline", assertThrows(Cancelled.class, Trio::checkpoint).getMessage());
                deadline.cancel("too late");
                assertEquals("cancelled due to deadline", assertThrows(Cancelled.class, Trio::checkpoint).getMessage());
            });
        });
    }

    // ---------------------------------------------------------------- C6 shields

    @Test
    void shielding() throws Exception {
        Trio.run(() -> {
            CancelScope outer = new CancelScope();
            CancelScope inner = new CancelScope();
            outer.run(() -> inner.run(() -> {
                Trio.checkpoint();
                outer.cancel();
                assertThrows(Cancelled.class, Trio::checkpoint);
                assertFalse(inner.shield());
                inner.setShield(true);
                assertTrue(inner.shield());
                // the shield protects us from 'outer'
                Trio.checkpoint();
                CancelScope innerest = new CancelScope();
                innerest.run(() -> {
                    innerest.cancel();
                    // ... but not from a scope inside it
                    assertThrows(Cancelled.class, Trio::checkpoint);
                });
                Trio.checkpoint();
                inner.setShield(false);
                assertThrows(Cancelled.class, Trio::checkpoint);
                inner.setShield(true);
                Trio.checkpoint();
                // the shield doesn't protect us from inner itself
                inner.cancel();
                Trio.checkpoint(); // raises, absorbed by inner
                fail("unreachable");
            }));
            assertTrue(inner.cancelledCaught());
            assertFalse(outer.cancelledCaught());
        });
    }

    @Test
    void cancellationPropagatesToAllDescendants() throws Exception {
        Set<String> record = new HashSet<>();
        Trio.run(() -> Trio.openNursery(n -> {
            for (String w : List.of("w1", "w2")) {
                n.startSoon(() -> Trio.openNursery(inner -> {
                    for (String l : List.of("-l1", "-l2")) {
                        inner.startSoon(() -> {
                            try {
                                Trio.sleepForever();
                            } catch (Cancelled c) {
                                record.add(w + l);
                            }
                        });
                    }
                }));
            }
            n.cancelScope().cancel();
        }));
        assertEquals(Set.of("w1-l1", "w1-l2", "w2-l1", "w2-l2"), record);
    }

    @Test
    void unshieldingAbortsABlockedTask() throws Exception {
        Trio.run(() -> {
            CancelScope outer = new CancelScope();
            outer.run(() -> Trio.openNursery(n -> {
                outer.cancel();
                n.cancelScope().setShield(true);
                List<String> record = new ArrayList<>();
                n.startSoon(() -> {
                    record.add("sleeping");
                    try {
                        Trio.sleepForever();
                    } catch (Cancelled c) {
                        record.add("cancelled");
                    }
                });
                waitAllTasksBlocked();
                assertEquals(List.of("sleeping"), record);
                n.cancelScope().setShield(false);
                CancelScope shielded = new CancelScope();
                shielded.setShield(true);
                shielded.run(() -> {
                    waitAllTasksBlocked();
                    assertEquals(List.of("sleeping", "cancelled"), record);
                });
            }));
            // the child swallowed its Cancelled and the nursery exit is not a cancel point
            assertFalse(outer.cancelledCaught());
        });
    }

    @Test
    void shieldCoversNurseriesOpenedInside() throws Exception {
        List<String> record = new ArrayList<>();
        Trio.run(() -> {
            CancelScope outer = new CancelScope();
            CancelScope shield = new CancelScope();
            shield.setShield(true);
            outer.run(() -> shield.run(() -> Trio.openNursery(n -> {
                n.startSoon(() -> {
                    try {
                        Trio.sleepForever();
                    } catch (Cancelled c) {
                        record.add("child cancelled at " + record.size());
                        throw c;
                    }
                });
                waitAllTasksBlocked();
                outer.cancel();
                waitAllTasksBlocked();
                record.add("still shielded");
                shield.setShield(false);
            })));
            assertTrue(outer.cancelledCaught());
            assertFalse(shield.cancelledCaught());
        });
        assertEquals(List.of("still shielded", "child cancelled at 1"), record);
    }

    // ---------------------------------------------------------------- C7 who catches

    @Test
    void outermostCancelledScopeCatches() throws Exception {
        Trio.run(() -> {
            CancelScope scope1 = new CancelScope();
            CancelScope scope2 = new CancelScope();
            CancelScope scope3 = new CancelScope();
            scope1.run(() -> scope2.run(() -> scope3.run(() -> {
                scope3.cancel();
                scope2.cancel();
                Trio.sleepForever();
            })));
            assertTrue(scope3.cancelCalled());
            assertFalse(scope3.cancelledCaught());
            assertTrue(scope2.cancelCalled());
            assertTrue(scope2.cancelledCaught());
            assertFalse(scope1.cancelCalled());
            assertFalse(scope1.cancelledCaught());
        });
    }

    @Test
    void shieldedCancelledScopeCatchesItsOwn() throws Exception {
        Trio.run(() -> {
            CancelScope scope1 = new CancelScope();
            CancelScope scope2 = new CancelScope();
            scope1.run(() -> {
                scope2.run(() -> {
                    scope1.cancel();
                    assertThrows(Cancelled.class, Trio::checkpoint);
                    assertThrows(Cancelled.class, Trio::checkpoint);
                    scope2.setShield(true);
                    Trio.checkpoint();
                    scope2.cancel();
                    Trio.checkpoint();
                });
                assertTrue(scope2.cancelledCaught());
                Trio.checkpoint();
            });
            assertTrue(scope1.cancelledCaught());
        });
    }

    @Test
    void pendingCancelOfAnExitedScopeIsNotDelivered() throws Exception {
        Trio.run(() -> {
            CancelScope scope = new CancelScope();
            scope.run(() -> {
                scope.cancel();
                Lowlevel.cancelShieldedCheckpoint();
            });
            Trio.checkpoint();
            assertFalse(scope.cancelledCaught());
        });
    }

    @Test
    void unshieldWhileCancelPropagating() throws Exception {
        Trio.run(() -> {
            CancelScope outer = new CancelScope();
            CancelScope inner = new CancelScope();
            outer.run(() -> inner.run(() -> {
                outer.cancel();
                try {
                    Trio.checkpoint();
                } finally {
                    inner.setShield(true);
                }
            }));
            assertTrue(outer.cancelledCaught());
            assertFalse(inner.cancelledCaught());
        });
    }

    @Test
    void anyCancelledIsAbsorbedByACancelledScope() throws Exception {
        Trio.run(() -> {
            AtomicReference<Cancelled> captured = new AtomicReference<>();
            CancelScope first = new CancelScope();
            first.run(() -> {
                first.cancel();
                captured.set(assertThrows(Cancelled.class, Trio::checkpoint));
            });
            assertFalse(first.cancelledCaught());
            // a scope that is not cancelled lets a Cancelled through
            CancelScope calm = new CancelScope();
            assertSame(captured.get(), assertThrows(Cancelled.class, () -> calm.run(() -> {
                throw captured.get();
            })));
            assertFalse(calm.cancelledCaught());
            // a cancelled scope absorbs it, whichever scope raised it
            CancelScope second = new CancelScope();
            second.run(() -> {
                second.cancel();
                throw captured.get();
            });
            assertTrue(second.cancelledCaught());
        });
    }

    @Test
    void groupWithoutCancelledIsUntouched() throws Exception {
        Trio.run(() -> {
            CancelScope scope = new CancelScope();
            ExceptionGroup group = new ExceptionGroup("test",
                    List.of(new IllegalStateException(), new IllegalStateException()));
            assertSame(group, assertThrows(ExceptionGroup.class, () -> scope.run(() -> {
                scope.cancel();
                throw group;
            })));
            assertFalse(scope.cancelledCaught());
        });
    }

    @Test
    void groupIsSplitByTheCatchingScope() throws Exception {
        Trio.run(() -> {
            CancelScope scope = new CancelScope();
            IllegalStateException other = new IllegalStateException("other");
            Throwable rest = assertThrows(ExceptionGroup.class, () -> scope.run(() -> {
                scope.cancel();
                Cancelled cancelled = assertThrows(Cancelled.class, Trio::checkpoint);
                throw new BaseExceptionGroup("mine", List.of(cancelled, other));
            }));
            assertTrue(scope.cancelledCaught());
            ThrowableGroup group = (ThrowableGroup) rest;
            assertEquals("mine", group.message());
            assertEquals(List.of(other), group.exceptions());

            // nothing but Cancelled: the whole group is absorbed
            CancelScope all = new CancelScope();
            all.run(() -> {
                all.cancel();
                Cancelled a = assertThrows(Cancelled.class, Trio::checkpoint);
                Cancelled b = assertThrows(Cancelled.class, Trio::checkpoint);
                throw new BaseExceptionGroup("only cancels", List.of(a,
                        new BaseExceptionGroup("nested", List.of(b))));
            });
            assertTrue(all.cancelledCaught());
        });
    }

    @Test
    void exceptionGroupFiltering() throws Exception {
        // Trio's test_cancel_scope_exceptiongroup_filtering
        Trio.run(() -> {
            CancelScope outer = new CancelScope();
            Throwable leftover = assertThrows(Throwable.class, () -> outer.run(() -> {
                Throwable inner = assertThrows(Throwable.class, () -> Trio.openNursery(n -> {
                    // two children cancelled by the nursery scope
                    n.startSoon(Trio::sleepForever);
                    n.startSoon(Trio::sleepForever);
                    n.cancelScope().cancel();
                    CancelScope shield = new CancelScope();
                    shield.setShield(true);
                    shield.run(TestSupport::waitAllTasksBlocked);
                    // one child cancelled by the outer scope
                    n.startSoon(Trio::sleepForever);
                    outer.cancel();
                    // and one that raises a different error
                    n.startSoon(() -> {
                        throw new java.util.NoSuchElementException();
                    });
                }));
                // the nursery's scope is not the outermost cancelled one, so every Cancelled is still here;
                // t3 got its Cancelled when it blocked but raises it only in the next batch, after t4 crashed
                assertGroup(inner, Cancelled.class, Cancelled.class, java.util.NoSuchElementException.class,
                        Cancelled.class);
                throw (BaseExceptionGroup) inner;
            }));
            assertTrue(outer.cancelledCaught());
            // outside the outer scope only the real error is left, still in its group
            assertGroup(leftover, java.util.NoSuchElementException.class);
        });
    }

    @Test
    void precancelledNurseryStillStartsChildren() throws Exception {
        List<String> record = new ArrayList<>();
        Trio.run(() -> Trio.openNursery(n -> {
            n.cancelScope().cancel();
            n.startSoon(() -> {
                record.add("started");
                Trio.sleepForever();
            });
        }));
        assertEquals(List.of("started"), record);
    }

    // ---------------------------------------------------------------- C1 single use, unbound scopes

    @Test
    void cancelBeforeEntry() throws Exception {
        Trio.run(() -> {
            CancelScope scope = new CancelScope();
            scope.cancel();
            assertTrue(scope.cancelCalled());
            Trio.openNursery(n -> n.startSoon(() -> scope.run(Trio::sleepForever)));
            assertTrue(scope.cancelledCaught());
        });
    }

    @Test
    void scopeCreatedInOneTaskEnteredInAnother() throws Exception {
        Trio.run(() -> {
            CancelScope scope = new CancelScope();
            Trio.openNursery(n -> {
                n.startSoon(() -> scope.run(Trio::sleepForever));
                waitAllTasksBlocked();
                scope.cancel();
            });
            assertTrue(scope.cancelledCaught());
        });
    }

    @Test
    void shieldBeforeEntry() throws Exception {
        Trio.run(() -> {
            CancelScope scope = new CancelScope();
            scope.setShield(true);
            CancelScope outer = new CancelScope();
            outer.run(() -> scope.run(() -> {
                outer.cancel();
                Trio.checkpoint();
                scope.setShield(false);
                assertThrows(Cancelled.class, Trio::checkpoint);
            }));
        });
    }

    @Test
    void cancelAfterExitOnlySetsCancelCalled() throws Exception {
        Trio.run(() -> {
            CancelScope scope = new CancelScope();
            scope.run(Trio::checkpoint);
            scope.cancel();
            Trio.checkpoint();
            assertTrue(scope.cancelCalled());
            assertFalse(scope.cancelledCaught());
        });
    }

    @Test
    void scopeIsSingleUse() throws Exception {
        Trio.run(() -> {
            CancelScope used = new CancelScope();
            used.run(Trio::checkpoint);
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> used.run(() -> fail("ran")));
            assertTrue(e.getMessage().contains("single 'with' block"), e.getMessage());

            CancelScope active = new CancelScope();
            active.run(() -> {
                IllegalStateException again = assertThrows(IllegalStateException.class,
                        () -> active.run(() -> fail("ran")));
                assertTrue(again.getMessage().contains("single 'with' block"), again.getMessage());
            });

            CancelScope shared = new CancelScope();
            Trio.openNursery(n -> {
                n.startSoon("this one", () -> shared.run(Trio::sleepForever));
                waitAllTasksBlocked();
                IllegalStateException other = assertThrows(IllegalStateException.class,
                        () -> shared.run(() -> fail("ran")));
                assertTrue(other.getMessage().contains("single 'with' block"), other.getMessage());
                n.cancelScope().cancel();
            });
        });
    }

    @Test
    void scopeOutsideARunCannotBeEntered() {
        CancelScope scope = new CancelScope();
        scope.cancel(); // allowed before entry, even outside a run
        assertTrue(scope.cancelCalled());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> scope.run(() -> fail("ran")));
        assertTrue(e.getMessage().contains("inside Trio.run"), e.getMessage());
    }

    @Test
    void activeScopeCannotBeChangedFromAnotherThread() throws Exception {
        Trio.run(() -> {
            CancelScope scope = new CancelScope();
            scope.run(() -> {
                AtomicReference<Throwable> seen = new AtomicReference<>();
                Thread thread = Thread.ofPlatform().start(() -> {
                    try {
                        scope.cancel();
                    } catch (Throwable t) {
                        seen.set(t);
                    }
                });
                thread.join(); // a blocking call inside the run: fine for a test, it is short
                assertInstanceOf(IllegalStateException.class, seen.get());
                assertFalse(scope.cancelCalled());
            });
        });
    }

    // ---------------------------------------------------------------- C3 deadlines

    @Test
    void basicTimeout() throws Exception {
        MockClock clock = new MockClock();
        runWith(clock, () -> {
            double start = Trio.currentTime();
            CancelScope exited = new CancelScope();
            exited.run(() -> {
                assertEquals(INF, exited.deadline());
                exited.setDeadline(start + 1);
                assertEquals(start + 1, exited.deadline());
            });
            assertFalse(exited.cancelCalled());
            clock.jump(2);
            Trio.checkpoint();
            Trio.checkpoint();
            Trio.checkpoint();
            // a deadline of an exited scope never fires
            assertFalse(exited.cancelCalled());

            double start2 = Trio.currentTime();
            CancelScope timed = CancelScope.withDeadline(start2 + 1);
            timed.run(() -> {
                clock.jump(2);
                Trio.sleepForever();
            });
            assertTrue(timed.cancelCalled());
            assertTrue(timed.cancelledCaught());

            double start3 = Trio.currentTime();
            CancelScope moving = new CancelScope();
            moving.run(() -> {
                Trio.checkpoint();
                moving.setDeadline(start3 + 10);
                Trio.checkpoint();
                clock.jump(5);
                Trio.checkpoint();
                moving.setDeadline(start3 + 1);
                assertThrows(Cancelled.class, Trio::checkpoint);
                assertThrows(Cancelled.class, Trio::checkpoint);
            });
        });
    }

    @Test
    void movingTheDeadlineLaterDoesNotUncancel() throws Exception {
        MockClock clock = new MockClock();
        runWith(clock, () -> {
            CancelScope scope = CancelScope.withDeadline(Trio.currentTime() + 1);
            assertFalse(scope.cancelCalled());
            scope.setDeadline(scope.deadline() - 1);
            // not entered, but the getter notices the passed deadline
            assertTrue(scope.cancelCalled());
            scope.setDeadline(scope.deadline() + 1);
            assertTrue(scope.cancelCalled(), "never becomes un-cancelled");

            CancelScope active = CancelScope.withDeadline(Trio.currentTime() + 1);
            active.run(() -> {
                clock.jump(1);
                assertTrue(active.cancelCalled());
                active.setDeadline(INF);
                assertThrows(Cancelled.class, Trio::checkpoint);
            });
        });
    }

    @Test
    void movingTheDeadlineWakesABlockedTask() throws Exception {
        MockClock clock = TestSupport.autojumpClock();
        List<String> record = new ArrayList<>();
        runWith(clock, () -> Trio.openNursery(n -> {
            CancelScope scope = CancelScope.withDeadline(100);
            n.startSoon(() -> {
                scope.run(Trio::sleepForever);
                record.add("woke at " + Trio.currentTime());
            });
            waitAllTasksBlocked();
            scope.setDeadline(5);
        }));
        assertEquals(List.of("woke at 5.0"), record);
    }

    @Test
    void deadlinesMayBeInfiniteButNotNaN() throws Exception {
        Trio.run(() -> {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> CancelScope.withDeadline(Double.NaN));
            assertEquals("deadline must not be NaN", e.getMessage());
            CancelScope scope = new CancelScope();
            e = assertThrows(IllegalArgumentException.class, () -> scope.setDeadline(Double.NaN));
            assertEquals("deadline must not be NaN", e.getMessage());
            scope.setDeadline(Double.NEGATIVE_INFINITY);
            assertEquals(Double.NEGATIVE_INFINITY, scope.deadline());
            scope.setDeadline(INF);
            assertEquals(INF, scope.deadline());
            assertFalse(scope.cancelCalled());
        });
    }

    // ---------------------------------------------------------------- C4 relative deadlines

    @Test
    void relativeDeadlineCountsFromEntry() throws Exception {
        MockClock clock = new MockClock();
        runWith(clock, () -> {
            CancelScope rcs = CancelScope.withRelativeDeadline(5);
            assertEquals(5.0, rcs.relativeDeadline());
            assertEquals(Boolean.TRUE, rcs.isRelative());
            clock.jump(3);
            double start = Trio.currentTime();
            rcs.run(() -> {
                assertNull(rcs.isRelative());
                assertEquals(start + 5, rcs.deadline());
                assertEquals(5.0, rcs.relativeDeadline());
                rcs.setDeadline(start + 3);
                assertEquals(start + 3, rcs.deadline());
                assertEquals(3.0, rcs.relativeDeadline());
                rcs.setRelativeDeadline(4);
                assertEquals(start + 4, rcs.deadline());
                assertEquals(4.0, rcs.relativeDeadline());
            });

            CancelScope shielded = CancelScope.withRelativeDeadline(5);
            assertFalse(shielded.shield());
            shielded.setShield(true);
            assertTrue(shielded.shield());
            clock.jump(3);
            double start2 = Trio.currentTime();
            shielded.run(() -> assertEquals(start2 + 5, shielded.deadline()));

            // setting the relative deadline before entry
            CancelScope plain = new CancelScope();
            assertEquals(Boolean.FALSE, plain.isRelative());
            plain.setRelativeDeadline(2);
            assertEquals(Boolean.TRUE, plain.isRelative());
            double start3 = Trio.currentTime();
            plain.run(() -> assertEquals(start3 + 2, plain.deadline()));
        });
    }

    @Test
    void moveOnAfterComputesItsDeadlineAtEntry() throws Exception {
        MockClock clock = TestSupport.autojumpClock();
        runWith(clock, () -> {
            clock.jump(7);
            CancelScope scope = Trio.moveOnAfter(2, Trio::sleepForever);
            assertTrue(scope.cancelledCaught());
            assertEquals(9.0, scope.deadline());
            assertEquals(9.0, Trio.currentTime());
        });
    }

    @Test
    void unenteredScopesRefuseTheOtherKindOfDeadline() throws Exception {
        Trio.run(() -> {
            CancelScope relative = CancelScope.withRelativeDeadline(5);
            IllegalStateException e = assertThrows(IllegalStateException.class, relative::deadline);
            assertEquals("Unentered relative cancel scope does not have an absolute deadline", e.getMessage());
            e = assertThrows(IllegalStateException.class, () -> relative.setDeadline(7));
            assertEquals("Unentered relative cancel scope does not have an absolute deadline", e.getMessage());
            // nothing happened
            assertEquals(5.0, relative.relativeDeadline());
            assertEquals(Boolean.TRUE, relative.isRelative());

            CancelScope absolute = CancelScope.withDeadline(5);
            e = assertThrows(IllegalStateException.class, absolute::relativeDeadline);
            assertEquals("Unentered non-relative cancel scope does not have a relative deadline", e.getMessage());
            e = assertThrows(IllegalStateException.class, () -> absolute.setRelativeDeadline(7));
            assertEquals("Unentered non-relative cancel scope does not have a relative deadline", e.getMessage());
            assertEquals(5.0, absolute.deadline());
            assertEquals(Boolean.FALSE, absolute.isRelative());
        });
    }

    @Test
    void relativeDeadlineValidation() throws Exception {
        Trio.run(() -> {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> CancelScope.withRelativeDeadline(-1));
            assertTrue(e.getMessage().startsWith("timeout must be non-negative"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> CancelScope.withRelativeDeadline(Double.NaN));
            assertTrue(e.getMessage().endsWith("must not be NaN"), e.getMessage());
            CancelScope scope = new CancelScope();
            e = assertThrows(IllegalArgumentException.class, () -> scope.setRelativeDeadline(-1));
            assertTrue(e.getMessage().startsWith("relative deadline must be non-negative"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> scope.setRelativeDeadline(Double.NaN));
            assertEquals("relative deadline must not be NaN", e.getMessage());
        });
    }

    @Test
    void timeoutHelpersValidateBeforeRunningTheBody() throws Exception {
        Trio.run(() -> {
            TrioRunnable body = () -> fail("body ran");
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Trio.moveOnAfter(-1, body));
            assertTrue(e.getMessage().startsWith("`seconds` must be non-negative"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> Trio.moveOnAfter(Double.NaN, body));
            assertEquals("`seconds` must not be NaN", e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> Trio.failAfter(-1, body));
            assertTrue(e.getMessage().startsWith("`seconds` must be non-negative"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> Trio.failAfter(Double.NaN, body));
            assertEquals("`seconds` must not be NaN", e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> Trio.moveOnAt(Double.NaN, body));
            assertEquals("deadline must not be NaN", e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> Trio.failAt(Double.NaN, body));
            assertEquals("deadline must not be NaN", e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> Trio.moveOnAfter(java.time.Duration.ofSeconds(-1), body));
        });
    }

    // ---------------------------------------------------------------- C10

    @Test
    void currentEffectiveDeadline() throws Exception {
        MockClock clock = new MockClock();
        runWith(clock, () -> {
            assertEquals(INF, Trio.currentEffectiveDeadline());
            CancelScope scope1 = CancelScope.withDeadline(5);
            CancelScope scope2 = CancelScope.withDeadline(10);
            scope1.run(() -> scope2.run(() -> {
                assertEquals(5.0, Trio.currentEffectiveDeadline());
                scope2.setDeadline(3);
                assertEquals(3.0, Trio.currentEffectiveDeadline());
                scope2.setDeadline(10);
                assertEquals(5.0, Trio.currentEffectiveDeadline());
                scope2.setShield(true);
                assertEquals(10.0, Trio.currentEffectiveDeadline());
                scope2.setShield(false);
                assertEquals(5.0, Trio.currentEffectiveDeadline());
                scope1.cancel();
                assertEquals(Double.NEGATIVE_INFINITY, Trio.currentEffectiveDeadline());
                scope2.setShield(true);
                assertEquals(10.0, Trio.currentEffectiveDeadline());
            }));
            assertEquals(INF, Trio.currentEffectiveDeadline());
        });
    }

    @Test
    void childrenSeeTheirNurseryDeadlineNotLaterBodyScopes() throws Exception {
        MockClock clock = new MockClock();
        runWith(clock, () -> CancelScope.withDeadline(20).run(() -> Trio.openNursery(n -> {
            List<Double> seen = new ArrayList<>();
            CancelScope.withDeadline(3).run(() -> {
                assertEquals(3.0, Trio.currentEffectiveDeadline());
                // a child spawned here sits directly under the nursery's scope (N1)
                n.startSoon(() -> seen.add(Trio.currentEffectiveDeadline()));
            });
            waitAllTasksBlocked();
            assertEquals(List.of(20.0), seen);
        })));
    }

    // ---------------------------------------------------------------- C12 timeouts

    @Test
    void failAfterRaisesTooSlowError() throws Exception {
        MockClock clock = TestSupport.autojumpClock();
        runWith(clock, () -> {
            CancelScope outer = new CancelScope();
            outer.run(() -> {
                assertThrows(TooSlowError.class, () -> Trio.failAfter(1, () -> Trio.sleep(100)));
                assertEquals(1.0, Trio.currentTime());
                assertThrows(TooSlowError.class, () -> Trio.failAt(Trio.currentTime() + 1, () -> Trio.sleep(100)));
                assertEquals(2.0, Trio.currentTime());
            });
            // the Cancelled was absorbed inside: the outer scope saw nothing
            assertFalse(outer.cancelledCaught());
            assertEquals("value", Trio.failAfter(100, () -> {
                Trio.sleep(0);
                return "value";
            }));
            assertEquals("at", Trio.failAt(Trio.currentTime() + 100, () -> "at"));
            Trio.failAfter(java.time.Duration.ofSeconds(100), () -> Trio.sleep(1));
        });
    }

    @Test
    void passedDeadlineWithoutCheckpointIsNoError() throws Exception {
        MockClock clock = new MockClock();
        runWith(clock, () -> {
            assertEquals("done", Trio.failAfter(1, () -> {
                clock.jump(5);
                return "done";
            }));
            CancelScope scope = Trio.moveOnAfter(1, () -> clock.jump(5));
            // cancelCalled notices a passed deadline only before entry or while active
            assertFalse(scope.cancelCalled());
            assertFalse(scope.cancelledCaught());
        });
    }

    @Test
    void shieldedTimeoutsShieldFromOuterButStillFire() throws Exception {
        MockClock clock = TestSupport.autojumpClock();
        runWith(clock, () -> {
            CancelScope outer = new CancelScope();
            outer.run(() -> {
                outer.cancel();
                CancelScope inner = Trio.moveOnAfter(1, true, () -> {
                    Trio.checkpoint(); // the shield holds
                    Trio.sleepForever(); // until the scope's own deadline
                });
                assertTrue(inner.cancelledCaught());
                assertEquals(1.0, Trio.currentTime());
                assertThrows(TooSlowError.class, () -> Trio.failAfter(1, true, () -> {
                    Trio.checkpoint();
                    Trio.sleepForever();
                }));
                assertEquals(2.0, Trio.currentTime());
                Trio.checkpoint();
            });
            assertTrue(outer.cancelledCaught());
        });
    }

    @Test
    void moveOnAfterReturnsItsScope() throws Exception {
        MockClock clock = TestSupport.autojumpClock();
        runWith(clock, () -> {
            CancelScope quick = Trio.moveOnAfter(10, Trio::checkpoint);
            assertFalse(quick.cancelCalled());
            assertFalse(quick.cancelledCaught());
            assertEquals(10.0, quick.deadline());
            CancelScope slow = Trio.moveOnAfter(java.time.Duration.ofSeconds(3), () -> Trio.sleep(10));
            assertTrue(slow.cancelCalled());
            assertTrue(slow.cancelledCaught());
            assertEquals(3.0, Trio.currentTime());
            CancelScope at = Trio.moveOnAt(4, Trio::sleepForever);
            assertTrue(at.cancelledCaught());
            assertEquals(4.0, Trio.currentTime());
        });
    }

    @Test
    void zeroTimeoutIsCancelledAtEntry() throws Exception {
        MockClock clock = new MockClock();
        runWith(clock, () -> {
            CancelScope scope = Trio.moveOnAfter(0, () -> {
                assertEquals(Double.NEGATIVE_INFINITY, Trio.currentEffectiveDeadline());
                Trio.checkpoint();
            });
            assertTrue(scope.cancelledCaught());
            assertThrows(TooSlowError.class, () -> Trio.failAfter(0, Trio::checkpoint));
            // past absolute deadlines are checked at entry too
            assertTrue(Trio.moveOnAt(Trio.currentTime() - 10, Trio::checkpoint).cancelledCaught());
        });
    }

    @Test
    void failAfterLetsOtherErrorsAndOuterCancellationThrough() throws Exception {
        MockClock clock = TestSupport.autojumpClock();
        runWith(clock, () -> {
            IllegalStateException error = new IllegalStateException();
            assertSame(error, assertThrows(IllegalStateException.class, () -> Trio.failAfter(1, () -> {
                throw error;
            })));
            CancelScope outer = new CancelScope();
            outer.run(() -> {
                outer.cancel();
                // the outer scope's Cancelled is not the timeout's: no TooSlowError
                Trio.failAfter(100, Trio::sleepForever);
                fail("unreachable");
            });
            assertTrue(outer.cancelledCaught());
            assertEquals(0.0, Trio.currentTime());
        });
    }

    // ---------------------------------------------------------------- scopes and nurseries

    @Test
    void cancellingASpecificChildViaItsOwnScope() throws Exception {
        List<String> record = new ArrayList<>();
        Trio.run(() -> Trio.openNursery(n -> {
            CancelScope only = new CancelScope();
            n.startSoon(() -> {
                only.run(Trio::sleepForever);
                record.add("a moved on");
            });
            n.startSoon(() -> {
                Trio.checkpoint();
                Trio.checkpoint();
                record.add("b finished");
            });
            waitAllTasksBlocked();
            only.cancel();
        }));
        assertEquals(List.of("b finished", "a moved on"), record);
    }

    @Test
    void nurseryCancelScopeIsTheNurserysOwn() throws Exception {
        Trio.run(() -> {
            Nursery[] saved = new Nursery[1];
            Trio.openNursery(n -> {
                saved[0] = n;
                assertSame(n.cancelScope(), n.cancelScope());
                n.cancelScope().cancel();
                Trio.checkpoint();
            });
            assertTrue(saved[0].cancelScope().cancelledCaught());
            assertTrue(saved[0].cancelScope().cancelCalled());
        });
    }
}
