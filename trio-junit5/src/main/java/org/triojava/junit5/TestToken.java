package org.triojava.junit5;

import org.triojava.lowlevel.TrioToken;

/**
 * The {@code TrioToken} argument of a Trio test. JUnit resolves arguments before the run starts,
 * so the argument is this view, which the run binds to its real token before the body runs.
 */
final class TestToken implements TrioToken {
    private volatile TrioToken token;

    void bind(TrioToken real) {
        token = real;
    }

    private TrioToken token() {
        TrioToken real = token;
        if (real == null) {
            throw new IllegalStateException("the test's TrioToken exists only once the test method runs in Trio");
        }
        return real;
    }

    @Override
    public void runSyncSoon(Runnable fn) {
        token().runSyncSoon(fn);
    }

    @Override
    public void runSyncSoon(Runnable fn, boolean idempotent) {
        token().runSyncSoon(fn, idempotent);
    }

    @Override
    public String toString() {
        TrioToken real = token;
        return "the test's TrioToken (" + (real == null ? "run not started" : real) + ")";
    }
}
