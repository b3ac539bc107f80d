package org.triojava.sync;


/**
 * Statistics of a {@link Condition} (Trio's {@code ConditionStatistics}).
 *
 * @param tasksWaiting tasks blocked in {@link Condition#await()}
 * @param lockStatistics the statistics of the condition's lock
 */
public record ConditionStatistics(int tasksWaiting, LockStatistics lockStatistics) {
}
