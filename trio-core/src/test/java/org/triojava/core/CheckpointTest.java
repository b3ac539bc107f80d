package org.triojava.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.triojava.core.TestSupport.assertCheckpoints;
import static org.triojava.core.TestSupport.assertGroup;
import static org.triojava.core.TestSupport.assertNoCheckpoints;
import static org.triojava.core.TestSupport.me;

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
import org.triojava.lowlevel.Lowlevel;
import org.triojava.lowlevel.Task;
import org.triojava.testing.MockClock;

/** Checkpoints: schedule points, cancel points and the documented exceptions (rules K1–K4). */
class CheckpointTest {

    @Test
    void checkpointIsASchedulePoint() throws Exception {
        List<String> record = new ArrayList<>();
        Trio.run(() -> Trio.openNursery(n -> {
            n.startSoon(() -> record.add("child"));
            record.add("before");
            Trio.checkpoint();
            record.add("after");
        }));
        assertEquals(List.of("before", "child", "after"), record);
    }

    @Test
    void cancelPointsOfEachKind() throws Exception {
        // main1: checkpointIfCancelled
        Trio.run(() -> new CancelScope().run(() -> {
            Lowlevel.checkpointIfCancelled();
        }));
        Trio.run(() -> {
            CancelScope scope = new CancelScope();
            scope.run(() -> {
                Lowlevel.checkpointIfCancelled();
                scope.cancel();
                assertThrows(Cancelled.class, Lowlevel::checkpointIfCancelled);
            });
            assertFalse(scope.cancelledCaught());
        });
        // main2: checkpoint
        Trio.run(() -> {
            CancelScope scope = new CancelScope();
            scope.run(() -> {
                Trio.checkpoint();
                scope.cancel();
                assertThrows(Cancelled.class, Trio::checkpoint);
            });
        });
        // main3: sleepForever
        Trio.run(() -> {
            CancelScope scope = new CancelScope();
            scope.run(() -> {
                scope.cancel();
                assertThrows(Cancelled.class, Trio::sleepForever);
            });
        });
        // main4: cancelShieldedCheckpoint never raises
        Trio.run(() -> {
            CancelScope scope = new CancelScope();
            scope.run(() -> {
                scope.cancel();
                Lowlevel.cancelShieldedCheckpoint();
                Lowlevel.cancelShieldedCheckpoint();
                assertThrows(Cancelled.class, Trio::checkpoint);
            });
        });
    }

    @Test
    void checkpointInCancelledScopeLetsOthersRunBeforeRaising() throws Exception {
        List<String> record = new ArrayList<>();
        Trio.run(() -> Trio.openNursery(n -> {
            CancelScope scope = new CancelScope();
            scope.run(() -> {
                n.startSoon(() -> record.add("child"));
                scope.cancel();
                record.add("cancel() returned");
                try {
                    Trio.checkpoint();
                } catch (Cancelled c) {
                    record.add("Cancelled");
                    throw c;
                }
            });
            assertTrue(scope.cancelledCaught());
        }));
        assertEquals(List.of("cancel() returned", "child", "Cancelled"), record);
    }

    @Test
    void checkpointIfCancelledDoesNotYieldWhenNotCancelled() throws Exception {
        List<String> record = new ArrayList<>();
        Trio.run(() -> Trio.openNursery(n -> {
            n.startSoon(() -> record.add("child"));
            TaskImpl task = me();
            long schedule = task.schedulePoints;
            long cancel = task.cancelPoints;
            Lowlevel.checkpointIfCancelled();
            record.add("main");
            assertEquals(schedule, task.schedulePoints);
            assertEquals(cancel + 1, task.cancelPoints);
        }));
        assertEquals(List.of("main", "child"), record);
    }

    @Test
    void checkpointIfCancelledYieldsAndRaisesWhenCancelled() throws Exception {
        List<String> record = new ArrayList<>();
        Trio.run(() -> Trio.openNursery(n -> {
            CancelScope scope = new CancelScope();
            scope.run(() -> {
                n.startSoon(() -> record.add("child"));
                scope.cancel();
                assertThrows(Cancelled.class, Lowlevel::checkpointIfCancelled);
                record.add("main");
            });
        }));
        assertEquals(List.of("child", "main"), record);
    }

    @Test
    void cancelShieldedCheckpointYieldsButNeverRaises() throws Exception {
        List<String> record = new ArrayList<>();
        Trio.run(() -> Trio.openNursery(n -> {
            CancelScope scope = new CancelScope();
            scope.run(() -> {
                scope.cancel();
                n.startSoon(() -> record.add("child"));
                TaskImpl task = me();
                long schedule = task.schedulePoints;
                long cancel = task.cancelPoints;
                Lowlevel.cancelShieldedCheckpoint();
                record.add("main");
                assertEquals(schedule + 1, task.schedulePoints);
                assertEquals(cancel, task.cancelPoints);
            });
            assertFalse(scope.cancelledCaught());
        }));
        assertEquals(List.of("child", "main"), record);
    }

    @Test
    void cancelIsNotACheckpoint() throws Exception {
        List<String> record = new ArrayList<>();
        Trio.run(() -> Trio.openNursery(n -> {
            CancelScope scope = new CancelScope();
            scope.run(() -> {
                n.startSoon(() -> record.add("child"));
                assertNoCheckpoints(() -> {
                    scope.cancel();
                    scope.cancel("again");
                });
                record.add("still running");
            });
            // no checkpoint ran inside, so nothing was caught
            assertTrue(scope.cancelCalled());
            assertFalse(scope.cancelledCaught());
        }));
        assertEquals(List.of("still running", "child"), record);
    }

    @Test
    void fullCheckpointsCountBothHalves() throws Exception {
        Trio.run(() -> {
            assertCheckpoints(Trio::checkpoint);
            assertCheckpoints(() -> Trio.sleep(0));
            assertCheckpoints(() -> Trio.sleep(Duration.ZERO));
            assertCheckpoints(() -> Trio.sleepUntil(Trio.currentTime() - 1));
            assertCheckpoints(() -> Trio.sleepUntil(Double.NEGATIVE_INFINITY));
            assertCheckpoints(() -> {
                Lowlevel.checkpointIfCancelled();
                Lowlevel.cancelShieldedCheckpoint();
            });
            // each half alone is not a full checkpoint
            TaskImpl task = me();
            long schedule = task.schedulePoints;
            Lowlevel.checkpointIfCancelled();
            assertEquals(schedule, task.schedulePoints);
            long cancel = task.cancelPoints;
            Lowlevel.cancelShieldedCheckpoint();
            assertEquals(cancel, task.cancelPoints);
            // a park/reschedule round trip is a full checkpoint too
            Task self = Lowlevel.currentTask();
            assertCheckpoints(() -> Trio.openNursery(n -> {
                n.startSoon(() -> Lowlevel.reschedule(self, org.triojava.lowlevel.Outcome.value(7)));
                assertEquals(7, Lowlevel.waitTaskRescheduled(r -> org.triojava.lowlevel.Abort.SUCCEEDED));
            }));
        });
    }

    @Test
    void sleepZeroAndPastDeadlinesRaiseInCancelledScope() throws Exception {
        Trio.run(() -> {
            CancelScope scope = new CancelScope();
            scope.run(() -> {
                scope.cancel();
                assertThrows(Cancelled.class, () -> Trio.sleep(0));
                assertThrows(Cancelled.class, () -> Trio.sleepUntil(Trio.currentTime() - 5));
                assertThrows(Cancelled.class, () -> Trio.sleep(10));
            });
            // Trio's test_sleep: the trivial moveOnAt(now) scope cancels sleep(0)
            Trio.moveOnAt(Trio.currentTime(), () -> assertThrows(Cancelled.class, () -> Trio.sleep(0)));
        });
    }

    @Test
    void nurseryEntryIsNotACheckpoint() throws Exception {
        List<String> record = new ArrayList<>();
        Trio.run(() -> Trio.openNursery(outer -> {
            outer.startSoon(() -> record.add("other task"));
            Trio.openNursery(inner -> record.add("inner body"));
            record.add("after inner");
        }));
        // the inner nursery's exit (a schedule point) let the other task run
        assertEquals(List.of("inner body", "other task", "after inner"), record);
    }

    @Test
    void emptyNurseryExitIsASchedulePointOnly() throws Exception {
        List<String> record = new ArrayList<>();
        Trio.run(() -> Trio.openNursery(outer -> {
            CancelScope scope = new CancelScope();
            scope.run(() -> {
                scope.cancel();
                outer.startSoon(() -> record.add("other task"));
                TaskImpl task = me();
                long schedule = task.schedulePoints;
                long cancel = task.cancelPoints;
                Trio.openNursery(n -> {
                });
                record.add("after nursery");
                assertTrue(task.schedulePoints > schedule, "a schedule point");
                assertEquals(cancel, task.cancelPoints, "not a cancel point");
            });
            assertFalse(scope.cancelledCaught());
        }));
        assertEquals(List.of("other task", "after nursery"), record);
    }

    @Test
    void nurseryExitWithChildWithoutCheckpointDoesNotRaiseInCancelledScope() throws Exception {
        Trio.run(() -> {
            TaskImpl task = me();
            long schedule = task.schedulePoints;
            CancelScope scope = new CancelScope();
            scope.run(() -> {
                scope.cancel();
                Trio.openNursery(n -> n.startSoon(() -> {
                }));
            });
            assertFalse(scope.cancelledCaught());
            assertTrue(task.schedulePoints > schedule);
        });
    }

    @Test
    void nurseryBodyErrorInCancelledScopeIsGroupedNotCancelled() throws Exception {
        Trio.run(() -> {
            CancelScope scope = new CancelScope();
            Throwable thrown = assertThrows(Throwable.class, () -> scope.run(() -> {
                scope.cancel();
                Trio.openNursery(n -> {
                    throw new NoSuchElementException();
                });
            }));
            assertGroup(thrown, NoSuchElementException.class);
            assertFalse(scope.cancelledCaught());
        });
    }

    @Test
    void sleepForeverCannotBeWokenByHand() throws Exception {
        Trio.run(() -> Trio.openNursery(n -> {
            Task task = Lowlevel.currentTask();
            n.startSoon(() -> {
                Trio.checkpoint();
                Lowlevel.reschedule(task);
            });
            IllegalStateException e = assertThrows(IllegalStateException.class, Trio::sleepForever);
            assertTrue(e.getMessage().contains("sleepForever"), e.getMessage());
        }));
    }

    @Test
    void checkpointSeesDeadlinesThatExpiredWhileYielding() throws Exception {
        MockClock clock = new MockClock();
        Trio.run(RunOptions.defaults().withClock(clock), () -> {
            CancelScope scope = CancelScope.withDeadline(Trio.currentTime() + 5);
            scope.run(() -> {
                Trio.checkpoint();
                clock.jump(10);
                Cancelled c = assertThrows(Cancelled.class, Trio::checkpoint);
                assertEquals(CancelReason.DEADLINE, c.source());
                Trio.checkpoint(); // level-triggered: raises again, and the scope catches it
            });
            assertTrue(scope.cancelledCaught());
        });
    }

    @Test
    void sleepValidation() throws Exception {
        Trio.run(() -> {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Trio.sleep(-1));
            assertTrue(e.getMessage().startsWith("`seconds` must be non-negative"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> Trio.sleep(Double.NaN));
            assertEquals("`seconds` must not be NaN", e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> Trio.sleepUntil(Double.NaN));
            assertEquals("deadline must not be NaN", e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> Trio.sleep(Duration.ofSeconds(-1)));
            assertThrows(NullPointerException.class, () -> Trio.sleep((Duration) null));
            // nothing was a checkpoint
            assertNoCheckpoints(() -> assertThrows(IllegalArgumentException.class, () -> Trio.sleep(-1)));
        });
    }

    @Test
    void sleepWakesAtTheDeadline() throws Exception {
        MockClock clock = TestSupport.autojumpClock();
        Trio.run(RunOptions.defaults().withClock(clock), () -> {
            double t0 = Trio.currentTime();
            Trio.sleep(3);
            assertEquals(t0 + 3, Trio.currentTime());
            Trio.sleepUntil(t0 + 10);
            assertEquals(t0 + 10, Trio.currentTime());
            Trio.sleep(Duration.ofMillis(500));
            assertEquals(t0 + 10.5, Trio.currentTime());
        });
    }

    @Test
    void sleepersWakeInDeadlineOrder() throws Exception {
        List<String> record = new ArrayList<>();
        MockClock clock = TestSupport.autojumpClock();
        Trio.run(RunOptions.defaults().withClock(clock), () -> Trio.openNursery(n -> {
            for (int seconds : new int[] {3, 1, 2, 1}) {
                n.startSoon(() -> {
                    Trio.sleep(seconds);
                    record.add(seconds + "@" + Trio.currentTime());
                });
            }
        }));
        // equal deadlines wake in registration order
        assertEquals(List.of("1@1.0", "1@1.0", "2@2.0", "3@3.0"), record);
    }
}
