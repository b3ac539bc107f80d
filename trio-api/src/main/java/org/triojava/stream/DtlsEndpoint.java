package org.triojava.stream;

import java.net.SocketAddress;
import org.triojava.TaskStatus;
import org.triojava.abc.AsyncResource;
import org.triojava.internal.Backend;
import org.triojava.internal.Checks;
import org.triojava.socket.TrioSocket;

/**
 * One UDP socket that serves or connects many DTLS 1.2 associations (Trio's
 * {@code DTLSEndpoint}), on the JDK's {@code SSLEngine}. Incoming packets are routed to the
 * association of their source address; each association has a bounded queue
 * ({@link #incomingPacketsBuffer()}), and what does not fit is dropped and counted
 * ({@link DtlsChannel#statistics()}), so a slow reader never blocks the endpoint.
 *
 * <pre>{@code
 * // server
 * try (DtlsEndpoint endpoint = DtlsEndpoint.of(udpSocketBoundTo4433)) {
 *     nursery.start(status -> endpoint.serve(SslOptions.server(dtlsContext), channel -> {
 *         for (byte[] datagram : channel) channel.send(datagram);   // echo
 *     }, status));
 * }
 * // client
 * try (DtlsEndpoint endpoint = DtlsEndpoint.of(Sockets.socket(INET, SocketKind.DATAGRAM))) {
 *     DtlsChannel channel = endpoint.connect(serverAddress, SslOptions.client("example.org"));
 *     channel.send("hello".getBytes());
 * }
 * }</pre>
 *
 * <p>Safe by default, as {@link SslStream}: a client verifies the server's chain and host name. The
 * options' {@code SSLContext} must be a DTLS one ({@code SSLContext.getInstance("DTLS")}); without
 * one a client uses a DTLS context with the JDK's default trust store. A server answers a
 * ClientHello without a valid cookie with a HelloVerifyRequest and keeps no state for it, so a
 * spoofed source address costs it nothing but that answer.
 */
public interface DtlsEndpoint extends AsyncResource {

    /** Trio's default for {@code incoming_packets_buffer}. */
    int DEFAULT_INCOMING_PACKETS_BUFFER = 10;

    /** An endpoint on {@code udpSocket} (which it owns from now on) with the default buffer. */
    static DtlsEndpoint of(TrioSocket udpSocket) {
        return of(udpSocket, DEFAULT_INCOMING_PACKETS_BUFFER);
    }

    /**
     * An endpoint on {@code udpSocket} (a UDP socket, which it owns from now on) whose associations
     * each buffer up to {@code incomingPacketsBuffer} packets.
     *
     * @throws IllegalArgumentException for a socket that is not UDP or is closed, or a buffer below 1
     */
    static DtlsEndpoint of(TrioSocket udpSocket, int incomingPacketsBuffer) {
        Checks.notNull(udpSocket, "udpSocket");
        if (incomingPacketsBuffer < 1) {
            throw new IllegalArgumentException("incomingPacketsBuffer must be at least 1, got " + incomingPacketsBuffer);
        }
        return Backend.STREAMS.find(null).dtlsEndpoint(udpSocket, incomingPacketsBuffer);
    }

    /**
     * Starts an association with the server at {@code address} (a resolved address); the handshake
     * happens in {@link DtlsChannel#doHandshake()} or the first {@code send}/{@code receive}.
     * A checkpoint. A previous association with the same address is replaced (its users get
     * {@link org.triojava.BrokenResourceError}).
     *
     * @throws IllegalArgumentException if {@code options} are server options or carry a TLS (not DTLS) context
     * @throws org.triojava.ClosedResourceError after {@link #close()}
     */
    DtlsChannel connect(SocketAddress address, SslOptions options);

    /**
     * Serves DTLS on this endpoint until cancelled (Trio's {@code serve}): every new association
     * (a ClientHello with a valid cookie) runs {@code handler} in a task of a nursery of this call;
     * the handler's channel is not handshaken yet. A peer that starts over from the same address
     * replaces its old association. {@code status} is told once the endpoint serves. One
     * {@code serve} at a time.
     *
     * @throws IllegalArgumentException unless {@code options} are server options with a DTLS context
     * @throws IllegalStateException if this endpoint is already serving
     */
    void serve(SslOptions options, StreamHandler<DtlsChannel> handler, TaskStatus<? super Void> status) throws Exception;

    /** The UDP socket. */
    TrioSocket socket();

    /** How many incoming packets each association buffers. */
    int incomingPacketsBuffer();

    /** A snapshot of this endpoint's counters. */
    DtlsEndpointStatistics statistics();

    /** Closes the socket and every association (idempotent, a checkpoint). */
    @Override
    void close();
}
