package org.triojava.socket.nio;

import java.io.IOException;
import java.net.BindException;
import java.net.ProtocolFamily;
import java.net.SocketAddress;
import java.net.SocketOption;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectableChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.triojava.Cancelled;
import org.triojava.Trio;
import org.triojava.lowlevel.Lowlevel;
import org.triojava.socket.Accepted;
import org.triojava.socket.Datagram;
import org.triojava.socket.ReceivedFrom;
import org.triojava.socket.ShutdownHow;
import org.triojava.socket.SocketKind;
import org.triojava.socket.Sockets;
import org.triojava.thread.ToThread;

/**
 * A TCP or Unix-domain stream socket. Java splits what the OS calls one socket into a
 * {@link SocketChannel} (bind, connect, send, receive) and a {@link ServerSocketChannel}
 * (listen, accept), so the socket starts as a {@code SocketChannel} and {@link #listen} moves it
 * to a {@code ServerSocketChannel} bound to the same address. For IP sockets the new channel is
 * bound while the old one still holds the port (both have {@code SO_REUSEADDR} and neither
 * listens, which Linux allows), so no other process can take the port in between; elsewhere the
 * old channel is closed first. A Unix-domain socket's path is unlinked and bound again.
 */
final class StreamSocket extends NioSocket {
    private static final Map<ProtocolFamily, Set<SocketOption<?>>> CONNECTION_OPTIONS = new ConcurrentHashMap<>();

    /** The connection side; null once listening. */
    private SocketChannel channel;
    /** The listening side; null until {@link #listen}. */
    private ServerSocketChannel server;
    /** Options the user set before listening; the listener and the sockets it accepts get them too. */
    private Map<SocketOption<?>, Object> explicitOptions;
    private boolean didShutdownWrite;

    StreamSocket(ProtocolFamily family, SocketChannel channel) {
        super(family);
        this.channel = channel;
    }

    StreamSocket(ProtocolFamily family, ServerSocketChannel server) {
        super(family);
        this.server = server;
    }

    /** Trio's modern defaults for a new IP stream socket: no Nagle delay, and address reuse outside Windows. */
    static void applyDefaults(ProtocolFamily family, SocketChannel channel) throws IOException {
        if (family != StandardProtocolFamily.UNIX) {
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            if (!WINDOWS) {
                channel.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            }
        }
    }

    @Override
    SelectableChannel channel() {
        return server != null ? server : channel;
    }

    @Override
    public SocketKind kind() {
        return SocketKind.STREAM;
    }

    @Override
    public boolean didShutdownWrite() {
        return didShutdownWrite;
    }

    @Override
    public boolean isListening() {
        return server != null;
    }

    @Override
    SocketAddress remoteAddress() throws IOException {
        return channel == null ? null : channel.getRemoteAddress();
    }

    @Override
    String describeKind() {
        return server != null ? "listening socket" : "stream socket";
    }

    // ================================================================== bind, listen, accept, connect

    @Override
    public void bind(SocketAddress address) throws IOException {
        ensureOpen("bind");
        checkAddress(address, "bind", true);
        String context = "bind to " + Errors.describe(address);
        if (server != null) {
            if (server.getLocalAddress() != null) {
                throw new IllegalStateException("bind: the socket is already bound to "
                        + Errors.describe(server.getLocalAddress()) + " and listening");
            }
            Trio.checkpoint();
            try {
                // Java binds and listens in one step
                server.bind(address, DEFAULT_BACKLOG);
            } catch (IOException | RuntimeException e) {
                throw Errors.<IOException>sneaky(Errors.translate(e, "bind", context));
            }
            return;
        }
        SocketChannel target = channel;
        try {
            if (family == StandardProtocolFamily.UNIX) {
                // the filesystem work of a Unix-domain bind may block: a worker thread does it
                ToThread.runSync(() -> target.bind(address));
            } else {
                Trio.checkpoint();
                target.bind(address);
            }
        } catch (Exception e) {
            throw Errors.<IOException>sneaky(Errors.translate(e, "bind", context));
        }
    }

    @Override
    public void listen() throws IOException {
        listen(DEFAULT_BACKLOG);
    }

    @Override
    public void listen(int backlog) throws IOException {
        ensureOpen("listen");
        if (server != null) {
            if (server.getLocalAddress() == null) {
                bindServer(server, null, backlog);
            }
            return; // Java cannot change the backlog of a listening socket
        }
        if (channel.isConnected() || channel.isConnectionPending()) {
            throw new IllegalStateException("listen: the socket is "
                    + (channel.isConnected() ? "connected" : "connecting") + "; only an unconnected socket can listen");
        }
        SocketChannel old = channel;
        SocketAddress local = old.getLocalAddress();
        ServerSocketChannel listener = ServerSocketChannel.open(family);
        boolean done = false;
        try {
            listener.configureBlocking(false);
            if (family != StandardProtocolFamily.UNIX) {
                listener.setOption(StandardSocketOptions.SO_REUSEADDR, old.getOption(StandardSocketOptions.SO_REUSEADDR));
            }
            if (explicitOptions != null) {
                Set<SocketOption<?>> supported = listener.supportedOptions();
                for (Map.Entry<SocketOption<?>, Object> option : explicitOptions.entrySet()) {
                    if (supported.contains(option.getKey())) {
                        setOption(listener, option.getKey(), option.getValue());
                    }
                }
            }
            if (local instanceof UnixDomainSocketAddress unix && !unix.getPath().toString().isEmpty()) {
                close(old);
                Files.deleteIfExists(unix.getPath());
                bindServer(listener, local, backlog);
            } else if (local != null) {
                try {
                    bindServer(listener, local, backlog);
                } catch (BindException e) {
                    // this platform does not allow two bindings of the address, even unlistened: hand it over
                    close(old);
                    bindServer(listener, local, backlog);
                }
            } else {
                bindServer(listener, null, backlog);
            }
            done = true;
        } finally {
            if (!done) {
                close(listener);
                if (!old.isOpen()) {
                    close(); // the old channel is gone and the new one failed: nothing is left
                }
            }
        }
        close(old);
        channel = null;
        server = listener;
    }

    private static void bindServer(ServerSocketChannel listener, SocketAddress local, int backlog) throws IOException {
        try {
            listener.bind(local, Math.max(1, backlog));
        } catch (IOException e) {
            throw Errors.withContext(e, "listen on " + (local == null ? "an ephemeral port" : Errors.describe(local)));
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> void setOption(java.nio.channels.NetworkChannel target, SocketOption<T> option, Object value)
            throws IOException {
        target.setOption(option, (T) value);
    }

    @Override
    public Accepted accept() throws IOException {
        ensureOpen("accept");
        ServerSocketChannel listener = server;
        if (listener == null) {
            throw new IllegalStateException("accept: the socket is not listening; call listen() first");
        }
        SocketChannel accepted = nonblocking("accept", false, listener::accept);
        StreamSocket socket = new StreamSocket(family, accepted);
        try {
            accepted.configureBlocking(false);
            applyDefaults(family, accepted);
            if (explicitOptions != null) {
                Set<SocketOption<?>> supported = accepted.supportedOptions();
                for (Map.Entry<SocketOption<?>, Object> option : explicitOptions.entrySet()) {
                    if (supported.contains(option.getKey())) {
                        setOption(accepted, option.getKey(), option.getValue());
                    }
                }
            }
            return new Accepted(socket, accepted.getRemoteAddress());
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    @Override
    public void connect(SocketAddress address) throws IOException {
        ensureOpen("connect");
        checkAddress(address, "connect", false);
        if (server != null) {
            throw new IllegalStateException("connect: a listening socket cannot connect");
        }
        SocketChannel target = channel;
        SocketAddress boundBefore = target.getLocalAddress();
        String context = "Error connecting to " + Errors.describe(address);
        try {
            Lowlevel.checkpointIfCancelled();
            boolean connected;
            try {
                connected = target.connect(address);
            } catch (IOException | RuntimeException e) {
                replaceFailedChannel(target, boundBefore);
                Lowlevel.cancelShieldedCheckpoint();
                throw Errors.<IOException>sneaky(Errors.translate(e, "connect", context));
            }
            if (connected) {
                Lowlevel.cancelShieldedCheckpoint();
                return;
            }
            do {
                awaitReady(target, true);
                try {
                    connected = target.finishConnect();
                } catch (IOException | RuntimeException e) {
                    replaceFailedChannel(target, boundBefore);
                    throw Errors.<IOException>sneaky(Errors.translate(e, "connect", context));
                }
            } while (!connected);
        } catch (Cancelled cancelled) {
            // a started connection attempt cannot be taken back: the socket is unusable now
            close();
            throw cancelled;
        }
    }

    /**
     * Java closes a channel whose connection attempt failed, where the OS (and so Trio) keeps the
     * socket open: a fresh channel with the same options, bound where the old one was bound
     * before the attempt, takes its place, so the socket stays open and may connect again. If
     * that fails too, the socket is closed, as Java left it.
     */
    private void replaceFailedChannel(SocketChannel failed, SocketAddress boundBefore) {
        if (isClosed() || failed.isOpen() || channel != failed) {
            return;
        }
        SocketChannel fresh = null;
        try {
            fresh = SocketChannel.open(family);
            fresh.configureBlocking(false);
            applyDefaults(family, fresh);
            if (explicitOptions != null) {
                for (Map.Entry<SocketOption<?>, Object> option : explicitOptions.entrySet()) {
                    setOption(fresh, option.getKey(), option.getValue());
                }
            }
            if (boundBefore instanceof UnixDomainSocketAddress unix && !unix.getPath().toString().isEmpty()) {
                Files.deleteIfExists(unix.getPath()); // our own path: the old channel no longer holds it
            }
            if (boundBefore != null) {
                fresh.bind(boundBefore);
            }
            channel = fresh;
        } catch (IOException | RuntimeException e) {
            close(fresh);
            close();
        }
    }

    // ================================================================== receiving

    private SocketChannel connection(String operation) {
        if (server != null) {
            throw new IllegalStateException(operation + ": a listening socket cannot receive or send; use accept()");
        }
        return channel;
    }

    @Override
    public byte[] recv(int maxBytes) throws IOException {
        if (maxBytes < 0) {
            throw new IllegalArgumentException("recv: maxBytes must not be negative, got " + maxBytes);
        }
        ensureOpen("recv");
        SocketChannel source = connection("recv");
        Lowlevel.checkpointIfCancelled();
        if (maxBytes == 0) {
            Lowlevel.cancelShieldedCheckpoint();
            return EMPTY;
        }
        ByteBuffer buffer = scratch.get(maxBytes);
        int n;
        try {
            n = source.read(buffer);
        } catch (IOException | RuntimeException e) {
            Lowlevel.cancelShieldedCheckpoint();
            throw Errors.<IOException>sneaky(translate(e, "recv"));
        }
        if (n != 0) {
            byte[] data = copy(buffer, n); // before the schedule point: other tasks share the buffer
            Lowlevel.cancelShieldedCheckpoint();
            return data;
        }
        while (true) {
            awaitReady(source, false);
            buffer = scratch.get(maxBytes);
            try {
                n = source.read(buffer);
            } catch (IOException | RuntimeException e) {
                throw Errors.<IOException>sneaky(translate(e, "recv"));
            }
            if (n != 0) {
                return copy(buffer, n);
            }
        }
    }

    private static byte[] copy(ByteBuffer buffer, int n) {
        if (n < 0) {
            return EMPTY;
        }
        byte[] data = new byte[n];
        buffer.flip();
        buffer.get(data);
        return data;
    }

    @Override
    public int recvInto(ByteBuffer buffer) throws IOException {
        checkReceiveBuffer(buffer, "recvInto");
        ensureOpen("recvInto");
        SocketChannel source = connection("recvInto");
        if (!buffer.hasRemaining()) {
            Lowlevel.checkpointIfCancelled();
            Lowlevel.cancelShieldedCheckpoint();
            return 0;
        }
        int n = nonblocking("recvInto", false, () -> {
            int read = source.read(buffer);
            return read == 0 ? null : read;
        });
        return Math.max(n, 0);
    }

    @Override
    public Datagram recvfrom(int maxBytes) throws IOException {
        byte[] data = recv(maxBytes);
        return new Datagram(data, remoteAddressOrNull());
    }

    @Override
    public ReceivedFrom recvfromInto(ByteBuffer buffer) throws IOException {
        int n = recvInto(buffer);
        return new ReceivedFrom(n, remoteAddressOrNull());
    }

    private SocketAddress remoteAddressOrNull() {
        try {
            return remoteAddress();
        } catch (IOException e) {
            return null;
        }
    }

    // ================================================================== sending

    @Override
    public void sendall(byte[] data) throws IOException {
        sendall(data == null ? null : ByteBuffer.wrap(data));
    }

    @Override
    public void sendall(ByteBuffer data) throws IOException {
        long sent = 0;
        boolean claimed = false;
        try {
            Objects.requireNonNull(data, "data must not be null");
            beginSend("sendall");
            claimed = true;
            SocketChannel target = connection("sendall");
            if (didShutdownWrite) {
                throw new java.net.SocketException("sendall: the sending direction was shut down (EPIPE)");
            }
            Lowlevel.checkpointIfCancelled();
            boolean waited = false;
            while (true) {
                int n;
                try {
                    n = write(target, data);
                } catch (IOException | RuntimeException e) {
                    if (!waited) {
                        Lowlevel.cancelShieldedCheckpoint();
                    }
                    throw Errors.<IOException>sneaky(translate(e, "sendall"));
                }
                sent += n;
                if (!data.hasRemaining()) {
                    break;
                }
                awaitReady(target, true);
                waited = true;
            }
            if (!waited) {
                Lowlevel.cancelShieldedCheckpoint();
            }
        } catch (IOException | RuntimeException | Error e) {
            throw Errors.<IOException>sneaky(Sockets.attachPartialResult(e, sent));
        } finally {
            if (claimed) {
                endSend();
            }
        }
    }

    /**
     * One write of {@code data}'s remaining bytes. Heap data goes through the run's scratch
     * buffer, a slice at a time, so a large send to a slow reader never copies the whole rest
     * again on every attempt.
     */
    private int write(SocketChannel target, ByteBuffer data) throws IOException {
        if (data.isDirect() || !data.hasArray() || !data.hasRemaining()) {
            return target.write(data); // direct, or read-only heap data (no accessible array)
        }
        ByteBuffer slice = scratch.get(data.remaining());
        int start = data.position();
        slice.put(data.array(), data.arrayOffset() + start, slice.remaining());
        slice.flip();
        int n = target.write(slice);
        data.position(start + n);
        return n;
    }

    @Override
    public int sendto(byte[] data, SocketAddress address) throws IOException {
        throw new IllegalStateException("sendto is for datagram sockets; use sendall on a stream socket");
    }

    @Override
    public int sendto(ByteBuffer data, SocketAddress address) throws IOException {
        throw new IllegalStateException("sendto is for datagram sockets; use sendall on a stream socket");
    }

    // ================================================================== the rest

    @Override
    public void shutdown(ShutdownHow how) throws IOException {
        Objects.requireNonNull(how, "how must not be null");
        ensureOpen("shutdown");
        SocketChannel target = connection("shutdown");
        try {
            if (how != ShutdownHow.WRITE) {
                target.shutdownInput();
            }
            if (how != ShutdownHow.READ) {
                target.shutdownOutput();
                didShutdownWrite = true;
            }
        } catch (IOException | RuntimeException e) {
            throw Errors.<IOException>sneaky(translate(e, "shutdown"));
        }
    }

    @Override
    public <T> void setsockopt(SocketOption<T> option, T value) throws IOException {
        Objects.requireNonNull(option, "option must not be null");
        ensureOpen("setsockopt");
        if (server != null && !server.supportedOptions().contains(option)
                && connectionOptions(family).contains(option)) {
            // the OS lets a listener hold options for the sockets it accepts; Java's listener cannot
            remember(option, value);
            return;
        }
        super.setsockopt(option, value);
        remember(option, value);
    }

    /** The options a connection socket of {@code family} supports (what a listener may hold for the accepted). */
    private static Set<SocketOption<?>> connectionOptions(ProtocolFamily family) {
        return CONNECTION_OPTIONS.computeIfAbsent(family, f -> {
            try (SocketChannel probe = SocketChannel.open(f)) {
                return probe.supportedOptions();
            } catch (IOException e) {
                return Set.of();
            }
        });
    }

    private void remember(SocketOption<?> option, Object value) {
        if (explicitOptions == null) {
            explicitOptions = new LinkedHashMap<>();
        }
        explicitOptions.put(option, value);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T getsockopt(SocketOption<T> option) throws IOException {
        Objects.requireNonNull(option, "option must not be null");
        ensureOpen("getsockopt");
        if (server != null && !server.supportedOptions().contains(option)
                && explicitOptions != null && explicitOptions.containsKey(option)) {
            return (T) explicitOptions.get(option);
        }
        return super.getsockopt(option);
    }

    @Override
    void closeChannels() {
        close(channel);
        close(server);
    }
}
