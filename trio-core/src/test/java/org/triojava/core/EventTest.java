package org.triojava.core;

import static org.junit.jupiter.api.Assertions.*;
import static org.triojava.core.TestSupport.assertCheckpoints;
import static org.triojava.core.TestSupport.assertNoCheckpoints;
import static org.triojava.core.TestSupport.waitAllTasksBlocked;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.triojava.CancelScope;
import org.triojava.Cancelled;
import org.triojava.Trio;
import org.triojava.sync.Event;
import org.triojava.sync.EventStatistics;

/** SY2: {@link Event} (Trio's {@code test_Event} and the K3 shape of {@code Event.wait}). */
class EventTest {

    @Test
    void setIsStickyIdempotentAndNotACheckpoint() throws Exception {
        Trio.run(() -> {
            Event event = new Event();
            assertFalse(event.isSet());
            assertEquals(new EventStatistics(0), event.statistics());
            assertEquals("Event[unset, waiting=0]", event.toString());
            assertNoCheckpoints(event::set);
            assertTrue(event.isSet());
            assertNoCheckpoints(event::set);
            assertTrue(event.isSet());
            assertNoCheckpoints(event::isSet);
            assertEquals("Event[set, waiting=0]", event.toString());
        });
    }

    @Test
    void awaitOnASetEventIsStillACheckpoint() throws Exception {
        Trio.run(() -> {
            Event event = new Event();
            event.set();
            assertCheckpoints(event::await);
            assertCheckpoints(event::await);
        });
    }

    @Test
    void awaitOnASetEventInACancelledScopeRaisesCancelled() throws Exception {
        List<String> log = new ArrayList<>();
        Trio.run(() -> {
            Event event = new Event();
            event.set();
            CancelScope scope = new CancelScope();
            scope.run(() -> {
                scope.cancel();
                try {
                    event.await();
                    log.add("returned");
                } catch (Cancelled c) {
                    log.add("cancelled");
                    throw c;
                }
            });
            assertTrue(scope.cancelledCaught());
        });
        assertEquals(List.of("cancelled"), log);
    }

    @Test
    void setWakesEveryWaiterInTheOrderTheyStartedWaiting() throws Exception {
        List<String> log = new ArrayList<>();
        Trio.run(() -> {
            Event event = new Event();
            Trio.openNursery(n -> {
                for (int i = 0; i < 3; i++) {
                    int id = i;
                    n.startSoon(() -> {
                        log.add("sleeping " + id);
                        event.await();
                        log.add("woken " + id);
                    });
                }
                waitAllTasksBlocked();
                assertEquals(List.of("sleeping 0", "sleeping 1", "sleeping 2"), log);
                assertEquals(3, event.statistics().tasksWaiting());
                assertEquals("Event[unset, waiting=3]", event.toString());
                event.set();
                assertEquals(0, event.statistics().tasksWaiting(), "set empties the queue at once");
                log.add("set");
                event.set();
                waitAllTasksBlocked();
                log.add("all woken");
            });
        });
        assertEquals(List.of("sleeping 0", "sleeping 1", "sleeping 2", "set", "woken 0", "woken 1", "woken 2",
                "all woken"), log);
    }

    @Test
    void aCancelledWaiterLeavesTheQueueAndTheOthersStillWake() throws Exception {
        List<String> log = new ArrayList<>();
        Trio.run(() -> {
            Event event = new Event();
            CancelScope middle = new CancelScope();
            Trio.openNursery(n -> {
                n.startSoon(() -> { event.await(); log.add("a woken"); });
                n.startSoon(() -> {
                    middle.run(event::await);
                    log.add("b cancelled: " + middle.cancelledCaught());
                });
                n.startSoon(() -> { event.await(); log.add("c woken"); });
                waitAllTasksBlocked();
                assertEquals(3, event.statistics().tasksWaiting());
                middle.cancel();
                assertEquals(2, event.statistics().tasksWaiting(), "the abort removed the waiter at once");
                waitAllTasksBlocked();
                assertEquals(List.of("b cancelled: true"), log);
                event.set();
            });
        });
        assertEquals(List.of("b cancelled: true", "a woken", "c woken"), log);
    }

    @Test
    void aWaiterWokenBeforeItsScopeIsCancelledStillReturnsNormally() throws Exception {
        // K6: once set() rescheduled the waiter, a later cancel cannot take the wakeup back; the
        // cancellation is seen at the next checkpoint instead.
        List<String> log = new ArrayList<>();
        Trio.run(() -> {
            Event event = new Event();
            CancelScope scope = new CancelScope();
            Trio.openNursery(n -> {
                n.startSoon(() -> scope.run(() -> {
                    event.await();
                    log.add("await returned");
                    try {
                        Trio.checkpoint();
                    } catch (Cancelled c) {
                        log.add("next checkpoint cancelled");
                        throw c;
                    }
                }));
                waitAllTasksBlocked();
                event.set();
                scope.cancel();
            });
            assertTrue(scope.cancelledCaught());
        });
        assertEquals(List.of("await returned", "next checkpoint cancelled"), log);
    }

    @Test
    void waitersOfDifferentEventsAreIndependent() throws Exception {
        List<String> log = new ArrayList<>();
        Trio.run(() -> {
            Event first = new Event();
            Event second = new Event();
            Trio.openNursery(n -> {
                n.startSoon(() -> { first.await(); log.add("first"); });
                n.startSoon(() -> { second.await(); log.add("second"); });
                waitAllTasksBlocked();
                second.set();
                waitAllTasksBlocked();
                assertEquals(List.of("second"), log);
                assertEquals(1, first.statistics().tasksWaiting());
                first.set();
            });
        });
        assertEquals(List.of("second", "first"), log);
    }
}
