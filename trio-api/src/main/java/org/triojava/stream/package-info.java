/**
 * Trio's Stream API made concrete, and high-level networking: the "Networking with streams" and
 * "SSL / TLS support" parts of Trio's I/O chapter. The interfaces ({@code Stream},
 * {@code Listener} and friends) are in {@link org.triojava.abc}; this package holds what
 * implements and uses them. Needs {@code trio-socket} and {@code trio-streams} at run time.
 *
 * <ul>
 *   <li>{@link org.triojava.stream.Net}: {@code open_tcp_stream} (happy eyeballs),
 *       {@code open_tcp_listeners}, {@code serve_tcp}, {@code serve_listeners},
 *       {@code open_unix_socket}, {@code open_ssl_over_tcp_stream},
 *       {@code open_ssl_over_tcp_listeners}, {@code serve_ssl_over_tcp}; their keyword arguments
 *       are {@link org.triojava.stream.TcpConnectOptions} and
 *       {@link org.triojava.stream.ServeOptions}, a connection handler is a
 *       {@link org.triojava.stream.StreamHandler}.</li>
 *   <li>{@link org.triojava.stream.SocketStream}, {@link org.triojava.stream.SocketListener}:
 *       {@code trio.SocketStream}, {@code trio.SocketListener}.</li>
 *   <li>{@link org.triojava.stream.SslStream}, {@link org.triojava.stream.SslListener},
 *       {@link org.triojava.stream.SslOptions}, {@link org.triojava.stream.Unwrapped},
 *       {@link org.triojava.stream.NeedHandshakeError}: {@code trio.SSLStream},
 *       {@code trio.SSLListener}, {@code NeedHandshakeError}, on the JDK's {@code SSLEngine}.</li>
 *   <li>{@link org.triojava.stream.DtlsEndpoint}, {@link org.triojava.stream.DtlsChannel} and their
 *       statistics: {@code trio.DTLSEndpoint}, {@code trio.DTLSChannel}, DTLS 1.2 over UDP on
 *       the JDK's {@code SSLEngine}.</li>
 *   <li>{@link org.triojava.stream.StapledStream}: {@code trio.StapledStream}.</li>
 *   <li>{@link org.triojava.stream.AsyncResources}: {@code trio.aclose_forcefully}.</li>
 * </ul>
 *
 * <pre>{@code
 * // an echo server; nursery.start returns once it listens
 * List<SocketListener> listeners = nursery.start(status -> Net.serveTcp(stream -> {
 *     for (byte[] data : stream) {
 *         stream.sendAll(data);
 *     }
 * }, 0, status));
 * int port = ((InetSocketAddress) listeners.get(0).socket().getsockname()).getPort();
 * try (SocketStream client = Net.openTcpStream("localhost", port)) {
 *     client.sendAll("hello".getBytes(StandardCharsets.UTF_8));
 * }
 * }</pre>
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("0.2.0")
package org.triojava.stream;
