package org.triojava.sync;

import org.triojava.lowlevel.Task;

/**
 * Statistics of a {@link Lock} or {@link StrictFifoLock} (Trio's {@code LockStatistics}).
 *
 * @param locked whether the lock is held
 * @param owner the task holding it, or null
 * @param tasksWaiting tasks blocked in {@code acquire}
 */
public record LockStatistics(boolean locked, Task owner, int tasksWaiting) {
}
