package org.triojava.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.triojava.CancelScope;
import org.triojava.RunOptions;
import org.triojava.Trio;
import org.triojava.abc.Instrument;
import org.triojava.lowlevel.Lowlevel;
import org.triojava.lowlevel.Task;
import org.triojava.lowlevel.TrioToken;
import org.triojava.sync.Lock;
import org.triojava.testing.MockClock;
import org.triojava.thread.FromThread;
import org.triojava.thread.ToThread;

/** Calls from threads that are not the run's: they may read, they must not change the run's state. */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ForeignThreadCallsTest {
    @Test
    void cancelCalledAskedFromAWorkerThreadReportsAPassedDeadlineWithoutExpiringItThere() throws Exception {
        MockClock clock = new MockClock();
        Thread[] loop = new Thread[1];
        List<Thread> scheduledOn = Collections.synchronizedList(new ArrayList<>());
        Instrument instrument = new Instrument() {
            @Override
            public void beforeRun() {
                loop[0] = Thread.currentThread(); // the run's loop thread (not the caller's, when confined)
            }

            @Override
            public void taskScheduled(Task task) {
                scheduledOn.add(Thread.currentThread());
            }
        };
        boolean[] seen = new boolean[2];
        Trio.run(RunOptions.defaults().withClock(clock).withInstrument(instrument), () -> {
            CancelScope scope = CancelScope.withDeadline(Trio.currentTime() + 1);
            scope.run(() -> Trio.openNursery(nursery -> {
                nursery.startSoon(Trio::sleepForever); // woken by the deadline: scheduled by whoever expires it
                TestSupport.waitAllTasksBlocked();
                seen[0] = ToThread.runSync(() -> {
                    clock.jump(2);
                    return scope.cancelCalled();
                });
                seen[1] = scope.cancelCalled();
            }));
            assertTrue(scope.cancelledCaught());
        });
        assertTrue(seen[0], "the worker sees the passed deadline");
        assertTrue(seen[1]);
        // the run's own threads: its loop (this thread) and its tasks' virtual threads
        assertEquals(List.of(), scheduledOn.stream().filter(t -> t != loop[0] && !t.isVirtual()).toList(),
                "no task was rescheduled from the worker thread");
    }

    @Test
    void fromThreadRunSyncRefusesCheckpointsFromAWorkerAndFromAPlainThreadAlike() throws Exception {
        List<String> messages = Collections.synchronizedList(new ArrayList<>());
        Trio.run(() -> {
            TrioToken token = Lowlevel.currentTrioToken();
            // from a ToThread worker: the function runs in the waiting task, which it may look at
            String seen = ToThread.runSync(() -> FromThread.runSync(() -> {
                messages.add(assertThrows(IllegalStateException.class, Trio::checkpoint).getMessage());
                return Lowlevel.currentTask().name();
            }));
            assertTrue(seen.contains("ForeignThreadCallsTest"), seen);
            // from a thread of its own, with the run's token
            Thread plain = new Thread(() -> {
                try {
                    FromThread.runSync(token, () -> {
                        messages.add(assertThrows(IllegalStateException.class, () -> Trio.sleep(1)).getMessage());
                        return null;
                    });
                } catch (Exception e) {
                    messages.add("unexpected " + e);
                }
            });
            plain.start();
            ToThread.runSync(() -> {
                plain.join();
                return null;
            });
        });
        assertEquals(2, messages.size(), messages::toString);
        String rule = "FromThread.runSync runs its function synchronously in the run, as Trio's from_thread.run_sync"
                + " does, so the function must not checkpoint; use FromThread.run for code that does";
        assertEquals("Trio.checkpoint cannot be called here: " + rule, messages.get(0));
        assertEquals("Trio.sleepUntil cannot be called here: " + rule, messages.get(1));
    }

    @Test
    void anInstrumentHookThatCheckpointsIsRefusedAndTheWaitItInterruptsStaysIntact() throws Exception {
        List<String> refused = new ArrayList<>();
        Instrument meddler = new Instrument() {
            @Override
            public void afterTaskStep(Task task) {
                try {
                    Trio.checkpoint();
                } catch (IllegalStateException e) {
                    refused.add(e.getMessage());
                }
            }
        };
        Lock lock = new Lock();
        List<String> log = new ArrayList<>();
        Trio.run(RunOptions.defaults().withInstrument(meddler), () -> Trio.openNursery(nursery -> {
            for (String name : List.of("a", "b")) {
                nursery.startSoon(() -> lock.withLock(() -> {
                    log.add(name + " holds the lock");
                    Trio.checkpoint();
                    log.add(name + " releases it");
                    return null;
                }));
            }
        }));
        assertEquals(List.of("a holds the lock", "a releases it", "b holds the lock", "b releases it"), log);
        assertTrue(refused.size() > 0);
        assertEquals("Trio.checkpoint cannot be called here: an Instrument hook must not checkpoint (it runs in the"
                + " middle of the scheduler's own work)", refused.get(0));
    }
}
