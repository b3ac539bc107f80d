package org.triojava.sync;


/**
 * Statistics of an {@link Event} (Trio's {@code EventStatistics}).
 *
 * @param tasksWaiting tasks blocked in {@link Event#await()}
 */
public record EventStatistics(int tasksWaiting) {
}
