package org.triojava.sync;

import org.triojava.Trio;

/**
 * Statistics of an {@link Event} (Trio's {@code EventStatistics}).
 *
 * @param tasksWaiting tasks blocked in {@link Event#await()}
 */
public record EventStatistics(int tasksWaiting) {
}
