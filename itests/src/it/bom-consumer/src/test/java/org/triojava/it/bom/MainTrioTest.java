package org.triojava.it.bom;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.triojava.Trio;
import org.triojava.junit5.TrioTest;
import org.triojava.testing.MockClock;

/** The user's test with trio-junit5 from the BOM: the race runs on an autojumping mock clock. */
class MainTrioTest {
    @TrioTest(autojumpThreshold = 0)
    void theQuickTaskFinishesFirstAndTheSlowOneAfterExactly10Ms(MockClock clock) throws Exception {
        assertEquals(List.of("quick", "slow"), Main.race());
        assertEquals(0.01, Trio.currentTime());
    }
}
