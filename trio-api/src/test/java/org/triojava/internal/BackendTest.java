package org.triojava.internal;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.triojava.spi.Provider;

class BackendTest {
    interface FakeSpi extends Provider {
    }

    record Fake(String name, int priority) implements FakeSpi {
    }

    private final Backend<FakeSpi> backend =
            new Backend<>(FakeSpi.class, "fake backend", "org.triojava.fake", "org.triojava:trio-fake");

    @Test
    void highestPriorityWins() {
        Fake low = new Fake("low", 1);
        Fake high = new Fake("high", 5);
        assertSame(high, backend.select(List.of(low, high), null));
        assertSame(high, backend.select(List.of(high, low), ""));
    }

    @Test
    void equalPrioritiesAreBrokenByNameSoTheChoiceIsStable() {
        Fake b = new Fake("b", 0);
        Fake a = new Fake("a", 0);
        assertSame(a, backend.select(List.of(b, a), null));
        assertSame(a, backend.select(List.of(a, b), null));
    }

    @Test
    void aNameSelectsEvenALowerPriority() {
        Fake low = new Fake("low", 1);
        Fake high = new Fake("high", 5);
        assertSame(low, backend.select(List.of(high, low), "low"));
    }

    @Test
    void anUnknownNameListsWhatIsAvailable() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> backend.select(List.of(new Fake("core", 0)), "sim"));
        assertTrue(e.getMessage().contains("'sim'"), e.getMessage());
        assertTrue(e.getMessage().contains("org.triojava.fake"), e.getMessage());
        assertTrue(e.getMessage().contains("core (priority 0)"), e.getMessage());
    }

    @Test
    void noProviderNamesTheArtifactToAdd() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> backend.select(List.of(), null));
        assertTrue(e.getMessage().startsWith("No fake backend found: add org.triojava:trio-fake"), e.getMessage());
    }

    @Test
    void serviceLoaderLookupWithoutProvidersFailsClearly() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Backend.RUNTIME.find(null));
        assertTrue(e.getMessage().contains("org.triojava:trio-core"), e.getMessage());
    }

    @Test
    void theSignalBackendIsOptionalButNamedWhenRequired() {
        assertNull(Backend.SIGNALS.findOptional(), "no provider here: Ctrl-C stays the JVM's");
        assertNull(Runtimes.armKeyboardInterrupt());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Backend.SIGNALS.find(null));
        assertTrue(e.getMessage().startsWith("No Trio signal backend found: add org.triojava:trio-signals"),
                e.getMessage());
        assertTrue(e.getMessage().contains("org.triojava.spi.SignalProvider"), e.getMessage());
    }

    @Test
    void onlyTheRuntimeMentionsRunOptionsWhenANameIsMissing() {
        Backend<FakeSpi> signalsLike = new Backend<>(FakeSpi.class, "fake backend", "org.triojava.fake", "x:y");
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> signalsLike.select(List.of(new Fake("jdk", 0)), "other"));
        assertEquals("No fake backend named 'other' (selected by org.triojava.fake); available: jdk (priority 0)",
                e.getMessage());
    }
}
