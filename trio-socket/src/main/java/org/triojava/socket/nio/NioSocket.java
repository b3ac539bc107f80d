package org.triojava.socket.nio;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.ProtocolFamily;
import java.net.SocketAddress;
import java.net.SocketOption;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.NetworkChannel;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.triojava.BusyResourceError;
import org.triojava.ClosedResourceError;
import org.triojava.RunFinishedError;
import org.triojava.lowlevel.Lowlevel;
import org.triojava.lowlevel.TrioToken;
import org.triojava.socket.SocketKind;
import org.triojava.socket.Sockets;
import org.triojava.socket.TrioSocket;
import org.triojava.spi.Addresses;

/**
 * What the NIO stream and datagram sockets share: state checks, the claim of a running
 * {@code sendall}, Trio's non-blocking protocol (SK1), address checks and resolution, readiness probing and
 * closing. A socket belongs to one run at a time; its fields are only touched by the task that
 * holds the run's baton, so they need no locks ({@code closed} is volatile because closing may
 * also happen outside any run).
 */
abstract class NioSocket implements TrioSocket {
    static final byte[] EMPTY = new byte[0];
    static final boolean WINDOWS = System.getProperty("os.name", "").startsWith("Windows");

    final ProtocolFamily family;
    /** The run's shared receive/send buffer (see {@link Scratch}). */
    final Scratch.Cache scratch = new Scratch.Cache();
    private volatile boolean closed;
    /** The run whose tasks last waited on this socket; a close from elsewhere goes through it. */
    private volatile TrioToken waitedIn;
    private boolean sending;
    private Selector readinessProbe;

    NioSocket(ProtocolFamily family) {
        this.family = family;
    }

    /** The channel the socket uses now. */
    abstract SelectableChannel channel();

    /** {@link #channel()} as a network channel. */
    final NetworkChannel network() {
        return (NetworkChannel) channel();
    }

    @Override
    public final ProtocolFamily family() {
        return family;
    }

    @Override
    public final boolean isClosed() {
        return closed;
    }

    // ================================================================== state and concurrency

    final void ensureOpen(String operation) {
        if (closed) {
            throw new ClosedResourceError(operation + ": this socket was closed");
        }
    }

    /**
     * Claims the sending direction for a whole {@code sendall}, or throws: its writes and waits
     * must not interleave with another task's. (Single-step operations need no claim: as in Trio,
     * only a second task <em>waiting</em> in the same direction is busy, which the run's
     * readiness wait reports.)
     */
    final void beginSend(String operation) {
        ensureOpen(operation);
        if (sending) {
            throw new BusyResourceError(operation + ": another task is already sending on this socket");
        }
        sending = true;
    }

    final void endSend() {
        sending = false;
    }

    /** Checks a buffer given to a {@code recv...Into} method: not null, and something may be stored in it. */
    static void checkReceiveBuffer(java.nio.ByteBuffer buffer, String operation) {
        Objects.requireNonNull(buffer, "buffer must not be null");
        if (buffer.isReadOnly()) {
            throw new IllegalArgumentException(operation + ": the buffer is read-only; received data cannot be stored"
                    + " in it");
        }
    }

    // ================================================================== Trio's non-blocking protocol

    /** One non-blocking attempt: the result, or null if the OS would block. */
    @FunctionalInterface
    interface Attempt<T> {
        T attempt() throws IOException;
    }

    /**
     * SK1: a cancel point; one attempt; on success (or failure) a schedule point; else wait for
     * readiness and retry, without further checkpoints (the wait was one).
     */
    final <T> T nonblocking(String operation, boolean write, Attempt<T> attempt) throws IOException {
        Lowlevel.checkpointIfCancelled();
        T result;
        try {
            result = attempt.attempt();
        } catch (IOException | RuntimeException e) {
            Lowlevel.cancelShieldedCheckpoint();
            throw Errors.<IOException>sneaky(translate(e, operation));
        }
        if (result != null) {
            Lowlevel.cancelShieldedCheckpoint();
            return result;
        }
        while (true) {
            awaitReady(channel(), write);
            try {
                result = attempt.attempt();
            } catch (IOException | RuntimeException e) {
                throw Errors.<IOException>sneaky(translate(e, operation));
            }
            if (result != null) {
                return result;
            }
        }
    }

    /** Adds the operation and the peer to an exception; see {@link Errors#translate}. */
    final Throwable translate(Throwable e, String operation) {
        if (e instanceof ClosedChannelException && closed) {
            return new ClosedResourceError(operation + ": this socket was closed", e);
        }
        return Errors.translate(e, operation, e instanceof IOException ? operation + peerForMessage() : null);
    }

    /** " (peer ADDRESS)" for messages, else " (local ADDRESS)" for an unconnected socket, or nothing. */
    final String peerForMessage() {
        try {
            SocketAddress peer = remoteAddress();
            if (peer != null) {
                return " (peer " + Errors.describe(peer) + ")";
            }
            SocketAddress local = network().getLocalAddress();
            return local == null ? "" : " (local " + Errors.describe(local) + ")";
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    /** The connected peer, or null. */
    abstract SocketAddress remoteAddress() throws IOException;

    // ================================================================== addresses

    /**
     * Checks an address given to {@code bind}, {@code connect} or {@code sendto}: not null,
     * resolved, of this socket's family.
     */
    final SocketAddress checkAddress(SocketAddress address, String operation, boolean local) {
        Objects.requireNonNull(address, "address must not be null");
        if (family == StandardProtocolFamily.UNIX) {
            if (!(address instanceof UnixDomainSocketAddress)) {
                throw new IllegalArgumentException(operation + ": a Unix-domain socket needs a UnixDomainSocketAddress,"
                        + " not " + address.getClass().getName() + " " + address);
            }
            return address;
        }
        if (!(address instanceof InetSocketAddress inet)) {
            throw new IllegalArgumentException(operation + ": an IP socket needs an InetSocketAddress, not "
                    + address.getClass().getName() + " " + address);
        }
        if (inet.isUnresolved()) {
            throw new IllegalArgumentException(operation + ": the address " + Errors.describe(inet)
                    + " is unresolved, and Trio sockets never resolve names implicitly (that would block the"
                    + " run); get a resolved address from " + (local ? "resolveLocalAddress" : "resolveRemoteAddress")
                    + "(host, port) first");
        }
        if (family == StandardProtocolFamily.INET && inet.getAddress() instanceof Inet6Address) {
            throw new IllegalArgumentException(operation + ": an IPv4 socket cannot use the IPv6 address "
                    + Errors.describe(inet));
        }
        return address;
    }

    @Override
    public final SocketAddress resolveLocalAddress(String host, int port) throws IOException {
        return resolve(host, port, true);
    }

    @Override
    public final SocketAddress resolveRemoteAddress(String host, int port) throws IOException {
        return resolve(host, port, false);
    }

    private SocketAddress resolve(String host, int port, boolean local) throws IOException {
        String operation = local ? "resolveLocalAddress" : "resolveRemoteAddress";
        ensureOpen(operation);
        if (family == StandardProtocolFamily.UNIX) {
            if (host == null || host.isEmpty()) {
                throw new IllegalArgumentException(operation + ": for a Unix-domain socket, host is the socket's"
                        + " path and must not be empty");
            }
            if (port != 0) {
                throw new IllegalArgumentException(operation + ": a Unix-domain address has no port; pass 0, not "
                        + port);
            }
            if (host.charAt(0) == '\0') {
                throw new IllegalArgumentException(operation + ": Linux's abstract Unix-domain names (a leading NUL"
                        + " character) are not supported by Java's Unix-domain channels; use a filesystem path");
            }
            SocketAddress path;
            try {
                path = UnixDomainSocketAddress.of(host);
            } catch (java.nio.file.InvalidPathException e) {
                throw new IllegalArgumentException(operation + ": not a valid path for a Unix-domain socket: "
                        + e.getMessage(), e);
            }
            Lowlevel.checkpointIfCancelled();
            Lowlevel.cancelShieldedCheckpoint();
            return path;
        }
        if (port < 0 || port > 0xFFFF) {
            throw new IllegalArgumentException(operation + ": port out of range: " + port + " (must be 0..65535)");
        }
        if (host == null || host.isEmpty()) {
            SocketAddress special = new InetSocketAddress(local ? Addresses.wildcard(family) : Addresses.loopback(family), port);
            Lowlevel.checkpointIfCancelled();
            Lowlevel.cancelShieldedCheckpoint();
            return special;
        }
        if (host.equals("<broadcast>")) {
            host = "255.255.255.255";
        }
        if (family == StandardProtocolFamily.INET) {
            return Sockets.getaddrinfo(host, port, StandardProtocolFamily.INET).get(0);
        }
        // dual-stack IPv6: an IPv6 address if the name has one, else its first IPv4 address, mapped
        List<InetSocketAddress> all = Sockets.getaddrinfo(host, port, null);
        for (InetSocketAddress candidate : all) {
            if (candidate.getAddress() instanceof Inet6Address) {
                return candidate;
            }
        }
        return new InetSocketAddress(Addresses.ipv4Mapped((Inet4Address) all.get(0).getAddress()), port);
    }

    /** The local address, or the unbound placeholder (wildcard port 0, or an unnamed Unix address). */
    @Override
    public SocketAddress getsockname() throws IOException {
        ensureOpen("getsockname");
        SocketAddress local;
        try {
            local = network().getLocalAddress();
        } catch (IOException | RuntimeException e) {
            throw Errors.<IOException>sneaky(translate(e, "getsockname"));
        }
        if (local != null) {
            return local;
        }
        return family == StandardProtocolFamily.UNIX ? UnixDomainSocketAddress.of("")
                : new InetSocketAddress(Addresses.wildcard(family), 0);
    }

    @Override
    public SocketAddress getpeername() throws IOException {
        ensureOpen("getpeername");
        SocketAddress peer;
        try {
            peer = remoteAddress();
        } catch (IOException | RuntimeException e) {
            throw Errors.<IOException>sneaky(translate(e, "getpeername"));
        }
        if (peer == null) {
            throw new java.net.SocketException("getpeername: the socket is not connected (ENOTCONN)");
        }
        return peer;
    }

    // ================================================================== options

    @Override
    public <T> void setsockopt(SocketOption<T> option, T value) throws IOException {
        Objects.requireNonNull(option, "option must not be null");
        ensureOpen("setsockopt");
        try {
            network().setOption(option, value);
        } catch (UnsupportedOperationException e) {
            throw unsupported(option, e);
        } catch (IOException | RuntimeException e) {
            throw Errors.<IOException>sneaky(translate(e, "setsockopt " + option.name()));
        }
    }

    @Override
    public <T> T getsockopt(SocketOption<T> option) throws IOException {
        Objects.requireNonNull(option, "option must not be null");
        ensureOpen("getsockopt");
        try {
            return network().getOption(option);
        } catch (UnsupportedOperationException e) {
            throw unsupported(option, e);
        } catch (IOException | RuntimeException e) {
            throw Errors.<IOException>sneaky(translate(e, "getsockopt " + option.name()));
        }
    }

    final UnsupportedOperationException unsupported(SocketOption<?> option, Throwable cause) {
        UnsupportedOperationException e = new UnsupportedOperationException("socket option " + option.name()
                + " is not supported by this " + describeKind() + " (supported: " + supportedOptions() + ")");
        e.initCause(cause);
        return e;
    }

    @Override
    public Set<SocketOption<?>> supportedOptions() {
        ensureOpen("supportedOptions");
        return network().supportedOptions();
    }

    // ================================================================== readiness

    @Override
    public final void waitWritable() {
        ensureOpen("waitWritable");
        awaitReady(channel(), true);
    }

    @Override
    public final boolean isReadable() throws IOException {
        ensureOpen("isReadable");
        SelectableChannel channel = channel();
        Selector probe = readinessProbe;
        if (probe == null) {
            probe = Selector.open();
            readinessProbe = probe;
        }
        try {
            SelectionKey key = channel.keyFor(probe);
            if (key == null) {
                int ops = channel.validOps() & (SelectionKey.OP_READ | SelectionKey.OP_ACCEPT);
                channel.register(probe, ops);
            }
            probe.selectedKeys().clear();
            return probe.selectNow() > 0;
        } catch (IOException | RuntimeException e) {
            throw Errors.<IOException>sneaky(translate(e, "isReadable"));
        } finally {
            probe.selectedKeys().clear();
        }
    }

    /**
     * Waits until {@code channel} is writable ({@code write}) or readable, remembering the run this
     * socket's tasks wait in, so that a close from another thread can wake them there.
     */
    final void awaitReady(SelectableChannel channel, boolean write) {
        waitedIn = Lowlevel.currentTrioToken();
        if (write) {
            Lowlevel.waitWritable(channel);
        } else {
            Lowlevel.waitReadable(channel);
        }
    }

    // ================================================================== closing

    /**
     * Closes the socket (idempotent). Called from another thread than the run its tasks wait in
     * (a watchdog closing an idle connection), the close goes through that run, as a callback:
     * the run wakes the waiting tasks with {@link org.triojava.ClosedResourceError}, then closes the
     * channels. Java's channels wake their blocked threads when closed; a Trio task waits in the
     * run's selector, which a close from outside would not wake. Every operation fails at once
     * either way: the socket counts as closed as soon as this returns.
     */
    @Override
    public final void close() {
        if (closed) {
            return;
        }
        closed = true;
        TrioToken run = waitedIn;
        if (run != null && !(Lowlevel.inTrioRun() && Lowlevel.currentTrioToken() == run)) {
            try {
                run.runSyncSoon(this::closeNow);
                return;
            } catch (RunFinishedError finished) {
                // that run is over: nobody waits any more
            }
        }
        closeNow();
    }

    private void closeNow() {
        closeChannels();
        Selector probe = readinessProbe;
        readinessProbe = null;
        if (probe != null) {
            try {
                probe.close();
            } catch (IOException e) {
                // nothing left to release
            }
        }
    }

    /** Wakes the run's waiters on {@code channel} (when called from inside a run) and closes it. */
    static void close(SelectableChannel channel) {
        if (channel == null) {
            return;
        }
        if (Lowlevel.inTrioRun()) {
            Lowlevel.notifyClosing(channel);
        }
        try {
            channel.close();
        } catch (IOException e) {
            // a close that fails still releases the descriptor
        }
    }

    /** Closes every channel of the socket. */
    abstract void closeChannels();

    /** "stream socket", "listening socket" or "datagram socket", for messages. */
    abstract String describeKind();

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder("TrioSocket[").append(family).append(' ').append(kind());
        if (closed) {
            return text.append(", closed]").toString();
        }
        try {
            SocketAddress local = network().getLocalAddress();
            if (local != null) {
                text.append(", local ").append(Errors.describe(local));
            }
            SocketAddress peer = remoteAddress();
            if (peer != null) {
                text.append(", peer ").append(Errors.describe(peer));
            }
        } catch (IOException | RuntimeException e) {
            text.append(", ").append(e);
        }
        return text.append(']').toString();
    }

    @Override
    public abstract SocketKind kind();
}
