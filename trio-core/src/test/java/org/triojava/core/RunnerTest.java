package org.triojava.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.triojava.core.TestSupport.autojump;

import java.nio.channels.Pipe;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.triojava.CancelScope;
import org.triojava.Cancelled;
import org.triojava.KeyboardInterrupt;
import org.triojava.RunOptions;
import org.triojava.SchedulingMode;
import org.triojava.Trio;
import org.triojava.TrioRunnable;
import org.triojava.abc.Instrument;
import org.triojava.lowlevel.Lowlevel;
import org.triojava.lowlevel.Outcome;
import org.triojava.lowlevel.ParkingLot;
import org.triojava.lowlevel.Task;
import org.triojava.spi.Kernel;
import org.triojava.testing.Testing;

/**
 * Edges of the scheduler that only exact checks catch: the run's own objects refused to other
 * threads, the runnable count across a batch, a sleep to a time already reached, system tasks
 * cancelled when the main task ends, Ctrl-C and interrupts reaching a sleeping main task at once,
 * idle waiters woken by cushion, and the thread unbound after a run. Times are mock times, every
 * wait is bounded.
 */
class RunnerTest {
    @Test
    void theKernelOfARunRefusesCallsFromOtherThreads() throws Exception {
        Map<String, TrioRunnable> calls = new LinkedHashMap<>();
        Map<String, String> refused = new LinkedHashMap<>();
        Pipe pipe = Pipe.open();
        try {
            Trio.run(autojump(), () -> {
                Kernel kernel = Kernel.current();
                Task main = Lowlevel.currentTask();
                ParkingLot lot = new ParkingLot();
                Instrument instrument = new Instrument() { };
                calls.put("RunVar", kernel::runLocals);
                calls.put("ToThread", () -> kernel.adjustWorkerThreads(1));
                calls.put("Testing.activeThreadCount", kernel::workerThreads);
                calls.put("Lowlevel.reschedule", () -> kernel.reschedule(main, Outcome.value(null)));
                calls.put("Lowlevel.spawnSystemTask", () -> kernel.spawnSystemTask("intruder", () -> { }));
                calls.put("Lowlevel.currentStatistics", kernel::statistics);
                calls.put("Lowlevel.addInstrument", () -> kernel.addInstrument(instrument));
                calls.put("Lowlevel.removeInstrument", () -> kernel.removeInstrument(instrument));
                calls.put("Lowlevel.addParkingLotBreaker", () -> kernel.addParkingLotBreaker(main, lot));
                calls.put("Lowlevel.removeParkingLotBreaker", () -> kernel.removeParkingLotBreaker(main, lot));
                calls.put("Lowlevel.notifyClosing", () -> kernel.notifyClosing(pipe.source()));
                Thread other = Thread.ofPlatform().start(() -> calls.forEach((operation, call) -> {
                    try {
                        call.run();
                        refused.put(operation, "allowed");
                    } catch (Throwable e) {
                        refused.put(operation, e.getMessage());
                    }
                }));
                other.join(); // blocks the run: the other thread finds it mid-step, as a stray thread would
            });
        } finally {
            pipe.source().close();
            pipe.sink().close();
        }
        assertEquals(calls.keySet(), refused.keySet());
        refused.forEach((operation, message) -> assertTrue(message.startsWith(operation
                + " must be called from inside the Trio run that owns this object"), operation + ": " + message));
    }

    @Test
    void runnableTasksCountTheRestOfTheBatchAndTheNextOne() throws Exception {
        List<Integer> runnable = new ArrayList<>();
        Trio.run(autojump(), () -> Trio.openNursery(nursery -> {
            nursery.startSoon(() -> {
                Trio.sleep(1); // registered first: runs first of the four woken in one batch
                nursery.startSoon(() -> { }); // runnable in the next batch
                runnable.add(Lowlevel.currentStatistics().tasksRunnable());
            });
            for (int i = 0; i < 3; i++) {
                nursery.startSoon(() -> Trio.sleep(1));
            }
        }));
        assertEquals(List.of(4), runnable, "three left in this batch, one in the next");
    }

    @Test
    void aSleepToATimeAlreadyReachedIsRescheduledAtOnceLikeACheckpoint() throws Exception {
        List<String> order = new ArrayList<>();
        Trio.run(autojump(), () -> Trio.openNursery(nursery -> {
            nursery.startSoon(() -> {
                Trio.sleep(1);
                Trio.sleepUntil(Trio.currentTime()); // woken now, ahead of tasks that yield after it
                order.add("sleeper");
            });
            nursery.startSoon(() -> {
                Trio.sleep(1);
                Trio.checkpoint();
                order.add("yielder");
            });
        }));
        assertEquals(List.of("sleeper", "yielder"), order);
    }

    @Test
    void sleepingUntilInfinityEndsOnlyByCancellation() throws Exception {
        Trio.run(autojump(), () -> {
            CancelScope scope = CancelScope.withRelativeDeadline(5);
            scope.run(() -> Trio.sleepUntil(Double.POSITIVE_INFINITY));
            assertTrue(scope.cancelledCaught());
            assertEquals(5.0, Trio.currentTime());
        });
    }

    @Test
    void systemTasksAreCancelledWhenTheMainTaskReturns() throws Exception {
        List<String> log = new ArrayList<>();
        Trio.run(autojump(), () -> {
            Lowlevel.spawnSystemTask("service", () -> {
                try {
                    Trio.sleep(100);
                    log.add("service slept to " + Trio.currentTime());
                } catch (Cancelled cancelled) {
                    log.add("service cancelled at " + Trio.currentTime());
                    throw cancelled;
                }
            });
            Trio.sleep(2);
        });
        assertEquals(List.of("service cancelled at 2.0"), log);
    }

    @Test
    void ctrlCFromAnotherTaskReachesTheSleepingMainTaskAtOnce() {
        List<String> log = new ArrayList<>();
        assertThrows(KeyboardInterrupt.class, () -> Trio.run(autojump(), () -> {
            Kernel kernel = Kernel.current();
            Lowlevel.spawnSystemTask("ctrl-c", () -> {
                Trio.sleep(1);
                kernel.deliverKeyboardInterrupt();
            });
            try {
                Trio.sleep(10);
            } finally {
                log.add("main unwound at " + Trio.currentTime());
            }
        }));
        assertEquals(List.of("main unwound at 1.0"), log);
    }

    @Test
    void checkpointIfCancelledRaisesAPendingCtrlCAndIsNoSchedulePointOtherwise() throws Exception {
        Trio.run(autojump(), () -> {
            long before = Kernel.current().schedulePoints();
            Lowlevel.checkpointIfCancelled();
            assertEquals(before, Kernel.current().schedulePoints(), "nothing pending: no schedule point");
            Kernel.current().deliverKeyboardInterrupt();
            assertThrows(KeyboardInterrupt.class, Lowlevel::checkpointIfCancelled);
            Lowlevel.checkpointIfCancelled(); // delivered once
        });
    }

    @Test
    void anInterruptOfTheRunCancelsASleepingMainTaskAtOnceAndOnlyOnce() {
        List<String> log = new ArrayList<>();
        InterruptedException e = assertThrows(InterruptedException.class, () -> Trio.run(autojump(), () -> {
            Runner runner = (Runner) Kernel.current();
            runner.interruptFromOutside(); // what the waiting caller does when its thread is interrupted
            runner.interruptFromOutside();
            try {
                Trio.sleep(1000);
            } finally {
                log.add("main unwound at " + Trio.currentTime());
            }
        }));
        assertEquals(List.of("main unwound at 0.0"), log);
        assertEquals(0, e.getSuppressed().length);
    }

    @Test
    void idleWaitersWakeByCushionTheEqualOnesTogetherInArrivalOrder() throws Exception {
        List<String> log = new ArrayList<>();
        Trio.run(autojump(), () -> Trio.openNursery(nursery -> {
            for (String name : new String[] {"long", "short a", "short b"}) {
                double cushion = name.startsWith("short") ? 0.01 : 0.02;
                nursery.startSoon(() -> {
                    Trio.moveOnAfter(100, () -> Testing.waitAllTasksBlocked(cushion));
                    log.add(name + " at " + Trio.currentTime());
                });
            }
        }));
        assertEquals(List.of("short a at 0.0", "short b at 0.0", "long at 0.0"), log);
    }

    @Test
    void aRunOnSharedCarriersLeavesTheCallersThreadUnbound() throws Exception {
        AtomicReference<Kernel> during = new AtomicReference<>();
        Trio.run(RunOptions.defaults().withScheduling(SchedulingMode.SHARED), () -> during.set(Kernel.current()));
        assertInstanceOf(Runner.class, during.get());
        assertNull(Kernel.current(), "the caller's thread ran the loop and was bound to the run meanwhile");
    }
}
