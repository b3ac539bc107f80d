package org.triojava;

import static org.junit.jupiter.api.Assertions.*;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Argument checks that happen in trio-api before any backend is involved. */
class CancelScopeArgumentsTest {
    @Test
    void nanAndNegativeValuesAreRejectedWithClearMessages() {
        assertEquals("deadline must not be NaN",
                assertThrows(IllegalArgumentException.class, () -> CancelScope.withDeadline(Double.NaN)).getMessage());
        assertEquals("relative deadline must not be NaN", assertThrows(IllegalArgumentException.class,
                () -> CancelScope.withRelativeDeadline(Double.NaN)).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> CancelScope.withRelativeDeadline(-1))
                .getMessage().startsWith("timeout must be non-negative"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> CancelScope.withRelativeDeadline(Duration.ofSeconds(-1))).getMessage()
                .startsWith("timeout must be non-negative"));
        assertEquals("timeout must not be null", assertThrows(NullPointerException.class,
                () -> CancelScope.withRelativeDeadline((Duration) null)).getMessage());
    }

    @Test
    void trioCallsOutsideARunSayWhatWentWrong() {
        IllegalStateException e = assertThrows(IllegalStateException.class, Trio::checkpoint);
        assertTrue(e.getMessage().startsWith("Trio.checkpoint must be called from inside Trio.run"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> Trio.sleep(1));
        assertThrows(IllegalStateException.class, Trio::currentTime);
    }

    @Test
    void runWithoutABackendNamesTheArtifact() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Trio.run(() -> 1));
        assertTrue(e.getMessage().contains("add org.triojava:trio-core"), e.getMessage());
    }
}
