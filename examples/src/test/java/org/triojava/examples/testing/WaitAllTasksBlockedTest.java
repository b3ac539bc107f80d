package org.triojava.examples.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.triojava.Nursery;
import org.triojava.channel.MemoryChannel;
import org.triojava.junit5.TrioTest;
import org.triojava.testing.Testing;

class WaitAllTasksBlockedTest {
    @TrioTest
    void theConsumerHasHandledEverythingOnceItBlocks(Nursery nursery) throws Exception {
        MemoryChannel<String> channel = MemoryChannel.open(10);
        List<String> handled = new ArrayList<>();
        nursery.startSoon(() -> {
            for (String item : channel.receiveChannel()) {
                handled.add(item.toUpperCase());
            }
        });
        channel.sendChannel().send("a");
        channel.sendChannel().send("b");
        Testing.waitAllTasksBlocked(); // returns once the consumer waits for a third item
        assertEquals(List.of("A", "B"), handled);
    }
}
