package org.triojava.examples.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.extension.ExtendWith;
import org.triojava.Trio;
import org.triojava.junit5.TrioExtension;
import org.triojava.junit5.TrioTest;

@ExtendWith(TrioExtension.class) // every test method of the class runs in Trio
class SchedulingSeedTest {
    static List<String> startOrder() throws Exception {
        List<String> log = new ArrayList<>();
        Trio.openNursery(nursery -> {
            nursery.startSoon(() -> log.add("a"));
            nursery.startSoon(() -> log.add("b"));
            nursery.startSoon(() -> log.add("c"));
        });
        return log;
    }

    @RepeatedTest(20) // twenty runs, twenty random seeds
    void theResultDoesNotDependOnTheSchedule() throws Exception {
        List<String> order = startOrder();
        order.sort(null);
        assertEquals(List.of("a", "b", "c"), order);
    }

    @TrioTest(seed = 8_406_131_733_913_474_560L) // the seed a failure reported: the same schedule again
    void replayingTheScheduleOfAFailure() throws Exception {
        List<String> order = startOrder();
        order.sort(null);
        assertEquals(List.of("a", "b", "c"), order);
    }
}
