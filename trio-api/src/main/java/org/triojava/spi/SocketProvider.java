package org.triojava.spi;

import java.io.IOException;
import java.net.ProtocolFamily;
import java.nio.channels.NetworkChannel;
import org.triojava.abc.HostnameResolver;
import org.triojava.socket.SocketKind;
import org.triojava.socket.SocketPair;
import org.triojava.socket.TrioSocket;

/**
 * The socket backend behind {@link org.triojava.socket.Sockets} (trio-socket provides the NIO
 * one, named {@code "nio"}). Found by {@link java.util.ServiceLoader}; implementations need a
 * public no-argument constructor. A fake network for tests is a provider of higher priority,
 * or one selected with the system property {@code org.triojava.socket=<name>}.
 *
 * <p>The facade has checked the arguments (not null, supported family) before calling.
 */
public interface SocketProvider extends Provider {
    /**
     * Creates a socket with the modern defaults (see {@link TrioSocket}).
     *
     * @param family {@code StandardProtocolFamily.INET}, {@code INET6} or {@code UNIX}
     * @throws UnsupportedOperationException if this backend cannot make that combination
     */
    TrioSocket socket(ProtocolFamily family, SocketKind kind) throws IOException;

    /** Creates two sockets of {@code family} and {@code kind} connected to each other. */
    SocketPair socketpair(ProtocolFamily family, SocketKind kind) throws IOException;

    /**
     * Wraps an open channel ({@code SocketChannel}, {@code ServerSocketChannel} or
     * {@code DatagramChannel}) and puts it in non-blocking mode; its options are kept.
     *
     * @param family the channel's family, or null to find it out from the channel
     * @throws IllegalArgumentException for any other kind of channel
     */
    TrioSocket from(NetworkChannel channel, ProtocolFamily family) throws IOException;

    /**
     * The resolver used when no custom one is installed. It may block: the facade calls it
     * from a worker thread.
     */
    HostnameResolver defaultResolver();
}
