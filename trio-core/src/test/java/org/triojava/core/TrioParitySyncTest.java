package org.triojava.core;

import static org.junit.jupiter.api.Assertions.*;
import static org.triojava.core.TestSupport.assertCheckpoints;
import static org.triojava.core.TestSupport.assertNoCheckpoints;
import static org.triojava.core.TestSupport.waitAllTasksBlocked;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.triojava.BrokenResourceError;
import org.triojava.CancelScope;
import org.triojava.ClosedResourceError;
import org.triojava.ContextVar;
import org.triojava.EndOfChannel;
import org.triojava.RunVar;
import org.triojava.RunVarToken;
import org.triojava.Trio;
import org.triojava.channel.MemoryChannel;
import org.triojava.channel.MemoryReceiveChannel;
import org.triojava.channel.MemorySendChannel;
import org.triojava.lowlevel.Lowlevel;
import org.triojava.sync.CapacityLimiter;
import org.triojava.sync.Condition;
import org.triojava.sync.ConditionStatistics;
import org.triojava.sync.Event;
import org.triojava.sync.Lock;
import org.triojava.sync.Semaphore;
import org.triojava.thread.FromThread;
import org.triojava.thread.ToThread;

/**
 * Parity audit of rules S, M and the task-local part of the port against Trio (and Python's
 * {@code contextvars}): behaviours the other sync/channel tests did not pin down.
 */
class TrioParitySyncTest {

    /** Runs {@code body} on a fresh platform thread that is not part of any run; returns what it threw. */
    private static Throwable onForeignThread(Runnable body) throws InterruptedException {
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread thread = new Thread(() -> {
            try {
                body.run();
            } catch (Throwable t) {
                thrown.set(t);
            }
        }, "foreign");
        thread.start();
        thread.join();
        return thrown.get();
    }

    private static void assertWrongThread(Throwable thrown, String operation) {
        IllegalStateException e = assertInstanceOf(IllegalStateException.class, thrown);
        assertTrue(e.getMessage().startsWith(operation + " must be called from inside Trio.run"), e.getMessage());
    }

    // ---- wrong thread: a call that would wake a task fails before it changes anything ----

    @Test
    void eventSetFromAForeignThreadWithWaitersFailsAndChangesNothing() throws Exception {
        List<String> log = new ArrayList<>();
        Trio.run(() -> {
            Event event = new Event();
            Trio.openNursery(n -> {
                n.startSoon(() -> {
                    event.await();
                    log.add("woken");
                });
                waitAllTasksBlocked();
                assertWrongThread(onForeignThread(event::set), "Event.set");
                assertFalse(event.isSet());
                assertEquals(1, event.statistics().tasksWaiting());
                log.add("setting in the run");
                event.set();
            });
        });
        assertEquals(List.of("setting in the run", "woken"), log);
        // without waiters, setting from anywhere is harmless (Trio does not check either)
        Event unwatched = new Event();
        assertNull(onForeignThread(unwatched::set));
        assertTrue(unwatched.isSet());
    }

    @Test
    void semaphoreAndLimiterReleasesFromAForeignThreadWithWaitersFailAndChangeNothing() throws Exception {
        List<String> log = new ArrayList<>();
        Trio.run(() -> {
            Semaphore semaphore = new Semaphore(0);
            CapacityLimiter limiter = new CapacityLimiter(1);
            limiter.acquireOnBehalfOf("holder");
            Trio.openNursery(n -> {
                n.startSoon(() -> {
                    semaphore.acquire();
                    log.add("semaphore acquired");
                });
                n.startSoon(() -> {
                    limiter.acquire();
                    log.add("token acquired");
                    limiter.release();
                });
                waitAllTasksBlocked();
                assertWrongThread(onForeignThread(semaphore::release), "Semaphore.release");
                assertEquals(0, semaphore.value());
                assertEquals(1, semaphore.statistics().tasksWaiting());
                assertWrongThread(onForeignThread(() -> limiter.releaseOnBehalfOf("holder")),
                        "CapacityLimiter.releaseOnBehalfOf");
                assertWrongThread(onForeignThread(() -> limiter.setTotalTokens(2)), "CapacityLimiter.setTotalTokens");
                assertEquals(List.of("holder"), limiter.statistics().borrowers());
                assertEquals(1.0, limiter.totalTokens());
                assertEquals(1, limiter.statistics().tasksWaiting());
                semaphore.release();
                limiter.releaseOnBehalfOf("holder");
            });
        });
        assertEquals(List.of("semaphore acquired", "token acquired"), log);
    }

    @Test
    void channelCallsFromAForeignThreadThatWouldWakeATaskFailAndChangeNothing() throws Exception {
        List<String> log = new ArrayList<>();
        Trio.run(() -> {
            MemoryChannel<String> channel = MemoryChannel.open(0);
            MemorySendChannel<String> send = channel.sendChannel();
            MemoryReceiveChannel<String> receive = channel.receiveChannel();
            Trio.openNursery(n -> {
                n.startSoon(() -> log.add("received " + receive.receive()));
                waitAllTasksBlocked();
                assertWrongThread(onForeignThread(() -> send.sendNowait("lost?")),
                        "MemorySendChannel.sendNowait (a receiver is waiting)");
                assertWrongThread(onForeignThread(send::close), "MemorySendChannel.close");
                assertFalse(send.isClosed());
                assertEquals(1, send.statistics().tasksWaitingReceive());
                send.sendNowait("in the run");
            });
            Trio.openNursery(n -> {
                n.startSoon(() -> {
                    send.send("blocked");
                    log.add("sent");
                });
                waitAllTasksBlocked();
                assertWrongThread(onForeignThread(receive::receiveNowait),
                        "MemoryReceiveChannel.receiveNowait (a sender is waiting)");
                assertWrongThread(onForeignThread(receive::close), "MemoryReceiveChannel.close");
                assertFalse(receive.isClosed());
                assertEquals(1, receive.statistics().tasksWaitingSend());
                log.add("received " + receive.receiveNowait());
            });
            // nobody waits: closing from elsewhere is allowed, as in Trio
            assertNull(onForeignThread(send::close));
            assertTrue(send.isClosed());
        });
        assertEquals(List.of("received in the run", "received blocked", "sent"), log);
    }

    // ---- Condition as a context manager (Trio's test_Condition, "async with c:") ----

    @Test
    void conditionWithLockHoldsTheLockAndExitingHandsItToTheFirstSignalledWaiter() throws Exception {
        List<String> finished = new ArrayList<>();
        Trio.run(() -> {
            Condition condition = new Condition();
            Trio.openNursery(n -> {
                for (int i = 0; i < 3; i++) {
                    int id = i;
                    n.startSoon(() -> {
                        condition.withLock(condition::await);
                        finished.add("waiter " + id);
                    });
                    waitAllTasksBlocked();
                }
                condition.withLock(() -> {
                    assertTrue(condition.locked());
                    condition.signal(2);
                    ConditionStatistics statistics = condition.statistics();
                    assertEquals(1, statistics.tasksWaiting());
                    assertEquals(2, statistics.lockStatistics().tasksWaiting());
                });
                assertTrue(condition.locked(), "leaving the block handed the lock to the first waiter");
                assertNotSame(Lowlevel.currentTask(), condition.lock().statistics().owner());
                waitAllTasksBlocked();
                assertEquals(List.of("waiter 0", "waiter 1"), finished);
                assertEquals("done", condition.withLock(() -> {
                    condition.signalAll();
                    return "done";
                }));
            });
            // a cancelled wait inside the block still holds the lock when the block releases it
            CancelScope scope = new CancelScope();
            scope.run(() -> condition.withLock(() -> {
                scope.cancel();
                try {
                    condition.await();
                } finally {
                    assertSame(Lowlevel.currentTask(), condition.lock().statistics().owner());
                }
            }));
            assertTrue(scope.cancelledCaught());
            assertFalse(condition.locked());
        });
        assertEquals(List.of("waiter 0", "waiter 1", "waiter 2"), finished);
    }

    // ---- K3 shape of the blocking operations: cancel point first, then the error, with no schedule point ----

    @Test
    void blockingOperationsThatFailCheckForCancellationFirstAndFailWithoutASchedulePoint() throws Exception {
        Trio.run(() -> {
            MemoryChannel<String> closedChannel = MemoryChannel.open(1);
            MemorySendChannel<String> closedSend = closedChannel.sendChannel();
            MemoryReceiveChannel<String> closedReceive = closedChannel.receiveChannel();
            closedSend.close();
            closedReceive.close();
            MemoryChannel<String> broken = MemoryChannel.open(1);
            broken.receiveChannel().close();
            MemoryChannel<String> ended = MemoryChannel.open(1);
            ended.sendChannel().close();
            Lock lock = new Lock();
            lock.acquire();
            CapacityLimiter limiter = new CapacityLimiter(1);
            limiter.acquire();

            List<Runnable> operations = List.of(
                    () -> closedSend.send("x"),
                    closedReceive::receive,
                    () -> broken.sendChannel().send("x"),
                    ended.receiveChannel()::receive,
                    lock::acquire,
                    limiter::acquire);
            List<Class<? extends Throwable>> errors = List.of(ClosedResourceError.class, ClosedResourceError.class,
                    BrokenResourceError.class, EndOfChannel.class, IllegalStateException.class,
                    IllegalStateException.class);
            for (int index = 0; index < operations.size(); index++) {
                int i = index;
                Runnable operation = operations.get(i);
                CancelScope scope = new CancelScope();
                scope.cancel();
                scope.run(operation::run);
                assertTrue(scope.cancelledCaught(), "operation " + i + ": Cancelled comes first");

                List<String> log = new ArrayList<>();
                Class<? extends Throwable> error = errors.get(i);
                Trio.openNursery(n -> {
                    n.startSoon(() -> log.add("other task ran"));
                    assertThrows(error, operation::run);
                    assertEquals(List.of(), log, "operation " + i + " failed without a schedule point");
                });
            }
            lock.release();
            limiter.release();
        });
    }

    @Test
    void settingAnEventFromAWorkerThreadInsteadOfThroughFromThreadIsAClearErrorThatChangesNothing() throws Exception {
        List<String> log = new ArrayList<>();
        Trio.run(() -> {
            Event event = new Event();
            Trio.openNursery(n -> {
                n.startSoon(() -> {
                    event.await();
                    log.add("woken");
                });
                waitAllTasksBlocked();
                Throwable direct = ToThread.runSync(() -> {
                    try {
                        event.set();
                        return null;
                    } catch (IllegalStateException e) {
                        return e;
                    }
                });
                assertWrongThread(direct, "Event.set");
                assertFalse(event.isSet());
                log.add("direct set refused");
                ToThread.runSync(() -> FromThread.runSync(() -> {
                    event.set();
                    return null;
                }));
            });
        });
        assertEquals(List.of("direct set refused", "woken"), log);
    }

    // ---- aclose: close, then a checkpoint ----

    @Test
    void closeIsTheOneWayToCloseNotACheckpointAndWorksInACancelledScope() throws Exception {
        List<String> log = new ArrayList<>();
        Trio.run(() -> {
            MemoryChannel<String> channel = MemoryChannel.open(1);
            MemorySendChannel<String> send = channel.sendChannel();
            MemoryReceiveChannel<String> receive = channel.receiveChannel();
            Trio.openNursery(n -> {
                n.startSoon(() -> {
                    try {
                        receive.receive();
                    } catch (EndOfChannel end) {
                        log.add("end of channel");
                    }
                });
                waitAllTasksBlocked();
                assertNoCheckpoints(send::close);
                assertTrue(send.isClosed());
            });
            MemoryReceiveChannel<String> clone = receive.clone();
            CancelScope scope = new CancelScope();
            scope.run(() -> {
                scope.cancel();
                clone.close();
                log.add("clone closed: " + clone.isClosed());
            });
            assertThrows(ClosedResourceError.class, clone::receiveNowait);
            assertNoCheckpoints(receive::close);
            assertNoCheckpoints(receive::close); // idempotent
            assertTrue(receive.isClosed());
        });
        assertEquals(List.of("end of channel", "clone closed: true"), log);
    }

    // ---- task-local storage: Python's contextvars token rules ----

    private static final ContextVar<String> NAME = new ContextVar<>("name", "default");

    @Test
    void contextVarResetChecksUsedThenVariableThenContextLikePython() throws Exception {
        Trio.run(() -> {
            ContextVar.Token<String> token = NAME.set("a");
            NAME.reset(token);
            assertEquals("default", NAME.get());
            // Python: RuntimeError "... has already been used once"
            assertEquals("token has already been used once",
                    assertThrows(IllegalStateException.class, () -> NAME.reset(token)).getMessage());
            ContextVar<String> other = new ContextVar<>("other");
            ContextVar.Token<String> foreign = other.set("x");
            @SuppressWarnings({"unchecked", "rawtypes"})
            ContextVar<String> nameRaw = (ContextVar) NAME;
            assertEquals("token was created by a different ContextVar",
                    assertThrows(IllegalArgumentException.class, () -> nameRaw.reset(foreign)).getMessage());
            other.reset(foreign);
            // used is checked before the variable
            assertThrows(IllegalStateException.class, () -> nameRaw.reset(foreign));
        });
    }

    @Test
    void aContextVarTokenFromAnotherTaskOrAWorkerThreadIsRefused() throws Exception {
        List<String> log = new ArrayList<>();
        Trio.run(() -> {
            ContextVar.Token<String> parents = NAME.set("parent");
            Trio.openNursery(n -> n.startSoon(() -> {
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NAME.reset(parents));
                log.add("child: " + e.getMessage());
                assertEquals("parent", NAME.get(), "the child's copy is unchanged");
                ContextVar.Token<String> childs = NAME.set("child");
                NAME.reset(childs);
                log.add("child after its own reset: " + NAME.get());
            }));
            ToThread.runSync(() -> {
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NAME.reset(parents));
                log.add("worker: " + e.getMessage());
                ContextVar.Token<String> workers = NAME.set("worker");
                NAME.reset(workers);
                log.add("worker after its own reset: " + NAME.get());
            });
            assertEquals("parent", NAME.get());
            NAME.reset(parents);
            log.add("parent after reset: " + NAME.get());
        });
        assertEquals(List.of(
                "child: token was created in a different Context",
                "child after its own reset: parent",
                "worker: token was created in a different Context",
                "worker after its own reset: parent",
                "parent after reset: default"), log);
    }

    @Test
    void runVarResetChecksUsedBeforeOwnershipLikeTrio() throws Exception {
        Trio.run(() -> {
            RunVar<String> mine = new RunVar<>("mine");
            RunVar<String> theirs = new RunVar<>("theirs");
            RunVarToken<String> token = theirs.set("x");
            theirs.reset(token);
            assertEquals("token has already been used",
                    assertThrows(IllegalArgumentException.class, () -> mine.reset(token)).getMessage());
        });
    }
}
