package org.triojava.core;

import java.util.concurrent.ThreadLocalRandom;
import org.triojava.abc.Clock;

/**
 * The default clock: {@link System#nanoTime()} in seconds, shifted by a random offset so that
 * code cannot mistake it for wall-clock time (as Trio's {@code SystemClock}).
 */
final class SystemClock implements Clock {
    private final double offset = ThreadLocalRandom.current().nextDouble(10_000, 200_000);

    @Override
    public void startClock() {
        // nothing to do: nanoTime is always running
    }

    @Override
    public double currentTime() {
        return offset + System.nanoTime() / 1e9;
    }

    @Override
    public double deadlineToSleepTime(double deadline) {
        return deadline - currentTime();
    }

    @Override
    public String toString() {
        return "SystemClock[offset=" + offset + "]";
    }
}
