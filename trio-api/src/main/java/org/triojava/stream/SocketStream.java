package org.triojava.stream;

import java.io.IOException;
import java.net.SocketOption;
import org.triojava.BrokenResourceError;
import org.triojava.ClosedResourceError;
import org.triojava.abc.HalfCloseableStream;
import org.triojava.internal.Backend;
import org.triojava.internal.Checks;
import org.triojava.socket.TrioSocket;

/**
 * A {@link HalfCloseableStream} over a connected stream socket, TCP or Unix-domain (Trio's
 * {@code trio.SocketStream}). {@code receiveSome()} reads up to 64 KiB; {@code sendEof()} shuts
 * down the socket's writing side; {@code close()} closes the socket. TCP sockets get
 * {@code TCP_NODELAY}. OS errors surface as {@link BrokenResourceError} with the
 * {@link IOException} as cause; a socket this side closed gives {@link ClosedResourceError}.
 */
public interface SocketStream extends HalfCloseableStream {
    /**
     * Wraps a connected stream socket; the stream owns it from now on.
     *
     * @throws IllegalArgumentException if the socket is not a connected stream socket
     */
    static SocketStream of(TrioSocket socket) {
        return Backend.STREAMS.find(null).socketStream(Checks.notNull(socket, "socket"));
    }

    /** The underlying socket. */
    TrioSocket socket();

    /** Sets a socket option on the underlying socket. */
    <T> void setsockopt(SocketOption<T> option, T value) throws IOException;

    /** Reads a socket option of the underlying socket. */
    <T> T getsockopt(SocketOption<T> option) throws IOException;
}
