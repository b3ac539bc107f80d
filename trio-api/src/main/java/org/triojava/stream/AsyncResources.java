package org.triojava.stream;

import org.triojava.CancelScope;
import org.triojava.Cancelled;
import org.triojava.abc.AsyncResource;
import org.triojava.internal.Checks;

/** Helpers for {@link AsyncResource}s (Trio's {@code trio.aclose_forcefully}). */
public final class AsyncResources {
    private AsyncResources() {
    }

    /**
     * Closes {@code resource} with no graceful part: its {@code close()} runs inside a cancel scope
     * that is already cancelled, so it skips anything that would wait (a TLS close_notify, for
     * one) and just releases the resource. Still a checkpoint; the {@link Cancelled} raised inside
     * is caught here.
     */
    public static void closeForcefully(AsyncResource resource) {
        Checks.notNull(resource, "resource");
        CancelScope scope = new CancelScope();
        scope.cancel("closing forcefully");
        try {
            scope.run(resource::close);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("close() threw a checked exception", e);
        }
    }
}
