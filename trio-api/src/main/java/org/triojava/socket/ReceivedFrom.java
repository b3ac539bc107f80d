package org.triojava.socket;

import java.net.SocketAddress;

/**
 * What {@link TrioSocket#recvfromInto(java.nio.ByteBuffer)} returns (Trio's
 * {@code (nbytes, address)} tuple of {@code recvfrom_into}).
 *
 * @param bytes how many bytes were stored in the buffer
 * @param address the sender's address
 */
public record ReceivedFrom(int bytes, SocketAddress address) {
}
