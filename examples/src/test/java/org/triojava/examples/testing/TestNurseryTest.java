package org.triojava.examples.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.triojava.Nursery;
import org.triojava.Trio;
import org.triojava.channel.MemoryChannel;
import org.triojava.junit5.TrioTest;

class TestNurseryTest {
    @TrioTest
    void aBackgroundServiceLivesAsLongAsTheTest(Nursery nursery) throws Exception {
        MemoryChannel<String> requests = MemoryChannel.open(0);
        MemoryChannel<String> replies = MemoryChannel.open(0);
        nursery.startSoon(() -> {
            for (String request : requests.receiveChannel()) {
                replies.sendChannel().send("echo " + request);
            }
        });
        requests.sendChannel().send("hello");
        assertEquals("echo hello", replies.receiveChannel().receive());
        // no clean-up: the nursery is cancelled when the test returns
    }

    @TrioTest
    void startWaitsUntilTheServiceIsReady(Nursery nursery) throws Exception {
        int port = nursery.start(status -> {
            status.started(8080); // e.g. after binding a listener
            Trio.sleepForever();
        });
        assertEquals(8080, port);
    }
}
