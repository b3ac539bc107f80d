package org.triojava.internal;

import org.triojava.spi.CancelScopeState;
import org.triojava.spi.Kernel;
import org.triojava.spi.RuntimeProvider;

/** How the facades reach the runtime backend: the current run's kernel, or the provider. */
public final class Runtimes {
    private Runtimes() {
    }

    /** The runtime provider: by {@code name} if not null, else by the system property, else the highest priority. */
    public static RuntimeProvider provider(String name) {
        return Backend.RUNTIME.find(name);
    }

    /**
     * The kernel of the run the calling thread belongs to.
     *
     * @param operation what the caller tried to do, for the error message
     * @throws IllegalStateException outside {@code Trio.run}
     */
    public static Kernel kernel(String operation) {
        Kernel kernel = Kernel.current();
        if (kernel == null) {
            throw new IllegalStateException(operation + " must be called from inside Trio.run (this thread, "
                    + Thread.currentThread() + ", is not running a Trio task)");
        }
        return kernel;
    }

    /** Scope state from the current run's kernel, or from the provider outside any run. */
    public static CancelScopeState newCancelScope(double deadline, double relativeDeadline, boolean shield) {
        Kernel kernel = Kernel.current();
        return kernel != null
                ? kernel.newCancelScope(deadline, relativeDeadline, shield)
                : provider(null).newCancelScope(deadline, relativeDeadline, shield);
    }
}
