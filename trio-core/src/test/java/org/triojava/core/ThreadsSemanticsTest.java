package org.triojava.core;

import static org.junit.jupiter.api.Assertions.*;
import static org.triojava.core.TestSupport.assertCheckpoints;
import static org.triojava.core.TestSupport.waitAllTasksBlocked;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.triojava.CancelScope;
import org.triojava.Cancelled;
import org.triojava.ContextVar;
import org.triojava.RunFinishedError;
import org.triojava.Trio;
import org.triojava.TrioCallable;
import org.triojava.lowlevel.Abort;
import org.triojava.lowlevel.Lowlevel;
import org.triojava.lowlevel.Task;
import org.triojava.lowlevel.TrioToken;
import org.triojava.sync.CapacityLimiter;
import org.triojava.sync.Event;
import org.triojava.testing.Testing;
import org.triojava.thread.FromThread;
import org.triojava.thread.ThreadOptions;
import org.triojava.thread.ToThread;

/**
 * T1–T6: {@link ToThread}, {@link FromThread} and the thread helpers of {@link Testing} (Trio's
 * {@code test_threads.py}). Worker threads are real threads, so these tests synchronise with
 * them only through latches, queues, {@link FromThread} and the run's own waiting — never by
 * sleeping.
 */
class ThreadsSemanticsTest {
    private static final ContextVar<String> VAR = new ContextVar<>("trio_test_contextvar");
    private static final String MAIN = "org.triojava.core.ThreadsSemanticsTest";
    private static final String TRIO_THREAD = "Trio thread \\d+";

    /** A worker function with a class name of its own; returns the name its thread had while running it. */
    static final class NamedWork implements TrioCallable<String> {
        @Override
        public String call() {
            return Thread.currentThread().getName();
        }
    }

    /** Waits for a value another thread hands over; the guard only turns a hang into a failure. */
    private static <T> T await(CompletableFuture<T> future) throws Exception {
        return future.get(60, TimeUnit.SECONDS);
    }

    // ------------------------------------------------------------------ T1: running, naming

    @Test
    void theWorkerIsNamedAfterTheFunctionAndTheTaskAndGetsItsOwnNameBack() throws Exception {
        Trio.run(() -> {
            String[] seen = new String[1];
            Thread worker = ToThread.runSync(() -> {
                seen[0] = Thread.currentThread().getName();
                return Thread.currentThread();
            });
            assertEquals(MAIN + " from " + MAIN, seen[0], "a lambda is named after the class that wrote it");
            assertTrue(worker.getName().matches(TRIO_THREAD), worker.getName());

            Trio.openNursery(n -> n.startSoon("the host task", () -> {
                Thread t = ToThread.runSync(() -> {
                    seen[0] = Thread.currentThread().getName();
                    return Thread.currentThread();
                });
                assertTrue(t.getName().matches(TRIO_THREAD), t.getName());
            }));
            assertEquals(MAIN + " from the host task", seen[0]);

            assertEquals(NamedWork.class.getName() + " from " + MAIN, ToThread.runSync(new NamedWork()));
        });
    }

    @Test
    void aCustomThreadNameIsUsedAndRestoredAfterwards() throws Exception {
        Trio.run(() -> {
            for (String name : List.of("", "fobiedoo", "name_longer_than_15_characters", "\uD83D\uDC99")) {
                String[] seen = new String[1];
                Thread t = ToThread.runSync(ThreadOptions.defaults().withName(name), () -> {
                    seen[0] = Thread.currentThread().getName();
                    return Thread.currentThread();
                });
                assertEquals(name, seen[0]);
                assertTrue(t.getName().matches(TRIO_THREAD), t.getName());
            }
        });
        assertEquals("threadName must not be null",
                assertThrows(NullPointerException.class, () -> ThreadOptions.defaults().withName(null)).getMessage());
    }

    @Test
    void theWorkerIsADaemonPlatformThreadAndResultsAndErrorsComeBackAsTheyAre() throws Exception {
        Trio.run(() -> {
            Thread trioThread = Thread.currentThread();
            Thread worker = ToThread.runSync(Thread::currentThread);
            assertNotSame(trioThread, worker);
            assertFalse(worker.isVirtual());
            assertTrue(worker.isDaemon());

            IOException checked = new IOException("disk on fire");
            assertSame(checked, assertThrows(IOException.class, () -> ToThread.runSync(() -> {
                throw checked;
            })));
            StackOverflowError error = new StackOverflowError("deep");
            assertSame(error, assertThrows(StackOverflowError.class, () -> ToThread.runSync(() -> {
                throw error;
            })));
            assertNull(ToThread.runSync(() -> null));
            List<String> ran = new ArrayList<>();
            ToThread.runSync(() -> { ran.add("runnable"); });
            assertEquals(List.of("runnable"), ran);
            assertEquals(0, Testing.activeThreadCount());
            assertEquals(0, ToThread.currentDefaultThreadLimiter().borrowedTokens());
        });
    }

    @Test
    void runSyncIsACheckpoint() throws Exception {
        Trio.run(() -> {
            assertCheckpoints(() -> ToThread.runSync(() -> "quick"));
            CancelScope shield = new CancelScope();
            shield.setShield(true);
            shield.run(() -> assertCheckpoints(() -> ToThread.runSync(() -> "shielded")));
        });
    }

    @Test
    void misuseIsReportedClearly() throws Exception {
        IllegalStateException outside = assertThrows(IllegalStateException.class, () -> ToThread.runSync(() -> 1));
        assertTrue(outside.getMessage().startsWith("ToThread.runSync must be called from"), outside.getMessage());
        Trio.run(() -> {
            assertEquals("fn must not be null",
                    assertThrows(NullPointerException.class, () -> ToThread.runSync((TrioCallable<Object>) null))
                            .getMessage());
            assertEquals("options must not be null", assertThrows(NullPointerException.class,
                    () -> ToThread.runSync(null, () -> 1)).getMessage());
            assertEquals("limiter must not be null",
                    assertThrows(NullPointerException.class, () -> ThreadOptions.defaults().withLimiter(null)).getMessage());
        });
    }

    // ------------------------------------------------------------------ T1/T2: cancellation

    @Test
    void aPreCancelledCallNeverStartsTheThreadNorTakesAToken() throws Exception {
        Trio.run(() -> {
            boolean[] ran = {false};
            CapacityLimiter limiter = new CapacityLimiter(1);
            CancelScope scope = new CancelScope();
            scope.run(() -> {
                scope.cancel();
                ToThread.runSync(ThreadOptions.defaults().withLimiter(limiter), () -> ran[0] = true);
            });
            assertTrue(scope.cancelledCaught());
            assertFalse(ran[0]);
            assertEquals(0, limiter.borrowedTokens());
            assertEquals(0, Testing.activeThreadCount());
        });
    }

    @Test
    void aCallCancelledWhileWaitingForATokenNeverStartsTheThread() throws Exception {
        Trio.run(() -> {
            boolean[] ran = {false};
            CapacityLimiter none = new CapacityLimiter(0);
            CancelScope scope = new CancelScope();
            Trio.openNursery(n -> {
                n.startSoon(() -> scope.run(() -> ToThread.runSync(ThreadOptions.defaults().withLimiter(none),
                        () -> ran[0] = true)));
                waitAllTasksBlocked();
                assertEquals(1, none.statistics().tasksWaiting());
                assertEquals(0, Testing.activeThreadCount());
                scope.cancel();
            });
            assertTrue(scope.cancelledCaught());
            assertFalse(ran[0]);
            none.setTotalTokens(1);
            assertEquals(0, none.borrowedTokens(), "the cancelled call left no pending borrower");
        });
    }

    @Test
    void withoutAbandonACancelledCallWaitsForTheThreadAndReturnsItsResult() throws Exception {
        // Trio's test_run_in_worker_thread_cancellation, second half
        List<String> record = new ArrayList<>();
        Trio.run(() -> {
            CountDownLatch release = new CountDownLatch(1);
            CancelScope scope = new CancelScope();
            Trio.openNursery(n -> {
                n.startSoon(() -> scope.run(() -> {
                    record.add("start");
                    try {
                        record.add("returned " + ToThread.runSync(() -> {
                            release.await();
                            return "finished";
                        }));
                        Trio.checkpoint();
                    } finally {
                        record.add("exit");
                    }
                }));
                waitAllTasksBlocked();
                scope.cancel();
                CancelScope shield = new CancelScope();
                shield.setShield(true);
                shield.run(() -> {
                    for (int i = 0; i < 10; i++) {
                        Trio.checkpoint();
                    }
                });
                assertEquals(List.of("start"), record, "still running in its thread");
                assertEquals(1, Testing.activeThreadCount());
                release.countDown();
            });
            assertTrue(scope.cancelledCaught(), "the checkpoint after the call raised");
        });
        assertEquals(List.of("start", "returned finished", "exit"), record);
    }

    @Test
    void withAbandonTheCallRaisesAtOnceAndTheThreadKeepsItsTokenUntilItFinishes() throws Exception {
        List<String> log = Collections.synchronizedList(new ArrayList<>());
        Trio.run(() -> {
            CountDownLatch release = new CountDownLatch(1);
            CapacityLimiter limiter = new CapacityLimiter(1);
            Event threadStarted = new Event();
            ThreadOptions abandon = ThreadOptions.defaults().withAbandonOnCancel(true).withLimiter(limiter).withName("abandoned");
            CancelScope scope = new CancelScope();
            Trio.openNursery(n -> {
                n.startSoon(() -> {
                    scope.run(() -> ToThread.runSync(abandon, () -> {
                        FromThread.runSync(() -> {
                            threadStarted.set();
                            return null;
                        });
                        release.await();
                        log.add("thread finished");
                        throw new IllegalStateException("discarded");
                    }));
                    log.add("call returned: cancelled " + scope.cancelledCaught());
                });
                threadStarted.await();
                scope.cancel();
            });
            assertEquals(List.of("call returned: cancelled true"), log);
            assertEquals(1, limiter.borrowedTokens(), "the abandoned thread still holds its token");
            assertEquals("<ToThread borrower: abandoned>", String.valueOf(limiter.statistics().borrowers().get(0)));
            assertEquals(1, Testing.activeThreadCount());

            Trio.openNursery(n -> {
                n.startSoon(() -> {
                    ToThread.runSync(ThreadOptions.defaults().withLimiter(limiter), () -> log.add("next call ran"));
                });
                waitAllTasksBlocked();
                assertEquals(1, limiter.statistics().tasksWaiting(), "it waits for the abandoned thread's token");
                release.countDown();
            });
            Testing.waitAllThreadsCompleted();
            assertEquals(0, limiter.borrowedTokens());
            assertEquals(0, Testing.activeThreadCount());
        });
        assertEquals(List.of("call returned: cancelled true", "thread finished", "next call ran"), log);
    }

    static Stream<Arguments> limiterCases() {
        return Stream.of(Arguments.of(false, false), Arguments.of(false, true), Arguments.of(true, false),
                Arguments.of(true, true));
    }

    /**
     * Trio's test_run_in_worker_thread_limiter: with MAX tokens only MAX threads ever run, even
     * when the calls are cancelled and abandoned, and the default limiter limits too.
     */
    @ParameterizedTest(name = "abandon={0}, defaultLimiter={1}")
    @MethodSource("limiterCases")
    void onlyAsManyThreadsRunAsTheLimiterHasTokens(boolean cancel, boolean useDefault) throws Exception {
        final int max = 3;
        final int count = 2 * max;
        int[] state = new int[4]; // ran, running, highWater, parked
        Trio.run(() -> {
            CapacityLimiter limiter;
            ThreadOptions options = ThreadOptions.defaults().withAbandonOnCancel(cancel);
            if (useDefault) {
                limiter = ToThread.currentDefaultThreadLimiter();
                limiter.setTotalTokens(max);
            } else {
                limiter = new CapacityLimiter(max);
                options = options.withLimiter(limiter);
            }
            ThreadOptions opts = options;
            CountDownLatch gate = new CountDownLatch(1);
            TrioToken token = Lowlevel.currentTrioToken();
            Event allParked = new Event();
            List<Event> done = new ArrayList<>();
            Trio.openNursery(n -> {
                for (int i = 0; i < count; i++) {
                    Event event = new Event();
                    done.add(event);
                    n.startSoon(() -> {
                        CancelScope scope = new CancelScope();
                        scope.run(() -> ToThread.runSync(opts, () -> {
                            FromThread.runSync(token, () -> {
                                scope.cancel();
                                return null;
                            });
                            boolean full;
                            synchronized (state) {
                                state[0]++;
                                state[1]++;
                                state[2] = Math.max(state[2], state[1]);
                                state[3]++;
                                full = state[3] == max;
                            }
                            if (full) {
                                FromThread.runSync(token, () -> {
                                    allParked.set();
                                    return null;
                                });
                            }
                            gate.await();
                            synchronized (state) {
                                state[3]--;
                                state[1]--;
                            }
                            return null;
                        }));
                        assertEquals(cancel, scope.cancelledCaught());
                        event.set();
                    });
                    waitAllTasksBlocked();
                }
                if (cancel) {
                    done.get(0).await();
                    waitAllTasksBlocked();
                }
                allParked.await();
                waitAllTasksBlocked();
                synchronized (state) {
                    assertEquals(max, state[3]);
                }
                assertEquals(max, limiter.statistics().tasksWaiting());
                assertEquals(max, limiter.borrowedTokens());
                gate.countDown();
            });
            Testing.waitAllThreadsCompleted();
            assertEquals(0, limiter.borrowedTokens());
        });
        synchronized (state) {
            assertEquals(max, state[2], "high water");
            assertEquals(count, state[0], "ran");
            assertEquals(0, state[1], "running");
        }
    }

    @Test
    void ifGivingTheTokenBackFailsThatErrorWinsChainedToTheFunctionsError() throws Exception {
        // Trio's test_run_in_worker_thread_limiter_error. CapacityLimiter is final, so the failing
        // release is provoked by taking the worker's token away while it runs.
        String notHolding = "this borrower isn't holding any of this CapacityLimiter's tokens";
        Trio.run(() -> {
            for (boolean fnFails : new boolean[] {false, true}) {
                CapacityLimiter limiter = new CapacityLimiter(1);
                ThreadOptions options = ThreadOptions.defaults().withLimiter(limiter);
                CountDownLatch release = new CountDownLatch(1);
                IOException fnError = new IOException("fn");
                Throwable[] thrown = new Throwable[1];
                Trio.openNursery(n -> {
                    n.startSoon(() -> thrown[0] = assertThrows(IllegalStateException.class,
                            () -> ToThread.runSync(options, () -> {
                                release.await();
                                if (fnFails) {
                                    throw fnError;
                                }
                                return "value";
                            })));
                    waitAllTasksBlocked();
                    limiter.releaseOnBehalfOf(limiter.statistics().borrowers().get(0));
                    release.countDown();
                });
                assertEquals(notHolding, thrown[0].getMessage());
                if (fnFails) {
                    assertArrayEquals(new Throwable[] {fnError}, thrown[0].getSuppressed(), "chained to the fn's error");
                } else {
                    assertArrayEquals(new Throwable[0], thrown[0].getSuppressed());
                }
                assertEquals(0, Testing.activeThreadCount());
            }
        });
    }

    @Test
    void theDefaultLimiterHas40TokensIsPerRunAndLimits() throws Exception {
        List<String> log = Collections.synchronizedList(new ArrayList<>());
        Trio.run(() -> {
            CapacityLimiter limiter = ToThread.currentDefaultThreadLimiter();
            assertSame(limiter, ToThread.currentDefaultThreadLimiter());
            assertEquals(40.0, limiter.totalTokens());
            limiter.setTotalTokens(1);
            CountDownLatch first = new CountDownLatch(1);
            Trio.openNursery(n -> {
                n.startSoon(() -> ToThread.runSync(() -> {
                    log.add("a start");
                    first.await();
                    log.add("a end");
                }));
                n.startSoon(() -> ToThread.runSync(() -> log.add("b")));
                waitAllTasksBlocked();
                assertEquals(1, limiter.statistics().tasksWaiting());
                first.countDown();
            });
        });
        assertEquals(List.of("a start", "a end", "b"), log);
        Trio.run(() -> assertEquals(40.0, ToThread.currentDefaultThreadLimiter().totalTokens(), "a fresh run"));
    }

    // ------------------------------------------------------------------ T3: FromThread

    @Test
    void fromThreadReentersTheHostTaskWithTheSameToken() throws Exception {
        // Trio's test_from_thread_reuses_task and test_trio_from_thread_token
        List<String> record = new ArrayList<>();
        Trio.run(() -> {
            Task task = Lowlevel.currentTask();
            assertSame(task, ToThread.runSync(() -> FromThread.runSync(Lowlevel::currentTask)));
            assertSame(task, ToThread.runSync(() -> FromThread.run(() -> {
                Trio.checkpoint();
                return Lowlevel.currentTask();
            })));
            TrioToken token = Lowlevel.currentTrioToken();
            assertSame(token, ToThread.runSync(() -> FromThread.runSync(Lowlevel::currentTrioToken)));
            assertSame(token, ToThread.runSync(() -> FromThread.runSync(token, Lowlevel::currentTrioToken)));
            ToThread.runSync(() -> {
                record.add("in thread");
                FromThread.run(() -> {
                    Trio.currentTime();
                    record.add("back in trio");
                    return null;
                });
            });
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> ToThread.runSync(() -> FromThread.runSync(() -> {
                        throw new IllegalStateException("raised in the run");
                    })));
            assertEquals("raised in the run", e.getMessage());
        });
        assertEquals(List.of("in thread", "back in trio"), record);
    }

    @Test
    void toThreadFromThreadToThreadRecursion() throws Exception {
        // Trio's test_recursive_to_thread
        Trio.run(() -> {
            Thread[] outer = new Thread[1];
            Thread inner = ToThread.runSync(() -> {
                outer[0] = Thread.currentThread();
                return FromThread.run(() -> ToThread.runSync(Thread::currentThread));
            });
            assertNotSame(outer[0], inner);
        });
    }

    @Test
    void theWorkerSeesACopyOfTheCallersContextVars() throws Exception {
        // Trio's test_trio_to_thread_run_sync_contextvars
        Trio.run(() -> {
            VAR.set("main");
            assertEquals("main", ToThread.runSync(() -> VAR.get()));
            List<String> values = ToThread.runSync(() -> {
                String parent = VAR.get();
                VAR.set("worker");
                return List.of(parent, VAR.get());
            });
            assertEquals(List.of("main", "worker"), values);
            assertEquals("main", VAR.get(), "the worker's set does not propagate back");
        });
    }

    @Test
    void fromThreadRunSyncRunsWithACopyOfTheThreadsContext() throws Exception {
        // Trio's test_trio_from_thread_run_sync_contextvars
        Trio.run(() -> {
            VAR.set("main");
            List<String> values = ToThread.runSync(() -> {
                String threadParent = VAR.get();
                VAR.set("worker");
                String threadCurrent = VAR.get();
                List<String> back = FromThread.runSync(() -> {
                    String backParent = VAR.get();
                    VAR.set("back_in_main");
                    return List.of(backParent, VAR.get());
                });
                return List.of(threadParent, threadCurrent, VAR.get(), back.get(0), back.get(1));
            });
            assertEquals("main", VAR.get());
            assertEquals(List.of("main", "worker", "worker", "worker", "back_in_main"), values);
        });
    }

    @Test
    void fromThreadRunRunsWithACopyOfTheThreadsContext() throws Exception {
        // Trio's test_trio_from_thread_run_contextvars
        Trio.run(() -> {
            VAR.set("main");
            List<String> values = ToThread.runSync(() -> {
                String threadParent = VAR.get();
                VAR.set("worker");
                String threadCurrent = VAR.get();
                List<String> back = FromThread.run(() -> {
                    String backParent = VAR.get();
                    VAR.set("back_in_main");
                    Trio.checkpoint();
                    return List.of(backParent, VAR.get());
                });
                return List.of(threadParent, threadCurrent, VAR.get(), back.get(0), back.get(1));
            });
            assertEquals("main", VAR.get());
            assertEquals(List.of("main", "worker", "worker", "worker", "back_in_main"), values);
        });
    }

    @Test
    void fromThreadOutsideTheHostTaskAlsoRunsWithACopyOfTheThreadsContext() throws Exception {
        // With a token (or from an abandoning thread) the call runs as a loop callback or a system
        // task, still with a copy of the calling thread's context (Trio's RunSync/Run.context).
        Trio.run(() -> {
            VAR.set("main");
            TrioToken token = Lowlevel.currentTrioToken();
            TrioCallable<List<String>> probe = () -> {
                VAR.set("worker");
                String sync = FromThread.runSync(token, () -> {
                    String v = VAR.get();
                    VAR.set("changed by the callback");
                    return v;
                });
                String async = FromThread.run(token, () -> {
                    Trio.checkpoint();
                    String v = VAR.get();
                    VAR.set("changed by the system task");
                    return v;
                });
                return List.of(sync, async, VAR.get());
            };
            assertEquals(List.of("worker", "worker", "worker"), ToThread.runSync(probe));
            assertEquals(List.of("worker", "worker", "worker"),
                    ToThread.runSync(ThreadOptions.defaults().withAbandonOnCancel(true), probe));
            assertEquals("main", VAR.get());

            CompletableFuture<String> foreignSees = new CompletableFuture<>();
            ToThread.runSync(() -> Thread.ofPlatform().start(() -> {
                try {
                    foreignSees.complete(FromThread.runSync(token, () -> VAR.get("unset")) + ", "
                            + FromThread.run(token, () -> VAR.get("unset")));
                } catch (Exception e) {
                    foreignSees.completeExceptionally(e);
                }
            }).join());
            assertEquals("unset, unset", await(foreignSees), "a foreign thread has no context to copy");
            assertEquals("main", VAR.get());
        });
    }

    @Test
    void theHostsCancelScopesApplyToFromThreadCallsUnlessTheThreadIsAbandoned() throws Exception {
        // Trio's test_from_thread_host_cancelled
        Trio.run(() -> {
            LinkedBlockingQueue<Boolean> queue = new LinkedBlockingQueue<>();
            CancelScope[] scope = new CancelScope[1];
            TrioCallable<Object> syncCheck = () -> {
                FromThread.runSync(() -> {
                    scope[0].cancel();
                    return null;
                });
                try {
                    FromThread.runSync(() -> true);
                    queue.put(false);
                } catch (Cancelled c) {
                    queue.put(true); // sync functions don't raise Cancelled
                }
                return null;
            };
            scope[0] = new CancelScope();
            scope[0].run(() -> ToThread.runSync(syncCheck));
            assertFalse(scope[0].cancelledCaught());
            assertFalse(queue.take());

            scope[0] = new CancelScope();
            scope[0].run(() -> ToThread.runSync(ThreadOptions.defaults().withAbandonOnCancel(true), syncCheck));
            assertTrue(scope[0].cancelledCaught());
            assertFalse(ToThread.runSync(queue::take));

            TrioCallable<Object> asyncCheck = () -> {
                FromThread.runSync(() -> {
                    scope[0].cancel();
                    return null;
                });
                try {
                    assertTrue(FromThread.run(() -> true)); // no checkpoint: no Cancelled
                    queue.put(false);
                } catch (Cancelled c) {
                    queue.put(true);
                }
                return null;
            };
            scope[0] = new CancelScope();
            scope[0].run(() -> ToThread.runSync(asyncCheck));
            assertFalse(scope[0].cancelledCaught());
            assertFalse(queue.take());

            scope[0] = new CancelScope();
            scope[0].run(() -> ToThread.runSync(ThreadOptions.defaults().withAbandonOnCancel(true), asyncCheck));
            assertTrue(scope[0].cancelledCaught());
            assertFalse(ToThread.runSync(queue::take));

            // a checkpoint in the host task does see the host's cancelled scope
            scope[0] = new CancelScope();
            scope[0].run(() -> ToThread.runSync(() -> FromThread.run(() -> {
                scope[0].cancel();
                Trio.failAfter(10, Trio::sleepForever);
                return null;
            })));
            assertTrue(scope[0].cancelledCaught());
        });
    }

    @Test
    void anAbandonedThreadsFromThreadRunIsASystemTaskOutsideTheHostsScopes() throws Exception {
        List<String> log = Collections.synchronizedList(new ArrayList<>());
        Trio.run(() -> {
            Task main = Lowlevel.currentTask();
            CountDownLatch proceed = new CountDownLatch(1);
            Event finished = new Event();
            CancelScope scope = new CancelScope();
            scope.run(() -> ToThread.runSync(ThreadOptions.defaults().withAbandonOnCancel(true), () -> {
                FromThread.runSync(() -> {
                    scope.cancel(); // abandons the call: the host goes on, the thread keeps running
                    return null;
                });
                proceed.await();
                Task ran = FromThread.run(() -> {
                    Trio.checkpoint(); // the host's scope is cancelled, but this is not the host
                    return Lowlevel.currentTask();
                });
                log.add("system task: " + (ran != main));
                FromThread.runSync(() -> {
                    finished.set();
                    return null;
                });
                return null;
            }));
            log.add("host cancelled");
            proceed.countDown();
            finished.await();
        });
        assertEquals(List.of("host cancelled", "system task: true"), log);
    }

    @Test
    void fromThreadFromTheRunsOwnThreadIsAnError() throws Exception {
        // Trio's test_from_thread_inside_trio_thread
        Trio.run(() -> {
            TrioToken token = Lowlevel.currentTrioToken();
            String expected = "FromThread must not be called from the Trio run's own thread; call the function directly"
                    + " instead";
            boolean[] called = {false};
            assertEquals(expected, assertThrows(IllegalStateException.class,
                    () -> FromThread.runSync(token, () -> called[0] = true)).getMessage());
            assertEquals(expected, assertThrows(IllegalStateException.class,
                    () -> FromThread.run(token, () -> called[0] = true)).getMessage());
            assertEquals(expected, assertThrows(IllegalStateException.class,
                    () -> FromThread.runSync(() -> called[0] = true)).getMessage());
            Trio.openNursery(n -> n.startSoon(() -> assertThrows(IllegalStateException.class,
                    () -> FromThread.run(() -> called[0] = true))));
            assertFalse(called[0]);
        });
    }

    @Test
    void fromThreadWithoutATokenFromAForeignThreadIsAnError() throws Exception {
        // Trio's test_from_thread_no_token
        CompletableFuture<Throwable> seen = new CompletableFuture<>();
        Thread foreign = Thread.ofPlatform().start(() -> {
            try {
                FromThread.runSync(() -> 1);
                seen.complete(null);
            } catch (Throwable t) {
                seen.complete(t);
            }
        });
        foreign.join();
        IllegalStateException e = assertInstanceOf(IllegalStateException.class, await(seen));
        assertEquals("FromThread needs a TrioToken when called from a thread that is not a ToThread worker (get one"
                + " with Lowlevel.currentTrioToken())", e.getMessage());
        assertEquals("fn must not be null",
                assertThrows(NullPointerException.class, () -> FromThread.runSync(null)).getMessage());
    }

    @Test
    void aForeignThreadWithATokenRunsCodeInTheRunOutsideAnyTasksScopes() throws Exception {
        List<String> log = Collections.synchronizedList(new ArrayList<>());
        Trio.run(() -> {
            TrioToken token = Lowlevel.currentTrioToken();
            Task main = Lowlevel.currentTask();
            CancelScope scope = new CancelScope();
            scope.cancel();
            scope.run(() -> {
                Thread foreign = Thread.ofPlatform().unstarted(() -> {
                    try {
                        log.add("sync: " + FromThread.runSync(token, () -> "ran in the run"));
                        Task task = FromThread.run(token, () -> {
                            Trio.checkpoint();
                            return Lowlevel.currentTask();
                        });
                        log.add("async ran in a system task: " + (task != main));
                    } catch (Exception e) {
                        log.add("failed: " + e);
                    }
                });
                CancelScope shield = new CancelScope();
                shield.setShield(true);
                shield.run(() -> ToThread.runSync(() -> {
                    foreign.start();
                    foreign.join();
                }));
            });
        });
        assertEquals(List.of("sync: ran in the run", "async ran in a system task: true"), log);
    }

    @Test
    void aForeignThreadsCallStillRunningWhenTheMainTaskExitsIsCancelled() throws Exception {
        // Trio's test_await_in_trio_thread_while_main_exits
        List<String> record = Collections.synchronizedList(new ArrayList<>());
        Thread[] thread = new Thread[1];
        Trio.run(() -> {
            TrioToken token = Lowlevel.currentTrioToken();
            Event sleeping = new Event();
            thread[0] = Thread.ofPlatform().start(() -> {
                try {
                    FromThread.run(token, () -> {
                        record.add("sleeping");
                        sleeping.set();
                        return Lowlevel.waitTaskRescheduled(raiseCancel -> Abort.SUCCEEDED);
                    });
                } catch (Cancelled c) {
                    record.add("cancelled");
                } catch (Exception e) {
                    record.add("failed: " + e);
                }
            });
            sleeping.await();
            assertEquals(List.of("sleeping"), record);
        });
        thread[0].join();
        assertEquals(List.of("sleeping", "cancelled"), record);
    }

    @Test
    void afterTheRunEndsFromThreadRaisesRunFinishedError() throws Exception {
        // an abandoned worker outlives its run, then tries to call back into it
        CountDownLatch proceed = new CountDownLatch(1);
        CompletableFuture<List<String>> outcome = new CompletableFuture<>();
        TrioToken[] token = new TrioToken[1];
        Trio.run(() -> {
            token[0] = Lowlevel.currentTrioToken();
            Event started = new Event();
            CancelScope scope = new CancelScope();
            Trio.openNursery(n -> {
                n.startSoon(() -> scope.run(() -> ToThread.runSync(ThreadOptions.defaults().withAbandonOnCancel(true), () -> {
                    FromThread.runSync(() -> {
                        started.set();
                        return null;
                    });
                    proceed.await();
                    List<String> seen = new ArrayList<>();
                    for (TrioCallable<Object> call : List.<TrioCallable<Object>>of(
                            () -> FromThread.runSync(() -> "sync"),
                            () -> FromThread.run(() -> "async"),
                            () -> FromThread.runSync(token[0], () -> "sync with token"),
                            () -> FromThread.run(token[0], () -> "async with token"))) {
                        try {
                            seen.add("returned " + call.call());
                        } catch (RunFinishedError e) {
                            seen.add("RunFinishedError");
                        }
                    }
                    outcome.complete(seen);
                    return "discarded";
                })));
                started.await();
                scope.cancel();
            });
            assertEquals(1, Testing.activeThreadCount(), "the abandoned thread is still busy as the run ends");
        });
        proceed.countDown();
        assertEquals(List.of("RunFinishedError", "RunFinishedError", "RunFinishedError", "RunFinishedError"),
                await(outcome));
        RunFinishedError e = assertThrows(RunFinishedError.class, () -> token[0].runSyncSoon(() -> { }));
        assertEquals("the Trio run this token belongs to has finished", e.getMessage());
    }

    // ------------------------------------------------------------------ T4: checkCancelled

    @Test
    void checkCancelledWithoutAbandon() throws Exception {
        // Trio's test_from_thread_check_cancelled_no_abandon, both variants
        for (boolean cancelTheScope : new boolean[] {false, true}) {
            List<String> record = Collections.synchronizedList(new ArrayList<>());
            LinkedBlockingQueue<String> queue = new LinkedBlockingQueue<>();
            CountDownLatch ev = new CountDownLatch(1);
            CancelScope scope = new CancelScope();
            Trio.run(() -> {
                Trio.openNursery(n -> {
                    n.startSoon(() -> scope.run(() -> {
                        record.add("start");
                        try {
                            ToThread.runSync(() -> {
                                try {
                                    FromThread.checkCancelled();
                                    queue.put("Not Cancelled");
                                } catch (Cancelled c) {
                                    queue.put(c.getMessage());
                                }
                                ev.await();
                                FromThread.checkCancelled();
                                return null;
                            });
                        } catch (Cancelled e) {
                            record.add(e.getMessage());
                            throw e;
                        } finally {
                            record.add("exit");
                        }
                    }));
                    waitAllTasksBlocked();
                    assertEquals("start", record.get(0));
                    assertEquals("Not Cancelled", ToThread.runSync(queue::take));
                    if (cancelTheScope) {
                        scope.cancel();
                    }
                    ev.countDown();
                });
            });
            if (cancelTheScope) {
                assertTrue(scope.cancelledCaught());
                assertEquals(List.of("start", "cancelled due to explicit from task " + MAIN, "exit"), record);
            } else {
                assertEquals(List.of("start", "exit"), record);
            }
        }
    }

    @Test
    void checkCancelledInAnAbandonedThread() throws Exception {
        // Trio's test_from_thread_check_cancelled_abandon_on_cancel
        List<String> record = Collections.synchronizedList(new ArrayList<>());
        CompletableFuture<String> result = new CompletableFuture<>();
        CountDownLatch ev = new CountDownLatch(1);
        CancelScope scope = new CancelScope();
        Trio.run(() -> Trio.openNursery(n -> {
            n.startSoon(() -> scope.run(() -> {
                record.add("start");
                try {
                    ToThread.runSync(ThreadOptions.defaults().withAbandonOnCancel(true), () -> {
                        ev.await();
                        try {
                            FromThread.checkCancelled();
                            result.complete("Not Cancelled");
                        } catch (Cancelled c) {
                            result.complete(c.getMessage());
                        }
                        return null;
                    });
                } catch (Cancelled e) {
                    record.add(e.getMessage());
                    throw e;
                } finally {
                    record.add("exit");
                }
            }));
            waitAllTasksBlocked();
            assertEquals(List.of("start"), record);
            scope.cancel();
        }));
        ev.countDown(); // the run is over before the thread looks
        assertTrue(scope.cancelledCaught());
        assertEquals(List.of("start", "cancelled due to explicit from task " + MAIN, "exit"), record);
        assertEquals("cancelled due to explicit from task " + MAIN, await(result));
    }

    @Test
    void checkCancelledRemembersACancellationLaterHiddenByAShield() throws Exception {
        Trio.run(() -> {
            CountDownLatch ev = new CountDownLatch(1);
            CancelScope outer = new CancelScope();
            CancelScope inner = new CancelScope();
            String[] seen = new String[1];
            outer.run(() -> Trio.openNursery(n -> {
                n.startSoon(() -> inner.run(() -> ToThread.runSync(() -> {
                    ev.await();
                    try {
                        FromThread.checkCancelled();
                        seen[0] = "Not Cancelled";
                    } catch (Cancelled c) {
                        seen[0] = "Cancelled: " + c.getMessage();
                    }
                })));
                waitAllTasksBlocked();
                outer.cancel("outer");
                inner.setShield(true); // the host is no longer cancelled...
                ev.countDown();
                CancelScope shield = new CancelScope();
                shield.setShield(true);
                shield.run(Testing::waitAllThreadsCompleted);
            }));
            // ...but the cancellation delivered during the call is remembered
            assertEquals("Cancelled: cancelled due to explicit with reason 'outer' from task " + MAIN, seen[0]);
            assertFalse(inner.cancelledCaught());
        });
    }

    @Test
    void checkCancelledOutsideAWorkerIsAnError() throws Exception {
        // Trio's test_from_thread_check_cancelled_raises_in_foreign_threads
        String expected = "FromThread.checkCancelled must be called from a ToThread worker thread";
        assertEquals(expected, assertThrows(IllegalStateException.class, FromThread::checkCancelled).getMessage());
        CompletableFuture<Throwable> seen = new CompletableFuture<>();
        Thread.ofPlatform().start(() -> {
            try {
                FromThread.checkCancelled();
                seen.complete(null);
            } catch (Throwable t) {
                seen.complete(t);
            }
        }).join();
        assertEquals(expected, assertInstanceOf(IllegalStateException.class, await(seen)).getMessage());
        Trio.run(() -> assertEquals(expected,
                assertThrows(IllegalStateException.class, FromThread::checkCancelled).getMessage()));
    }

    // ------------------------------------------------------------------ T6: thread accounting

    @Test
    void waitAllThreadsCompletedAndActiveThreadCount() throws Exception {
        // Trio's test_wait_all_threads_completed
        Trio.run(() -> {
            Event e1 = new Event();
            Event e2 = new Event();
            Event e1Exited = new Event();
            Event e2Exited = new Event();
            boolean[] noThreadsLeft = {false};
            Trio.openNursery(n -> {
                for (Event[] pair : List.of(new Event[] {e1, e1Exited}, new Event[] {e2, e2Exited})) {
                    n.startSoon(() -> {
                        ToThread.runSync(() -> FromThread.run(() -> {
                            pair[0].await();
                            return null;
                        }));
                        pair[1].set();
                    });
                }
                waitAllTasksBlocked();
                n.startSoon(() -> {
                    Testing.waitAllThreadsCompleted();
                    noThreadsLeft[0] = true;
                });
                waitAllTasksBlocked();
                assertFalse(noThreadsLeft[0]);
                assertEquals(2, Testing.activeThreadCount());

                e1.set();
                e1Exited.await();
                waitAllTasksBlocked();
                assertFalse(noThreadsLeft[0]);
                assertEquals(1, Testing.activeThreadCount());

                e2.set();
                e2Exited.await();
                waitAllTasksBlocked();
                assertTrue(noThreadsLeft[0]);
                assertEquals(0, Testing.activeThreadCount());
            });
        });
    }

    @Test
    void waitAllThreadsCompletedWithNoThreadsIsJustACheckpoint() throws Exception {
        Trio.run(() -> {
            assertCheckpoints(Testing::waitAllThreadsCompleted);
            assertEquals(0, Testing.activeThreadCount());
            CancelScope scope = new CancelScope();
            scope.cancel();
            scope.run(Testing::waitAllThreadsCompleted);
            assertTrue(scope.cancelledCaught());
        });
        assertThrows(IllegalStateException.class, Testing::activeThreadCount);
    }

    @Test
    void waitAllThreadsCompletedIsCancellable() throws Exception {
        Trio.run(() -> {
            CountDownLatch release = new CountDownLatch(1);
            Trio.openNursery(n -> {
                n.startSoon(() -> ToThread.runSync(() -> release.await()));
                waitAllTasksBlocked();
                CancelScope scope = new CancelScope();
                n.startSoon(() -> {
                    waitAllTasksBlocked();
                    scope.cancel();
                });
                scope.run(Testing::waitAllThreadsCompleted);
                assertTrue(scope.cancelledCaught());
                assertEquals(1, Testing.activeThreadCount());
                release.countDown();
            });
            assertEquals(0, Testing.activeThreadCount());
        });
    }
}
