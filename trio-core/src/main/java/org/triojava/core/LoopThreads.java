package org.triojava.core;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.triojava.TrioCallable;

/**
 * Platform threads for the loops of confined runs. A confined run's loop thread carries its tasks'
 * virtual threads, so it cannot be the caller's thread: a virtual thread cannot carry others, and
 * an interrupt of a platform thread that carries a virtual thread is lost (the JDK clears the
 * carrier's interrupt status whenever a virtual thread mounts or unmounts), while an interrupt is
 * how Java code stops a blocking call such as {@code Trio.run}. So the loop runs on a cached
 * daemon thread, and the caller waits for it and passes its interrupt on through the run's entry
 * queue.
 */
final class LoopThreads {
    /** Cached daemon threads named "Trio loop N"; an idle one ends after a minute. */
    private static final ExecutorService POOL =
            Executors.newCachedThreadPool(Thread.ofPlatform().daemon().name("Trio loop ", 1).factory());

    private LoopThreads() {
    }

    /** Runs {@code work} on one of the cached loop threads (a guest run's waits, or its finish without a host). */
    static void execute(Runnable work) {
        POOL.execute(work);
    }

    /**
     * Makes a run with {@code newRunner} on a loop thread, runs {@code main} in it and returns what
     * it returned, or throws what it threw. An interrupt of the caller interrupts the run (see
     * {@link Runner#interruptFromOutside()}), which then ends with {@link InterruptedException}.
     */
    static <T> T run(Supplier<Runner> newRunner, String mainTaskName, TrioCallable<T> main) throws Exception {
        CompletableFuture<T> result = new CompletableFuture<>();
        CompletableFuture<Runner> runner = new CompletableFuture<>();
        POOL.execute(() -> {
            try {
                Runner run = newRunner.get();
                runner.complete(run);
                result.complete(run.run(mainTaskName, main));
            } catch (Throwable t) {
                runner.completeExceptionally(t);
                result.completeExceptionally(t);
            }
        });
        while (true) {
            try {
                return result.get();
            } catch (InterruptedException e) {
                try {
                    runner.join().interruptFromOutside();
                } catch (CompletionException failedToStart) {
                    // the run did not even start: its error comes out of result.get()
                }
            } catch (ExecutionException e) {
                throw Runner.<Exception>sneaky(e.getCause());
            }
        }
    }
}
