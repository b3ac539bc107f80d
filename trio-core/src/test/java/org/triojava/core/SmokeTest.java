package org.triojava.core;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.triojava.Trio;

class SmokeTest {
    @Test
    void runReturnsValue() throws Exception {
        assertEquals(42, Trio.run(() -> 42));
    }

    @Test
    void nurseryRunsChildren() throws Exception {
        List<String> log = new ArrayList<>();
        Trio.run(() -> {
            Trio.openNursery(n -> {
                n.startSoon(() -> { log.add("a1"); Trio.checkpoint(); log.add("a2"); });
                n.startSoon(() -> { log.add("b1"); Trio.checkpoint(); log.add("b2"); });
            });
            log.add("done");
        });
        assertEquals(List.of("a1", "b1", "a2", "b2", "done"), log);
    }

    @Test
    void sleepAndMoveOn() throws Exception {
        double elapsed = Trio.run(() -> {
            double t0 = Trio.currentTime();
            var scope = Trio.moveOnAfter(0.05, () -> Trio.sleep(10));
            assertTrue(scope.cancelledCaught());
            return Trio.currentTime() - t0;
        });
        assertTrue(elapsed >= 0.05 && elapsed < 1, "elapsed " + elapsed);
    }
}
