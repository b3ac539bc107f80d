package org.triojava.sync;

import org.triojava.BrokenResourceError;

/**
 * A mutual-exclusion lock owned by the task that acquired it (Trio's {@code Lock}). Fair: a
 * release hands the lock to the longest-waiting task. Releasing a lock you don't own is an
 * {@link IllegalStateException}; if the owner exits while holding it, waiting and later
 * acquirers get {@link BrokenResourceError}.
 */
public final class Lock extends LockBase {
    /** Creates an unlocked lock. */
    public Lock() {
    }
}
