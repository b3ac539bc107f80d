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

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.triojava.BaseExceptionGroup;
import org.triojava.CancelReason;
import org.triojava.CancelScope;
import org.triojava.Cancelled;
import org.triojava.ExceptionGroup;
import org.triojava.Nursery;
import org.triojava.RunOptions;
import org.triojava.ThrowableGroup;
import org.triojava.Trio;
import org.triojava.lowlevel.Lowlevel;
import org.triojava.lowlevel.Task;
import org.triojava.testing.MockClock;

/** Nurseries: spawning, exit, errors, strictness, introspection (rules N1–N5, N7). */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class NurseryTest {

    static final class Boom extends Error {
        Boom() {
            super("boom");
        }
    }

    @Test
    void startSoonReturnsBeforeTheChildRuns() throws Exception {
        List<String> record = new ArrayList<>();
        Trio.run(() -> Trio.openNursery(n -> {
            assertNoCheckpoints(() -> n.startSoon(() -> record.add("child")));
            record.add("spawned");
            Trio.checkpoint();
            record.add("after checkpoint");
        }));
        assertEquals(List.of("spawned", "child", "after checkpoint"), record);
    }

    @Test
    void startSoonRejectsNull() throws Exception {
        Trio.run(() -> Trio.openNursery(n -> {
            assertThrows(NullPointerException.class, () -> n.startSoon(null));
            assertThrows(NullPointerException.class, () -> n.startSoon("name", null));
        }));
    }

    @Test
    void childrenSitDirectlyUnderTheNurseryScope() throws Exception {
        List<String> record = new ArrayList<>();
        Trio.run(() -> Trio.openNursery(n -> {
            CancelScope bodyScope = new CancelScope();
            bodyScope.run(() -> {
                n.startSoon(() -> {
                    Trio.checkpoint();
                    Trio.checkpoint();
                    record.add("child not cancelled");
                });
                bodyScope.cancel();
            });
            assertFalse(bodyScope.cancelledCaught());
        }));
        assertEquals(List.of("child not cancelled"), record);
    }

    @Test
    void exitWaitsForEveryChild() throws Exception {
        MockClock clock = TestSupport.autojumpClock();
        List<String> record = new ArrayList<>();
        Trio.run(RunOptions.defaults().withClock(clock), () -> {
            Trio.openNursery(n -> {
                for (int seconds : new int[] {2, 5, 1}) {
                    n.startSoon(() -> {
                        Trio.sleep(seconds);
                        record.add("slept " + seconds);
                    });
                }
            });
            record.add("exit at " + Trio.currentTime());
        });
        assertEquals(List.of("slept 1", "slept 2", "slept 5", "exit at 5.0"), record);
    }

    @Test
    void waitingInExitIsNotCancellable() throws Exception {
        List<String> record = new ArrayList<>();
        Trio.run(() -> {
            CancelScope outer = new CancelScope();
            outer.run(() -> {
                Throwable thrown = assertThrows(Throwable.class, () -> Trio.openNursery(n -> {
                    n.startSoon(() -> {
                        try {
                            Trio.sleepForever();
                        } catch (Cancelled c) {
                            record.add("child cancelled");
                            CancelScope shield = new CancelScope();
                            shield.setShield(true);
                            shield.run(() -> {
                                Trio.checkpoint();
                                Trio.checkpoint();
                            });
                            record.add("child cleaned up");
                            throw c;
                        }
                    });
                    n.startSoon(() -> {
                        Trio.checkpoint(); // the body has finished: the parent waits in the exit
                        outer.cancel();
                    });
                }));
                // only the child's Cancelled: none was injected into the waiting parent
                assertGroup(thrown, Cancelled.class);
                record.add("parent resumed");
                throw (BaseExceptionGroup) thrown;
            });
            assertTrue(outer.cancelledCaught());
        });
        assertEquals(List.of("child cancelled", "child cleaned up", "parent resumed"), record);
    }

    @Test
    void closedNurseryRefusesNewArrivals() throws Exception {
        Trio.run(() -> {
            Nursery[] saved = new Nursery[1];
            Trio.openNursery(n -> saved[0] = n);
            Nursery closed = saved[0];
            assertNoCheckpoints(() -> {
                IllegalStateException e = assertThrows(IllegalStateException.class,
                        () -> closed.startSoon(() -> fail("ran")));
                assertEquals("Nursery is closed to new arrivals", e.getMessage());
                e = assertThrows(IllegalStateException.class, () -> closed.start(status -> fail("ran")));
                assertEquals("Nursery is closed to new arrivals", e.getMessage());
            });
        });
    }

    @Test
    void childrenMaySpawnIntoTheNurseryWhileTheParentWaitsInExit() throws Exception {
        List<String> record = new ArrayList<>();
        Trio.run(() -> {
            Nursery[] saved = new Nursery[1];
            Trio.openNursery(n -> {
                saved[0] = n;
                n.startSoon(() -> {
                    Trio.checkpoint();
                    n.startSoon(() -> record.add("late child ran"));
                });
            });
            record.add("nursery exited");
            assertThrows(IllegalStateException.class, () -> saved[0].startSoon(() -> {
            }));
        });
        assertEquals(List.of("late child ran", "nursery exited"), record);
    }

    @Test
    void childErrorCancelsSiblingsAndBodyNamingTheChild() throws Exception {
        List<Cancelled> seen = new ArrayList<>();
        IllegalArgumentException crash = new IllegalArgumentException("bad");
        Task[] failing = new Task[1];
        Throwable thrown = assertThrows(ExceptionGroup.class, () -> Trio.run(() -> Trio.openNursery(n -> {
            n.startSoon(() -> {
                try {
                    Trio.sleepForever();
                } catch (Cancelled c) {
                    seen.add(c);
                    throw c;
                }
            });
            n.startSoon("failing", () -> {
                failing[0] = Lowlevel.currentTask();
                Trio.checkpoint();
                throw crash;
            });
            try {
                Trio.sleepForever();
            } catch (Cancelled c) {
                seen.add(c);
                throw c;
            }
        })));
        assertSame(crash, single(thrown));
        assertEquals(2, seen.size());
        for (Cancelled c : seen) {
            assertEquals(CancelReason.NURSERY, c.source());
            assertEquals("child task raised exception " + crash, c.reason());
            assertSame(failing[0], c.sourceTask());
            assertEquals("cancelled due to nursery with reason 'child task raised exception "
                    + "java.lang.IllegalArgumentException: bad' from task failing", c.getMessage());
        }
    }

    @Test
    void bodyErrorCancelsChildrenNamingTheParent() throws Exception {
        List<Cancelled> seen = new ArrayList<>();
        Task[] parent = new Task[1];
        NoSuchElementException error = new NoSuchElementException("body");
        Throwable thrown = assertThrows(ExceptionGroup.class, () -> Trio.run(() -> Trio.openNursery(n -> {
            parent[0] = Lowlevel.currentTask();
            n.startSoon(() -> {
                try {
                    Trio.sleepForever();
                } catch (Cancelled c) {
                    seen.add(c);
                    throw c;
                }
            });
            waitAllTasksBlocked();
            throw error;
        })));
        assertSame(error, single(thrown));
        assertEquals(1, seen.size());
        Cancelled c = seen.get(0);
        assertEquals(CancelReason.NURSERY, c.source());
        assertSame(parent[0], c.sourceTask());
        assertTrue(c.reason().startsWith("Code block inside nursery"), c.reason());
        assertTrue(c.reason().endsWith("raised exception " + error), c.reason());
    }

    @Test
    void errorsAreCollectedInArrivalOrder() {
        Throwable thrown = assertThrows(ExceptionGroup.class, () -> Trio.run(() -> Trio.openNursery(n -> {
            n.startSoon(() -> {
                CancelScope shield = new CancelScope();
                shield.setShield(true);
                shield.run(() -> {
                    Trio.checkpoint();
                    Trio.checkpoint();
                });
                throw new IllegalStateException("late");
            });
            n.startSoon(() -> {
                throw new IllegalArgumentException("early");
            });
            n.startSoon(() -> {
                CancelScope shield = new CancelScope();
                shield.setShield(true);
                shield.run(Trio::checkpoint);
                throw new NoSuchElementException("middle");
            });
        })));
        assertGroup(thrown, IllegalArgumentException.class, NoSuchElementException.class,
                IllegalStateException.class);
    }

    @Test
    void errorsThatAreNotExceptionsMakeABaseExceptionGroup() {
        Throwable thrown = assertThrows(BaseExceptionGroup.class, () -> Trio.run(() -> {
            try {
                Trio.openNursery(n -> {
                    n.startSoon(() -> {
                        throw new Boom();
                    });
                    n.startSoon(() -> {
                        throw new IllegalArgumentException();
                    });
                });
            } catch (Exception e) {
                fail("a group holding an Error must not be an Exception: " + e);
            }
        }));
        assertGroup(thrown, Boom.class, IllegalArgumentException.class);
        assertInstanceOf(Error.class, thrown);
    }

    @Test
    void bodyErrorWithSleepingChildren() {
        Throwable thrown = assertThrows(ExceptionGroup.class, () -> Trio.run(() -> Trio.openNursery(n -> {
            n.startSoon(Trio::sleepForever);
            n.startSoon(Trio::sleepForever);
            waitAllTasksBlocked();
            throw new IllegalArgumentException("body");
        })));
        // the children's Cancelled belong to the nursery's scope and are stripped
        assertGroup(thrown, IllegalArgumentException.class);
    }

    @ParameterizedTest(name = "inner strict = {0}")
    @ValueSource(strings = {"true", "false", "inherit"})
    void innerGroupCollapsesOnlyWhenLoose(String strictness) {
        // Trio's test_nursery_collapse
        Throwable thrown = assertThrows(ExceptionGroup.class, () -> Trio.run(() -> Trio.openNursery(outer -> {
            outer.startSoon(Trio::sleepForever);
            outer.startSoon(() -> {
                throw new IllegalStateException("outer");
            });
            org.triojava.NurseryBody innerBody = inner -> {
                inner.startSoon(Trio::sleepForever);
                inner.startSoon(() -> {
                    throw new IllegalStateException("inner");
                });
                outer.cancelScope().cancel();
            };
            if (strictness.equals("inherit")) {
                Trio.openNursery(innerBody);
            } else {
                Trio.openNursery(Boolean.parseBoolean(strictness), innerBody);
            }
        })));
        ThrowableGroup group = (ThrowableGroup) thrown;
        assertEquals(2, group.exceptions().size(), group.exceptions().toString());
        assertEquals("outer", group.exceptions().get(0).getMessage());
        Throwable innerPart = group.exceptions().get(1);
        if (strictness.equals("false")) {
            assertInstanceOf(IllegalStateException.class, innerPart);
            assertEquals("inner", innerPart.getMessage());
        } else {
            assertEquals("inner", single(innerPart).getMessage());
        }
    }

    @Test
    void looseGroupOfSeveralErrorsStaysAGroup() {
        Throwable thrown = assertThrows(ExceptionGroup.class, () -> Trio.run(
                RunOptions.defaults().withStrictExceptionGroups(false), () -> Trio.openNursery(n -> {
                    n.startSoon(() -> {
                        throw new IllegalStateException("a");
                    });
                    n.startSoon(() -> {
                        throw new IllegalStateException("b");
                    });
                })));
        assertGroup(thrown, IllegalStateException.class, IllegalStateException.class);
    }

    @Test
    void looseGroupCollapsesOnceCancelledIsStripped() {
        // one real error plus the Cancelled of a sibling: after the nursery's scope strips the Cancelled,
        // a loose group is down to one member and collapses to it
        IllegalStateException crash = new IllegalStateException("crash");
        Throwable thrown = assertThrows(IllegalStateException.class, () -> Trio.run(
                RunOptions.defaults().withStrictExceptionGroups(false), () -> {
                    CancelScope outer = new CancelScope();
                    outer.run(() -> Trio.openNursery(n -> {
                        n.startSoon(Trio::sleepForever);
                        waitAllTasksBlocked();
                        outer.cancel();
                        n.startSoon(() -> {
                            throw crash;
                        });
                    }));
                }));
        assertSame(crash, thrown);
    }

    // ---------------------------------------------------------------- introspection (N7)

    @Test
    void childNurseriesStack() throws Exception {
        Trio.run(() -> {
            Task task = Lowlevel.currentTask();
            assertEquals(List.of(), task.childNurseries());
            Trio.openNursery(n1 -> {
                assertEquals(List.of(n1), task.childNurseries());
                Throwable thrown = assertThrows(ExceptionGroup.class, () -> Trio.openNursery(n2 -> {
                    assertEquals(List.of(n1, n2), task.childNurseries());
                    throw new NoSuchElementException();
                }));
                assertGroup(thrown, NoSuchElementException.class);
                assertEquals(List.of(n1), task.childNurseries());
            });
            assertEquals(List.of(), task.childNurseries());
        });
    }

    @Test
    void childTasksAndParentTask() throws Exception {
        Trio.run(() -> {
            Task me = Lowlevel.currentTask();
            Nursery[] saved = new Nursery[1];
            Task[] children = new Task[2];
            Trio.openNursery(n -> {
                saved[0] = n;
                assertSame(me, n.parentTask());
                assertEquals(Set.of(), n.childTasks());
                for (int i = 0; i < 2; i++) {
                    int index = i;
                    n.startSoon("child" + i, () -> {
                        children[index] = Lowlevel.currentTask();
                        assertSame(n, children[index].parentNursery());
                        assertNull(children[index].eventualParentNursery());
                        Trio.sleepForever();
                    });
                }
                waitAllTasksBlocked();
                assertEquals(Set.of(children[0], children[1]), n.childTasks());
                assertThrows(UnsupportedOperationException.class, () -> n.childTasks().clear());
                n.cancelScope().cancel();
            });
            assertEquals(Set.of(), saved[0].childTasks());
            // upward links survive exit
            assertSame(me, saved[0].parentTask());
            assertSame(saved[0], children[0].parentNursery());
        });
    }

    @Test
    void taskTreeIntrospection() throws Exception {
        // Trio's test_task_tree_introspection
        Map<String, Task> tasks = new HashMap<>();
        Map<String, Nursery> nurseries = new HashMap<>();
        Trio.run(() -> Trio.openNursery(top -> top.startSoon(() -> {
            tasks.put("parent", Lowlevel.currentTask());
            assertEquals(List.of(), tasks.get("parent").childNurseries());
            Trio.openNursery(n1 -> Trio.openNursery(n2 ->
                    assertEquals(List.of(n1, n2), tasks.get("parent").childNurseries())));
            assertEquals(List.of(), tasks.get("parent").childNurseries());

            Trio.openNursery(nursery -> {
                nurseries.put("parent", nursery);
                nursery.start(status -> {
                    Task me = Lowlevel.currentTask();
                    tasks.put("child1", me);
                    assertSame(tasks.get("parent"), me.parentNursery().parentTask());
                    assertFalse(me.parentNursery() == nurseries.get("parent"));
                    assertSame(nurseries.get("parent"), me.eventualParentNursery());
                    status.started();
                    assertSame(nurseries.get("parent"), me.parentNursery());
                    assertNull(me.eventualParentNursery());
                    waitAllTasksBlocked();
                    Trio.openNursery(child1Nursery -> {
                        nurseries.put("child1", child1Nursery);
                        child1Nursery.startSoon(() -> {
                            tasks.put("child2", Lowlevel.currentTask());
                            assertEquals(List.of(nurseries.get("parent")), tasks.get("parent").childNurseries());
                            assertEquals(Set.of(tasks.get("child1")), nurseries.get("parent").childTasks());
                            assertEquals(List.of(nurseries.get("child1")), tasks.get("child1").childNurseries());
                            assertEquals(Set.of(tasks.get("child2")), nurseries.get("child1").childTasks());
                            assertEquals(List.of(), tasks.get("child2").childNurseries());
                        });
                    });
                });
            });
            assertSame(tasks.get("parent"), nurseries.get("parent").parentTask());
            assertSame(nurseries.get("parent"), tasks.get("child1").parentNursery());
            assertSame(tasks.get("child1"), nurseries.get("child1").parentTask());
            assertSame(nurseries.get("child1"), tasks.get("child2").parentNursery());
            // chaining upward ends at a null nursery
            Nursery nursery = Lowlevel.currentTask().parentNursery();
            while (nursery != null) {
                nursery = nursery.parentTask().parentNursery();
            }
        })));
        assertEquals(3, tasks.size());
        for (Task task : tasks.values()) {
            assertNull(task.eventualParentNursery());
        }
    }

    @Test
    void startSoonFromAnotherThreadIsRefused() throws Exception {
        Trio.run(() -> Trio.openNursery(n -> {
            AtomicReference<Throwable> seen = new AtomicReference<>();
            Thread thread = Thread.ofPlatform().start(() -> {
                try {
                    n.startSoon(() -> fail("ran"));
                } catch (Throwable t) {
                    seen.set(t);
                }
            });
            thread.join();
            assertInstanceOf(IllegalStateException.class, seen.get());
        }));
    }
}
