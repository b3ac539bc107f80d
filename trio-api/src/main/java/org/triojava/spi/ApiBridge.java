package org.triojava.spi;

import java.util.Objects;
import org.triojava.CancelReason;
import org.triojava.CancelScope;
import org.triojava.Cancelled;
import org.triojava.lowlevel.Task;

/**
 * Lets a backend create the API objects that have no public constructor: {@link Cancelled}
 * and the {@link CancelScope} face of backend-made scope state (such as a nursery's scope).
 */
public final class ApiBridge {

    /** Implemented inside trio-api; installed once when this class initializes. */
    public interface Access {
        /** Creates a {@code Cancelled}. */
        Cancelled cancelled(CancelReason source, String reason, Task sourceTask);

        /** Wraps backend scope state in its API face. */
        CancelScope cancelScope(CancelScopeState state);
    }

    private static Access access;

    static {
        try {
            Class.forName("org.triojava.ApiAccess", true, ApiBridge.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private ApiBridge() {
    }

    /** Called once by trio-api itself; any later call fails. */
    public static synchronized void install(Access implementation) {
        if (access != null) {
            throw new IllegalStateException("ApiBridge access is installed by trio-api itself");
        }
        access = Objects.requireNonNull(implementation);
    }

    /** A new {@code Cancelled} with the given source, reason (may be null) and source task (may be null). */
    public static Cancelled cancelled(CancelReason source, String reason, Task sourceTask) {
        return access.cancelled(Objects.requireNonNull(source, "source"), reason, sourceTask);
    }

    /** The API face of backend-made scope state. */
    public static CancelScope cancelScope(CancelScopeState state) {
        return access.cancelScope(Objects.requireNonNull(state, "state"));
    }
}
