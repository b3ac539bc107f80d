package org.triojava.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.triojava.core.TestSupport.autojump;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.triojava.BrokenResourceError;
import org.triojava.CancelScope;
import org.triojava.Cancelled;
import org.triojava.Trio;
import org.triojava.TrioInternalError;
import org.triojava.lowlevel.Abort;
import org.triojava.lowlevel.Lowlevel;
import org.triojava.lowlevel.Outcome;
import org.triojava.lowlevel.ParkingLot;
import org.triojava.lowlevel.Task;

/**
 * How a parked task learns of its cancellation (Trio's {@code Task._attempt_abort} and friends):
 * at once when it parks inside a cancelled scope, when its scope is cancelled while it waits,
 * not at all when its abort function refuses, with {@code TrioInternalError} when the abort
 * function breaks the protocol; and a task that breaks a parking lot as it exits. Times are mock
 * times; a raw park that nothing may wake is rescued by a task that reschedules it late, so a
 * lost wake-up shows up as a wrong time, never as a hang.
 */
class TaskImplTest {
    private final List<String> log = new ArrayList<>();

    /** At mock time {@code t}, reschedules {@code task} with "rescued" if it is still parked. */
    private static void rescueAt(double t, TaskImpl task) throws Exception {
        Trio.sleepUntil(t);
        if (task.parked) {
            Lowlevel.reschedule(task, Outcome.value("rescued at " + t));
        }
    }

    @Test
    void aSleepInsideACancelledScopeEndsAtOnceAndOneCancelledLaterEndsThen() throws Exception {
        Trio.run(autojump(), () -> {
            CancelScope cancelled = new CancelScope();
            cancelled.cancel();
            cancelled.run(() -> Trio.sleep(10));
            log.add("first sleep ended at " + Trio.currentTime());
            Trio.openNursery(nursery -> {
                CancelScope scope = new CancelScope();
                nursery.startSoon(() -> {
                    scope.run(() -> Trio.sleep(10));
                    log.add("second sleep ended at " + Trio.currentTime());
                });
                Trio.sleep(2);
                scope.cancel();
            });
        });
        assertEquals(List.of("first sleep ended at 0.0", "second sleep ended at 2.0"), log);
    }

    @Test
    void anAbortFunctionThatRefusesKeepsTheTaskParkedUntilItIsRescheduled() throws Exception {
        Trio.run(autojump(), () -> Trio.openNursery(nursery -> {
            TaskImpl[] parked = new TaskImpl[1];
            CancelScope scope = new CancelScope();
            nursery.startSoon(() -> {
                parked[0] = TestSupport.me();
                scope.run(() -> {
                    Object woken = Lowlevel.waitTaskRescheduled(raiseCancel -> {
                        log.add("abort refused at " + Trio.currentTime());
                        return Abort.FAILED;
                    });
                    log.add("woken with " + woken + " at " + Trio.currentTime());
                });
            });
            Trio.sleep(1);
            scope.cancel();
            Trio.sleep(1);
            assertEquals(List.of("abort refused at 1.0"), log);
            rescueAt(3, parked[0]);
        }));
        assertEquals(List.of("abort refused at 1.0", "woken with rescued at 3.0 at 3.0"), log);
    }

    @Test
    void anAbortFunctionThatThrowsOrAnswersNullFailsTheRunAndWakesItsTask() {
        for (boolean throwing : new boolean[] {true, false}) {
            log.clear();
            TrioInternalError error = assertThrows(TrioInternalError.class, () -> Trio.run(autojump(), () ->
                    Trio.openNursery(nursery -> {
                        TaskImpl[] parked = new TaskImpl[1];
                        nursery.startSoon(() -> {
                            parked[0] = TestSupport.me();
                            try {
                                Lowlevel.waitTaskRescheduled(raiseCancel -> {
                                    if (throwing) {
                                        throw new IllegalStateException("abort broke");
                                    }
                                    return null;
                                });
                            } finally {
                                log.add("parked task unwound at " + Trio.currentTime());
                            }
                        });
                        Trio.sleep(1);
                        nursery.cancelScope().cancel();
                        CancelScope shield = new CancelScope();
                        shield.setShield(true);
                        shield.run(() -> rescueAt(5, parked[0]));
                    })));
            assertEquals(List.of("parked task unwound at 1.0"), log, throwing ? "throwing" : "null");
            assertEquals(throwing ? "abort function raised an exception"
                    : "abort function must return Abort.SUCCEEDED or Abort.FAILED, not null",
                    assertInstanceOf(TrioInternalError.class, error.getCause()).getMessage());
        }
    }

    @Test
    void aTaskRegisteredAsBreakerBreaksTheLotAsItExits() throws Exception {
        Trio.run(autojump(), () -> Trio.openNursery(nursery -> {
            ParkingLot lot = new ParkingLot();
            Task[] breaker = new Task[1];
            nursery.startSoon(() -> {
                breaker[0] = Lowlevel.currentTask();
                Lowlevel.addParkingLotBreaker(breaker[0], lot);
                Trio.sleep(1);
            });
            nursery.startSoon(() -> Trio.moveOnAfter(100, () -> {
                try {
                    lot.park();
                } catch (BrokenResourceError broken) {
                    log.add("lot broken at " + Trio.currentTime());
                }
            }));
            Trio.sleep(2);
            assertEquals(List.of("lot broken at 1.0"), log);
            assertEquals(List.of(breaker[0]), lot.brokenBy());
        }));
    }

    @Test
    void aCancelledWaitRaisesTheScopesReasonInTheWokenTask() throws Exception {
        Trio.run(autojump(), () -> {
            CancelScope scope = CancelScope.withRelativeDeadline(1);
            scope.run(() -> {
                Cancelled cancelled = assertThrows(Cancelled.class, () -> Trio.sleep(10));
                log.add(cancelled.getMessage() + " at " + Trio.currentTime());
                throw cancelled;
            });
        });
        assertEquals(1, log.size());
        assertEquals(true, log.get(0).endsWith(" at 1.0"), log.get(0));
    }
}
