package org.triojava.abc;

import java.io.IOException;
import java.net.ProtocolFamily;
import org.triojava.socket.SocketKind;
import org.triojava.socket.TrioSocket;

/**
 * Makes the sockets {@code Sockets.socket(...)} returns (Trio's {@code trio.abc.SocketFactory}),
 * installed per run with {@code Sockets.setCustomSocketFactory}; for tests that need fake
 * sockets. {@code Sockets.socketpair} and {@code Sockets.from} do not use it, as in Trio.
 */
@FunctionalInterface
public interface SocketFactory {
    /**
     * Creates a socket of {@code family} ({@code StandardProtocolFamily.INET}, {@code INET6} or
     * {@code UNIX}) and {@code kind}.
     */
    TrioSocket socket(ProtocolFamily family, SocketKind kind) throws IOException;
}
