package org.triojava.streams.jdk;

import java.io.IOException;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;
import org.triojava.ClosedResourceError;
import org.triojava.TaskStatus;
import org.triojava.Trio;
import org.triojava.WouldBlock;
import org.triojava.channel.MemoryChannel;
import org.triojava.lowlevel.Lowlevel;
import org.triojava.socket.Datagram;
import org.triojava.socket.SocketKind;
import org.triojava.socket.TrioSocket;
import org.triojava.stream.DtlsChannel;
import org.triojava.stream.DtlsEndpoint;
import org.triojava.stream.DtlsEndpointStatistics;
import org.triojava.stream.SslOptions;
import org.triojava.stream.StreamHandler;
import org.triojava.sync.Lock;

/**
 * A {@link DtlsEndpoint} on a UDP {@link TrioSocket}. A system task (started with the first
 * {@code connect} or {@code serve}) reads the socket and routes each packet: to the association of
 * its source address; or, while serving, a ClientHello goes to a fresh server engine — which
 * answers a missing or stale cookie with a HelloVerifyRequest and is then dropped (no state kept:
 * the cookie is checked by the context's stateless cookie manager), and a valid one with its
 * ServerHello, which makes a new association (replacing an old one from the same address);
 * anything else is dropped.
 */
final class JdkDtlsEndpoint implements DtlsEndpoint {
    /** New associations waiting for serve to start their handlers. */
    private static final int PENDING_ASSOCIATIONS = 64;

    private final TrioSocket socket;
    private final int buffer;
    private final Map<SocketAddress, JdkDtlsChannel> associations = new HashMap<>();
    private final Lock sending = new Lock();
    private boolean receiving;
    /** Packets that reached no association (see {@link DtlsEndpointStatistics}). */
    private long ignored;
    private long helloVerifyRequests;
    private long sendFailures;
    private boolean closed;
    /** While serving: the options of new associations and where they go; else null. */
    private SslOptions serverOptions;
    private MemoryChannel<JdkDtlsChannel> accepted;

    private JdkDtlsEndpoint(TrioSocket socket, int buffer) {
        this.socket = socket;
        this.buffer = buffer;
    }

    static JdkDtlsEndpoint of(TrioSocket socket, int buffer) {
        if (socket.kind() != SocketKind.DATAGRAM || socket.family() == StandardProtocolFamily.UNIX) {
            throw new IllegalArgumentException("DtlsEndpoint needs a UDP socket (INET or INET6, DGRAM), not " + socket);
        }
        if (socket.isClosed()) {
            throw new IllegalArgumentException("DtlsEndpoint needs an open socket; this one is closed: " + socket);
        }
        return new JdkDtlsEndpoint(socket, buffer);
    }

    @Override
    public TrioSocket socket() {
        return socket;
    }

    @Override
    public int incomingPacketsBuffer() {
        return buffer;
    }

    @Override
    public DtlsEndpointStatistics statistics() {
        return new DtlsEndpointStatistics(ignored, helloVerifyRequests, sendFailures, associations.size());
    }

    // ================================================================== client and server

    @Override
    public DtlsChannel connect(SocketAddress address, SslOptions options) {
        java.util.Objects.requireNonNull(address, "address must not be null");
        java.util.Objects.requireNonNull(options, "options must not be null");
        if (options.serverSide()) {
            throw new IllegalArgumentException("connect needs client options (SslOptions.client(host)), not server options");
        }
        requireOpen("connect");
        SSLEngine engine = TlsEngines.create(options, true);
        JdkDtlsChannel channel = new JdkDtlsChannel(this, address, engine, buffer);
        JdkDtlsChannel old = associations.put(address, channel);
        if (old != null) {
            old.replace();
        }
        ensureReceiving();
        Trio.checkpoint();
        return channel;
    }

    @Override
    public void serve(SslOptions options, StreamHandler<DtlsChannel> handler, TaskStatus<? super Void> status)
            throws Exception {
        java.util.Objects.requireNonNull(options, "options must not be null");
        java.util.Objects.requireNonNull(handler, "handler must not be null");
        java.util.Objects.requireNonNull(status, "status must not be null");
        if (!options.serverSide()) {
            throw new IllegalArgumentException("serve needs server options (SslOptions.server(dtlsContext)), not client options");
        }
        TlsEngines.create(options, true); // refuses a TLS context now, not at the first ClientHello
        requireOpen("serve");
        if (serverOptions != null) {
            throw new IllegalStateException("this DtlsEndpoint is already serving; one serve at a time");
        }
        MemoryChannel<JdkDtlsChannel> queue = MemoryChannel.open(PENDING_ASSOCIATIONS);
        serverOptions = options;
        accepted = queue;
        try {
            ensureReceiving();
            Trio.openNursery(nursery -> {
                status.started(null);
                for (JdkDtlsChannel channel : queue.receiveChannel()) {
                    nursery.startSoon("DtlsEndpoint handler for " + channel.peerAddress(), () -> {
                        try (channel) { // as Trio's serve: the association ends with its handler
                            handler.handle(channel);
                        }
                    });
                }
            });
        } finally {
            serverOptions = null;
            accepted = null;
            queue.sendChannel().close();
        }
    }

    // ================================================================== routing

    private void ensureReceiving() {
        if (!receiving) {
            receiving = true;
            Lowlevel.spawnSystemTask("DtlsEndpoint receive loop on " + socket, this::receiveLoop);
        }
    }

    private void receiveLoop() {
        while (true) {
            Datagram packet;
            try {
                packet = socket.recvfrom(65536);
            } catch (ClosedResourceError e) {
                return; // the endpoint was closed
            } catch (IOException e) {
                continue; // an ICMP error reported on the socket: nothing to route
            }
            route(packet.data(), packet.address());
        }
    }

    private void route(byte[] packet, SocketAddress from) {
        if (serverOptions != null && DtlsRecords.isClientHello(packet)) {
            accept(packet, from);
            return;
        }
        JdkDtlsChannel channel = associations.get(from);
        if (channel != null) {
            channel.deliver(packet);
        } else {
            ignored++;
        }
    }

    /**
     * A ClientHello while serving. Without a cookie, a throwaway engine answers it with a
     * HelloVerifyRequest. With one, a fresh engine is primed with the hello the cookie answers
     * ({@link DtlsRecords#withoutCookie}) and then given the real one: a valid cookie gives a
     * ServerHello and a new association, a stale or forged one another HelloVerifyRequest. No
     * state is kept for a hello that does not lead to an association.
     */
    private void accept(byte[] clientHello, SocketAddress from) {
        int cookieLength = DtlsRecords.clientHelloCookieLength(clientHello);
        if (cookieLength < 0) {
            ignored++; // truncated: not worth an engine
            return;
        }
        JdkDtlsChannel existing = associations.get(from);
        if (existing != null && existing.startedBy(clientHello)) {
            existing.resendFlight(); // a retransmission: our answer was lost
            return;
        }
        try {
            SSLEngine engine = TlsEngines.create(serverOptions, true);
            JdkDtlsChannel.limitPackets(engine, JdkDtlsChannel.defaultMtu(from)); // the first flight's records too
            engine.beginHandshake();
            if (cookieLength > 0) {
                byte[] initial = DtlsRecords.withoutCookie(clientHello);
                if (initial == null) {
                    ignored++; // fragmented or malformed (a real client sends its hello in one packet)
                    return;
                }
                firstAnswer(engine, initial); // the engine's own HelloVerifyRequest, with the same cookie: dropped
            }
            List<byte[]> answer = firstAnswer(engine, clientHello);
            if (answer.isEmpty()) {
                ignored++;
                return;
            }
            if (DtlsRecords.firstHandshakeType(answer.get(0)) != DtlsRecords.HANDSHAKE_SERVER_HELLO) {
                helloVerifyRequests++;
                sendQuietly(from, answer); // a HelloVerifyRequest: the engine is dropped
                return;
            }
            JdkDtlsChannel candidate = new JdkDtlsChannel(this, from, engine, buffer);
            candidate.setFirstFlight(answer, clientHello);
            JdkDtlsChannel old = associations.put(from, candidate);
            if (old != null) {
                old.replace();
            }
            try {
                accepted.sendChannel().sendNowait(candidate);
            } catch (WouldBlock e) {
                associations.remove(from, candidate); // too many handshakes waiting: like a lost ClientHello
            }
        } catch (SSLException | RuntimeException e) {
            ignored++; // garbage that looked like a ClientHello: ignored, as Trio ignores it
        }
    }

    /** Feeds a ClientHello to a new server engine and returns what it answers. */
    private static List<byte[]> firstAnswer(SSLEngine engine, byte[] clientHello) throws SSLException {
        ByteBuffer in = ByteBuffer.wrap(clientHello);
        ByteBuffer scratch = ByteBuffer.allocate(engine.getSession().getApplicationBufferSize());
        List<byte[]> out = new ArrayList<>();
        for (int steps = 0; steps < 64; steps++) {
            Runnable task;
            while ((task = engine.getDelegatedTask()) != null) {
                task.run();
            }
            HandshakeStatus status = engine.getHandshakeStatus();
            if (status == HandshakeStatus.NEED_WRAP) {
                ByteBuffer packet = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
                engine.wrap(ByteBuffer.allocate(0), packet);
                packet.flip();
                if (packet.hasRemaining()) {
                    byte[] bytes = new byte[packet.remaining()];
                    packet.get(bytes);
                    out.add(bytes);
                }
            } else if (status == HandshakeStatus.NEED_UNWRAP || status == HandshakeStatus.NEED_UNWRAP_AGAIN) {
                if (!in.hasRemaining() && status == HandshakeStatus.NEED_UNWRAP) {
                    return out;
                }
                scratch.clear();
                engine.unwrap(in, scratch);
            } else {
                return out;
            }
        }
        return out;
    }

    // ================================================================== sending

    /**
     * Sends {@code packets} to {@code peer}, one datagram each, one sender at a time. A datagram
     * the system refuses to send (a local firewall's drop, a full buffer, an unreachable network)
     * counts as lost, as UDP loses datagrams: the handshake retransmits, and data was never
     * promised to arrive. Only a closed socket is an error ({@link ClosedResourceError}).
     */
    void send(SocketAddress peer, List<byte[]> packets) {
        if (packets.isEmpty()) {
            return;
        }
        sending.acquire();
        try {
            for (byte[] packet : packets) {
                try {
                    socket.sendto(packet, peer);
                } catch (IOException e) {
                    sendFailures++;
                }
            }
        } finally {
            sending.release();
        }
    }

    /** Like {@link #send}, where even a closed socket does not matter (a resent flight, an alert, a HelloVerifyRequest). */
    void sendQuietly(SocketAddress peer, List<byte[]> packets) {
        try {
            send(peer, packets);
        } catch (ClosedResourceError e) {
            // nobody is left to care
        }
    }

    /** A channel closed itself: its peer's packets are no longer routed. */
    void forget(JdkDtlsChannel channel) {
        associations.remove(channel.peerAddress(), channel);
    }

    private void requireOpen(String operation) {
        if (closed) {
            throw new ClosedResourceError(operation + ": this DtlsEndpoint was closed");
        }
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            List<JdkDtlsChannel> channels = new ArrayList<>(associations.values());
            associations.clear();
            for (JdkDtlsChannel channel : channels) {
                channel.closeWithoutCheckpoint();
            }
            if (accepted != null) {
                accepted.sendChannel().close();
            }
            socket.close();
        }
        Trio.checkpoint();
    }

    @Override
    public String toString() {
        return "DtlsEndpoint[" + socket + ", " + associations.size() + " associations"
                + (serverOptions != null ? ", serving" : "") + (closed ? ", closed" : "") + "]";
    }
}
