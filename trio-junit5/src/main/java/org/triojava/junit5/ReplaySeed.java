package org.triojava.junit5;

/**
 * Attached to a failed Trio test's exception as a suppressed exception: the scheduling seed of
 * the run and how to replay it. It has no stack trace of its own.
 */
final class ReplaySeed extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final long seed;

    ReplaySeed(long seed) {
        super("Trio scheduling seed " + seed + ": replay with @TrioTest(seed = " + seed + "L) or -D"
                + TrioExtension.SEED_PROPERTY + "=" + seed, null, false, false);
        this.seed = seed;
    }

    /** The seed the failed run used. */
    long seed() {
        return seed;
    }
}
