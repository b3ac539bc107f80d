package org.triojava.streams.jdk;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProtocolFamily;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.util.ArrayList;
import java.util.List;
import org.triojava.socket.SocketKind;
import org.triojava.socket.Sockets;
import org.triojava.socket.TrioSocket;
import org.triojava.spi.Addresses;
import org.triojava.stream.SocketListener;

/**
 * Trio's {@code open_tcp_listeners} (rule HN2): one listener per address the host resolves to,
 * with {@code SO_REUSEADDR} (except on Windows); families the OS lacks are skipped; any other
 * error closes everything opened so far.
 *
 * <p>One deliberate difference: Java cannot set {@code IPV6_V6ONLY}, so every IPv6 listener is
 * dual-stack. For {@code host == null} Trio opens {@code 0.0.0.0} and an IPv6-only {@code ::};
 * here a dual-stack {@code ::} already takes IPv4 connections on every interface, and a second
 * listener on {@code 0.0.0.0} would collide with it on a fixed port, so only {@code ::} is opened
 * — or {@code 0.0.0.0} when the OS has no IPv6.
 */
final class TcpListeners {
    /** Trio's backlog for {@code None}: the largest, which the OS then caps. */
    static final int DEFAULT_BACKLOG = 0xFFFF;
    private static final boolean WINDOWS = System.getProperty("os.name", "").startsWith("Windows");

    private TcpListeners() {
    }

    /** Opens the listeners; {@code backlog} 0 means {@link #DEFAULT_BACKLOG}. */
    static List<SocketListener> open(int port, String host, int backlog) throws IOException {
        int effectiveBacklog = backlog == 0 ? DEFAULT_BACKLOG : Math.min(backlog, DEFAULT_BACKLOG);
        List<InetSocketAddress> targets = host == null ? wildcards(port) : Sockets.getaddrinfo(host, port);
        List<SocketListener> listeners = new ArrayList<>();
        List<Throwable> unsupported = new ArrayList<>();
        boolean dualStackWildcard = false;
        try {
            for (InetSocketAddress target : targets) {
                InetAddress address = target.getAddress();
                if (dualStackWildcard && address instanceof Inet4Address && address.isAnyLocalAddress()) {
                    continue; // the dual-stack "::" listener already takes these connections
                }
                ProtocolFamily family = address instanceof Inet6Address
                        ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET;
                TrioSocket socket;
                try {
                    socket = Sockets.socket(family, SocketKind.STREAM);
                } catch (UnsupportedOperationException e) {
                    unsupported.add(e);
                    continue;
                } catch (IOException e) {
                    if (OsErrors.find(e, java.util.Set.of(OsErrors.EAFNOSUPPORT)) != null) {
                        unsupported.add(e);
                        continue;
                    }
                    throw e;
                }
                try {
                    if (!WINDOWS) {
                        socket.setsockopt(StandardSocketOptions.SO_REUSEADDR, true);
                    }
                    socket.bind(target);
                    socket.listen(effectiveBacklog);
                    listeners.add(JdkSocketListener.of(socket));
                } catch (IOException | RuntimeException | Error e) {
                    socket.close();
                    throw e;
                }
                if (address instanceof Inet6Address && address.isAnyLocalAddress()) {
                    dualStackWildcard = true;
                }
            }
        } catch (IOException | RuntimeException | Error e) {
            for (SocketListener listener : listeners) {
                listener.socket().close();
            }
            throw e;
        }
        if (listeners.isEmpty() && !unsupported.isEmpty()) {
            IOException none = new IOException("This system doesn't support any of the kinds of socket that "
                    + (host == null ? "the wildcard address" : "address " + host) + " could use");
            unsupported.forEach(none::addSuppressed);
            throw none;
        }
        return List.copyOf(listeners);
    }

    /** The wildcard addresses for {@code host == null}: {@code ::} first (dual-stack), then {@code 0.0.0.0}. */
    private static List<InetSocketAddress> wildcards(int port) {
        return List.of(new InetSocketAddress(Addresses.wildcard(StandardProtocolFamily.INET6), port),
                new InetSocketAddress(Addresses.wildcard(StandardProtocolFamily.INET), port));
    }
}
