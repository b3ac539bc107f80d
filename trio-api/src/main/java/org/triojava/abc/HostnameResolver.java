package org.triojava.abc;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ProtocolFamily;
import java.util.List;

/**
 * A replacement for the system's name resolver (Trio's {@code trio.abc.HostnameResolver}),
 * installed per run with {@code Sockets.setCustomHostnameResolver}: all name resolution of
 * Trio's socket layer ({@code Sockets.getaddrinfo}, {@code Sockets.getnameinfo} and the
 * {@code resolve...Address} methods of sockets) then goes through it. Typical uses: a fake
 * network in tests, or a non-blocking DNS client.
 *
 * <p>Both methods are called in the task that asked, inside the run: they may use Trio's
 * blocking calls (they are checkpoints of the caller) but must not block the run with plain
 * blocking I/O; wrap such code in {@code ToThread.runSync}. The resolver that is used when none
 * is installed comes from the socket backend ({@code SocketProvider.defaultResolver()}); it is
 * blocking, so Trio calls it through a worker thread.
 */
public interface HostnameResolver {
    /**
     * The addresses of {@code host} (Trio's {@code getaddrinfo} without the port, type and
     * protocol, which Java's resolver does not use), best first.
     *
     * @param host a host name, already encoded to ASCII (IDNA); never null, never an IP literal
     *     (those are handled without asking the resolver)
     * @param family {@code StandardProtocolFamily.INET} or {@code INET6} to ask for one family
     *     only, or null for both
     * @return at least one address, each of the requested family
     * @throws IOException typically {@link java.net.UnknownHostException} when the name has no
     *     address
     */
    List<InetAddress> getaddrinfo(String host, ProtocolFamily family) throws IOException;

    /**
     * The host name of {@code address} (Trio's {@code getnameinfo}, host part): a reverse lookup,
     * or the address's literal form when it has no name.
     *
     * @throws IOException when the lookup fails
     */
    String getnameinfo(InetAddress address) throws IOException;
}
