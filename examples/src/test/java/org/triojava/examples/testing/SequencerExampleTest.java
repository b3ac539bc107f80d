package org.triojava.examples.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.triojava.Trio;
import org.triojava.junit5.TrioTest;
import org.triojava.testing.Sequencer;

class SequencerExampleTest {
    @TrioTest
    void blocksRunInTheirSequenceOrder() throws Exception {
        Sequencer seq = new Sequencer();
        List<Integer> log = new ArrayList<>();
        Trio.openNursery(nursery -> {
            nursery.startSoon(() -> {
                seq.run(0, () -> log.add(0));
                seq.run(4, () -> log.add(4));
            });
            nursery.startSoon(() -> {
                seq.run(2, () -> log.add(2));
                seq.run(5, () -> log.add(5));
            });
            nursery.startSoon(() -> {
                seq.run(1, () -> log.add(1));
                seq.run(3, () -> log.add(3));
            });
        });
        assertEquals(List.of(0, 1, 2, 3, 4, 5), log); // whatever the scheduling seed
    }
}
