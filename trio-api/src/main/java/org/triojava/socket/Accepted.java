package org.triojava.socket;

import java.net.SocketAddress;
import java.util.Objects;

/**
 * What {@link TrioSocket#accept()} returns (Trio's {@code (socket, address)} tuple): the new
 * connection and the address of its peer.
 *
 * @param socket the connected socket; the caller owns it and must close it
 * @param address the peer's address (for Unix-domain sockets usually an unnamed, empty path)
 */
public record Accepted(TrioSocket socket, SocketAddress address) {
    /** Checks that the socket is not null. */
    public Accepted {
        Objects.requireNonNull(socket, "socket must not be null");
    }
}
