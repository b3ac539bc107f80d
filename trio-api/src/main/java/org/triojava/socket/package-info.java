/**
 * Trio's socket layer ({@code trio.socket}): TCP, UDP and Unix-domain sockets whose blocking
 * operations are checkpoints of the run, name resolution that never blocks the run, and the
 * hooks to replace the system resolver or the socket factory in tests.
 *
 * <p>Start with {@link org.triojava.socket.Sockets} ({@code socket}, {@code socketpair},
 * {@code from_stdlib_socket}, {@code getaddrinfo}, {@code getnameinfo},
 * {@code set_custom_hostname_resolver}, {@code set_custom_socket_factory}) and
 * {@link org.triojava.socket.TrioSocket} (Trio's socket object). The implementation lives in the
 * {@code org.triojava:trio-socket} artifact, found at run time through
 * {@link org.triojava.spi.SocketProvider}. Most programs want the streams of
 * {@link org.triojava.stream} instead.
 *
 * <p>Where this port differs from Trio on purpose: addresses are never resolved implicitly
 * (pass addresses from {@link org.triojava.socket.TrioSocket#resolveLocalAddress} /
 * {@link org.triojava.socket.TrioSocket#resolveRemoteAddress}), there is no {@code send()}, and
 * {@link org.triojava.socket.TrioSocket#sendall(byte[])} reports how much it sent when it fails
 * (see {@link org.triojava.socket.Sockets#partialResult(Throwable)}).
 *
 * <pre>{@code
 * try (TrioSocket socket = Sockets.socket(StandardProtocolFamily.INET, SocketKind.DATAGRAM)) {
 *     socket.bind(socket.resolveLocalAddress("127.0.0.1", 0));
 *     socket.sendto("ping".getBytes(StandardCharsets.UTF_8), socket.getsockname());
 *     Datagram datagram = socket.recvfrom(100);      // a checkpoint: other tasks run meanwhile
 * }
 * }</pre>
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("0.1.0")
package org.triojava.socket;
