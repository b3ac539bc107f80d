package org.triojava;

import org.triojava.lowlevel.Task;
import org.triojava.spi.ApiBridge;
import org.triojava.spi.CancelScopeState;

/** Installs trio-api's side of {@link ApiBridge} when the bridge initializes. */
final class ApiAccess implements ApiBridge.Access {
    static {
        ApiBridge.install(new ApiAccess());
    }

    private ApiAccess() {
    }

    @Override
    public Cancelled cancelled(CancelReason source, String reason, Task sourceTask) {
        return new Cancelled(source, reason, sourceTask);
    }

    @Override
    public CancelScope cancelScope(CancelScopeState state) {
        return new CancelScope(state);
    }
}
