package org.triojava.socketbench;

/**
 * Latencies in nanoseconds, log-linear buckets with 64 sub-buckets per power of two (at most
 * 1.6% error), one per load thread; merged at the end.
 */
final class Histogram {
    private static final int SUB = 64;
    private static final int SHIFT = 6;
    private final long[] counts = new long[64 * SUB];
    private long total;

    void record(long nanos) {
        counts[index(Math.max(1, nanos))]++;
        total++;
    }

    private static int index(long value) {
        int exponent = 63 - Long.numberOfLeadingZeros(value);
        if (exponent < SHIFT) {
            return (int) value;
        }
        int mantissa = (int) (value >>> (exponent - SHIFT)) & (SUB - 1);
        return (exponent - SHIFT + 1) * SUB + mantissa;
    }

    /** The smallest value of a bucket (its representative). */
    private static long lowest(int index) {
        if (index < SUB) {
            return index;
        }
        int exponent = index / SUB + SHIFT - 1;
        long mantissa = index % SUB;
        return (SUB + mantissa) << (exponent - SHIFT);
    }

    void add(Histogram other) {
        for (int i = 0; i < counts.length; i++) {
            counts[i] += other.counts[i];
        }
        total += other.total;
    }

    long total() {
        return total;
    }

    /** The value at quantile {@code q} (0..1), in nanoseconds. */
    long quantile(double q) {
        if (total == 0) {
            return 0;
        }
        long rank = (long) Math.ceil(q * total);
        long seen = 0;
        for (int i = 0; i < counts.length; i++) {
            seen += counts[i];
            if (seen >= rank) {
                return lowest(i);
            }
        }
        return lowest(counts.length - 1);
    }
}
