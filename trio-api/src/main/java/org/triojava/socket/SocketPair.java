package org.triojava.socket;

import java.util.Objects;

/**
 * Two sockets connected to each other (the pair Trio's {@code trio.socket.socketpair()}
 * returns). Closing the pair closes both.
 *
 * @param a one end
 * @param b the other end
 */
public record SocketPair(TrioSocket a, TrioSocket b) implements AutoCloseable {
    /** Checks that neither end is null. */
    public SocketPair {
        Objects.requireNonNull(a, "a must not be null");
        Objects.requireNonNull(b, "b must not be null");
    }

    /** Closes both ends (idempotent). */
    @Override
    public void close() {
        try {
            a.close();
        } finally {
            b.close();
        }
    }
}
