package org.triojava.spi;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The runs that asked for Ctrl-C delivery ({@code RunOptions.withKeyboardInterrupt(true)}, the
 * default), for a signal backend to reach from its handler thread: the runtime registers a run's
 * kernel while it runs; on SIGINT the signal backend calls
 * {@link Kernel#deliverKeyboardInterrupt()} on the most recently started one.
 */
public final class ActiveRuns {
    private static final CopyOnWriteArrayList<Kernel> RUNS = new CopyOnWriteArrayList<>();

    private ActiveRuns() {
    }

    /** Called by a runtime when a run that wants Ctrl-C starts. */
    public static void register(Kernel kernel) {
        RUNS.add(Objects.requireNonNull(kernel, "kernel"));
    }

    /** Called by a runtime when that run has finished. */
    public static void unregister(Kernel kernel) {
        RUNS.remove(kernel);
    }

    /** The registered runs, oldest first. */
    public static List<Kernel> snapshot() {
        return List.copyOf(RUNS);
    }
}
