package org.triojava.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.triojava.core.TestSupport.assertCheckpoints;
import static org.triojava.core.TestSupport.assertGroup;
import static org.triojava.core.TestSupport.single;
import static org.triojava.core.TestSupport.waitAllTasksBlocked;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.triojava.BrokenResourceError;
import org.triojava.CancelScope;
import org.triojava.Cancelled;
import org.triojava.ExceptionGroup;
import org.triojava.Nursery;
import org.triojava.StartFunction;
import org.triojava.Trio;
import org.triojava.lowlevel.Lowlevel;
import org.triojava.lowlevel.ParkingLot;
import org.triojava.lowlevel.ParkingLotStatistics;
import org.triojava.lowlevel.Task;

/** The FIFO wait queue under every primitive (rule SY1; Trio's test_parking_lot.py). */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ParkingLotTest {

    private static void waiter(Nursery n, int i, ParkingLot lot, List<String> record) {
        n.startSoon(() -> {
            record.add("sleep " + i);
            lot.park();
            record.add("wake " + i);
        });
    }

    private static void cancellableWaiter(Nursery n, int i, ParkingLot lot, Map<Integer, CancelScope> scopes,
                                          List<String> record) {
        CancelScope scope = new CancelScope();
        scopes.put(i, scope);
        n.startSoon(() -> scope.run(() -> {
            record.add("sleep " + i);
            try {
                lot.park();
                record.add("wake " + i);
            } catch (Cancelled c) {
                record.add("cancelled " + i);
            }
        }));
    }

    private static final StartFunction<Task> DUMMY = status -> {
        status.started(Lowlevel.currentTask());
        Trio.sleepForever();
    };

    @Test
    void basic() throws Exception {
        Trio.run(() -> {
            ParkingLot lot = new ParkingLot();
            List<String> record = new ArrayList<>();
            Trio.openNursery(n -> {
                assertEquals(0, lot.size());
                assertEquals(new ParkingLotStatistics(0), lot.statistics());
                for (int i = 0; i < 3; i++) {
                    waiter(n, i, lot, record);
                }
                waitAllTasksBlocked();
                assertEquals(3, record.size());
                assertEquals(3, lot.size());
                assertEquals(3, lot.statistics().tasksWaiting());
                List<Task> woken = lot.unparkAll();
                assertEquals(3, woken.size());
                assertEquals(0, lot.statistics().tasksWaiting());
                waitAllTasksBlocked();
                assertEquals(6, record.size());
            });
            assertEquals(List.of("sleep 0", "sleep 1", "sleep 2", "wake 0", "wake 1", "wake 2"), record);

            // one-by-one wakeups are strict FIFO
            List<String> fifo = new ArrayList<>();
            Trio.openNursery(n -> {
                for (int i = 0; i < 3; i++) {
                    waiter(n, i, lot, fifo);
                    waitAllTasksBlocked();
                }
                for (int i = 0; i < 3; i++) {
                    assertEquals(1, lot.unpark().size());
                    waitAllTasksBlocked();
                }
            });
            assertEquals(List.of("sleep 0", "sleep 1", "sleep 2", "wake 0", "wake 1", "wake 2"), fifo);

            // unparking an empty lot is a no-op
            assertEquals(List.of(), lot.unpark());
            assertEquals(List.of(), lot.unpark(1));
            assertEquals(List.of(), lot.unpark(100));
            assertEquals(List.of(), lot.unparkAll());

            // unpark with a count wakes the oldest, and returns them oldest first
            List<String> counted = new ArrayList<>();
            Trio.openNursery(n -> {
                List<Task> parked = new ArrayList<>();
                for (int i = 0; i < 3; i++) {
                    int index = i;
                    n.startSoon(() -> {
                        parked.add(Lowlevel.currentTask());
                        counted.add("sleep " + index);
                        lot.park();
                        counted.add("wake " + index);
                    });
                    waitAllTasksBlocked();
                }
                assertEquals(parked.subList(0, 2), lot.unpark(2));
                waitAllTasksBlocked();
                assertEquals(List.of("sleep 0", "sleep 1", "sleep 2", "wake 0", "wake 1"), counted);
                lot.unparkAll();
            });

            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> lot.unpark(-1));
            assertTrue(e.getMessage().contains("non-negative"), e.getMessage());
        });
    }

    @Test
    void parkIsACheckpoint() throws Exception {
        Trio.run(() -> Trio.openNursery(n -> {
            ParkingLot lot = new ParkingLot();
            n.startSoon(() -> {
                waitAllTasksBlocked();
                lot.unpark();
            });
            assertCheckpoints(lot::park);
        }));
    }

    @Test
    void parkInACancelledScopeLeavesNoResidue() throws Exception {
        Trio.run(() -> {
            ParkingLot lot = new ParkingLot();
            CancelScope scope = new CancelScope();
            scope.run(() -> {
                scope.cancel();
                assertThrows(Cancelled.class, lot::park);
                assertEquals(0, lot.size());
            });
        });
    }

    @Test
    void cancelledWaiterLeavesTheLot() throws Exception {
        List<String> record = new ArrayList<>();
        Map<Integer, CancelScope> scopes = new HashMap<>();
        Trio.run(() -> Trio.openNursery(n -> {
            ParkingLot lot = new ParkingLot();
            for (int i = 1; i <= 3; i++) {
                cancellableWaiter(n, i, lot, scopes, record);
                waitAllTasksBlocked();
            }
            assertEquals(3, record.size());
            scopes.get(2).cancel();
            waitAllTasksBlocked();
            assertEquals(4, record.size());
            assertEquals(2, lot.size());
            lot.unparkAll();
            waitAllTasksBlocked();
            assertEquals(6, record.size());
        }));
        assertEquals(List.of("sleep 1", "sleep 2", "sleep 3", "cancelled 2", "wake 1", "wake 3"), record);
    }

    @Test
    void repark() throws Exception {
        List<String> record = new ArrayList<>();
        Map<Integer, CancelScope> scopes = new HashMap<>();
        Trio.run(() -> {
            ParkingLot lot1 = new ParkingLot();
            ParkingLot lot2 = new ParkingLot();
            assertThrows(NullPointerException.class, () -> lot1.repark(null, 1));
            Trio.openNursery(n -> {
                for (int i = 1; i <= 3; i++) {
                    cancellableWaiter(n, i, lot1, scopes, record);
                    waitAllTasksBlocked();
                }
                assertEquals(3, lot1.size());
                lot1.repark(lot2, 1);
                assertEquals(2, lot1.size());
                assertEquals(1, lot2.size());
                lot2.unparkAll();
                waitAllTasksBlocked();
                assertEquals(List.of("sleep 1", "sleep 2", "sleep 3", "wake 1"), record);

                lot1.reparkAll(lot2);
                assertEquals(0, lot1.size());
                assertEquals(2, lot2.size());

                // a cancelled waiter leaves the lot it was moved to
                scopes.get(2).cancel();
                waitAllTasksBlocked();
                assertEquals(1, lot2.size());
                assertEquals(List.of("sleep 1", "sleep 2", "sleep 3", "wake 1", "cancelled 2"), record);

                lot2.unparkAll();
                waitAllTasksBlocked();
                assertEquals(List.of("sleep 1", "sleep 2", "sleep 3", "wake 1", "cancelled 2", "wake 3"), record);
            });
        });
    }

    @Test
    void reparkWithCountKeepsOrder() throws Exception {
        List<String> record = new ArrayList<>();
        Map<Integer, CancelScope> scopes = new HashMap<>();
        Trio.run(() -> {
            ParkingLot lot1 = new ParkingLot();
            ParkingLot lot2 = new ParkingLot();
            Trio.openNursery(n -> {
                for (int i = 1; i <= 3; i++) {
                    cancellableWaiter(n, i, lot1, scopes, record);
                    waitAllTasksBlocked();
                }
                lot1.repark(lot2, 2);
                assertEquals(1, lot1.size());
                assertEquals(2, lot2.size());
                while (lot2.size() > 0) {
                    lot2.unpark();
                    waitAllTasksBlocked();
                }
                assertEquals(List.of("sleep 1", "sleep 2", "sleep 3", "wake 1", "wake 2"), record);
                assertThrows(IllegalArgumentException.class, () -> lot1.repark(lot2, -1));
                lot1.unparkAll();
            });
        });
    }

    // ---------------------------------------------------------------- breaking (0.27)

    @Test
    void breakerBasic() throws Exception {
        Trio.run(() -> {
            ParkingLot lot = new ParkingLot();
            Task task = Lowlevel.currentTask();
            lot.breakLot();
            assertEquals(List.of(task), lot.brokenBy());
            lot.breakLot();
            assertEquals(List.of(task, task), lot.brokenBy());
            BrokenResourceError e = assertThrows(BrokenResourceError.class, lot::park);
            assertTrue(e.getMessage().contains(task.name()), e.getMessage());
            assertEquals(0, lot.size());
        });
    }

    @Test
    void breakerExitingBreaksParkedTasks() {
        Throwable thrown = assertThrows(ExceptionGroup.class, () -> Trio.run(() -> {
            ParkingLot lot = new ParkingLot();
            CancelScope cs = new CancelScope();
            Trio.openNursery(n -> {
                n.startSoon(() -> {
                    Lowlevel.addParkingLotBreaker(Lowlevel.currentTask(), lot);
                    cs.run(Trio::sleepForever);
                });
                waitAllTasksBlocked();
                n.startSoon(lot::park);
                waitAllTasksBlocked();
                cs.cancel();
            });
        }));
        Throwable broken = single(thrown);
        assertGroup(thrown, BrokenResourceError.class);
        assertTrue(broken.getMessage().startsWith("Attempted to park in parking lot broken by"), broken.getMessage());
    }

    @Test
    void breakerRegistration() throws Exception {
        Trio.run(() -> {
            ParkingLot lot = new ParkingLot();
            Task task = Lowlevel.currentTask();
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> Lowlevel.removeParkingLotBreaker(task, lot));
            assertEquals("Attempted to remove task as breaker for a lot it is not registered for", e.getMessage());
            // a task may be registered for the same lot several times
            Lowlevel.addParkingLotBreaker(task, lot);
            Lowlevel.addParkingLotBreaker(task, lot);
            Lowlevel.removeParkingLotBreaker(task, lot);
            Lowlevel.removeParkingLotBreaker(task, lot);
            assertThrows(IllegalStateException.class, () -> Lowlevel.removeParkingLotBreaker(task, lot));

            // registering a breaker on an already broken lot is fine
            lot.breakLot();
            Task[] child = new Task[1];
            Trio.openNursery(n -> {
                child[0] = n.start(DUMMY);
                Lowlevel.addParkingLotBreaker(child[0], lot);
                n.cancelScope().cancel();
            });
            assertEquals(List.of(task, child[0]), lot.brokenBy());

            // breaking a lot on behalf of an exited task is fine
            ParkingLot other = new ParkingLot();
            other.breakLot(child[0]);
            assertEquals(List.of(child[0]), other.brokenBy());
        });
    }

    @Test
    void rebreakWithAnotherTask() throws Exception {
        Trio.run(() -> {
            ParkingLot lot = new ParkingLot();
            Task task = Lowlevel.currentTask();
            lot.breakLot();
            Task[] child = new Task[1];
            Trio.openNursery(n -> {
                child[0] = n.start(DUMMY);
                lot.breakLot(child[0]);
                n.cancelScope().cancel();
            });
            assertEquals(List.of(task, child[0]), lot.brokenBy());
        });
    }

    @Test
    void multipleBreakersExit() throws Exception {
        Trio.run(() -> {
            ParkingLot lot = new ParkingLot();
            List<Task> children = new ArrayList<>();
            Trio.openNursery(n -> {
                for (int i = 0; i < 3; i++) {
                    Task child = n.start(DUMMY);
                    children.add(child);
                    Lowlevel.addParkingLotBreaker(child, lot);
                }
                n.cancelScope().cancel();
            });
            assertEquals(Set.copyOf(children), Set.copyOf(lot.brokenBy()));
            assertEquals(3, lot.brokenBy().size());
        });
    }

    @Test
    void registeringAnExitedTaskIsRefused() throws Exception {
        Trio.run(() -> {
            ParkingLot lot = new ParkingLot();
            Task[] child = new Task[1];
            Trio.openNursery(n -> {
                child[0] = n.start(DUMMY);
                n.cancelScope().cancel();
            });
            BrokenResourceError e = assertThrows(BrokenResourceError.class,
                    () -> Lowlevel.addParkingLotBreaker(child[0], lot));
            assertEquals("Attempted to add already exited task as lot breaker.", e.getMessage());
        });
    }

    @Test
    void breakingTheLotAParkedTaskIsIn() {
        Throwable thrown = assertThrows(ExceptionGroup.class, () -> Trio.run(() -> {
            ParkingLot lot = new ParkingLot();
            Trio.openNursery(n -> {
                Task child = n.start(status -> {
                    status.started(Lowlevel.currentTask());
                    lot.park();
                });
                lot.breakLot(child);
            });
        }));
        Throwable broken = single(thrown);
        assertTrue(broken instanceof BrokenResourceError && broken.getMessage().startsWith("Attempted to park in parking lot broken by"),
                String.valueOf(broken));
    }

    @Test
    void brokenLotIgnoresUnparkAndRepark() throws Exception {
        Trio.run(() -> Trio.openNursery(n -> {
            ParkingLot lot = new ParkingLot();
            ParkingLot other = new ParkingLot();
            List<Throwable> errors = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                n.startSoon(() -> {
                    try {
                        lot.park();
                    } catch (BrokenResourceError e) {
                        errors.add(e);
                    }
                });
            }
            waitAllTasksBlocked();
            lot.breakLot();
            assertEquals(0, lot.size());
            assertEquals(List.of(), lot.unpark());
            assertEquals(List.of(), lot.unparkAll());
            lot.reparkAll(other);
            assertEquals(0, other.size());
            waitAllTasksBlocked();
            assertEquals(2, errors.size());
            assertSame(Lowlevel.currentTask(), lot.brokenBy().get(0));
        }));
    }

    /** Waking from a thread outside the run is refused before any task leaves the lot (none is stranded). */
    @Test
    void unparkFromAForeignThreadTakesNoTaskOut() throws Exception {
        ParkingLot lot = new ParkingLot();
        List<String> log = new ArrayList<>();
        Trio.run(() -> Trio.openNursery(n -> {
            n.startSoon(() -> {
                lot.park();
                log.add("woken");
            });
            waitAllTasksBlocked();
            AtomicReference<Throwable> thrown = new AtomicReference<>();
            Thread foreign = new Thread(() -> {
                try {
                    lot.unpark();
                } catch (Throwable t) {
                    thrown.set(t);
                }
            }, "foreign");
            foreign.start();
            foreign.join();
            IllegalStateException e = assertInstanceOf(IllegalStateException.class, thrown.get());
            assertTrue(e.getMessage().startsWith("ParkingLot.unpark must be called from inside Trio.run"), e.getMessage());
            assertEquals(1, lot.size(), "the parked task is still in the lot");
            log.add("unparking in the run");
            assertEquals(1, lot.unpark().size());
        }));
        assertEquals(List.of("unparking in the run", "woken"), log);
    }
}
