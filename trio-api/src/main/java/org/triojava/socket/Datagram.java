package org.triojava.socket;

import java.net.SocketAddress;
import java.util.Arrays;
import java.util.Objects;

/**
 * What {@link TrioSocket#recvfrom(int)} returns (Trio's {@code (data, address)} tuple): the bytes
 * received and where they came from. Two datagrams are equal when their bytes and addresses are.
 *
 * @param data the bytes received (a datagram longer than asked for is truncated, as by the OS)
 * @param address the sender's address
 */
public record Datagram(byte[] data, SocketAddress address) {
    /** Checks that the data is not null. */
    public Datagram {
        Objects.requireNonNull(data, "data must not be null");
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Datagram that && Arrays.equals(data, that.data)
                && Objects.equals(address, that.address);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(data) + Objects.hashCode(address);
    }

    @Override
    public String toString() {
        return "Datagram[" + data.length + " bytes from " + address + "]";
    }
}
