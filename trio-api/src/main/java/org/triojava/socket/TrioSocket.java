package org.triojava.socket;

import java.io.IOException;
import java.net.ProtocolFamily;
import java.net.SocketAddress;
import java.net.SocketOption;
import java.nio.ByteBuffer;
import java.util.Set;

/**
 * A socket whose blocking operations are checkpoints of the Trio run (Trio's
 * {@code trio.socket.SocketType}). Make one with {@link Sockets#socket}, {@link Sockets#socketpair},
 * {@link Sockets#from} or {@link #accept()}.
 *
 * <h2>Blocking operations</h2>
 * {@link #accept()}, {@link #connect}, the {@code recv...} and {@code send...} methods,
 * {@link #bind}, {@link #waitWritable()} and the {@code resolve...} methods are checkpoints: they
 * may raise {@code Cancelled}, and even when they complete at once they let other tasks run.
 * They follow Trio's protocol: if the task is already cancelled, nothing is received or sent;
 * otherwise the operation is attempted, and only if the OS would block does the task wait for
 * the socket to become ready. They must be called from a task of a {@code Trio.run}.
 *
 * <h2>Concurrency and closing</h2>
 * As in Trio, at most one task may <em>wait</em> to receive (or accept) and one to send (or
 * connect) on a socket at a time: a second one that has to wait gets
 * {@link org.triojava.BusyResourceError}. {@link #sendall} goes further and claims the sending
 * direction for its whole run, so a second {@code sendall} while one is in
 * progress gets {@code BusyResourceError} at once and two sends never interleave. {@link #close()} wakes
 * the tasks blocked on the socket with {@link org.triojava.ClosedResourceError}; every later
 * use also throws {@code ClosedResourceError}.
 *
 * <h2>Addresses</h2>
 * Addresses are {@link java.net.InetSocketAddress}es (IPv4 and IPv6) or
 * {@link java.net.UnixDomainSocketAddress}es. {@link #bind}, {@link #connect} and
 * {@link #sendto} never resolve names: an unresolved {@code InetSocketAddress} is refused with an
 * {@link IllegalArgumentException} that points to {@link #resolveLocalAddress} and
 * {@link #resolveRemoteAddress}, which resolve without blocking the run. (Note that
 * {@code new InetSocketAddress("example.com", 80)} does a blocking DNS lookup in the calling
 * task: use the resolve methods instead.) OS errors are {@link IOException}s whose message
 * names the address.
 *
 * <h2>Defaults</h2>
 * New stream sockets of the IP families (from {@link Sockets#socket}, {@link #accept()} or
 * {@link Sockets#socketpair}) have {@code TCP_NODELAY} on, and {@code SO_REUSEADDR} on except on
 * Windows (where it means something else). IPv6 sockets are dual-stack: Java always creates them
 * with {@code IPV6_V6ONLY} off and cannot change that, so IPv4 peers appear as IPv4 (or
 * IPv4-mapped) addresses. Java cannot set {@code TCP_NOTSENT_LOWAT} (Trio's
 * {@code SocketStream} sets it to 16 KiB where it can): the kernel's default applies, so a
 * socket counts as writable whenever its send buffer has room, however much unsent data it
 * holds. Sockets wrapped with {@link Sockets#from} keep their options.
 *
 * <h2>What is absent on purpose</h2>
 * {@code send} (its partial writes hide behind a friendly name: use {@link #sendall}),
 * {@code setblocking}, {@code settimeout} (use cancel scopes), {@code makefile}, {@code dup},
 * {@code detach} and file descriptors (Java has no portable descriptor API), {@code sendmsg} and
 * {@code recvmsg} (Java has no ancillary data), and flags arguments.
 */
public interface TrioSocket extends AutoCloseable {

    /** The backlog {@link #listen()} uses: Trio's {@code min(SOMAXCONN, 128)}. */
    int DEFAULT_BACKLOG = 128;

    /** The address family: {@code StandardProtocolFamily.INET}, {@code INET6} or {@code UNIX} (Trio's {@code family}). */
    ProtocolFamily family();

    /** Stream or datagram (Trio's {@code type}). */
    SocketKind kind();

    /** Whether {@link #close()} was called (Trio: {@code fileno() == -1}). */
    boolean isClosed();

    /** Whether {@link #shutdown} closed the sending direction (Trio's {@code did_shutdown_SHUT_WR}). */
    boolean didShutdownWrite();

    /**
     * Whether this is a stream socket that {@link #listen} made a listening socket (Trio reads
     * {@code getsockopt(SOL_SOCKET, SO_ACCEPTCONN)}, which Java lacks). Not a checkpoint.
     */
    boolean isListening();

    /**
     * Resolves an address to {@link #bind} this socket to, the way the OS would for this socket
     * (Trio's internal {@code _resolve_address_nocp(local=True)}): a null or empty host means the
     * wildcard address ({@code 0.0.0.0} or {@code ::}), {@code "<broadcast>"} means
     * {@code 255.255.255.255}, IP literals are parsed without a lookup, and names go through
     * {@link Sockets#getaddrinfo(String, int, ProtocolFamily)} (a worker thread, or the custom
     * resolver). On an IPv6 socket an IPv4-only name resolves to its IPv4-mapped IPv6 address.
     * For a Unix-domain socket, {@code host} is the path and {@code port} must be 0.
     * A checkpoint.
     *
     * @throws java.net.UnknownHostException when the name has no address of this socket's family
     * @throws IllegalArgumentException for a port outside 0..65535
     */
    SocketAddress resolveLocalAddress(String host, int port) throws IOException;

    /**
     * Like {@link #resolveLocalAddress}, for {@link #connect} and {@link #sendto}: a null or empty
     * host means the loopback address ({@code 127.0.0.1} or {@code ::1}).
     */
    SocketAddress resolveRemoteAddress(String host, int port) throws IOException;

    /**
     * Binds the socket to a resolved local address (Trio's {@code bind}). A checkpoint; for a
     * Unix-domain path the filesystem work runs in a worker thread.
     *
     * @throws IllegalArgumentException if the address is unresolved (use
     *     {@link #resolveLocalAddress}) or of another family
     * @throws java.net.BindException with the address in its message, if the OS refuses
     */
    void bind(SocketAddress address) throws IOException;

    /**
     * Makes a stream socket listen for connections (Trio's {@code listen}); an unbound socket is
     * bound to an ephemeral port first. Not a checkpoint. Calling it again has no effect (Java
     * cannot change a backlog).
     *
     * @param backlog the queue length of pending connections (the OS may cap it)
     */
    void listen(int backlog) throws IOException;

    /** {@link #listen(int)} with {@link #DEFAULT_BACKLOG}. */
    void listen() throws IOException;

    /**
     * Waits for and accepts a connection on a listening socket (Trio's {@code accept}).
     *
     * @throws IllegalStateException if the socket is not listening
     */
    Accepted accept() throws IOException;

    /**
     * Connects to a resolved address (Trio's {@code connect}): starts the attempt and waits for it
     * to complete. If cancelled, the attempt cannot be taken back, so the socket is
     * <b>closed</b> and {@code Cancelled} is raised: discard the socket. If it fails, the socket
     * stays open with its options (and its local address, if it was bound) and may connect again,
     * as with the OS's sockets. For a datagram socket,
     * sets the default peer and never waits.
     *
     * @throws IllegalArgumentException if the address is unresolved (use
     *     {@link #resolveRemoteAddress}) or of another family
     * @throws java.net.ConnectException with the address in its message, when refused
     */
    void connect(SocketAddress address) throws IOException;

    /**
     * Receives at most {@code maxBytes} bytes (Trio's {@code recv}); waits until some arrive. An
     * empty array means end of stream (the peer shut down or closed) — or {@code maxBytes == 0}.
     * On a datagram socket, receives one datagram (truncated to {@code maxBytes}).
     *
     * @throws IllegalArgumentException if {@code maxBytes} is negative
     */
    byte[] recv(int maxBytes) throws IOException;

    /**
     * Receives into the remaining space of {@code buffer} (Trio's {@code recv_into}), advancing its
     * position; returns the number of bytes stored, 0 at end of stream (or when the buffer has no
     * room).
     */
    int recvInto(ByteBuffer buffer) throws IOException;

    /**
     * Receives one datagram of at most {@code maxBytes} bytes and its sender (Trio's
     * {@code recvfrom}). On a stream socket, receives like {@link #recv(int)} and reports the
     * connected peer (the OS reports no address there).
     */
    Datagram recvfrom(int maxBytes) throws IOException;

    /** Like {@link #recvfrom(int)}, into {@code buffer} (Trio's {@code recvfrom_into}). */
    ReceivedFrom recvfromInto(ByteBuffer buffer) throws IOException;

    /**
     * Sends all of {@code data}, waiting as often as needed until the OS has taken every byte
     * (Trio's early {@code sendall}; latest Trio has only {@code send}). On a connected datagram
     * socket, sends it as one datagram.
     *
     * <p>Every exception it throws — an {@code IOException}, {@code ClosedResourceError},
     * {@code BusyResourceError} or {@code Cancelled} — carries how many bytes were sent before
     * it: read it with {@link Sockets#partialResult(Throwable)}. After a partial send the
     * stream's framing is usually lost; the sane reaction is to close the socket.
     */
    void sendall(byte[] data) throws IOException;

    /**
     * Like {@link #sendall(byte[])} for the remaining bytes of {@code data}; its position advances
     * by the bytes sent, also when it fails part-way.
     */
    void sendall(ByteBuffer data) throws IOException;

    /**
     * Sends {@code data} as one datagram to a resolved address (Trio's {@code sendto}); waits
     * while the OS has no room for it. Returns the number of bytes sent (all of them).
     *
     * @throws IllegalArgumentException if the address is unresolved (use
     *     {@link #resolveRemoteAddress}) or of another family
     * @throws IllegalStateException on a stream socket (use {@link #sendall})
     */
    int sendto(byte[] data, SocketAddress address) throws IOException;

    /** Like {@link #sendto(byte[], SocketAddress)} for the remaining bytes of {@code data}. */
    int sendto(ByteBuffer data, SocketAddress address) throws IOException;

    /**
     * Shuts down one or both directions of a connected stream socket (Trio's {@code shutdown});
     * not a checkpoint.
     *
     * @throws IllegalStateException if the socket is not a connected stream socket
     */
    void shutdown(ShutdownHow how) throws IOException;

    /**
     * The local address (Trio's {@code getsockname}); for an unbound IP socket, the wildcard
     * address with port 0.
     */
    SocketAddress getsockname() throws IOException;

    /**
     * The peer's address (Trio's {@code getpeername}).
     *
     * @throws java.net.SocketException if the socket is not connected
     */
    SocketAddress getpeername() throws IOException;

    /**
     * Sets a socket option (Trio's {@code setsockopt}): the {@link java.net.StandardSocketOptions}
     * and {@code jdk.net.ExtendedSocketOptions} that Java supports for this kind of socket, see
     * {@link #supportedOptions()}. Options set on a stream socket before {@link #listen} are
     * also applied to the sockets it accepts, as the OS would pass them on.
     *
     * @throws UnsupportedOperationException if this socket does not support the option
     */
    <T> void setsockopt(SocketOption<T> option, T value) throws IOException;

    /** Reads a socket option (Trio's {@code getsockopt}). */
    <T> T getsockopt(SocketOption<T> option) throws IOException;

    /** The options {@link #setsockopt} and {@link #getsockopt} accept for this socket now. */
    Set<SocketOption<?>> supportedOptions();

    /**
     * Waits until the socket is writable (Trio's {@code wait_writable}); a checkpoint.
     */
    void waitWritable();

    /**
     * Whether a receive (or accept) would not block right now: data, end of stream or an error
     * is waiting (Trio's {@code is_readable}). Not a checkpoint.
     */
    boolean isReadable() throws IOException;

    /**
     * Closes the socket (Trio's {@code close}): tasks blocked on it get
     * {@link org.triojava.ClosedResourceError}. Idempotent; not a checkpoint.
     */
    @Override
    void close();
}
