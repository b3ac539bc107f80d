package org.triojava.examples.testing;

import static org.junit.jupiter.api.Assertions.assertThrows;

import org.triojava.junit5.TrioTest;
import org.triojava.sync.Event;
import org.triojava.testing.Testing;

class CheckpointAssertionsTest {
    @TrioTest
    void awaitingAnEventIsACheckpointEvenWhenItIsSet() throws Exception {
        Event event = new Event();
        Testing.assertNoCheckpoints(event::set); // setting never yields
        Testing.assertCheckpoints(event::await); // waiting always does
        assertThrows(AssertionError.class, () -> Testing.assertCheckpoints(event::set));
    }
}
