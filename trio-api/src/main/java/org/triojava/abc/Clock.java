package org.triojava.abc;

/**
 * The source of time for one run (Trio's {@code trio.abc.Clock}). The default is a monotonic
 * system clock; {@code org.triojava.testing.MockClock} is the one tests use.
 */
public interface Clock {
    /** Called once, when the run starts, before any task runs. */
    void startClock();

    /** The current time in seconds; only differences between two readings mean anything. */
    double currentTime();

    /**
     * How many real seconds the run loop may sleep to wait until {@code deadline} on this clock
     * (0 or less: the deadline has passed).
     */
    double deadlineToSleepTime(double deadline);
}
