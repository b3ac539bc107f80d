package org.triojava.sync;

import java.util.List;

/**
 * Statistics of a {@link CapacityLimiter} (Trio's {@code CapacityLimiterStatistics}).
 *
 * @param borrowedTokens tokens in use
 * @param totalTokens the limiter's total (+infinity for unbounded)
 * @param borrowers who holds the tokens, in the order they got them
 * @param tasksWaiting tasks blocked waiting for a token
 */
public record CapacityLimiterStatistics(int borrowedTokens, double totalTokens, List<Object> borrowers,
                                        int tasksWaiting) {
}
