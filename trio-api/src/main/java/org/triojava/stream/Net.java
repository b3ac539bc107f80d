package org.triojava.stream;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.triojava.Nursery;
import org.triojava.TaskStatus;
import org.triojava.abc.AsyncResource;
import org.triojava.abc.Listener;
import org.triojava.internal.Backend;
import org.triojava.internal.Checks;
import org.triojava.spi.StreamsProvider;

/**
 * High-level networking (Trio's {@code open_tcp_stream}, {@code open_tcp_listeners},
 * {@code serve_tcp}, {@code serve_listeners}, {@code open_unix_socket} and the TLS variants).
 * Calls that fail in the OS throw {@link IOException} naming the address.
 */
public final class Net {
    /** Trio's backlog for {@code None}: the largest the OS allows, capped at 65535. */
    public static final int MAX_BACKLOG = 0xFFFF;

    private Net() {
    }

    /** {@link #openTcpStream(String, int, TcpConnectOptions)} with the default options. */
    public static SocketStream openTcpStream(String host, int port) throws IOException {
        return openTcpStream(host, port, TcpConnectOptions.defaults());
    }

    /**
     * Connects to {@code host}:{@code port} with happy eyeballs (RFC 8305): resolves the name, then
     * tries the addresses one after another, starting the next attempt when the previous one
     * failed or after {@link TcpConnectOptions#happyEyeballsDelay()}, whichever comes first; the
     * first connection wins and the other attempts are cancelled and closed.
     *
     * @throws IOException when every attempt failed (each attempt's error is suppressed on it),
     *     or the name has no addresses
     */
    public static SocketStream openTcpStream(String host, int port, TcpConnectOptions options) throws IOException {
        Checks.notNull(host, "host");
        checkPort(port);
        return provider().openTcpStream(host, port, Checks.notNull(options, "options"));
    }

    /** {@link #openTcpListeners(int, String, int)} on every interface with the default backlog. */
    public static List<SocketListener> openTcpListeners(int port) throws IOException {
        return openTcpListeners(port, null, 0);
    }

    /** {@link #openTcpListeners(int, String, int)} with the default backlog. */
    public static List<SocketListener> openTcpListeners(int port, String host) throws IOException {
        return openTcpListeners(port, host, 0);
    }

    /**
     * Opens one listener per address {@code host} resolves to (null: every interface, usually
     * {@code 0.0.0.0} and {@code ::}, IPv6 ones set to IPv6-only). Port 0 picks a free port per
     * listener. Address families the OS does not support are skipped.
     *
     * @param backlog the listen backlog (clamped to {@link #MAX_BACKLOG}), or 0 for the default
     */
    public static List<SocketListener> openTcpListeners(int port, String host, int backlog) throws IOException {
        checkPort(port);
        if (backlog < 0) {
            throw new IllegalArgumentException("backlog must be >= 0 (0 = default), not " + backlog);
        }
        return provider().openTcpListeners(port, host, Math.min(backlog, MAX_BACKLOG));
    }

    /** {@link #serveTcp(StreamHandler, int, ServeOptions, TaskStatus)} with the default options. */
    public static void serveTcp(StreamHandler<? super SocketStream> handler, int port,
            TaskStatus<? super List<SocketListener>> status) throws Exception {
        serveTcp(handler, port, ServeOptions.defaults(), status);
    }

    /**
     * Listens on {@code port} ({@link #openTcpListeners(int, String, int)}) and serves every
     * connection in its own task ({@link #serveListeners}) until cancelled. Reports the listeners
     * through {@code status} — use {@code nursery.start(status -> Net.serveTcp(...))} to learn
     * the port when it was 0. Never returns normally.
     */
    public static void serveTcp(StreamHandler<? super SocketStream> handler, int port, ServeOptions options,
            TaskStatus<? super List<SocketListener>> status) throws Exception {
        Checks.notNull(handler, "handler");
        Checks.notNull(options, "options");
        Checks.notNull(status, "status");
        List<SocketListener> listeners = openTcpListeners(port, options.host(), options.backlog());
        serveListeners(handler, listeners, options.handlerNursery(), status);
    }

    /** {@link #serveListeners(StreamHandler, List, Nursery, TaskStatus)} with handlers in the server's own nursery. */
    public static <S extends AsyncResource, L extends Listener<? extends S>> void serveListeners(
            StreamHandler<? super S> handler, List<L> listeners, TaskStatus<? super List<L>> status) throws Exception {
        serveListeners(handler, listeners, null, status);
    }

    /**
     * Accepts on every listener until cancelled, each connection handled by {@code handler} in its
     * own task in {@code handlerNursery} (null: a nursery of the server's own) and closed forcefully
     * afterwards, whether the handler returned or threw. Running out of file descriptors or memory
     * in {@code accept} is logged and retried after 100 ms; any other accept error stops serving.
     * Reports {@code listeners} through {@code status} once accepting; closes them on the way out.
     * Never returns normally.
     */
    public static <S extends AsyncResource, L extends Listener<? extends S>> void serveListeners(
            StreamHandler<? super S> handler, List<L> listeners, Nursery handlerNursery,
            TaskStatus<? super List<L>> status) throws Exception {
        Checks.notNull(handler, "handler");
        Checks.notNull(listeners, "listeners");
        Checks.notNull(status, "status");
        if (listeners.isEmpty()) {
            throw new IllegalArgumentException("serveListeners needs at least one listener");
        }
        provider().serveListeners(handler, List.copyOf(listeners), handlerNursery, status);
    }

    /**
     * Connects a Unix-domain stream socket to {@code path}; the socket is closed on any failure.
     *
     * @throws UnsupportedOperationException if this platform has no Unix-domain sockets
     */
    public static SocketStream openUnixSocket(Path path) throws IOException {
        return provider().openUnixSocket(Checks.notNull(path, "path"));
    }

    /** {@link #openSslOverTcpStream(String, int, SslOptions, TcpConnectOptions)} with verification of {@code host}. */
    public static SslStream openSslOverTcpStream(String host, int port) throws IOException {
        return openSslOverTcpStream(host, port, SslOptions.client(Checks.notNull(host, "host")), TcpConnectOptions.defaults());
    }

    /**
     * {@link #openTcpStream(String, int, TcpConnectOptions)} wrapped in an {@link SslStream} (not
     * yet handshaken). {@code ssl} must be client options; they name the host to verify.
     */
    public static SslStream openSslOverTcpStream(String host, int port, SslOptions ssl, TcpConnectOptions tcp)
            throws IOException {
        Checks.notNull(ssl, "ssl");
        if (ssl.serverSide()) {
            throw new IllegalArgumentException("openSslOverTcpStream needs client options: SslOptions.client(host)");
        }
        SocketStream transport = openTcpStream(host, port, tcp);
        try {
            return SslStream.wrap(transport, ssl);
        } catch (RuntimeException | Error e) {
            AsyncResources.closeForcefully(transport);
            throw e;
        }
    }

    /** {@link #openTcpListeners(int, String, int)}, each wrapped in an {@link SslListener}. */
    public static List<SslListener> openSslOverTcpListeners(int port, String host, int backlog, SslOptions ssl)
            throws IOException {
        Checks.notNull(ssl, "ssl");
        if (!ssl.serverSide()) {
            throw new IllegalArgumentException("openSslOverTcpListeners needs server options: SslOptions.server(context)");
        }
        return openTcpListeners(port, host, backlog).stream().map(l -> SslListener.of(l, ssl)).toList();
    }

    /**
     * Like {@link #serveTcp(StreamHandler, int, ServeOptions, TaskStatus)} with every connection
     * wrapped in an {@link SslStream}; each handshake runs in its connection's task.
     */
    public static void serveSslOverTcp(StreamHandler<? super SslStream> handler, int port, SslOptions ssl,
            ServeOptions options, TaskStatus<? super List<SslListener>> status) throws Exception {
        Checks.notNull(handler, "handler");
        Checks.notNull(options, "options");
        Checks.notNull(status, "status");
        List<SslListener> listeners = openSslOverTcpListeners(port, options.host(), options.backlog(), ssl);
        serveListeners(handler, listeners, options.handlerNursery(), status);
    }

    private static void checkPort(int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be in 0..65535, not " + port);
        }
    }

    private static StreamsProvider provider() {
        return Backend.STREAMS.find(null);
    }
}
