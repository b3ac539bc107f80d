package org.triojava.internal;

import org.triojava.spi.CancelScopeState;
import org.triojava.spi.Kernel;
import org.triojava.spi.KeyboardInterruptArming;
import org.triojava.spi.RuntimeProvider;
import org.triojava.spi.SignalProvider;

/** How the facades reach the runtime backend: the current run's kernel, or the provider. */
public final class Runtimes {
    private Runtimes() {
    }

    /** The runtime provider: by {@code name} if not null, else by the system property, else the highest priority. */
    public static RuntimeProvider provider(String name) {
        return Backend.RUNTIME.find(name);
    }

    /**
     * Arms Ctrl-C delivery for a run that is about to start, if a signal backend is present.
     *
     * @return the handle to close when the run is over, or null without a signal backend
     *     (SIGINT then keeps the JVM's behaviour)
     */
    public static KeyboardInterruptArming armKeyboardInterrupt() {
        SignalProvider signals = Backend.SIGNALS.findOptional();
        return signals == null ? null : signals.armKeyboardInterrupt();
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
