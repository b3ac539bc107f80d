/**
 * Trio's socket layer ({@code trio.socket}): TCP, UDP and Unix-domain sockets whose blocking
 * operations are checkpoints of the run, name resolution that never blocks the run, and the
 * hooks to replace the system resolver or the socket factory in tests.
 *
 * <p>Start with {@link org.triojava.socket.Sockets} (the factories and {@code getaddrinfo}) and
 * {@link org.triojava.socket.TrioSocket} (the operations). The implementation lives in the
 * {@code org.triojava:trio-socket} artifact, found at run time through
 * {@link org.triojava.spi.SocketProvider}.
 *
 * <p>Where this port differs from Trio on purpose: addresses are never resolved implicitly
 * (pass addresses from {@link org.triojava.socket.TrioSocket#resolveLocalAddress} /
 * {@link org.triojava.socket.TrioSocket#resolveRemoteAddress}), there is no {@code send()}, and
 * {@link org.triojava.socket.TrioSocket#sendall(byte[])} reports how much it sent when it fails
 * (see {@link org.triojava.socket.Sockets#partialResult(Throwable)}).
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("0.1.0")
package org.triojava.socket;
