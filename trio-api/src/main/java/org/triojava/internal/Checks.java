package org.triojava.internal;

import java.time.Duration;

/** Argument checks shared by the facades, with messages that name the mistake. */
public final class Checks {
    private Checks() {
    }

    /** {@code value}, or a {@link NullPointerException} naming the parameter. */
    public static <T> T notNull(T value, String name) {
        if (value == null) {
            throw new NullPointerException(name + " must not be null");
        }
        return value;
    }

    /** An absolute deadline: anything but NaN (±infinity allowed). */
    public static double deadline(double deadline) {
        if (Double.isNaN(deadline)) {
            throw new IllegalArgumentException("deadline must not be NaN");
        }
        return deadline;
    }

    /** A span of seconds: not NaN, not negative (+infinity allowed). */
    public static double timeout(double seconds, String name) {
        if (Double.isNaN(seconds)) {
            throw new IllegalArgumentException(name + " must not be NaN");
        }
        if (seconds < 0) {
            throw new IllegalArgumentException(name + " must be non-negative, got " + seconds);
        }
        return seconds;
    }

    /** A non-negative {@link Duration} as seconds; {@link #FOREVER} as +infinity. */
    public static double seconds(Duration duration, String name) {
        notNull(duration, name);
        if (duration.isNegative()) {
            throw new IllegalArgumentException(name + " must be non-negative, got " + duration);
        }
        if (duration.equals(FOREVER)) {
            return Double.POSITIVE_INFINITY;
        }
        return duration.getSeconds() + duration.getNano() / 1e9;
    }

    /** The longest {@link Duration}, which stands for +infinity seconds. */
    public static final Duration FOREVER = Duration.ofSeconds(Long.MAX_VALUE, 999_999_999);

    /**
     * A span of seconds (checked as by {@link #timeout(double, String)}) as a {@link Duration},
     * to the nanosecond; +infinity, or more seconds than a {@code Duration} holds, is {@link #FOREVER}.
     */
    public static Duration duration(double seconds, String name) {
        timeout(seconds, name);
        if (seconds >= Long.MAX_VALUE) {
            return FOREVER;
        }
        long whole = (long) seconds;
        return Duration.ofSeconds(whole, Math.round((seconds - whole) * 1e9));
    }

    /** Throws {@code t} as it is, checked or not (for rethrowing what a body threw). */
    @SuppressWarnings("unchecked")
    public static <E extends Throwable> E sneaky(Throwable t) throws E {
        throw (E) t;
    }
}
