package org.triojava.stream;

import org.triojava.abc.Stream;

/**
 * What {@link SslStream#unwrap()} hands back: the transport stream, and the bytes already read
 * from it past the end of the TLS session (they belong to whatever the peer sends next).
 *
 * @param transport the stream the TLS session ran over
 * @param leftover bytes read from the transport after the peer's close_notify (maybe empty)
 */
public record Unwrapped(Stream transport, byte[] leftover) {
}
