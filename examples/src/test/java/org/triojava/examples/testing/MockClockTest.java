package org.triojava.examples.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.triojava.CancelScope;
import org.triojava.Trio;
import org.triojava.TrioCallable;
import org.triojava.junit5.TrioTest;
import org.triojava.testing.MockClock;

class MockClockTest {
    @TrioTest
    void timeStandsStillUntilYouJump(MockClock clock) throws Exception {
        assertEquals(0.0, Trio.currentTime());
        Trio.checkpoint();
        assertEquals(0.0, Trio.currentTime());
        clock.jump(5);
        assertEquals(5.0, Trio.currentTime());
    }

    @TrioTest(autojumpThreshold = 0)
    void anHourLongTimeoutExpiresAtOnce() throws Exception {
        CancelScope scope = Trio.moveOnAfter(3600, Trio::sleepForever);
        assertTrue(scope.cancelledCaught());
        assertEquals(3600.0, Trio.currentTime());
    }

    /** The code under test: retries {@code operation}, doubling the delay after each failure. */
    static <T> T retry(int attempts, double firstDelay, TrioCallable<T> operation) throws Exception {
        double delay = firstDelay;
        for (int attempt = 1; ; attempt++) {
            try {
                return operation.call();
            } catch (IOException e) {
                if (attempt == attempts) {
                    throw e;
                }
                Trio.sleep(delay);
                delay *= 2;
            }
        }
    }

    @TrioTest(autojumpThreshold = 0)
    void retriesBackOffExponentially() throws Exception {
        List<Double> attempts = new ArrayList<>();
        String result = retry(4, 1.0, () -> {
            attempts.add(Trio.currentTime());
            if (attempts.size() < 4) {
                throw new IOException("not yet");
            }
            return "done";
        });
        assertEquals("done", result);
        assertEquals(List.of(0.0, 1.0, 3.0, 7.0), attempts);
    }
}
