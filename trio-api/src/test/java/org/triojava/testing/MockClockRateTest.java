package org.triojava.testing;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

/** Trio's test_mock_clock: rate changes keep time continuous, jumps, sleep times — on a fake real clock. */
class MockClockRateTest {
    private double realNow = 123.0;

    @Test
    void rateJumpAndSleepTimeFollowTrio() {
        MockClock c = new MockClock(() -> realNow);
        assertEquals(0.0, c.rate());
        assertEquals(0.0, c.currentTime());
        c.jump(1.2);
        assertEquals(1.2, c.currentTime());
        assertEquals("time can't go backwards", assertThrows(IllegalArgumentException.class, () -> c.jump(-1)).getMessage());
        assertEquals(1.2, c.currentTime());
        assertEquals(0.0, c.deadlineToSleepTime(1.1));
        assertEquals(0.0, c.deadlineToSleepTime(1.2));
        assertTrue(c.deadlineToSleepTime(1.3) > 999_999);

        assertTrue(assertThrows(IllegalArgumentException.class, () -> c.setRate(-1)).getMessage()
                .startsWith("rate must be >= 0"));
        assertEquals(0.0, c.rate());
        // infinities would make every later time infinite: every sleep would hang
        assertTrue(assertThrows(IllegalArgumentException.class, () -> c.setRate(Double.POSITIVE_INFINITY))
                .getMessage().startsWith("rate must be finite"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> c.jump(Double.POSITIVE_INFINITY))
                .getMessage().startsWith("jump must be finite"));
        assertThrows(IllegalArgumentException.class, () -> new MockClock(Double.POSITIVE_INFINITY, 0));
        assertEquals(0.0, c.rate());
        assertEquals(1.2, c.currentTime());

        c.setRate(2);
        assertEquals(1.2, c.currentTime());
        realNow += 1;
        assertEquals(3.2, c.currentTime(), 1e-12);
        assertEquals(0.0, c.deadlineToSleepTime(3.1));
        assertEquals(0.0, c.deadlineToSleepTime(3.2));
        assertEquals(0.5, c.deadlineToSleepTime(4.2), 1e-12);

        c.setRate(0.5);
        assertEquals(3.2, c.currentTime(), 1e-12);
        assertEquals(2.0, c.deadlineToSleepTime(4.2), 1e-12);

        c.jump(0.8);
        assertEquals(4.0, c.currentTime(), 1e-12);
        realNow += 1;
        assertEquals(4.5, c.currentTime(), 1e-12);
    }

    @Test
    void autojumpThresholdIsValidated() {
        MockClock c = new MockClock();
        assertEquals(Double.POSITIVE_INFINITY, c.autojumpThreshold());
        c.setAutojumpThreshold(0);
        assertEquals(0.0, c.autojumpThreshold());
        assertThrows(IllegalArgumentException.class, () -> c.setAutojumpThreshold(-1));
        assertThrows(IllegalArgumentException.class, () -> c.setAutojumpThreshold(Double.NaN));
        MockClock c2 = new MockClock(3, Double.POSITIVE_INFINITY);
        assertEquals(3.0, c2.rate());
        assertTrue(c2.currentTime() < 10);
    }
}
