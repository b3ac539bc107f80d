package org.triojava.core;

import org.triojava.CancelReason;
import org.triojava.Cancelled;
import org.triojava.lowlevel.Task;
import org.triojava.spi.ApiBridge;

/**
 * Why a scope was cancelled: the details every {@link Cancelled} raised inside it reports.
 *
 * @param source the kind of event
 * @param reason a description, or null
 * @param sourceTask the task that cancelled, or null
 */
record CancelInfo(CancelReason source, String reason, Task sourceTask) {
    static final CancelInfo DEADLINE = new CancelInfo(CancelReason.DEADLINE, null, null);

    Cancelled toCancelled() {
        return ApiBridge.cancelled(source, reason, sourceTask);
    }
}
