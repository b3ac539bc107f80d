package org.triojava.internal;

import org.triojava.TrioCallable;

/** The one "acquire, run the body, release however it ends" shape behind withLock, withAcquired and withToken. */
public final class Held {
    private Held() {
    }

    /** Runs {@code acquire}, then {@code body}, then {@code release} whatever the body did; returns the body's value. */
    public static <T> T call(Runnable acquire, Runnable release, TrioCallable<T> body) throws Exception {
        Checks.notNull(body, "body");
        acquire.run();
        try {
            return body.call();
        } finally {
            release.run();
        }
    }
}
