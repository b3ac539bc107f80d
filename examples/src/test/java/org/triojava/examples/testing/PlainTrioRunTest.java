package org.triojava.examples.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.triojava.RunOptions;
import org.triojava.Trio;
import org.triojava.testing.MockClock;

class PlainTrioRunTest {
    @Test
    void theToolkitWorksWithoutTheExtensionToo() throws Exception {
        MockClock clock = new MockClock();
        clock.setAutojumpThreshold(0);
        double elapsed = Trio.run(RunOptions.defaults().withClock(clock), () -> {
            Trio.sleep(3600);
            return Trio.currentTime();
        });
        assertEquals(3600.0, elapsed);
    }
}
