package org.triojava.testing;

import java.time.Duration;
import java.util.function.DoubleSupplier;
import org.triojava.RunFinishedError;
import org.triojava.abc.Clock;
import org.triojava.internal.Checks;
import org.triojava.spi.Kernel;

/**
 * A clock for tests whose time you control (Trio's {@code trio.testing.MockClock}). Time starts
 * at 0 and, at the default {@link #rate() rate} 0, stands still until you {@link #jump} it.
 * With an {@link #autojumpThreshold() autojump threshold}, the run jumps the clock to the next
 * deadline whenever every task has been blocked that long in real time, so a test that sleeps
 * for an hour finishes in milliseconds and still reads exactly 3600 s.
 *
 * <pre>{@code
 * MockClock clock = new MockClock();
 * clock.setAutojumpThreshold(0);
 * Trio.run(RunOptions.defaults().withClock(clock), () -> Trio.sleep(3600)); // instant
 * }</pre>
 *
 * <p>Thread-safe: the rate and threshold may be changed from any thread.
 */
public final class MockClock implements Clock {
    private final DoubleSupplier realClock;
    private double realBase;
    private double virtualBase;
    private double rate;
    private double autojumpThreshold = Double.POSITIVE_INFINITY;
    private Kernel run; // the run that started this clock, woken when the threshold changes from outside it

    /** A clock at time 0 with rate 0 (time stands still) and no autojump. */
    public MockClock() {
        this(() -> System.nanoTime() / 1e9);
    }

    /** A clock driven by {@code realClock} (seconds) instead of {@link System#nanoTime()}; for testing the clock itself. */
    MockClock(DoubleSupplier realClock) {
        this.realClock = realClock;
        realBase = realClock.getAsDouble();
    }

    /** A clock at time 0 with the given rate and autojump threshold (seconds; +infinity: never). */
    public MockClock(double rate, double autojumpThreshold) {
        this();
        setRate(rate);
        setAutojumpThreshold(autojumpThreshold);
    }

    /** A clock at time 0 with the given rate and autojump threshold. */
    public MockClock(double rate, Duration autojumpThreshold) {
        this();
        setRate(rate);
        setAutojumpThreshold(autojumpThreshold);
    }

    private double realNow() {
        return realClock.getAsDouble();
    }

    private double realToVirtual(double real) {
        return virtualBase + rate * (real - realBase);
    }

    /** How fast virtual time runs against real time: 0 stands still, 1 is real time. */
    public synchronized double rate() {
        return rate;
    }

    /**
     * Changes the rate; the current time stays continuous. Like the threshold, it takes effect at
     * once, also when called from another thread while the run that uses this clock is waiting.
     *
     * @throws IllegalArgumentException if {@code newRate} is negative, NaN or infinite
     */
    public void setRate(double newRate) {
        if (Double.isNaN(newRate) || newRate < 0) {
            throw new IllegalArgumentException("rate must be >= 0, got " + newRate);
        }
        if (newRate == Double.POSITIVE_INFINITY) {
            throw new IllegalArgumentException("rate must be finite: at an infinite rate every time would be infinite");
        }
        synchronized (this) {
            double real = realNow();
            virtualBase = realToVirtual(real);
            realBase = real;
            rate = newRate;
        }
        wakeRun();
    }

    /**
     * After how many real seconds of every task being blocked the run jumps this clock to the
     * next deadline (+infinity: never; 0: as soon as all tasks are blocked).
     */
    public synchronized double autojumpThreshold() {
        return autojumpThreshold;
    }

    /**
     * Sets {@link #autojumpThreshold()}. It takes effect at once, also when called from another
     * thread while the run that uses this clock is waiting; on a clock no run uses, it only
     * changes the value.
     */
    public void setAutojumpThreshold(double seconds) {
        synchronized (this) {
            autojumpThreshold = Checks.timeout(seconds, "autojump threshold");
        }
        wakeRun();
    }

    /** When called from outside the run using this clock: wakes its loop, which rereads the clock. */
    private void wakeRun() {
        Kernel started;
        synchronized (this) {
            started = run;
        }
        if (started != null && Kernel.current() != started) {
            try {
                started.token().runSyncSoon(() -> { }, true);
            } catch (RunFinishedError finished) {
                // nothing to wake
            }
        }
    }

    /** Like {@link #setAutojumpThreshold(double)}. */
    public void setAutojumpThreshold(Duration threshold) {
        setAutojumpThreshold(Checks.seconds(threshold, "autojump threshold"));
    }

    /**
     * Moves time forward by {@code seconds}.
     *
     * @throws IllegalArgumentException if {@code seconds} is negative ("time can't go backwards"), NaN or infinite
     */
    public synchronized void jump(double seconds) {
        if (Double.isNaN(seconds)) {
            throw new IllegalArgumentException("jump must not be NaN");
        }
        if (seconds < 0) {
            throw new IllegalArgumentException("time can't go backwards");
        }
        if (seconds == Double.POSITIVE_INFINITY) {
            throw new IllegalArgumentException("jump must be finite: after an infinite jump no deadline could ever"
                    + " be told apart from another");
        }
        virtualBase += seconds;
    }

    /** Like {@link #jump(double)}. */
    public void jump(Duration duration) {
        jump(Checks.seconds(duration, "jump"));
    }

    @Override
    public void startClock() {
        // virtual time starts at 0 when the clock is made, not when the run starts
        Kernel current = Kernel.current();
        synchronized (this) {
            run = current;
        }
    }

    @Override
    public synchronized double currentTime() {
        return realToVirtual(realNow());
    }

    @Override
    public synchronized double deadlineToSleepTime(double deadline) {
        double virtualTimeout = deadline - currentTime();
        if (virtualTimeout <= 0) {
            return 0;
        }
        return rate > 0 ? virtualTimeout / rate : 999_999_999;
    }

    @Override
    public synchronized String toString() {
        return "MockClock[time=" + currentTime() + ", rate=" + rate + ", autojumpThreshold=" + autojumpThreshold + "]";
    }
}
