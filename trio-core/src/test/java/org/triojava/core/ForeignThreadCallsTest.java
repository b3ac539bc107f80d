package org.triojava.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import org.triojava.lowlevel.Task;
import org.triojava.testing.MockClock;
import org.triojava.thread.ToThread;

/** Calls from threads that are not the run's: they may read, they must not change the run's state. */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ForeignThreadCallsTest {
    @Test
    void cancelCalledAskedFromAWorkerThreadReportsAPassedDeadlineWithoutExpiringItThere() throws Exception {
        MockClock clock = new MockClock();
        Thread loop = Thread.currentThread();
        List<Thread> scheduledOn = Collections.synchronizedList(new ArrayList<>());
        Instrument instrument = new Instrument() {
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
        assertEquals(List.of(), scheduledOn.stream().filter(t -> t != loop && !t.isVirtual()).toList(),
                "no task was rescheduled from the worker thread");
    }
}
