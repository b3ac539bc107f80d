package org.triojava.core;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.triojava.RunOptions;
import org.triojava.TrioCallable;
import org.triojava.lowlevel.GuestRun;
import org.triojava.lowlevel.Outcome;
import org.triojava.spi.CancelScopeState;
import org.triojava.spi.RuntimeProvider;

/**
 * A runtime for the tests only, named {@code "guest"}: every {@code Trio.run} becomes a guest run
 * on a plain single-thread executor (a platform thread named "guest host"), and the caller waits
 * for its {@code done}. The surefire executions {@code guest-*} (class path, where this provider
 * is found through META-INF/services) select it with {@code -Dorg.triojava.runtime=guest} and run
 * a representative part of the core suite, so guest mode is held to {@code Trio.run}'s semantics.
 */
public final class GuestTestRuntime implements RuntimeProvider {
    /** How many runs this runtime ran, so a test can check that it is the one in use. */
    static final java.util.concurrent.atomic.AtomicInteger RUNS = new java.util.concurrent.atomic.AtomicInteger();

    private final CoreRuntimeProvider core = new CoreRuntimeProvider();

    /** Creates the provider (ServiceLoader calls this). */
    public GuestTestRuntime() {
    }

    @Override
    public String name() {
        return "guest";
    }

    @Override
    public int priority() {
        return -1; // only when selected by name
    }

    @Override
    public <T> T run(RunOptions options, String mainTaskName, TrioCallable<T> main) throws Exception {
        ExecutorService host = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "guest host");
            thread.setDaemon(true);
            return thread;
        });
        CompletableFuture<Outcome> done = new CompletableFuture<>();
        RUNS.incrementAndGet();
        try {
            GuestRun run = core.startGuestRun(options, mainTaskName, main, host, done::complete);
            Outcome outcome;
            try {
                outcome = done.get();
            } catch (InterruptedException e) {
                // as Trio.run: an interrupt of the caller cancels the run, which then ends with InterruptedException
                ((GuestDriver) run).runner().interruptFromOutside();
                outcome = done.get();
            }
            if (!run.isDone()) {
                throw new AssertionError("done was called before the guest run said it was done");
            }
            @SuppressWarnings("unchecked")
            T value = (T) outcome.unwrap();
            return value;
        } catch (ExecutionException e) {
            throw new AssertionError(e);
        } finally {
            host.shutdown();
        }
    }

    @Override
    public GuestRun startGuestRun(RunOptions options, String mainTaskName, TrioCallable<?> main,
                                  java.util.concurrent.Executor host, java.util.function.Consumer<Outcome> done) {
        return core.startGuestRun(options, mainTaskName, main, host, done);
    }

    @Override
    public CancelScopeState newCancelScope(double deadline, double relativeDeadline, boolean shield) {
        return core.newCancelScope(deadline, relativeDeadline, shield);
    }
}
