package org.triojava.core;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;
import org.triojava.StapledStream;
import org.triojava.Trio;
import org.triojava.testing.MemoryStreams;
import org.triojava.testing.OneWayPair;
import org.triojava.testing.StreamChecks;
import org.triojava.testing.StreamPair;

/** The stream checkers pass on correct streams and fail on broken ones (Trio's {@code test_*_with_generic_tests}). */
class StreamChecksTest {

    @Test
    void memoryOneWayPairPasses() throws Exception {
        Trio.run(() -> StreamChecks.checkOneWayStream(MemoryStreams::oneWayPair, null));
    }

    @Test
    void memoryPairPassesTheHalfCloseableChecks() throws Exception {
        Trio.run(() -> StreamChecks.checkHalfCloseableStream(MemoryStreams::pair, null));
    }

    @Test
    void lockstepOneWayPairPassesWithItselfAsTheCloggedStream() throws Exception {
        Trio.run(() -> StreamChecks.checkOneWayStream(MemoryStreams::lockstepOneWayPair,
                MemoryStreams::lockstepOneWayPair));
    }

    @Test
    void lockstepPairPassesTheTwoWayChecks() throws Exception {
        Trio.run(() -> StreamChecks.checkTwoWayStream(MemoryStreams::lockstepPair, MemoryStreams::lockstepPair));
    }
}
