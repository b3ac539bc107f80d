package org.triojava.core;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.triojava.RunFinishedError;
import java.util.Objects;
import org.triojava.lowlevel.TrioToken;

/**
 * The thread-safe way into a run (Trio's entry queue behind {@code TrioToken}): callbacks queued
 * from any thread, run by the loop in FIFO order. Every call that did not throw
 * {@link RunFinishedError} runs before {@code Trio.run} returns.
 */
final class EntryQueue implements TrioToken {
    private final Runner runner;
    private final ConcurrentLinkedQueue<Runnable> queue = new ConcurrentLinkedQueue<>();
    private final Set<Runnable> pendingIdempotent = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    EntryQueue(Runner runner) {
        this.runner = runner;
    }

    @Override
    public void runSyncSoon(Runnable fn) {
        runSyncSoon(fn, false);
    }

    @Override
    public void runSyncSoon(Runnable fn, boolean idempotent) {
        Objects.requireNonNull(fn, "fn must not be null");
        Runnable entry = fn;
        if (idempotent) {
            if (!pendingIdempotent.add(fn)) {
                return;
            }
            entry = new Idempotent(fn);
        }
        queue.add(entry);
        if (closed && queue.remove(entry)) {
            if (idempotent) {
                pendingIdempotent.remove(fn);
            }
            throw new RunFinishedError("the Trio run this token belongs to has finished");
        }
        runner.wakeUp();
    }

    boolean isEmpty() {
        return queue.isEmpty();
    }

    int size() {
        return queue.size();
    }

    /**
     * Runs the callbacks queued so far (those queued by callbacks wait for the next pass); returns
     * whether any ran. A callback that throws fails the run with {@code TrioInternalError}.
     */
    boolean runPending() {
        int count = queue.size(); // the loop is the only consumer: these many are there to poll
        for (int i = 0; i < count; i++) {
            Runnable entry = queue.poll();
            if (entry == null) {
                break; // a call refused as the run closed took its own entry back (closeAndDrain)
            }
            try {
                entry.run();
            } catch (Throwable t) {
                runner.internalError("a TrioToken.runSyncSoon callback raised an exception", t);
            }
        }
        return count > 0;
    }

    /** Refuses new callbacks, then runs every one already queued. */
    void closeAndDrain() {
        closed = true;
        while (!queue.isEmpty()) {
            runPending();
        }
    }

    /** An idempotent entry: leaves the pending set just before it runs. */
    private final class Idempotent implements Runnable {
        private final Runnable fn;

        Idempotent(Runnable fn) {
            this.fn = fn;
        }

        @Override
        public void run() {
            pendingIdempotent.remove(fn);
            fn.run();
        }
    }

    @Override
    public String toString() {
        return "TrioToken[" + runner + "]";
    }
}
