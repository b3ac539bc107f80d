package org.triojava.streams.jdk;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import org.triojava.BrokenResourceError;
import org.triojava.CancelScope;
import org.triojava.ClosedResourceError;
import org.triojava.EndOfChannel;
import org.triojava.Trio;
import org.triojava.WouldBlock;
import org.triojava.channel.MemoryChannel;
import org.triojava.stream.DtlsChannel;
import org.triojava.stream.DtlsChannelStatistics;
import org.triojava.stream.DtlsEndpoint;
import org.triojava.sync.Lock;

/**
 * A {@link DtlsChannel} on a DTLS {@link SSLEngine}. The engine's own retransmission is off: the
 * handshake driver keeps the last flight it sent and sends it again when no answer came within
 * the retransmission timeout (1 s, doubling up to 60 s, on the run's clock), as Trio does, and a
 * finished side resends its final flight when the peer's handshake packets show that it was lost.
 */
final class JdkDtlsChannel implements DtlsChannel {
    private static final double MAX_RETRANSMIT_TIMEOUT = 60;
    private static final int MIN_MTU = 256;
    private static final int MAX_MTU = 65507;

    private final JdkDtlsEndpoint endpoint;
    private final SocketAddress peer;
    private final SSLEngine engine;
    private final MemoryChannel<byte[]> incoming;
    private final Lock handshakeLock = new Lock();
    private final ByteBuffer plaintext;
    private boolean handshakeDone;
    private boolean replaced;
    /** Why the handshake failed (the engine is closed: every later operation fails alike), or null. */
    private String brokenBy;
    private boolean closed;
    private long dropped;
    /** A server's first flight, made when the endpoint accepted the peer's ClientHello; sent by the handshake. */
    private List<byte[]> firstFlight;
    /** The handshake message of the ClientHello that started a server-side association. */
    private byte[] startedBy;
    /** The flight the handshake sent last, while it lasts. */
    private List<byte[]> currentFlight = List.of();
    /** What this side sent last in the handshake: sent again if the peer shows it lost it. */
    private List<byte[]> finalFlight = List.of();
    private int mtu;

    JdkDtlsChannel(JdkDtlsEndpoint endpoint, SocketAddress peer, SSLEngine engine, int buffer) {
        this.endpoint = endpoint;
        this.peer = peer;
        this.engine = engine;
        this.incoming = MemoryChannel.open(buffer);
        setMtu(defaultMtu(peer));
        this.plaintext = ByteBuffer.allocate(Math.max(engine.getSession().getApplicationBufferSize(), MAX_MTU));
    }

    /** Trio's {@code best_guess_mtu}: an Ethernet frame minus the IP and UDP headers. */
    static int defaultMtu(SocketAddress peer) {
        boolean v6 = peer instanceof InetSocketAddress inet && inet.getAddress() instanceof java.net.Inet6Address;
        return 1500 - (v6 ? 40 : 20) - 8;
    }

    // ================================================================== from the endpoint (inside the run)

    /**
     * The server side's first flight, already made by the engine that accepted {@code clientHello}
     * (kept to tell the client's retransmissions of it from a new association).
     */
    void setFirstFlight(List<byte[]> flight, byte[] clientHello) {
        firstFlight = pack(flight, mtu);
        startedBy = Arrays.copyOfRange(clientHello, DtlsRecords.RECORD_HEADER, clientHello.length);
    }

    /**
     * Whether {@code clientHello} is this association's own ClientHello again (the same message; a
     * retransmission has a new record number only), not a peer starting over.
     */
    /** The peer sent its ClientHello again: it lost our first flight, which goes out again at once. */
    void resendFlight() {
        endpoint.sendQuietly(peer, handshakeDone ? finalFlight : currentFlight);
    }

    boolean startedBy(byte[] clientHello) {
        return startedBy != null && Arrays.equals(startedBy, 0, startedBy.length,
                clientHello, DtlsRecords.RECORD_HEADER, clientHello.length);
    }

    /** A packet from the peer: queued for the handshake or {@code receive}, or dropped and counted when full. */
    void deliver(byte[] packet) {
        if (handshakeDone && DtlsRecords.isHandshake(packet)) {
            endpoint.sendQuietly(peer, finalFlight); // the peer lost our last flight: it retransmits its own
            return;
        }
        try {
            incoming.sendChannel().sendNowait(packet);
        } catch (WouldBlock | ClosedResourceError | BrokenResourceError e) {
            dropped++; // full, or nobody will read it any more
        }
    }

    /** The peer started over from the same address: this association is dead. */
    void replace() {
        replaced = true;
        incoming.sendChannel().close(); // queued packets may still be read; then BrokenResourceError
    }

    // ================================================================== handshake

    @Override
    public void doHandshake() {
        doHandshake(1.0);
    }

    @Override
    public void doHandshake(Duration initialRetransmitTimeout) {
        java.util.Objects.requireNonNull(initialRetransmitTimeout, "initialRetransmitTimeout must not be null");
        doHandshake(initialRetransmitTimeout.toNanos() / 1e9);
    }

    @Override
    public void doHandshake(double initialRetransmitTimeoutSeconds) {
        double initial = initialRetransmitTimeoutSeconds;
        if (!(initial > 0) || Double.isInfinite(initial)) {
            throw new IllegalArgumentException("initialRetransmitTimeout must be positive and finite, got " + initial);
        }
        requireOpen("doHandshake");
        handshakeLock.acquire();
        try {
            if (!handshakeDone) {
                handshake(initial);
            } else {
                Trio.checkpoint();
            }
        } finally {
            handshakeLock.release();
        }
    }

    private void handshake(double initial) {
        List<byte[]> flight;
        try {
            if (firstFlight != null) {
                flight = firstFlight;
                firstFlight = null;
            } else {
                engine.beginHandshake();
                flight = produce();
            }
        } catch (SSLException e) {
            throw failed(e);
        }
        double timeout = initial;
        int failedSends = 0;
        while (true) {
            checkReplaced();
            currentFlight = flight;
            endpoint.send(peer, flight);
            if (finished()) {
                done(flight);
                return;
            }
            List<byte[]> next = awaitPeerFlight(timeout);
            if (handshakeDone) {
                return;
            }
            if (next != null) {
                flight = next;
                if (failedSends == 0) {
                    timeout = initial; // "retain the timer value until a transmission without loss" (RFC 6347)
                }
                failedSends = 0;
            } else {
                timeout = Math.min(2 * timeout, MAX_RETRANSMIT_TIMEOUT);
                failedSends++;
            }
        }
    }

    /** {@link #awaitPeerFlight()} for at most {@code timeout} seconds: null when the time ran out (or the handshake ended). */
    private List<byte[]> awaitPeerFlight(double timeout) {
        try {
            return CancelScope.withRelativeDeadline(timeout).call(this::awaitPeerFlight);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e); // awaitPeerFlight throws no checked exception
        }
    }

    /**
     * Feeds the peer's packets to the engine until it has something to answer (returned: the new
     * flight, already known to the engine), or the handshake is done (then the final flight is
     * sent and null returned).
     */
    private List<byte[]> awaitPeerFlight() {
        while (true) {
            byte[] packet = nextPacket();
            try {
                unwrap(packet);
                if (finished()) {
                    List<byte[]> last = produce();
                    done(last);
                    endpoint.send(peer, last);
                    return null;
                }
                if (engine.getHandshakeStatus() == HandshakeStatus.NEED_WRAP) {
                    List<byte[]> flight = produce();
                    if (finished()) {
                        done(flight);
                        endpoint.send(peer, flight);
                        return null;
                    }
                    if (!flight.isEmpty()) {
                        return flight;
                    }
                }
            } catch (SSLException e) {
                List<byte[]> alert = new ArrayList<>();
                try {
                    alert = produce(); // the alert the engine wants to send, if any
                } catch (SSLException ignored) {
                    // nothing more to send
                }
                endpoint.sendQuietly(peer, alert);
                throw failed(e);
            }
        }
    }

    private void done(List<byte[]> last) {
        handshakeDone = true;
        finalFlight = last;
    }

    private boolean finished() {
        HandshakeStatus status = engine.getHandshakeStatus();
        return status == HandshakeStatus.NOT_HANDSHAKING || status == HandshakeStatus.FINISHED;
    }

    private BrokenResourceError failed(SSLException e) {
        brokenBy = "DTLS handshake with " + peer + " failed: " + e.getMessage();
        return new BrokenResourceError(brokenBy, e);
    }

    /** The next packet from the peer, or BrokenResourceError once this association was replaced. */
    private byte[] nextPacket() {
        try {
            return incoming.receiveChannel().receive();
        } catch (EndOfChannel e) {
            checkReplaced();
            throw new ClosedResourceError("receive: this DtlsChannel was closed");
        }
    }

    /** Feeds one packet to the engine (and runs the tasks it delegates). */
    private ByteBuffer unwrap(byte[] packet) throws SSLException {
        ByteBuffer in = ByteBuffer.wrap(packet);
        plaintext.clear();
        while (true) {
            SSLEngineResult result = engine.unwrap(in, plaintext);
            runTasks();
            HandshakeStatus status = engine.getHandshakeStatus();
            if (status == HandshakeStatus.NEED_UNWRAP_AGAIN) {
                continue; // records the engine buffered: no input needed
            }
            if (in.hasRemaining() && result.getStatus() == SSLEngineResult.Status.OK
                    && (result.bytesConsumed() > 0 || result.bytesProduced() > 0)) {
                continue; // more records in this datagram
            }
            plaintext.flip();
            return plaintext;
        }
    }

    /**
     * Wraps everything the engine wants to send now, and packs the records into as few datagrams
     * as the MTU allows (as Trio's record encoder does): a flight then arrives whole or not at
     * all, which also spares the JDK's client a flight that lacks its optional NewSessionTicket.
     */
    private List<byte[]> produce() throws SSLException {
        List<byte[]> records = new ArrayList<>();
        ByteBuffer empty = ByteBuffer.allocate(0);
        while (true) {
            runTasks();
            if (engine.getHandshakeStatus() != HandshakeStatus.NEED_WRAP) {
                break;
            }
            ByteBuffer out = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
            SSLEngineResult result = engine.wrap(empty, out);
            out.flip();
            if (out.hasRemaining()) {
                records.add(Arrays.copyOf(out.array(), out.remaining()));
            }
            if (result.getStatus() == SSLEngineResult.Status.CLOSED) {
                break;
            }
        }
        return pack(records, mtu);
    }

    /** Concatenates consecutive records into datagrams of at most {@code mtu} bytes (a bigger record goes alone). */
    static List<byte[]> pack(List<byte[]> records, int mtu) {
        List<byte[]> datagrams = new ArrayList<>();
        java.io.ByteArrayOutputStream current = new java.io.ByteArrayOutputStream();
        for (byte[] record : records) {
            if (current.size() > 0 && current.size() + record.length > mtu) {
                datagrams.add(current.toByteArray());
                current.reset();
            }
            current.writeBytes(record);
        }
        if (current.size() > 0) {
            datagrams.add(current.toByteArray());
        }
        return datagrams;
    }

    private void runTasks() {
        Runnable task;
        while ((task = engine.getDelegatedTask()) != null) {
            task.run();
        }
    }

    // ================================================================== data

    @Override
    public void send(byte[] datagram) {
        java.util.Objects.requireNonNull(datagram, "datagram must not be null");
        requireOpen("send");
        if (datagram.length == 0) {
            throw new IllegalArgumentException("a DTLS datagram cannot be empty");
        }
        if (!handshakeDone) {
            doHandshake();
        }
        checkReplaced();
        int limit = cleartextMtu();
        if (datagram.length > limit) {
            throw new IllegalArgumentException("a datagram of " + datagram.length + " bytes does not fit in one packet"
                    + " of this association (at most " + limit + " bytes; see setCiphertextMtu)");
        }
        ByteBuffer out = ByteBuffer.allocate(engine.getSession().getPacketBufferSize() + datagram.length);
        try {
            engine.wrap(ByteBuffer.wrap(datagram), out);
        } catch (SSLException e) {
            throw new BrokenResourceError("DTLS failed: " + e.getMessage(), e);
        }
        out.flip();
        endpoint.send(peer, List.of(Arrays.copyOf(out.array(), out.remaining())));
    }

    @Override
    public byte[] receive() {
        requireOpen("receive");
        if (!handshakeDone) {
            doHandshake();
        }
        while (true) {
            checkReplaced();
            byte[] packet = nextPacket();
            try {
                ByteBuffer data = unwrap(packet);
                if (data.hasRemaining()) {
                    byte[] payload = new byte[data.remaining()];
                    data.get(payload);
                    return payload;
                }
            } catch (SSLException e) {
                // a packet that does not decrypt (forged, corrupted, from an old epoch): ignored, as UDP loses packets
            }
        }
    }

    // ================================================================== the rest

    @Override
    public void setCiphertextMtu(int mtu) {
        if (mtu < MIN_MTU || mtu > MAX_MTU) {
            throw new IllegalArgumentException("the MTU must be between " + MIN_MTU + " and " + MAX_MTU + ", got " + mtu);
        }
        setMtu(mtu);
    }

    private void setMtu(int bytes) {
        mtu = bytes;
        limitPackets(engine, bytes);
    }

    /** Makes {@code engine} write records that fit in datagrams of {@code bytes} bytes. */
    static void limitPackets(SSLEngine engine, int bytes) {
        SSLParameters parameters = engine.getSSLParameters();
        parameters.setMaximumPacketSize(bytes);
        engine.setSSLParameters(parameters);
    }

    @Override
    public int cleartextMtu() {
        return Math.min(engine.getSession().getApplicationBufferSize(), mtu - DtlsRecords.RECORD_HEADER - 64);
    }

    @Override
    public SocketAddress peerAddress() {
        return peer;
    }

    @Override
    public DtlsEndpoint endpoint() {
        return endpoint;
    }

    @Override
    public DtlsChannelStatistics statistics() {
        return new DtlsChannelStatistics(dropped);
    }

    private void requireOpen(String operation) {
        if (closed) {
            throw new ClosedResourceError(operation + ": this DtlsChannel was closed");
        }
        if (brokenBy != null) {
            throw new BrokenResourceError(operation + ": " + brokenBy);
        }
    }

    private void checkReplaced() {
        if (replaced) {
            throw new BrokenResourceError("the peer " + peer + " tore down this DTLS association to start a new one");
        }
    }

    @Override
    public void close() {
        closeWithoutCheckpoint();
        Trio.checkpoint();
    }

    /** Closes this association (idempotent); for the endpoint, which closes all of them at once. */
    void closeWithoutCheckpoint() {
        if (!closed) {
            closed = true;
            endpoint.forget(this);
            incoming.receiveChannel().close();
        }
    }

    @Override
    public String toString() {
        return "DtlsChannel[" + peer + (handshakeDone ? ", " + engine.getSession().getCipherSuite() : ", handshaking")
                + (closed ? ", closed" : "") + "]";
    }

}
