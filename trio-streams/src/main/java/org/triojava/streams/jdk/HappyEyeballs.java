package org.triojava.streams.jdk;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.ProtocolFamily;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.StandardProtocolFamily;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.triojava.Nursery;
import org.triojava.Trio;
import org.triojava.socket.SocketKind;
import org.triojava.socket.Sockets;
import org.triojava.socket.TrioSocket;
import org.triojava.stream.SocketStream;
import org.triojava.stream.TcpConnectOptions;
import org.triojava.sync.Event;

/**
 * Trio's {@code open_tcp_stream}: name resolution through {@link Sockets#getaddrinfo} (so a
 * custom resolver applies), RFC 6555 §5.4 reordering, then staggered connection attempts
 * (rule HN1) with sockets from {@link Sockets#socket} (so a custom socket factory applies).
 *
 * <p>Attempt <i>k</i>+1 starts when attempt <i>k</i> failed or {@code happyEyeballsDelay} after
 * it started, whichever comes first; started attempts keep running; the first connection wins,
 * the nursery cancels the others, and every socket but the winner's is closed. When every
 * attempt failed, one {@link IOException} says so with each attempt's error as a suppressed
 * exception, in the order they failed (Java's idiom for "these happened too"; Trio chains an
 * exception group as the cause).
 */
final class HappyEyeballs {
    private final String host;
    private final int port;
    private final TcpConnectOptions options;
    /** Every socket an attempt created; all but the winner are closed on the way out. */
    private final Set<TrioSocket> openSockets = new LinkedHashSet<>();
    private final List<Throwable> failures = new ArrayList<>();
    private TrioSocket winner;

    private HappyEyeballs(String host, int port, TcpConnectOptions options) {
        this.host = host;
        this.port = port;
        this.options = options;
    }

    /** Connects to {@code host}:{@code port} as {@link org.triojava.stream.Net#openTcpStream} describes. */
    static SocketStream open(String host, int port, TcpConnectOptions options) throws IOException {
        return new HappyEyeballs(host, port, options).run();
    }

    private SocketStream run() throws IOException {
        List<InetSocketAddress> targets = new ArrayList<>(Sockets.getaddrinfo(host, port));
        if (targets.isEmpty()) {
            throw new IOException("no results found for hostname lookup: " + formatHostPort(host, port));
        }
        reorderForRfc6555(targets);
        try {
            try {
                Trio.openNursery(false, nursery -> {
                    for (InetSocketAddress target : targets) {
                        Event failed = new Event();
                        nursery.startSoon("openTcpStream: connect to " + describe(target),
                                () -> attempt(target, failed, nursery));
                        Trio.moveOnAfter(options.happyEyeballsDelay(), failed::await);
                    }
                });
            } catch (IOException | RuntimeException | Error e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException("openTcpStream: unexpected checked exception", e);
            }
            if (winner == null) {
                IOException all = new IOException("all attempts to connect to " + formatHostPort(host, port) + " failed");
                failures.forEach(all::addSuppressed);
                throw all;
            }
            SocketStream stream = JdkSocketStream.wrapConnected(winner);
            openSockets.remove(winner);
            return stream;
        } finally {
            closeAll();
        }
    }

    /** One connection attempt; I/O failures are recorded and let the next attempt start at once. */
    private void attempt(InetSocketAddress target, Event failed, Nursery nursery) {
        try {
            ProtocolFamily family = target.getAddress() instanceof Inet6Address
                    ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET;
            TrioSocket socket;
            try {
                socket = Sockets.socket(family, SocketKind.STREAM);
            } catch (UnsupportedOperationException e) {
                throw (IOException) new SocketException("cannot create a " + family + " socket to connect to "
                        + describe(target) + ": " + e.getMessage()).initCause(e);
            }
            openSockets.add(socket);
            if (options.localAddress() != null) {
                try {
                    SocketAddress local = socket.resolveLocalAddress(options.localAddress(), 0);
                    socket.bind(local);
                } catch (IOException | IllegalArgumentException e) {
                    throw (IOException) new IOException("localAddress=" + options.localAddress()
                            + " is incompatible with remote address " + describe(target) + ": " + e.getMessage())
                            .initCause(e);
                }
            }
            socket.connect(target);
            if (winner == null) {
                winner = socket;
                nursery.cancelScope().cancel("openTcpStream: connected to " + describe(target));
            }
            // a later success (both completed in the same scheduling batch) loses: closed with the rest
        } catch (IOException e) {
            failures.add(e);
            failed.set();
        }
    }

    private void closeAll() {
        RuntimeException first = null;
        for (TrioSocket socket : openSockets) {
            try {
                socket.close();
            } catch (RuntimeException e) {
                if (first == null) {
                    first = e;
                }
            }
        }
        openSockets.clear();
        if (first != null) {
            throw first;
        }
    }

    /**
     * RFC 6555 §5.4: if the first two addresses are of the same family, moves the first address
     * of the other family to the second place, so that the second attempt tries the other family.
     */
    static void reorderForRfc6555(List<InetSocketAddress> targets) {
        if (targets.isEmpty()) {
            return;
        }
        boolean firstIsV6 = targets.get(0).getAddress() instanceof Inet6Address;
        for (int i = 1; i < targets.size(); i++) {
            if ((targets.get(i).getAddress() instanceof Inet6Address) != firstIsV6) {
                targets.add(1, targets.remove(i));
                return;
            }
        }
    }

    /** {@code host:port}, with IPv6 literals in brackets. */
    static String formatHostPort(String host, int port) {
        return (host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host) + ":" + port;
    }

    /** An address as people write it: {@code 1.2.3.4:80} or {@code [::1]:80}. */
    static String describe(InetSocketAddress address) {
        return formatHostPort(address.getAddress().getHostAddress(), address.getPort());
    }
}
