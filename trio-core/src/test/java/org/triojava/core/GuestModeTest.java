package org.triojava.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.triojava.Cancelled;
import org.triojava.RunFinishedError;
import org.triojava.RunOptions;
import org.triojava.SchedulingMode;
import org.triojava.Trio;
import org.triojava.TrioCallable;
import org.triojava.lowlevel.GuestOptions;
import org.triojava.lowlevel.GuestRun;
import org.triojava.lowlevel.Lowlevel;
import org.triojava.lowlevel.Outcome;
import org.triojava.testing.MockClock;
import org.triojava.thread.ToThread;

/**
 * Guest mode (Trio's {@code start_guest_run}, and the scenarios of its {@code test_guest_mode.py})
 * on a plain single-thread executor as the host. That the rest of the semantics are {@code Trio.run}'s
 * is checked by the guest-* surefire executions, which run a part of this suite with every run a
 * guest run ({@link GuestTestRuntime}).
 */
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // a lost tick would wait forever
class GuestModeTest {
    private final ExecutorService host = Executors.newSingleThreadExecutor(runnable -> new Thread(runnable, "host"));

    @AfterEach
    void stopHost() {
        host.shutdownNow();
    }

    /** Starts {@code main} from the host's thread; returns its outcome and the thread {@code done} ran on. */
    private Outcome[] guest(RunOptions options, TrioCallable<?> main, Thread[] doneOn) throws Exception {
        CompletableFuture<Outcome> done = new CompletableFuture<>();
        host.submit(() -> Lowlevel.startGuestRun(main, GuestOptions.of(host, outcome -> {
            doneOn[0] = Thread.currentThread();
            done.complete(outcome);
        }).withRun(options))).get();
        return new Outcome[] {done.get()};
    }

    private Object guestValue(RunOptions options, TrioCallable<?> main) throws Exception {
        return guest(options, main, new Thread[1])[0].unwrap();
    }

    @Test
    void theSuiteRunsInGuestModeWhenTheGuestRuntimeIsSelected() throws Exception {
        int before = GuestTestRuntime.RUNS.get();
        Trio.run(Trio::checkpoint);
        if ("guest".equals(System.getProperty("org.triojava.runtime"))) {
            assertEquals(before + 1, GuestTestRuntime.RUNS.get(), "Trio.run did not go through the guest runtime");
        } else {
            assertEquals(before, GuestTestRuntime.RUNS.get());
        }
    }

    @Test
    void startReturnsAtOnceAndDoneGetsTheValueOnTheHostThread() throws Exception {
        Thread[] doneOn = new Thread[1];
        CountDownLatch mayFinish = new CountDownLatch(1);
        CompletableFuture<Outcome> done = new CompletableFuture<>();
        GuestRun run = host.submit(() -> Lowlevel.startGuestRun(() -> {
            ToThread.runSync(() -> mayFinish.await()); // the run cannot end before start returned
            return 42;
        }, GuestOptions.of(host, outcome -> {
            doneOn[0] = Thread.currentThread();
            done.complete(outcome);
        }))).get();
        assertFalse(run.isDone());
        mayFinish.countDown();
        assertEquals(42, done.get().unwrap());
        assertEquals("host", doneOn[0].getName());
        assertTrue(run.isDone());
        assertThrows(RunFinishedError.class, () -> run.token().runSyncSoon(() -> { }));
    }

    @Test
    void anErrorOfMainIsTheOutcome() throws Exception {
        Outcome outcome = guest(RunOptions.defaults(), () -> {
            Trio.sleep(0.001);
            throw new java.io.IOException("boom");
        }, new Thread[1])[0];
        assertEquals("boom", assertInstanceOf(Outcome.Failure.class, outcome).error().getMessage());
    }

    @Test
    void confinedTasksRunOnTheHostThreadAndSharedOnesDoNot() throws Exception {
        for (SchedulingMode mode : List.of(SchedulingMode.CONFINED, SchedulingMode.SHARED)) {
            List<String> carriers = new ArrayList<>();
            guestValue(RunOptions.defaults().withScheduling(mode), () -> {
                Trio.openNursery(nursery -> {
                    for (int i = 0; i < 3; i++) {
                        nursery.startSoon(() -> {
                            Trio.sleep(0.001);
                            // a mounted virtual thread names its carrier: "VirtualThread[#n,name]/runnable@carrier"
                            String self = Thread.currentThread().toString();
                            carriers.add(self.substring(self.lastIndexOf('@') + 1));
                        });
                    }
                });
                assertEquals(mode, Lowlevel.currentSchedulingMode());
                return null;
            });
            if (mode == SchedulingMode.CONFINED) {
                assertEquals(List.of("host", "host", "host"), carriers);
            } else {
                assertFalse(carriers.contains("host"), carriers::toString);
            }
        }
    }

    @Test
    void hostCodeReachesTheRunThroughTheToken() throws Exception {
        CompletableFuture<GuestRun> started = new CompletableFuture<>();
        CompletableFuture<org.triojava.sync.Event> event = new CompletableFuture<>();
        CompletableFuture<Outcome> done = new CompletableFuture<>();
        List<String> log = Collections.synchronizedList(new ArrayList<>());
        host.execute(() -> started.complete(Lowlevel.startGuestRun(() -> {
            org.triojava.sync.Event poked = new org.triojava.sync.Event();
            event.complete(poked);
            poked.await();
            return "poked";
        }, GuestOptions.of(host, done::complete))));
        GuestRun run = started.get();
        org.triojava.sync.Event poked = event.get();
        host.execute(() -> run.token().runSyncSoon(() -> {
            log.add("in the run on " + Thread.currentThread().getName());
            poked.set();
        }));
        assertEquals("poked", done.get().unwrap());
        assertEquals(List.of("in the run on host"), log);
    }

    @Test
    void aTaskThatOnlyCheckpointsDoesNotStarveTheHost() throws Exception {
        // the host gets its thread back after every batch, so its own callback runs and stops the spinner
        AtomicInteger hostCallbacks = new AtomicInteger();
        Object spins = guestValue(RunOptions.defaults(), () -> {
            long count = 0;
            host.execute(hostCallbacks::incrementAndGet);
            while (hostCallbacks.get() == 0) {
                Trio.checkpoint();
                count++;
            }
            return count;
        });
        assertTrue((Long) spins >= 1);
    }

    @Test
    void aSlowHostOnlySlowsTheRunDown() throws Exception {
        java.util.concurrent.Executor slow = work -> host.execute(() -> {
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            work.run();
        });
        CompletableFuture<Outcome> done = new CompletableFuture<>();
        host.execute(() -> Lowlevel.startGuestRun(() -> {
            List<Integer> order = new ArrayList<>();
            Trio.openNursery(nursery -> {
                for (int i = 0; i < 5; i++) {
                    int n = i;
                    nursery.startSoon(() -> {
                        Trio.sleep(0.01 * (5 - n));
                        order.add(n);
                    });
                }
            });
            return order;
        }, GuestOptions.of(slow, done::complete)));
        assertEquals(List.of(4, 3, 2, 1, 0), done.get().unwrap());
    }

    @Test
    void theMockClockAutojumpsInGuestMode() throws Exception {
        Object now = guestValue(RunOptions.defaults().withClock(new MockClock(0, 0)), () -> {
            Trio.sleep(3600);
            return Trio.currentTime();
        });
        assertEquals(3600.0, now);
    }

    @Test
    void callbacksQueuedAsTheRunEndsRunOrAreRefused() throws Exception {
        List<String> ran = Collections.synchronizedList(new ArrayList<>());
        Outcome outcome = guest(RunOptions.defaults(), () -> {
            org.triojava.lowlevel.TrioToken token = Lowlevel.currentTrioToken();
            token.runSyncSoon(() -> ran.add("queued by main"));
            return token;
        }, new Thread[1])[0];
        org.triojava.lowlevel.TrioToken token = (org.triojava.lowlevel.TrioToken) outcome.unwrap();
        assertEquals(List.of("queued by main"), ran);
        assertThrows(RunFinishedError.class, () -> token.runSyncSoon(() -> ran.add("too late")));
    }

    @Test
    void aHostThatRefusesTheFirstCallbackMakesStartThrowAndNothingRuns() {
        host.shutdown();
        List<String> ran = new ArrayList<>();
        assertThrows(RejectedExecutionException.class, () -> Lowlevel.startGuestRun(() -> ran.add("main"),
                GuestOptions.of(host, outcome -> ran.add("done"))));
        assertEquals(List.of(), ran);
    }

    @Test
    void aHostThatShutsDownFirstEndsTheRunWithAClearError() throws Exception {
        CompletableFuture<Outcome> done = new CompletableFuture<>();
        CompletableFuture<GuestRun> started = new CompletableFuture<>();
        List<String> log = Collections.synchronizedList(new ArrayList<>());
        Thread[] doneOn = new Thread[1];
        CountDownLatch waitingForever = new CountDownLatch(1);
        org.triojava.abc.Instrument idle = new org.triojava.abc.Instrument() {
            @Override
            public void beforeIoWait(double timeout) {
                if (timeout > 3600) {
                    waitingForever.countDown(); // the run has nothing to do: its next need of the host is a wake-up away
                }
            }
        };
        host.execute(() -> started.complete(Lowlevel.startGuestRun(() -> {
            try {
                Trio.sleepForever();
            } catch (Cancelled expected) {
                log.add("main cancelled");
                throw expected;
            }
            return null;
        }, GuestOptions.of(host, outcome -> {
            doneOn[0] = Thread.currentThread();
            done.complete(outcome);
        }).withRun(RunOptions.defaults().withInstrument(idle)))));
        GuestRun run = started.get();
        waitingForever.await();
        host.shutdown();
        assertTrue(host.awaitTermination(10, TimeUnit.SECONDS));
        run.token().runSyncSoon(() -> log.add("wake-up")); // the run needs its host again: refused
        Outcome outcome = done.get();
        IllegalStateException gone = assertInstanceOf(IllegalStateException.class,
                assertInstanceOf(Outcome.Failure.class, outcome).error());
        assertTrue(gone.getMessage().contains("host has gone away"), gone::getMessage);
        assertInstanceOf(RejectedExecutionException.class, gone.getCause());
        assertEquals(List.of("wake-up", "main cancelled"), log);
        assertFalse(doneOn[0].getName().equals("host"));
        assertTrue(run.isDone());
        assertThrows(RunFinishedError.class, () -> run.token().runSyncSoon(() -> { }));
    }

    @Test
    void theHostChangingADeadlineWakesTheRun() throws Exception {
        // Trio's test_host_altering_deadlines_wakes_trio_up; host code reaches run state through the token
        CompletableFuture<GuestRun> started = new CompletableFuture<>();
        CompletableFuture<org.triojava.CancelScope> scopes = new CompletableFuture<>();
        CompletableFuture<org.triojava.CancelScope> second = new CompletableFuture<>();
        CompletableFuture<Outcome> done = new CompletableFuture<>();
        host.execute(() -> started.complete(Lowlevel.startGuestRun(() -> {
            org.triojava.CancelScope scope = new org.triojava.CancelScope();
            scopes.complete(scope);
            scope.run(Trio::sleepForever);
            org.triojava.CancelScope next = new org.triojava.CancelScope();
            second.complete(next);
            next.run(() -> Trio.sleep(999));
            return scope.cancelledCaught() && next.cancelledCaught();
        }, GuestOptions.of(host, done::complete))));
        GuestRun run = started.get();
        org.triojava.CancelScope scope = scopes.get();
        host.execute(() -> run.token().runSyncSoon(() -> scope.setDeadline(Double.NEGATIVE_INFINITY)));
        org.triojava.CancelScope next = second.get();
        host.execute(() -> run.token().runSyncSoon(() -> next.setDeadline(1e6))); // not the next deadline
        host.execute(() -> run.token().runSyncSoon(() -> next.setDeadline(Double.NEGATIVE_INFINITY)));
        assertEquals(true, done.get().unwrap());
    }

    @Test
    void aWakeUpFromTheHostDoesNotCountAsAllTasksBlocked() throws Exception {
        // Trio's test_host_wakeup_doesnt_trigger_wait_all_tasks_blocked: a callback that changes
        // nothing runnable ends the loop's wait, but waitAllTasksBlocked must not return for it
        Object result = guestValue(RunOptions.defaults(), () -> {
            org.triojava.lowlevel.TrioToken token = Lowlevel.currentTrioToken();
            org.triojava.CancelScope watb = new org.triojava.CancelScope();
            org.triojava.CancelScope sleeper = new org.triojava.CancelScope();
            Trio.openNursery(nursery -> {
                nursery.startSoon(() -> watb.run(() -> {
                    org.triojava.testing.Testing.waitAllTasksBlocked(9999);
                    throw new AssertionError("waitAllTasksBlocked must only end by cancellation");
                }));
                org.triojava.testing.Testing.waitAllTasksBlocked();
                nursery.startSoon(() -> {
                    Lowlevel.addInstrument(new org.triojava.abc.Instrument() {
                        private boolean primed;

                        @Override
                        public void beforeIoWait(double timeout) {
                            if (timeout == 9999 && !primed) {
                                primed = true;
                                host.execute(() -> token.runSyncSoon(() -> sleeper.setDeadline(1e9)));
                            }
                        }

                        @Override
                        public void afterIoWait(double timeout) {
                            if (primed) {
                                host.execute(() -> token.runSyncSoon(sleeper::cancel));
                                Lowlevel.removeInstrument(this);
                            }
                        }
                    });
                    sleeper.run(Trio::sleepForever);
                    watb.cancel();
                });
            });
            return watb.cancelledCaught() && sleeper.cancelledCaught();
        });
        assertEquals(true, result);
    }

    @Test
    void changingTheAutojumpThresholdFromTheHostWakesTheRun() throws Exception {
        // Trio's test_guest_mode_autojump_clock_threshold_changing (else: 120 s, over the timeout)
        MockClock clock = new MockClock();
        CompletableFuture<Outcome> done = new CompletableFuture<>();
        host.execute(() -> Lowlevel.startGuestRun(() -> {
            host.execute(() -> clock.setAutojumpThreshold(0)); // host code, between two ticks
            Trio.sleep(120);
            return Trio.currentTime();
        }, GuestOptions.of(host, done::complete).withRun(RunOptions.defaults().withClock(clock))));
        assertEquals(120.0, done.get().unwrap());
    }

    @Test
    void startGuestRunInsideARunIsRefused() throws Exception {
        Trio.run(() -> assertThrows(IllegalStateException.class,
                () -> Lowlevel.startGuestRun(() -> null, GuestOptions.of(host, outcome -> { }))));
    }

    @Test
    void aConfinedGuestOnAVirtualHostThreadFailsNamingTheFix() throws Exception {
        ExecutorService virtualHost = Executors.newSingleThreadExecutor(Thread.ofVirtual().factory());
        try {
            CompletableFuture<Outcome> done = new CompletableFuture<>();
            virtualHost.submit(() -> Lowlevel.startGuestRun(() -> null, GuestOptions.of(virtualHost, done::complete)
                    .withRun(RunOptions.defaults().withScheduling(SchedulingMode.CONFINED)))).get();
            Throwable error = assertInstanceOf(Outcome.Failure.class, done.get()).error();
            assertTrue(error.getMessage().contains("SchedulingMode.SHARED"), error::getMessage);
            // shared scheduling is fine on a virtual host thread
            CompletableFuture<Outcome> shared = new CompletableFuture<>();
            virtualHost.submit(() -> Lowlevel.startGuestRun(() -> 7, GuestOptions.of(virtualHost, shared::complete)
                    .withRun(RunOptions.defaults().withScheduling(SchedulingMode.SHARED)))).get();
            assertEquals(7, shared.get().unwrap());
        } finally {
            virtualHost.shutdownNow();
        }
    }

    @Test
    void badArgumentsAreRefused() {
        assertThrows(NullPointerException.class, () -> GuestOptions.of(null, outcome -> { }));
        assertThrows(NullPointerException.class, () -> GuestOptions.of(host, null));
        assertThrows(NullPointerException.class, () -> Lowlevel.startGuestRun(null, GuestOptions.of(host, o -> { })));
        assertThrows(NullPointerException.class, () -> Lowlevel.startGuestRun(() -> null, null));
        assertSame(host, GuestOptions.of(host, o -> { }).host());
    }
}
