package org.triojava.lowlevel;

/**
 * A snapshot of a run's scheduler (Trio's {@code RunStatistics}).
 *
 * @param tasksLiving tasks that have not exited, including system tasks
 * @param tasksRunnable tasks waiting for their turn to run
 * @param secondsToNextDeadline clock seconds until the nearest deadline, +infinity if none
 * @param ioWaiters channels with a task waiting for readiness
 * @param runSyncSoonQueueSize callbacks queued by {@link TrioToken#runSyncSoon} and not yet run
 */
public record RunStatistics(int tasksLiving, int tasksRunnable, double secondsToNextDeadline,
                            int ioWaiters, int runSyncSoonQueueSize) {
}
