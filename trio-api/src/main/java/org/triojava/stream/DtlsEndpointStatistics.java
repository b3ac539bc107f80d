package org.triojava.stream;

/**
 * A snapshot of one {@link DtlsEndpoint}.
 *
 * @param packetsIgnored packets that reached the socket but no association: from unknown
 *     addresses while not serving, garbage, truncated or unusable ClientHellos (UDP carries
 *     anything anyone sends; none of it costs the endpoint state)
 * @param helloVerifyRequestsSent ClientHellos answered with a cookie instead of an association
 * @param sendFailures datagrams the system refused to send (a firewall's drop, a full buffer, an
 *     unreachable network), counted as lost
 * @param associations the associations alive now
 */
public record DtlsEndpointStatistics(long packetsIgnored, long helloVerifyRequestsSent, long sendFailures,
                                     int associations) {
}
