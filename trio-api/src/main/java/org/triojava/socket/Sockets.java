package org.triojava.socket;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProtocolFamily;
import java.net.StandardProtocolFamily;
import java.net.UnknownHostException;
import java.nio.channels.NetworkChannel;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.WeakHashMap;
import org.triojava.RunVar;
import org.triojava.abc.HostnameResolver;
import org.triojava.abc.SocketFactory;
import org.triojava.internal.Backend;
import org.triojava.internal.Checks;
import org.triojava.internal.Idna;
import org.triojava.lowlevel.Lowlevel;
import org.triojava.spi.Addresses;
import org.triojava.spi.SocketProvider;
import org.triojava.thread.ThreadOptions;
import org.triojava.thread.ToThread;

/**
 * The socket factories and name resolution of Trio's socket layer ({@code trio.socket}'s
 * module-level functions): {@code socket}, {@code socketpair}, {@code from_stdlib_socket},
 * {@code getaddrinfo}, {@code getnameinfo}, {@code set_custom_hostname_resolver} and
 * {@code set_custom_socket_factory}; plus {@link #partialResult(Throwable)}, which reads the
 * partial result of a failed {@link TrioSocket#sendall(byte[])}.
 *
 * <pre>{@code
 * try (TrioSocket listener = Sockets.socket(StandardProtocolFamily.INET, SocketKind.STREAM)) {
 *     listener.bind(listener.resolveLocalAddress("127.0.0.1", 0));
 *     listener.listen();
 *     Accepted accepted = listener.accept();
 *     ...
 * }
 * }</pre>
 *
 * <p>The sockets come from the socket backend (the {@code org.triojava:trio-socket} artifact),
 * found with {@link java.util.ServiceLoader}; the system property {@code org.triojava.socket}
 * selects a backend by name when there are several. The factories work inside and outside
 * {@code Trio.run}; the resolution functions are checkpoints and need a run.
 */
public final class Sockets {
    private static final RunVar<HostnameResolver> RESOLVER = new RunVar<>("trio.socket.hostname-resolver", null);
    private static final RunVar<SocketFactory> FACTORY = new RunVar<>("trio.socket.socket-factory", null);
    /** Partial results of throwables that do not record suppressed exceptions. */
    private static final Map<Throwable, PartialResult> UNSUPPRESSABLE =
            Collections.synchronizedMap(new WeakHashMap<>());

    private Sockets() {
    }

    // ================================================================== factories

    /** A new IPv4 TCP socket (Trio's {@code socket()} with its defaults). */
    public static TrioSocket socket() throws IOException {
        return socket(StandardProtocolFamily.INET, SocketKind.STREAM);
    }

    /** A new stream socket of {@code family}. */
    public static TrioSocket socket(ProtocolFamily family) throws IOException {
        return socket(family, SocketKind.STREAM);
    }

    /**
     * A new socket (Trio's {@code trio.socket.socket(family, type)}), with the modern defaults
     * described in {@link TrioSocket}. Inside a run with a custom factory
     * ({@link #setCustomSocketFactory}) the factory makes it.
     *
     * @param family {@code StandardProtocolFamily.INET}, {@code INET6} or {@code UNIX}
     * @throws UnsupportedOperationException for Unix-domain datagram sockets, which Java does
     *     not support
     */
    public static TrioSocket socket(ProtocolFamily family, SocketKind kind) throws IOException {
        checkFamily(family);
        Checks.notNull(kind, "kind");
        if (Lowlevel.inTrioRun()) {
            SocketFactory factory = FACTORY.get(null);
            if (factory != null) {
                TrioSocket made = factory.socket(family, kind);
                if (made == null) {
                    throw new IllegalStateException("the custom socket factory " + factory + " returned null");
                }
                return made;
            }
        }
        return provider().socket(family, kind);
    }

    /**
     * A pair of connected stream sockets (Trio's {@code socketpair()}): Unix-domain where the
     * platform has them, else TCP over the loopback interface. Not affected by a custom socket
     * factory.
     */
    public static SocketPair socketpair() throws IOException {
        return provider().socketpair(null, SocketKind.STREAM);
    }

    /**
     * A pair of sockets of {@code family} and {@code kind} connected to each other
     * (Trio's {@code socketpair(family, type)}). IP pairs use the loopback interface; a datagram
     * pair is two UDP sockets connected to each other.
     */
    public static SocketPair socketpair(ProtocolFamily family, SocketKind kind) throws IOException {
        checkFamily(family);
        Checks.notNull(kind, "kind");
        return provider().socketpair(family, kind);
    }

    /**
     * Wraps an open {@code SocketChannel}, {@code ServerSocketChannel} or {@code DatagramChannel}
     * as a Trio socket (Trio's {@code from_stdlib_socket}). The channel is put in non-blocking
     * mode and belongs to the Trio socket from now on; its options are not changed. The family
     * is read from the channel's local or remote address; for a channel that is neither bound nor
     * connected it is {@code UNIX} for Unix-domain channels, else Java's default for channels
     * opened without a family ({@code INET6} when IPv6 is available) — use
     * {@link #from(NetworkChannel, ProtocolFamily)} to say it.
     *
     * @throws IllegalArgumentException for any other kind of channel
     * @throws org.triojava.ClosedResourceError if the channel is closed
     */
    public static TrioSocket from(NetworkChannel channel) throws IOException {
        Checks.notNull(channel, "channel");
        return provider().from(channel, null);
    }

    /** Like {@link #from(NetworkChannel)}, for a channel opened with {@code family}. */
    public static TrioSocket from(NetworkChannel channel, ProtocolFamily family) throws IOException {
        Checks.notNull(channel, "channel");
        checkFamily(family);
        return provider().from(channel, family);
    }

    /**
     * Makes {@code factory} create the sockets {@link #socket} returns for the rest of the
     * current run (Trio's {@code set_custom_socket_factory}); null restores the default.
     *
     * @return the previous custom factory, or null
     */
    public static SocketFactory setCustomSocketFactory(SocketFactory factory) {
        SocketFactory previous = FACTORY.get(null);
        FACTORY.set(factory);
        return previous;
    }

    // ================================================================== resolution

    /**
     * Makes {@code resolver} answer all name resolution of the socket layer for the rest of the
     * current run (Trio's {@code set_custom_hostname_resolver}); null restores the system
     * resolver.
     *
     * @return the previous custom resolver, or null
     */
    public static HostnameResolver setCustomHostnameResolver(HostnameResolver resolver) {
        HostnameResolver previous = RESOLVER.get(null);
        RESOLVER.set(resolver);
        return previous;
    }

    /** {@link #getaddrinfo(String, int, ProtocolFamily)} for both IP families. */
    public static List<InetSocketAddress> getaddrinfo(String host, int port) throws IOException {
        return getaddrinfo(host, port, null);
    }

    /**
     * The socket addresses of {@code host} and {@code port}, best first (Trio's
     * {@code getaddrinfo}). A checkpoint. IP literals (IPv4 in every form the C library's
     * {@code inet_aton} reads — {@code 127.0.0.1}, {@code 127.1}, octal {@code 010.0.0.1} = 8.0.0.1,
     * hex {@code 0x7f.0.0.1} — and IPv6 with or without brackets and scope) are parsed at once,
     * without a thread; a null host means the loopback address, while the system resolver knows
     * no empty name. Other names are encoded to ASCII (IDNA 2008 style, so {@code faß.de} stays
     * distinct from {@code fass.de}) and then looked up by the custom resolver, or by the
     * system resolver in a worker thread that a cancellation abandons (so a lookup is
     * cancellable). Every returned address is resolved.
     *
     * @param family {@code StandardProtocolFamily.INET} or {@code INET6} for that family only,
     *     or null for both
     * @throws UnknownHostException when there is no address (of that family)
     * @throws IllegalArgumentException for a port outside 0..65535 or a Unix family
     */
    public static List<InetSocketAddress> getaddrinfo(String host, int port, ProtocolFamily family)
            throws IOException {
        checkPort(port);
        if (family != null && family != StandardProtocolFamily.INET && family != StandardProtocolFamily.INET6) {
            throw new IllegalArgumentException("getaddrinfo resolves IP addresses: family must be"
                    + " StandardProtocolFamily.INET, INET6 or null, not " + family);
        }
        Lowlevel.checkpointIfCancelled();
        List<InetAddress> numeric;
        try {
            numeric = host == null ? List.of(Addresses.loopback(family == null ? StandardProtocolFamily.INET : family))
                    : parseLiteral(host);
            if (numeric != null) {
                numeric = ofFamily(numeric, family, host);
            }
        } catch (RuntimeException | IOException e) {
            Lowlevel.cancelShieldedCheckpoint();
            throw e;
        }
        if (numeric != null) {
            Lowlevel.cancelShieldedCheckpoint();
            return withPort(numeric, port);
        }
        String ascii = Idna.toAscii(host);
        HostnameResolver custom = RESOLVER.get(null);
        List<InetAddress> found;
        if (custom != null) {
            found = custom.getaddrinfo(ascii, family);
            if (found == null || found.isEmpty()) {
                throw new UnknownHostException(host + ": the custom hostname resolver found no address");
            }
        } else {
            HostnameResolver system = provider().defaultResolver();
            found = inThread("getaddrinfo " + ascii, () -> system.getaddrinfo(ascii, family));
        }
        for (InetAddress address : found) {
            if (address == null) {
                throw new IllegalStateException("the hostname resolver returned a null address for " + host);
            }
        }
        return withPort(ofFamily(found, family, host), port);
    }

    /**
     * The host name of {@code address} (Trio's {@code getnameinfo}, host part; Java has no
     * service names, so there is no service part): a reverse lookup by the custom resolver, or
     * by the system resolver in an abandonable worker thread. When the address has no name,
     * its literal form. A checkpoint.
     */
    public static String getnameinfo(InetAddress address) throws IOException {
        Checks.notNull(address, "address");
        Lowlevel.checkpointIfCancelled();
        HostnameResolver custom = RESOLVER.get(null);
        if (custom != null) {
            return custom.getnameinfo(address);
        }
        HostnameResolver system = provider().defaultResolver();
        return inThread("getnameinfo " + address.getHostAddress(), () -> system.getnameinfo(address));
    }

    // ================================================================== partial results

    /**
     * The partial result a failed or cancelled {@link TrioSocket#sendall(byte[])} attached to
     * {@code error}: how many bytes it sent before it stopped. Also found when {@code error}
     * wraps the exception {@code sendall} threw (it is looked for along the cause chain, so a
     * stream layer's {@code BrokenResourceError} still tells).
     *
     * @return empty if no partial result is attached
     */
    public static Optional<PartialResult> partialResult(Throwable error) {
        Checks.notNull(error, "error");
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Throwable t = error; t != null && seen.add(t); t = t.getCause()) {
            Throwable[] suppressed = t.getSuppressed();
            for (int i = suppressed.length - 1; i >= 0; i--) {
                if (suppressed[i] instanceof PartialResultNote note) {
                    return Optional.of(note.result());
                }
            }
            PartialResult kept = UNSUPPRESSABLE.get(t);
            if (kept != null) {
                return Optional.of(kept);
            }
        }
        return Optional.empty();
    }

    /**
     * Records on {@code error} that {@code bytesSent} bytes were sent before it happened, for
     * {@link #partialResult(Throwable)} to find (it shows in stack traces as a suppressed note).
     * For implementations of {@link TrioSocket#sendall} — the NIO backend's, or a fake network's.
     * A later call on the same exception wins.
     *
     * @return {@code error}, for {@code throw Sockets.attachPartialResult(e, sent)}
     */
    public static <T extends Throwable> T attachPartialResult(T error, long bytesSent) {
        Checks.notNull(error, "error");
        PartialResultNote note = new PartialResultNote(new PartialResult(bytesSent));
        error.addSuppressed(note);
        Throwable[] suppressed = error.getSuppressed();
        if (suppressed.length == 0 || suppressed[suppressed.length - 1] != note) {
            UNSUPPRESSABLE.put(error, note.result()); // suppression is disabled on this throwable
        }
        return error;
    }

    // ================================================================== helpers

    private static SocketProvider provider() {
        return Backend.SOCKET.find(null);
    }

    private static void checkFamily(ProtocolFamily family) {
        Checks.notNull(family, "family");
        if (family != StandardProtocolFamily.INET && family != StandardProtocolFamily.INET6
                && family != StandardProtocolFamily.UNIX) {
            throw new IllegalArgumentException("unsupported protocol family " + family.name()
                    + ": use StandardProtocolFamily.INET, INET6 or UNIX");
        }
    }

    private static void checkPort(int port) {
        if (port < 0 || port > 0xFFFF) {
            throw new IllegalArgumentException("port out of range: " + port + " (must be 0..65535)");
        }
    }

    /**
     * The address an IP literal denotes, without any lookup; null if {@code host} is not a
     * literal (then it is a name). IPv4 literals are read as the C library's
     * {@code inet_aton} reads them; an IPv4-mapped IPv6 literal stays an {@link Inet6Address}.
     */
    static List<InetAddress> parseLiteral(String host) throws UnknownHostException {
        if (host.indexOf(':') >= 0) {
            String text = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
            if (text.isEmpty() || text.indexOf(':') < 0) {
                throw new UnknownHostException(host + ": not a valid IPv6 address");
            }
            // a string with ':' is only ever parsed as an IPv6 literal by InetAddress: no lookup
            InetAddress parsed = InetAddress.getByName(text);
            if (parsed instanceof Inet4Address v4) {
                parsed = Addresses.ipv4Mapped(v4);
            }
            return List.of(parsed);
        }
        byte[] bytes = dottedQuad(host);
        return bytes == null ? null : List.of(InetAddress.getByAddress(bytes));
    }

    /**
     * An IPv4 literal in any form the C library's numeric-host parsing ({@code inet_aton})
     * accepts, as Trio's numeric fast path does: one to four parts separated by dots, each
     * decimal, octal (a leading {@code 0}) or hexadecimal ({@code 0x}); the last part fills the
     * remaining bytes ({@code 127.1} is {@code 127.0.0.1}, {@code 010.0.0.1} is {@code 8.0.0.1}).
     * Null if {@code host} is not such a literal.
     */
    private static byte[] dottedQuad(String host) {
        String[] parts = host.split("\\.", -1);
        if (parts.length > 4) {
            return null;
        }
        long[] values = new long[parts.length];
        for (int i = 0; i < parts.length; i++) {
            String part = parts[i];
            int radix = 10;
            int from = 0;
            if (part.length() > 1 && part.charAt(0) == '0' && (part.charAt(1) == 'x' || part.charAt(1) == 'X')) {
                radix = 16;
                from = 2;
            } else if (part.length() > 1 && part.charAt(0) == '0') {
                radix = 8;
                from = 1;
            }
            if (from >= part.length() && radix != 8) {
                return null; // empty, or "0x" without digits
            }
            long value = 0;
            for (int j = from; j < part.length(); j++) {
                char c = part.charAt(j);
                int digit = c < 128 ? Character.digit(c, radix) : -1; // ASCII digits only
                if (digit < 0) {
                    return null;
                }
                value = value * radix + digit;
                if (value > 0xFFFFFFFFL) {
                    return null;
                }
            }
            values[i] = value;
        }
        long address = 0;
        for (int i = 0; i < values.length - 1; i++) {
            if (values[i] > 0xFF) {
                return null;
            }
            address |= values[i] << (24 - 8 * i);
        }
        long last = values[values.length - 1];
        if (last >= 1L << (8 * (5 - values.length))) {
            return null; // the last part must fit in the bytes left
        }
        address |= last;
        return new byte[] {(byte) (address >>> 24), (byte) (address >>> 16), (byte) (address >>> 8), (byte) address};
    }

    private static List<InetAddress> ofFamily(List<InetAddress> addresses, ProtocolFamily family, String host)
            throws UnknownHostException {
        if (family == null) {
            return addresses;
        }
        List<InetAddress> kept = new ArrayList<>(addresses.size());
        for (InetAddress address : addresses) {
            if ((family == StandardProtocolFamily.INET) == (address instanceof Inet4Address)) {
                kept.add(address);
            }
        }
        if (kept.isEmpty()) {
            throw new UnknownHostException(host + ": no " + (family == StandardProtocolFamily.INET ? "IPv4" : "IPv6")
                    + " address (found " + addresses + ")");
        }
        return kept;
    }

    private static List<InetSocketAddress> withPort(List<InetAddress> addresses, int port) {
        List<InetSocketAddress> result = new ArrayList<>(addresses.size());
        for (InetAddress address : addresses) {
            result.add(new InetSocketAddress(address, port));
        }
        return List.copyOf(result);
    }

    /** A blocking lookup in a worker thread that a cancellation abandons. */
    private static <T> T inThread(String name, org.triojava.TrioCallable<T> lookup) throws IOException {
        try {
            return ToThread.runSync(ThreadOptions.defaults().withAbandonOnCancel(true).withName(name), lookup);
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException(name + " failed: " + e, e);
        }
    }
}
