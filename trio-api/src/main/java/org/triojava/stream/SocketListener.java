package org.triojava.stream;

import org.triojava.abc.Listener;
import org.triojava.internal.Backend;
import org.triojava.internal.Checks;
import org.triojava.socket.TrioSocket;

/**
 * A {@link Listener} that accepts connections on a listening stream socket and hands each out as
 * a {@link SocketStream} (Trio's {@code trio.SocketListener}). {@code accept()} retries by itself
 * after transient errors (a connection reset before it was accepted, and the like).
 */
public interface SocketListener extends Listener<SocketStream> {
    /**
     * Wraps a listening stream socket; the listener owns it from now on.
     *
     * @throws IllegalArgumentException if the socket is not a listening stream socket
     */
    static SocketListener of(TrioSocket socket) {
        return Backend.STREAMS.find(null).socketListener(Checks.notNull(socket, "socket"));
    }

    /** The underlying listening socket. */
    TrioSocket socket();
}
