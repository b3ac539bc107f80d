package org.triojava.stream;

/**
 * A snapshot of one {@link DtlsEndpoint}.
 *
 * @param packetsIgnored packets that reached the socket but no association: from unknown
 *     addresses while not serving, garbage, truncated or unusable ClientHellos (UDP carries
 *     anything anyone sends; none of it costs the endpoint state)
 * @param helloVerifyRequestsSent ClientHellos answered with a cookie instead of an association
 * @param associations the associations alive now
 */
public record DtlsEndpointStatistics(long packetsIgnored, long helloVerifyRequestsSent, int associations) {
}
