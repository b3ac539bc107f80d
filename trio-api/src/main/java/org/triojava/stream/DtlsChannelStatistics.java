package org.triojava.stream;

/**
 * A snapshot of one {@link DtlsChannel} (Trio's {@code DTLSChannelStatistics}).
 *
 * @param incomingPacketsDropped packets from this peer that arrived but were dropped because the
 *     channel's buffer ({@link DtlsEndpoint#incomingPacketsBuffer()}) was full: call
 *     {@code receive} more often, use a larger buffer, or let the protocol live with the loss
 */
public record DtlsChannelStatistics(long incomingPacketsDropped) {
}
