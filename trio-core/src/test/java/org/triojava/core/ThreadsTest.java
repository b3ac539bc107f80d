package org.triojava.core;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.triojava.CancelScope;
import org.triojava.Cancelled;
import org.triojava.ContextVar;
import org.triojava.RunOptions;
import org.triojava.Trio;
import org.triojava.lowlevel.Lowlevel;
import org.triojava.lowlevel.Task;
import org.triojava.lowlevel.TrioToken;
import org.triojava.sync.CapacityLimiter;
import org.triojava.testing.MockClock;
import org.triojava.testing.Testing;
import org.triojava.thread.FromThread;
import org.triojava.thread.ThreadOptions;
import org.triojava.thread.ToThread;

class ThreadsTest {
    private static final ContextVar<String> REQUEST = new ContextVar<>("request", "none");

    @Test
    void runSyncRunsInAWorkerThreadNamedAfterTheCallerAndReturnsItsValue() throws Exception {
        Trio.run(() -> {
            Thread trioThread = Thread.currentThread();
            String[] name = new String[1];
            int value = ToThread.runSync(() -> {
                assertNotSame(trioThread, Thread.currentThread());
                assertFalse(Thread.currentThread().isVirtual());
                name[0] = Thread.currentThread().getName();
                return 7;
            });
            assertEquals(7, value);
            assertEquals("org.triojava.core.ThreadsTest from org.triojava.core.ThreadsTest", name[0]);
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> ToThread.runSync(() -> { throw new IllegalStateException("from the thread"); }));
            assertEquals("from the thread", e.getMessage());
            assertEquals(0, Testing.activeThreadCount());
        });
    }

    @Test
    void aCancelledCallNeverStartsTheThread() throws Exception {
        Trio.run(() -> {
            boolean[] ran = {false};
            CancelScope scope = new CancelScope();
            scope.run(() -> {
                scope.cancel();
                ToThread.runSync(() -> ran[0] = true);
            });
            assertTrue(scope.cancelledCaught());
            assertFalse(ran[0]);
        });
    }

    @Test
    void cancellationWaitsForTheThreadUnlessAbandoned() throws Exception {
        List<String> log = new ArrayList<>();
        Trio.run(() -> {
            CountDownLatch release = new CountDownLatch(1);
            CancelScope scope = new CancelScope();
            scope.run(() -> Trio.openNursery(n -> {
                n.startSoon(() -> {
                    String result = ToThread.runSync(() -> {
                        release.await();
                        return "finished";
                    });
                    log.add("returned " + result);
                    try {
                        Trio.checkpoint();
                    } catch (Cancelled c) {
                        log.add("next checkpoint cancelled");
                        throw c;
                    }
                });
                Testing.waitAllTasksBlocked();
                scope.cancel();
                CancelScope shielded = new CancelScope();
                shielded.setShield(true);
                shielded.run(() -> ToThread.runSync(release::countDown));
            }));
            assertEquals(List.of("returned finished", "next checkpoint cancelled"), log);

            CountDownLatch hold = new CountDownLatch(1);
            CapacityLimiter limiter = new CapacityLimiter(1);
            CancelScope abandoning = Trio.moveOnAfter(0.01, () -> ToThread.runSync(
                    ThreadOptions.defaults().withAbandonOnCancel(true).withLimiter(limiter), () -> hold.await()));
            assertTrue(abandoning.cancelledCaught());
            assertEquals(1, limiter.borrowedTokens(), "an abandoned thread keeps its token until it finishes");
            hold.countDown();
            Testing.waitAllThreadsCompleted();
            assertEquals(0, limiter.borrowedTokens());
        });
    }

    @Test
    void fromThreadReentersTheHostTaskSoItsScopesApply() throws Exception {
        Trio.run(() -> {
            Task host = Lowlevel.currentTask();
            Task[] seen = new Task[1];
            ToThread.runSync(() -> FromThread.run(() -> seen[0] = Lowlevel.currentTask()));
            assertSame(host, seen[0]);

            List<String> log = new ArrayList<>();
            CancelScope outer = new CancelScope();
            outer.run(() -> ToThread.runSync(() -> {
                FromThread.runSync(() -> {
                    outer.cancel();
                    return null;
                });
                try {
                    FromThread.run(() -> {
                        Trio.checkpoint();
                        return null;
                    });
                } catch (Cancelled c) {
                    log.add("callback cancelled by the host's scope");
                }
                try {
                    FromThread.checkCancelled();
                } catch (Cancelled c) {
                    log.add("checkCancelled raised");
                }
                return null;
            }));
            assertEquals(List.of("callback cancelled by the host's scope", "checkCancelled raised"), log);
        });
    }

    @Test
    void fromThreadWithATokenFromAForeignThreadAndMisuseErrors() throws Exception {
        Trio.run(() -> {
            TrioToken token = Lowlevel.currentTrioToken();
            double[] time = new double[1];
            ToThread.runSync(() -> {
                Thread foreign = Thread.ofPlatform().start(() -> {
                    try {
                        time[0] = FromThread.runSync(token, Trio::currentTime);
                        assertEquals("done", FromThread.run(token, () -> {
                            Trio.checkpoint();
                            return "done";
                        }));
                    } catch (Exception e) {
                        throw new AssertionError(e);
                    }
                });
                foreign.join();
            });
            assertTrue(time[0] > 0);
            assertThrows(IllegalStateException.class, () -> FromThread.runSync(token, () -> 1));
            assertThrows(IllegalStateException.class, FromThread::checkCancelled);
        });
        assertThrows(IllegalStateException.class, () -> FromThread.run(() -> 1));
    }

    @Test
    void limiterSerializesThreadsAndWorkersSeeACopyOfTheCallersContext() throws Exception {
        List<String> log = new ArrayList<>();
        Trio.run(() -> {
            assertEquals(40.0, ToThread.currentDefaultThreadLimiter().totalTokens());
            CapacityLimiter one = new CapacityLimiter(1);
            REQUEST.set("r1");
            Trio.openNursery(n -> {
                for (String name : List.of("a", "b")) {
                    n.startSoon(() -> ToThread.runSync(ThreadOptions.defaults().withLimiter(one), () -> {
                        synchronized (log) {
                            log.add(name + " start " + REQUEST.get());
                            log.add(name + " end");
                        }
                        REQUEST.set("changed in thread");
                        return null;
                    }));
                }
            });
            assertEquals("r1", REQUEST.get(), "a worker's set does not leak back");
        });
        assertEquals(List.of("a start r1", "a end", "b start r1", "b end"), log);
    }

    @Test
    void autojumpWaitsWhileAWorkerThreadIsBusy() throws Exception {
        MockClock clock = new MockClock(0, 0);
        List<Double> seenByWorker = new ArrayList<>();
        double[] woke = new double[1];
        Trio.run(RunOptions.defaults().withClock(clock), () -> Trio.openNursery(n -> {
            n.startSoon(() -> {
                Trio.sleep(5);
                woke[0] = Trio.currentTime();
            });
            n.startSoon(() -> ToThread.runSync(() -> {
                for (int i = 0; i < 50; i++) {
                    seenByWorker.add(FromThread.runSync(Trio::currentTime));
                }
            }));
        }));
        assertEquals(50, seenByWorker.size());
        assertTrue(seenByWorker.stream().allMatch(t -> t == 0.0), "no autojump while the worker ran: " + seenByWorker);
        assertEquals(5.0, woke[0]);
    }
}
