package org.triojava;

import static org.junit.jupiter.api.Assertions.*;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.triojava.abc.Instrument;
import org.triojava.stream.TcpConnectOptions;
import org.triojava.sync.CapacityLimiter;
import org.triojava.testing.MockClock;
import org.triojava.thread.ThreadOptions;

/** The option records: defaults, one option changed per {@code withX}, values checked, both forms of a time span. */
class OptionRecordsTest {
    @Test
    void runOptionsDefaultsAndCopies() {
        RunOptions defaults = RunOptions.defaults();
        assertEquals(new RunOptions(null, List.of(), true, OptionalLong.empty(), true, null, SchedulingMode.AUTO, null), defaults);

        MockClock clock = new MockClock();
        Instrument first = new Instrument() { };
        Instrument second = new Instrument() { };
        RunOptions changed = defaults.withClock(clock).withInstrument(first).withInstrument(second)
                .withStrictExceptionGroups(false).withSchedulingSeed(42).withKeyboardInterrupt(false)
                .withRuntime("core").withScheduling(SchedulingMode.SHARED)
                .withSlowStepThreshold(Duration.ofMillis(100));
        assertEquals(new RunOptions(clock, List.of(first, second), false, OptionalLong.of(42), false, "core",
                SchedulingMode.SHARED, Duration.ofMillis(100)), changed);
        assertEquals(RunOptions.defaults(), defaults, "withX must not change the original");
        assertEquals(List.of(first), defaults.withInstrument(first).instruments());
    }

    @Test
    void runOptionsCopyTheInstrumentListAndNameNulls() {
        List<Instrument> instruments = new ArrayList<>();
        RunOptions options = new RunOptions(null, instruments, true, OptionalLong.empty(), true, null, SchedulingMode.AUTO, null);
        instruments.add(new Instrument() { });
        assertEquals(List.of(), options.instruments());
        assertThrows(UnsupportedOperationException.class, () -> options.instruments().add(new Instrument() { }));

        assertEquals("clock must not be null",
                assertThrows(NullPointerException.class, () -> options.withClock(null)).getMessage());
        assertEquals("instrument must not be null",
                assertThrows(NullPointerException.class, () -> options.withInstrument(null)).getMessage());
        assertEquals("providerName must not be null",
                assertThrows(NullPointerException.class, () -> options.withRuntime(null)).getMessage());
        assertEquals("instruments must not be null", assertThrows(NullPointerException.class,
                () -> new RunOptions(null, null, true, OptionalLong.empty(), true, null, SchedulingMode.AUTO, null)).getMessage());
        assertEquals("mode must not be null",
                assertThrows(NullPointerException.class, () -> options.withScheduling(null)).getMessage());
        assertEquals("scheduling must not be null", assertThrows(NullPointerException.class,
                () -> new RunOptions(null, List.of(), true, OptionalLong.empty(), true, null, null, null)).getMessage());
        assertEquals("schedulingSeed must not be null", assertThrows(NullPointerException.class,
                () -> new RunOptions(null, List.of(), true, null, true, null, SchedulingMode.AUTO, null)).getMessage());
        assertEquals("threshold must not be null",
                assertThrows(NullPointerException.class, () -> options.withSlowStepThreshold(null)).getMessage());
        assertEquals("slowStepThreshold must be positive, got PT0S", assertThrows(IllegalArgumentException.class,
                () -> options.withSlowStepThreshold(Duration.ZERO)).getMessage());
        assertEquals("slowStepThreshold must be positive, got PT-0.001S", assertThrows(IllegalArgumentException.class,
                () -> options.withSlowStepThreshold(Duration.ofMillis(-1))).getMessage());
    }

    @Test
    void threadOptionsDefaultsAndCopies() {
        ThreadOptions defaults = ThreadOptions.defaults();
        assertEquals(new ThreadOptions(null, false, null), defaults);
        CapacityLimiter limiter = new CapacityLimiter(2);
        assertEquals(new ThreadOptions(limiter, true, "worker"),
                defaults.withLimiter(limiter).withAbandonOnCancel(true).withName("worker"));
        assertEquals(new ThreadOptions(null, false, null), defaults);
        assertEquals("limiter must not be null",
                assertThrows(NullPointerException.class, () -> defaults.withLimiter(null)).getMessage());
        assertEquals("threadName must not be null",
                assertThrows(NullPointerException.class, () -> defaults.withName(null)).getMessage());
    }

    @Test
    void happyEyeballsDelayInSecondsOrAsDuration() {
        TcpConnectOptions defaults = TcpConnectOptions.defaults();
        assertEquals(Duration.ofMillis(250), defaults.happyEyeballsDelay());
        assertEquals(defaults.withHappyEyeballsDelay(Duration.ofMillis(1500)), defaults.withHappyEyeballsDelay(1.5));
        assertEquals(Duration.ofNanos(1), defaults.withHappyEyeballsDelay(1e-9).happyEyeballsDelay());
        assertEquals(Duration.ZERO, defaults.withHappyEyeballsDelay(0.0).happyEyeballsDelay());
        Duration forever = defaults.withHappyEyeballsDelay(Double.POSITIVE_INFINITY).happyEyeballsDelay();
        assertEquals(Duration.ofSeconds(Long.MAX_VALUE, 999_999_999), forever);
        assertEquals("happyEyeballsDelay must not be NaN", assertThrows(IllegalArgumentException.class,
                () -> defaults.withHappyEyeballsDelay(Double.NaN)).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> defaults.withHappyEyeballsDelay(-0.5))
                .getMessage().startsWith("happyEyeballsDelay must be non-negative"));
    }

    @Test
    void mockClockThresholdInSecondsOrAsDuration() {
        assertEquals(0.5, new MockClock(2, Duration.ofMillis(500)).autojumpThreshold());
        assertEquals(2.0, new MockClock(2, Duration.ofMillis(500)).rate());
        assertEquals(0.5, new MockClock(2, 0.5).autojumpThreshold());
        assertThrows(IllegalArgumentException.class, () -> new MockClock(0, Duration.ofSeconds(-1)));
    }
}
