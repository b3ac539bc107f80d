package org.triojava.examples.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.triojava.Trio;
import org.triojava.junit5.TrioTest;

class FirstTrioTest {
    @TrioTest
    void bothChildrenRun() throws Exception {
        List<String> log = new ArrayList<>();
        Trio.openNursery(nursery -> {
            nursery.startSoon(() -> log.add("a"));
            nursery.startSoon(() -> log.add("b"));
        });
        // the order of a and b depends on the run's scheduling seed: don't rely on it
        assertEquals(Set.of("a", "b"), Set.copyOf(log));
    }
}
