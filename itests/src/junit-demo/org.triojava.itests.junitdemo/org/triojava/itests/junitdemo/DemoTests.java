package org.triojava.itests.junitdemo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.triojava.Nursery;
import org.triojava.Trio;
import org.triojava.junit5.TrioTest;
import org.triojava.lowlevel.Lowlevel;
import org.triojava.lowlevel.TrioToken;
import org.triojava.sync.Event;
import org.triojava.testing.MockClock;
import org.triojava.thread.FromThread;
import org.triojava.thread.ToThread;

/** Two tests that pass and one that leaves a system task behind, which the extension must fail. */
class DemoTests {
    @TrioTest(autojumpThreshold = 0)
    void anHourPassesAtOnce(MockClock clock) throws Exception {
        assertSame(clock, Lowlevel.currentClock());
        Trio.sleep(3600);
        assertEquals(3600.0, Trio.currentTime());
    }

    @TrioTest
    void theNurseryAndTheToken(Nursery nursery, TrioToken token) throws Exception {
        Event set = new Event();
        nursery.startSoon(() -> ToThread.runSync(() -> FromThread.run(token, () -> {
            set.set();
            return null;
        })));
        set.await();
        nursery.startSoon(Trio::sleepForever);
    }

    @TrioTest
    void leavesASystemTaskBehind() {
        Lowlevel.spawnSystemTask("forgotten", Trio::sleepForever);
    }
}
