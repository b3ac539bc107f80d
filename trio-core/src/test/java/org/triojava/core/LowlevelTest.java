package org.triojava.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.triojava.core.TestSupport.waitAllTasksBlocked;

import java.io.IOException;
import java.nio.channels.Pipe;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.function.Executable;
import org.triojava.CancelReason;
import org.triojava.CancelScope;
import org.triojava.Cancelled;
import org.triojava.RunFinishedError;
import org.triojava.RunOptions;
import org.triojava.ThrowableGroup;
import org.triojava.Trio;
import org.triojava.TrioInternalError;
import org.triojava.abc.Instrument;
import org.triojava.lowlevel.Abort;
import org.triojava.lowlevel.Lowlevel;
import org.triojava.lowlevel.Outcome;
import org.triojava.lowlevel.RunStatistics;
import org.triojava.lowlevel.Task;
import org.triojava.lowlevel.TrioToken;
import org.triojava.testing.MockClock;

/** The low-level API: park/reschedule (K6), system tasks (N9), the token (T5), statistics, context checks. */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class LowlevelTest {

    // ---------------------------------------------------------------- waitTaskRescheduled / reschedule (K6)

    @Test
    void rescheduleDeliversTheOutcome() throws Exception {
        Trio.run(() -> Trio.openNursery(n -> {
            Task me = Lowlevel.currentTask();
            n.startSoon(() -> Lowlevel.reschedule(me, Outcome.value("v")));
            assertEquals("v", Lowlevel.waitTaskRescheduled(r -> Abort.SUCCEEDED));

            IOException checked = new IOException("io");
            n.startSoon(() -> Lowlevel.reschedule(me, Outcome.error(checked)));
            Throwable thrown = assertThrows(IOException.class, () -> Lowlevel.waitTaskRescheduled(r -> Abort.SUCCEEDED));
            assertSame(checked, thrown);

            n.startSoon(() -> Lowlevel.reschedule(me));
            assertNull(Lowlevel.waitTaskRescheduled(r -> Abort.SUCCEEDED));
        }));
    }

    @Test
    void rescheduleExactlyOnce() throws Exception {
        Trio.run(() -> Trio.openNursery(n -> {
            Task me = Lowlevel.currentTask();
            // a running task is not waiting
            assertThrows(IllegalStateException.class, () -> Lowlevel.reschedule(me));
            List<String> record = new ArrayList<>();
            n.startSoon(() -> {
                Lowlevel.reschedule(me, Outcome.value(1));
                IllegalStateException second = assertThrows(IllegalStateException.class,
                        () -> Lowlevel.reschedule(me, Outcome.value(2)));
                assertTrue(second.getMessage().contains("exactly one reschedule"), second.getMessage());
                record.add("second refused");
            });
            assertEquals(1, Lowlevel.waitTaskRescheduled(r -> Abort.SUCCEEDED));
            assertEquals(List.of("second refused"), record);
            // a runnable (not yet running) task is not waiting either
            Task[] child = new Task[1];
            n.startSoon(() -> child[0] = Lowlevel.currentTask());
            Trio.checkpoint();
            assertThrows(NullPointerException.class, () -> Lowlevel.reschedule(null));
            assertThrows(NullPointerException.class, () -> Lowlevel.reschedule(me, null));
        }));
    }

    @Test
    void rescheduleRefusesTasksOfAnotherRun() throws Exception {
        Task other = Trio.run(Lowlevel::currentTask);
        Trio.run(() -> {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Lowlevel.reschedule(other));
            assertTrue(e.getMessage().contains("not a task of this Trio run"), e.getMessage());
        });
    }

    @Test
    void customSleepDataIsResetOnReschedule() throws Exception {
        Trio.run(() -> {
            Task task = Lowlevel.currentTask();
            assertNull(task.customSleepData());
            task.setCustomSleepData(1);
            assertEquals(1, task.customSleepData());
            Trio.checkpoint();
            assertNull(task.customSleepData());

            Trio.openNursery(n -> {
                task.setCustomSleepData("parked");
                n.startSoon(() -> {
                    assertEquals("parked", task.customSleepData());
                    Lowlevel.reschedule(task);
                    assertNull(task.customSleepData());
                });
                Lowlevel.waitTaskRescheduled(r -> Abort.SUCCEEDED);
                assertNull(task.customSleepData());
            });
        });
    }

    @Test
    void failedAbortKeepsTheTaskAsleepUntilRescheduled() throws Exception {
        List<String> record = new ArrayList<>();
        Trio.run(() -> Trio.openNursery(n -> {
            Task[] stubborn = new Task[1];
            CancelScope scope = new CancelScope();
            n.startSoon(() -> {
                stubborn[0] = Lowlevel.currentTask();
                scope.run(() -> {
                    record.add("sleep");
                    Object x = Lowlevel.waitTaskRescheduled(r -> Abort.FAILED);
                    assertEquals(1, x);
                    record.add("woke");
                    try {
                        Lowlevel.checkpointIfCancelled();
                    } catch (Cancelled c) {
                        record.add("cancelled");
                    }
                });
            });
            waitAllTasksBlocked();
            assertEquals(List.of("sleep"), record);
            scope.cancel();
            waitAllTasksBlocked();
            // cancel didn't wake it up
            assertEquals(List.of("sleep"), record);
            Lowlevel.reschedule(stubborn[0], Outcome.value(1));
        }));
        assertEquals(List.of("sleep", "woke", "cancelled"), record);
    }

    @Test
    void abortIsCalledAtMostOncePerWait() throws Exception {
        // Trio's test_slow_abort_edge_cases
        List<String> record = new ArrayList<>();
        Trio.run(() -> {
            CancelScope outer1 = new CancelScope();
            CancelScope outer2 = new CancelScope();
            outer1.run(() -> outer2.run(() -> Trio.openNursery(n -> {
                n.startSoon(() -> {
                    Task task = Lowlevel.currentTask();
                    TrioToken token = Lowlevel.currentTrioToken();
                    record.add("sleeping");
                    assertThrows(Cancelled.class, () -> Lowlevel.waitTaskRescheduled(raiseCancel -> {
                        record.add("abort-called");
                        Outcome result = Outcome.capture(() -> {
                            raiseCancel.raiseCancel();
                            return null;
                        });
                        token.runSyncSoon(() -> Lowlevel.reschedule(task, result));
                        return Abort.FAILED;
                    }));
                    record.add("cancelled");
                    // blocking again is fine: we are shielded by now
                    Trio.checkpoint();
                    record.add("done");
                });
                waitAllTasksBlocked();
                assertEquals(List.of("sleeping"), record);
                outer1.cancel();
                assertEquals(List.of("sleeping", "abort-called"), record);
                outer2.cancel();
                assertEquals(List.of("sleeping", "abort-called"), record);
                n.cancelScope().setShield(true);
            })));
        });
        // the cancellation was delivered even though the task got shielded meanwhile
        assertEquals(List.of("sleeping", "abort-called", "cancelled", "done"), record);
    }

    @Test
    void slowAbortBasic() throws Exception {
        Trio.run(() -> {
            CancelScope scope = new CancelScope();
            scope.run(() -> {
                scope.cancel();
                Task task = Lowlevel.currentTask();
                TrioToken token = Lowlevel.currentTrioToken();
                Cancelled c = assertThrows(Cancelled.class, () -> Lowlevel.waitTaskRescheduled(raiseCancel -> {
                    Outcome result = Outcome.capture(() -> {
                        raiseCancel.raiseCancel();
                        return null;
                    });
                    token.runSyncSoon(() -> Lowlevel.reschedule(task, result));
                    return Abort.FAILED;
                }));
                assertEquals(CancelReason.EXPLICIT, c.source());
            });
        });
    }

    @Test
    void abortFunctionRunsInTheTaskContextWhenTheTaskCancelsItself() throws Exception {
        // part of Trio's test_trio_context_detection
        List<String> record = new ArrayList<>();
        Trio.run(() -> CancelScope.withDeadline(Trio.currentTime() - 1).run(() ->
                Lowlevel.waitTaskRescheduled(raiseCancel -> {
                    record.add(Lowlevel.inTrioRun() + "/" + Lowlevel.inTrioTask());
                    return Abort.SUCCEEDED;
                })));
        assertEquals(List.of("true/true"), record);
    }

    @Test
    void brokenAbortFailsTheRun() {
        // the task cancels itself
        assertThrows(TrioInternalError.class, () -> Trio.run(() -> {
            Trio.checkpoint();
            CancelScope scope = new CancelScope();
            scope.run(() -> {
                scope.cancel();
                Lowlevel.waitTaskRescheduled(r -> null);
            });
        }));
    }

    @Test
    void brokenAbortTriggeredByAnotherTaskFailsTheRun() {
        TrioInternalError e = assertThrows(TrioInternalError.class, () -> Trio.run(() -> Trio.openNursery(n -> {
            CancelScope scope = new CancelScope();
            n.startSoon(() -> scope.run(() -> Lowlevel.waitTaskRescheduled(r -> null)));
            waitAllTasksBlocked();
            scope.cancel(); // the broken abort runs here, in this task: the run must still fail cleanly
            Trio.sleepForever();
        })));
        assertInstanceOf(TrioInternalError.class, e.getCause());
    }

    @Test
    void throwingAbortTriggeredByADeadlineFailsTheRun() {
        MockClock clock = TestSupport.autojumpClock();
        TrioInternalError e = assertThrows(TrioInternalError.class, () -> Trio.run(
                RunOptions.defaults().withClock(clock), () -> Trio.moveOnAfter(1, () ->
                        Lowlevel.waitTaskRescheduled(r -> {
                            throw new IllegalStateException("abort blew up");
                        }))));
        Throwable cause = e.getCause();
        assertInstanceOf(TrioInternalError.class, cause);
        assertEquals("abort blew up", cause.getCause().getMessage());
    }

    // ---------------------------------------------------------------- system tasks (N9)

    @Test
    void spawnSystemTask() throws Exception {
        List<String> record = new ArrayList<>();
        Trio.run(() -> {
            Task root = Lowlevel.currentRootTask();
            CancelScope scope = new CancelScope();
            scope.run(() -> {
                scope.cancel();
                Task task = Lowlevel.spawnSystemTask("sys", () -> {
                    record.add("x " + Lowlevel.currentTask().name());
                    // the caller's cancelled scope does not apply to a system task
                    Trio.checkpoint();
                    record.add("checkpoint passed");
                });
                assertEquals("sys", task.name());
                assertSame(root, task.parentNursery().parentTask());
            });
            waitAllTasksBlocked();
            Task unnamed = Lowlevel.spawnSystemTask(null, () -> {
            });
            assertEquals(LowlevelTest.class.getName(), unnamed.name());
            assertThrows(NullPointerException.class, () -> Lowlevel.spawnSystemTask("x", null));
        });
        assertEquals(List.of("x sys", "checkpoint passed"), record);
    }

    @Test
    void systemTaskCrashIsAnInternalError() {
        IllegalStateException crash = new IllegalStateException("crash");
        TrioInternalError e = assertThrows(TrioInternalError.class, () -> Trio.run(() -> {
            Lowlevel.spawnSystemTask("crasher", () -> {
                throw crash;
            });
            Trio.sleepForever();
        }));
        assertNotNull(e.getCause());
        assertTrue(e.getCause() instanceof ThrowableGroup g && g.leaves().anyMatch(t -> t == crash),
                () -> "cause: " + e.getCause());
    }

    @Test
    void systemTaskCrashWithAGroup() {
        TrioInternalError e = assertThrows(TrioInternalError.class, () -> Trio.run(() -> {
            Lowlevel.spawnSystemTask("sys", () -> Trio.openNursery(n -> {
                n.startSoon(() -> {
                    throw new IllegalStateException("a");
                });
                n.startSoon(() -> {
                    throw new IllegalArgumentException("b");
                });
            }));
            Trio.sleepForever();
        }));
        ThrowableGroup cause = assertInstanceOf(ThrowableGroup.class, e.getCause());
        assertEquals(List.of("a", "b"), cause.leaves().map(Throwable::getMessage).toList());
    }

    @Test
    void systemTaskCrashPlusCancelled() {
        // a system task's nursery raises [Cancelled, ValueError] at shutdown: only the real error survives
        TrioInternalError e = assertThrows(TrioInternalError.class, () -> Trio.run(() -> {
            Lowlevel.spawnSystemTask("sys", () -> Trio.openNursery(n -> {
                n.startSoon(() -> {
                    try {
                        Trio.sleepForever();
                    } catch (Cancelled c) {
                        throw new IllegalArgumentException("from cancel");
                    }
                });
                n.startSoon(Trio::sleepForever);
            }));
            waitAllTasksBlocked();
            // then main exits, triggering the shutdown cancellation
        }));
        ThrowableGroup cause = assertInstanceOf(ThrowableGroup.class, e.getCause());
        assertEquals(List.of("from cancel"), cause.leaves().map(Throwable::getMessage).toList());
    }

    @Test
    void spawnSystemTaskAfterTheSystemNurseryClosed() throws Exception {
        List<String> record = new ArrayList<>();
        assertThrows(TrioInternalError.class, () -> Trio.run(() -> {
            TrioToken token = Lowlevel.currentTrioToken();
            Runnable[] probe = new Runnable[1];
            probe[0] = () -> {
                try {
                    Lowlevel.spawnSystemTask("late", () -> {
                    });
                    token.runSyncSoon(probe[0]);
                } catch (IllegalStateException closed) {
                    record.add(closed.getMessage());
                    throw closed; // a crashing callback fails the run (T5)
                }
            };
            token.runSyncSoon(probe[0]);
        }));
        assertEquals(List.of("Nursery is closed to new arrivals"), record);
    }

    // ---------------------------------------------------------------- TrioToken (T5)

    /** A callback with value semantics, so idempotent calls with equal arguments are recognised. */
    record Cb(List<Integer> record, int x) implements Runnable {
        @Override
        public void run() {
            record.add(x);
        }
    }

    @Test
    void tokenIdentity() throws Exception {
        TrioToken t1 = Trio.run(() -> {
            TrioToken token = Lowlevel.currentTrioToken();
            assertSame(token, Lowlevel.currentTrioToken());
            Trio.openNursery(n -> n.startSoon(() -> assertSame(token, Lowlevel.currentTrioToken())));
            return token;
        });
        TrioToken t2 = Trio.run(Lowlevel::currentTrioToken);
        assertNotSame(t1, t2);
        assertFalse(t1.equals(t2));
    }

    @Test
    void runSyncSoonBasic() throws Exception {
        List<Integer> record = new ArrayList<>();
        Trio.run(() -> {
            TrioToken token = Lowlevel.currentTrioToken();
            token.runSyncSoon(new Cb(record, 1));
            assertEquals(List.of(), record);
            waitAllTasksBlocked();
            assertEquals(List.of(1), record);
            assertThrows(NullPointerException.class, () -> token.runSyncSoon(null));
        });
    }

    @Test
    void runSyncSoonIsFifo() throws Exception {
        List<Integer> record = new ArrayList<>();
        Trio.run(() -> {
            TrioToken token = Lowlevel.currentTrioToken();
            for (int i = 0; i < 1000; i++) {
                token.runSyncSoon(new Cb(record, i));
            }
            waitAllTasksBlocked();
        });
        for (int i = 0; i < 1000; i++) {
            assertEquals(i, record.get(i));
        }
        assertEquals(1000, record.size());
    }

    @Test
    void runSyncSoonIdempotent() throws Exception {
        Trio.run(() -> {
            List<Integer> record = new ArrayList<>();
            TrioToken token = Lowlevel.currentTrioToken();
            token.runSyncSoon(new Cb(record, 1));
            token.runSyncSoon(new Cb(record, 1), true);
            token.runSyncSoon(new Cb(record, 1), true);
            token.runSyncSoon(new Cb(record, 1), true);
            token.runSyncSoon(new Cb(record, 2), true);
            token.runSyncSoon(new Cb(record, 2), true);
            waitAllTasksBlocked();
            assertEquals(3, record.size());
            List<Integer> sorted = new ArrayList<>(record);
            Collections.sort(sorted);
            assertEquals(List.of(1, 1, 2), sorted);

            // idempotent calls run FIFO among themselves
            List<Integer> ordered = new ArrayList<>();
            for (int round = 0; round < 3; round++) {
                for (int i = 0; i < 100; i++) {
                    token.runSyncSoon(new Cb(ordered, i), true);
                }
            }
            waitAllTasksBlocked();
            List<Integer> expected = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                expected.add(i);
            }
            assertEquals(expected, ordered);
        });
    }

    @Test
    void idempotentCallQueuedAgainOnceItStartedRunsAgain() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        Trio.run(() -> {
            TrioToken token = Lowlevel.currentTrioToken();
            Runnable[] redo = new Runnable[1];
            redo[0] = () -> {
                runs.incrementAndGet();
                try {
                    token.runSyncSoon(redo[0], true);
                } catch (RunFinishedError e) {
                    // the run is over
                }
            };
            token.runSyncSoon(redo[0], true);
            Trio.checkpoint();
            Trio.checkpoint();
            Trio.checkpoint();
        });
        assertTrue(runs.get() >= 2, "ran " + runs.get() + " times");
    }

    @Test
    void runSyncSoonAfterTheRunIsRefused() throws Exception {
        TrioToken token = Trio.run(Lowlevel::currentTrioToken);
        assertThrows(RunFinishedError.class, () -> token.runSyncSoon(() -> fail("ran")));
        assertThrows(RunFinishedError.class, () -> token.runSyncSoon(() -> fail("ran"), true));
    }

    @Test
    void runSyncSoonQueuedBeforeMainCrashesStillRuns() {
        List<String> record = new ArrayList<>();
        IllegalArgumentException error = new IllegalArgumentException("error text");
        assertSame(error, assertThrows(IllegalArgumentException.class, () -> Trio.run(() -> {
            Lowlevel.currentTrioToken().runSyncSoon(() -> record.add("sync-cb"));
            throw error;
        })));
        assertEquals(List.of("sync-cb"), record);
    }

    @Test
    void crashingCallbackFailsTheRunButLaterCallbacksRun() {
        List<String> record = new ArrayList<>();
        IllegalStateException nope = new IllegalStateException("nope");
        TrioInternalError e = assertThrows(TrioInternalError.class, () -> Trio.run(() -> {
            TrioToken token = Lowlevel.currentTrioToken();
            token.runSyncSoon(() -> {
                throw nope;
            });
            token.runSyncSoon(() -> record.add("2nd runSyncSoon ran"));
            try {
                Trio.sleepForever();
            } catch (Cancelled c) {
                record.add("cancelled!");
            }
        }));
        assertSame(nope, e.getCause());
        assertEquals(List.of("2nd runSyncSoon ran", "cancelled!"), record);
    }

    @Test
    void callbacksQueuedByCallbacksCannotStarveTasks() throws Exception {
        List<String> record = new ArrayList<>();
        TrioToken[] token = new TrioToken[1];
        Trio.run(() -> {
            token[0] = Lowlevel.currentTrioToken();
            AtomicInteger i = new AtomicInteger();
            Runnable[] naughty = new Runnable[1];
            naughty[0] = () -> {
                int now = i.getAndIncrement();
                try {
                    token[0].runSyncSoon(naughty[0]);
                } catch (RunFinishedError e) {
                    record.add("run finished " + (now >= 19));
                }
            };
            token[0].runSyncSoon(naughty[0]);
            record.add("starting");
            for (int k = 0; k < 20; k++) {
                Trio.checkpoint();
            }
        });
        assertEquals(List.of("starting", "run finished true"), record);
    }

    @Test
    void runSyncSoonFromAnotherThreadWakesASleepingLoop() throws Exception {
        Trio.run(() -> {
            TrioToken token = Lowlevel.currentTrioToken();
            CancelScope scope = new CancelScope();
            Thread thread = Thread.ofPlatform().start(() -> token.runSyncSoon(() -> scope.cancel("from thread")));
            // the loop has nothing to do but wait (no deadline): only the callback can end this sleep
            scope.run(Trio::sleepForever);
            assertTrue(scope.cancelledCaught());
            thread.join();
        });
    }

    @Test
    void threadedStress() throws Exception {
        int threads = 4;
        int perThread = 10_000;
        AtomicInteger ran = new AtomicInteger();
        List<Thread> started = new ArrayList<>();
        Trio.run(() -> {
            TrioToken token = Lowlevel.currentTrioToken();
            Task main = Lowlevel.currentTask();
            int[] count = {0};
            Runnable cb = () -> {
                ran.incrementAndGet();
                if (++count[0] == threads * perThread) {
                    Lowlevel.reschedule(main);
                }
            };
            for (int t = 0; t < threads; t++) {
                started.add(Thread.ofPlatform().start(() -> {
                    for (int k = 0; k < perThread; k++) {
                        token.runSyncSoon(cb);
                    }
                }));
            }
            Lowlevel.waitTaskRescheduled(r -> Abort.SUCCEEDED);
        });
        for (Thread t : started) {
            t.join();
        }
        assertEquals(threads * perThread, ran.get());
    }

    @Test
    void everyAcceptedCallRunsBeforeRunReturns() throws Exception {
        AtomicInteger accepted = new AtomicInteger();
        AtomicInteger ran = new AtomicInteger();
        AtomicReference<Thread> pump = new AtomicReference<>();
        Trio.run(() -> {
            TrioToken token = Lowlevel.currentTrioToken();
            Task main = Lowlevel.currentTask();
            AtomicInteger firstRuns = new AtomicInteger();
            pump.set(Thread.ofPlatform().start(() -> {
                try {
                    while (true) {
                        token.runSyncSoon(() -> {
                            ran.incrementAndGet();
                            if (firstRuns.incrementAndGet() == 100) {
                                Lowlevel.reschedule(main);
                            }
                        });
                        accepted.incrementAndGet();
                    }
                } catch (RunFinishedError e) {
                    // done
                }
            }));
            Lowlevel.waitTaskRescheduled(r -> Abort.SUCCEEDED);
        });
        pump.get().join();
        assertEquals(accepted.get(), ran.get());
        assertTrue(ran.get() >= 100);
    }

    // ---------------------------------------------------------------- statistics, context, misuse

    @Test
    void currentStatistics() throws Exception {
        MockClock clock = new MockClock();
        Trio.run(RunOptions.defaults().withClock(clock), () -> {
            waitAllTasksBlocked();
            RunStatistics stats = Lowlevel.currentStatistics();
            int base = stats.tasksLiving(); // the root task and us
            assertEquals(2, base, stats.toString());
            assertEquals(0, stats.runSyncSoonQueueSize());
            assertEquals(Double.POSITIVE_INFINITY, stats.secondsToNextDeadline());
            assertEquals(0, stats.ioWaiters());
            Trio.openNursery(n -> {
                n.startSoon(() -> {
                    try {
                        Trio.sleepForever();
                    } catch (Cancelled c) {
                        // finished
                    }
                });
                waitAllTasksBlocked();
                TrioToken token = Lowlevel.currentTrioToken();
                token.runSyncSoon(() -> {
                });
                token.runSyncSoon(() -> {
                }, true);
                RunStatistics s = Lowlevel.currentStatistics();
                assertEquals(base + 1, s.tasksLiving());
                assertEquals(0, s.tasksRunnable());
                assertEquals(2, s.runSyncSoonQueueSize());
                n.cancelScope().cancel();
                assertEquals(1, Lowlevel.currentStatistics().tasksRunnable());
            });
            Trio.checkpoint();
            Trio.checkpoint();
            assertEquals(0, Lowlevel.currentStatistics().runSyncSoonQueueSize());
            assertEquals(base, Lowlevel.currentStatistics().tasksLiving());
            CancelScope.withDeadline(Trio.currentTime() + 5).run(() ->
                    assertEquals(5.0, Lowlevel.currentStatistics().secondsToNextDeadline()));
            assertEquals(Double.POSITIVE_INFINITY, Lowlevel.currentStatistics().secondsToNextDeadline());
        });
    }

    @Test
    void inTrioRunAndInTrioTask() throws Exception {
        assertFalse(Lowlevel.inTrioRun());
        assertFalse(Lowlevel.inTrioTask());
        List<String> record = new ArrayList<>();
        Trio.run(() -> {
            record.add("main " + Lowlevel.inTrioRun() + "/" + Lowlevel.inTrioTask());
            Trio.openNursery(n -> n.startSoon(() ->
                    record.add("child " + Lowlevel.inTrioRun() + "/" + Lowlevel.inTrioTask())));
            Lowlevel.currentTrioToken().runSyncSoon(() -> record.add("callback " + Lowlevel.inTrioRun()));
            Thread thread = Thread.ofPlatform().start(() ->
                    record.add("thread " + Lowlevel.inTrioRun() + "/" + Lowlevel.inTrioTask()));
            thread.join();
            waitAllTasksBlocked();
        });
        assertEquals(List.of("main true/true", "child true/true", "thread false/false", "callback true"), record);
        assertFalse(Lowlevel.inTrioRun());
    }

    private static void assertOutsideRun(String operation, Executable call) {
        IllegalStateException e = assertThrows(IllegalStateException.class, call, operation);
        assertTrue(e.getMessage().startsWith(operation + " must be called from inside Trio.run"), e.getMessage());
    }

    private static void assertEveryCallNeedsARun() {
        assertOutsideRun("Trio.checkpoint", Trio::checkpoint);
        assertOutsideRun("Trio.currentTime", Trio::currentTime);
        assertOutsideRun("Trio.sleep", () -> Trio.sleep(1));
        assertOutsideRun("Trio.sleepUntil", () -> Trio.sleepUntil(1));
        assertOutsideRun("Trio.sleepForever", Trio::sleepForever);
        assertOutsideRun("Trio.currentEffectiveDeadline", Trio::currentEffectiveDeadline);
        assertOutsideRun("Trio.openNursery", () -> Trio.openNursery(n -> fail("ran")));
        assertOutsideRun("CancelScope.run", () -> Trio.moveOnAfter(1, () -> fail("ran")));
        assertOutsideRun("Lowlevel.currentTask", Lowlevel::currentTask);
        assertOutsideRun("Lowlevel.currentRootTask", Lowlevel::currentRootTask);
        assertOutsideRun("Lowlevel.currentClock", Lowlevel::currentClock);
        assertOutsideRun("Lowlevel.currentTrioToken", Lowlevel::currentTrioToken);
        assertOutsideRun("Lowlevel.currentStatistics", Lowlevel::currentStatistics);
        assertOutsideRun("Lowlevel.waitTaskRescheduled", () -> Lowlevel.waitTaskRescheduled(r -> Abort.SUCCEEDED));
        assertOutsideRun("Lowlevel.checkpointIfCancelled", Lowlevel::checkpointIfCancelled);
        assertOutsideRun("Lowlevel.cancelShieldedCheckpoint", Lowlevel::cancelShieldedCheckpoint);
        assertOutsideRun("Lowlevel.spawnSystemTask", () -> Lowlevel.spawnSystemTask("x", () -> fail("ran")));
        assertOutsideRun("Lowlevel.addInstrument", () -> Lowlevel.addInstrument(new Instrument() {
        }));
        assertOutsideRun("Lowlevel.removeInstrument", () -> Lowlevel.removeInstrument(new Instrument() {
        }));
        assertOutsideRun("Lowlevel.waitReadable", () -> {
            Pipe pipe = Pipe.open();
            try {
                Lowlevel.waitReadable(pipe.source());
            } finally {
                pipe.source().close();
                pipe.sink().close();
            }
        });
    }

    @Test
    void callsOutsideARunNameTheMistake() {
        assertEveryCallNeedsARun();
    }

    @Test
    void callsFromAForeignThreadInsideARunNameTheMistake() throws Exception {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Trio.run(() -> {
            Thread thread = Thread.ofPlatform().start(() -> {
                try {
                    assertEveryCallNeedsARun();
                } catch (Throwable t) {
                    failure.set(t);
                }
            });
            thread.join();
        });
        if (failure.get() != null) {
            throw new AssertionError(failure.get());
        }
    }

    @Test
    void taskOnlyCallsFromACallbackAreRefused() throws Exception {
        List<String> record = new ArrayList<>();
        Trio.run(() -> {
            Lowlevel.currentTrioToken().runSyncSoon(() -> {
                IllegalStateException e = assertThrows(IllegalStateException.class, Lowlevel::currentTask);
                record.add(e.getMessage());
                e = assertThrows(IllegalStateException.class, Trio::checkpoint);
                record.add(e.getMessage());
            });
            waitAllTasksBlocked();
        });
        assertEquals(List.of("Lowlevel.currentTask must be called from a Trio task",
                "Trio.checkpoint must be called from a Trio task, not from a TrioToken.runSyncSoon callback"), record);
    }
}
