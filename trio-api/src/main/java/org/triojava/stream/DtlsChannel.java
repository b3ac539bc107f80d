package org.triojava.stream;

import java.net.SocketAddress;
import java.time.Duration;
import org.triojava.abc.ReceiveChannel;
import org.triojava.abc.SendChannel;

/**
 * One DTLS association with one peer over a {@link DtlsEndpoint}'s UDP socket (Trio's
 * {@code DTLSChannel}): a channel of whole, encrypted datagrams. Obtained from
 * {@link DtlsEndpoint#connect} or, on the server side, handed to the handler of
 * {@link DtlsEndpoint#serve}.
 *
 * <p>Datagrams stay datagrams: each {@code send} is one UDP packet, each {@code receive} returns
 * one packet's payload, and packets may be lost, duplicated or reordered, as UDP's are (the
 * handshake alone is made reliable, by retransmission). {@code receive} is cancellation-safe:
 * a cancelled call consumed nothing. Several tasks may send or receive at once.
 */
public interface DtlsChannel extends SendChannel<byte[]>, ReceiveChannel<byte[]> {

    /**
     * Performs the handshake (Trio's {@code do_handshake}), retransmitting after 1 second, then
     * after doubled waits up to 60 seconds, on the run's clock. Optional: the first {@code send}
     * or {@code receive} does it too. Idempotent, and safe from several tasks at once.
     *
     * @throws org.triojava.BrokenResourceError if the handshake fails (a certificate the client
     *     does not trust, say: the {@code SSLHandshakeException} is the cause; every later
     *     operation then fails alike), or the peer started a new association from the same
     *     address meanwhile
     */
    void doHandshake();

    /** {@link #doHandshake()} with an initial retransmission timeout (ideally ~1.5 round trips). */
    void doHandshake(Duration initialRetransmitTimeout);

    /** {@link #doHandshake()} with an initial retransmission timeout in seconds. */
    void doHandshake(double initialRetransmitTimeoutSeconds);

    /**
     * Sends {@code datagram}, encrypted, as one UDP packet. A packet the system refuses to send
     * (a local firewall, a full buffer) is lost, as UDP loses packets, and counted in the
     * endpoint's {@link DtlsEndpointStatistics#sendFailures()}.
     *
     * @throws IllegalArgumentException if it is empty or longer than {@link #cleartextMtu()}
     * @throws org.triojava.ClosedResourceError after {@link #close()}
     * @throws org.triojava.BrokenResourceError if the peer replaced this association
     */
    @Override
    void send(byte[] datagram);

    /**
     * Waits for the next datagram from the peer and returns its payload (packets that decrypt
     * to nothing — late handshake packets, duplicates — are skipped).
     *
     * @throws org.triojava.ClosedResourceError after {@link #close()}, also in a task waiting here
     * @throws org.triojava.BrokenResourceError if the peer replaced this association
     */
    @Override
    byte[] receive();

    /**
     * Sets the largest UDP payload this association sends (Trio's {@code set_ciphertext_mtu});
     * the default is a guess from the socket's family (1472 bytes for IPv4, 1452 for IPv6).
     *
     * @throws IllegalArgumentException if it is not between 256 and 65507
     */
    void setCiphertextMtu(int mtu);

    /** The largest datagram {@link #send} takes with the current MTU and cipher (Trio's {@code get_cleartext_mtu}). */
    int cleartextMtu();

    /** The peer's address. */
    SocketAddress peerAddress();

    /** The endpoint this association uses. */
    DtlsEndpoint endpoint();

    /** A snapshot of this association's counters. */
    DtlsChannelStatistics statistics();

    /**
     * Ends this association (idempotent, a checkpoint): tasks in {@code receive} get
     * {@link org.triojava.ClosedResourceError}, and packets from the peer are no longer routed
     * here. No close_notify is sent (as in Trio); the endpoint's socket stays open.
     */
    @Override
    void close();
}
