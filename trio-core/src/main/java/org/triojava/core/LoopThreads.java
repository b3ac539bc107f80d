package org.triojava.core;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.triojava.TrioCallable;

/**
 * Platform threads for the loops of confined runs started from virtual threads (a server that
 * handles each request on a virtual thread, a {@code ToThread}-free call from a test's virtual
 * thread): a virtual thread cannot carry others, so the loop runs on a cached daemon thread while
 * the caller waits.
 */
final class LoopThreads {
    private static final AtomicInteger NUMBERS = new AtomicInteger();
    /** Cached daemon threads; an idle one ends after 10 s. */
    private static final ExecutorService POOL = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 10, TimeUnit.SECONDS,
            new SynchronousQueue<>(), runnable -> {
                Thread thread = new Thread(runnable, "Trio loop " + NUMBERS.incrementAndGet());
                thread.setDaemon(true);
                return thread;
            });

    private LoopThreads() {
    }

    /**
     * Runs {@code run} on a loop thread and returns what it returned, or throws what it threw.
     * The caller's wait is not ended by an interrupt (the run would go on without it); the
     * interrupt is kept for afterwards, as a run on the caller's own thread keeps it.
     */
    static <T> T runOnPlatformThread(TrioCallable<T> run) throws Exception {
        CompletableFuture<T> result = new CompletableFuture<>();
        POOL.execute(() -> {
            try {
                result.complete(run.call());
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        });
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return result.get();
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    throw Runner.<Exception>sneaky(e.getCause());
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
