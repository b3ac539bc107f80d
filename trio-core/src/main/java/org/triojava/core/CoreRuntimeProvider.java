package org.triojava.core;

import aQute.bnd.annotation.spi.ServiceProvider;
import org.triojava.RunOptions;
import org.triojava.SchedulingMode;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.triojava.TrioCallable;
import org.triojava.lowlevel.GuestRun;
import org.triojava.lowlevel.Outcome;
import org.triojava.spi.CancelScopeState;
import org.triojava.spi.RuntimeProvider;

/** The runtime backend of trio-core, found by {@link java.util.ServiceLoader} under the name {@code "core"}. */
@ServiceProvider(RuntimeProvider.class)
public final class CoreRuntimeProvider implements RuntimeProvider {
    /** Creates the provider (ServiceLoader calls this). */
    public CoreRuntimeProvider() {
    }

    @Override
    public String name() {
        return "core";
    }

    @Override
    public <T> T run(RunOptions options, String mainTaskName, TrioCallable<T> main) throws Exception {
        SchedulingMode mode = Scheduling.resolve(options.scheduling());
        if (mode == SchedulingMode.CONFINED) {
            // the loop carries the tasks: it gets a platform thread of its own (see LoopThreads)
            return LoopThreads.run(() -> new Runner(options, mode), mainTaskName, main);
        }
        return new Runner(options, mode).run(mainTaskName, main);
    }

    @Override
    public GuestRun startGuestRun(RunOptions options, String mainTaskName, TrioCallable<?> main, Executor host,
                                  Consumer<Outcome> done) {
        SchedulingMode mode = Scheduling.resolve(options.scheduling());
        return GuestDriver.start(new Runner(options, mode), host, done, mainTaskName, main);
    }

    @Override
    public CancelScopeState newCancelScope(double deadline, double relativeDeadline, boolean shield) {
        return new ScopeState(deadline, relativeDeadline, shield);
    }
}
