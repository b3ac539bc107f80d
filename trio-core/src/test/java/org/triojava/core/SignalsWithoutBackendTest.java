package org.triojava.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import org.junit.jupiter.api.Test;
import org.triojava.Trio;
import org.triojava.signals.Signals;

/**
 * trio-core's tests have no signal backend (trio-signals) on their path: runs work as always
 * (Ctrl-C stays the JVM's), and opening a signal receiver names the artifact to add.
 */
class SignalsWithoutBackendTest {
    @Test
    void runsWorkAndReceiversNameTheMissingArtifact() throws Exception {
        assertEquals(42, Trio.run(() -> {
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> Signals.openSignalReceiver("HUP"));
            assertTrue(e.getMessage().startsWith("No Trio signal backend found: add org.triojava:trio-signals to the"
                    + " runtime class path or module path"), e::getMessage);
            e = assertThrows(IllegalStateException.class, () -> Signals.catchSignals(Set.of("HUP")));
            assertTrue(e.getMessage().contains("org.triojava:trio-signals"), e::getMessage);
            return 42;
        }));
    }

    @Test
    void argumentsAreCheckedBeforeTheBackendIsLookedUp() throws Exception {
        Trio.run(() -> {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, Signals::openSignalReceiver);
            assertEquals("No signals were provided", e.getMessage());
        });
    }
}
