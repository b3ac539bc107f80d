package org.triojava.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.triojava.ClosedResourceError;
import org.triojava.Nursery;
import org.triojava.TaskStatus;
import org.triojava.Trio;
import org.triojava.internal.Checks;
import org.triojava.socket.Datagram;
import org.triojava.socket.SocketKind;
import org.triojava.socket.Sockets;
import org.triojava.socket.TrioSocket;

/**
 * A bad network for UDP tests: a relay on the loopback interface that forwards datagrams between
 * its clients and one target, losing, duplicating, reordering and delaying them as its
 * {@link Conditions} say, with a seeded random generator and on the run's clock, so that a test on
 * a {@link MockClock} is repeatable (Trio wrote its {@code FakeNet} for the same job in its DTLS
 * tests). Each client gets an upstream socket of its own, so the target sees one address per client.
 *
 * <pre>{@code
 * UdpRelay relay = nursery.start(status -> UdpRelay.serve(serverAddress,
 *         UdpRelay.Conditions.perfect().withLoss(0.3).withSeed(7), status));
 * DtlsChannel channel = endpoint.connect(relay.address(), options);   // through the bad network
 * }</pre>
 *
 * <p>Every datagram draws its fate in arrival order: lost with probability {@code loss}; else sent
 * after {@code delay}, twice with probability {@code duplication}, and with probability
 * {@code reordering} held back until the next datagram in that direction has gone (or
 * {@code delay} more has passed).
 */
public final class UdpRelay {
    private final TrioSocket front;
    private final SocketAddress target;
    private final Map<SocketAddress, TrioSocket> upstream = new HashMap<>();
    private final Nursery nursery;
    private volatile Conditions conditions;
    private final Random random;
    private long forwarded;
    private long dropped;
    private long duplicated;
    private long reordered;

    /**
     * What the network does to each datagram.
     *
     * @param loss the probability that a datagram is lost (0 to 1)
     * @param duplication the probability that a datagram arrives twice
     * @param reordering the probability that a datagram is overtaken by the next one
     * @param delay how long every datagram takes (on the run's clock)
     * @param seed the seed of the random generator that draws the fates
     */
    public record Conditions(double loss, double duplication, double reordering, Duration delay, long seed) {
        /** Checks the values. */
        public Conditions {
            probability(loss, "loss");
            probability(duplication, "duplication");
            probability(reordering, "reordering");
            Checks.seconds(Checks.notNull(delay, "delay"), "delay");
        }

        private static void probability(double p, String name) {
            if (!(p >= 0 && p <= 1)) {
                throw new IllegalArgumentException(name + " must be a probability between 0 and 1, got " + p);
            }
        }

        /** A network that loses, duplicates, reorders and delays nothing (seed 0). */
        public static Conditions perfect() {
            return new Conditions(0, 0, 0, Duration.ZERO, 0);
        }

        /** A copy with {@code probability} of loss. */
        public Conditions withLoss(double probability) {
            return new Conditions(probability, duplication, reordering, delay, seed);
        }

        /** A copy with {@code probability} of duplication. */
        public Conditions withDuplication(double probability) {
            return new Conditions(loss, probability, reordering, delay, seed);
        }

        /** A copy with {@code probability} of reordering. */
        public Conditions withReordering(double probability) {
            return new Conditions(loss, duplication, probability, delay, seed);
        }

        /** A copy with a delay. */
        public Conditions withDelay(Duration latency) {
            return new Conditions(loss, duplication, reordering, latency, seed);
        }

        /** A copy with another seed. */
        public Conditions withSeed(long newSeed) {
            return new Conditions(loss, duplication, reordering, delay, newSeed);
        }
    }

    /**
     * Counts since the relay started.
     *
     * @param forwarded datagrams sent on (a duplicate counts twice)
     * @param dropped datagrams lost on purpose
     * @param duplicated datagrams sent twice
     * @param reordered datagrams held back behind the next one
     */
    public record Statistics(long forwarded, long dropped, long duplicated, long reordered) {
    }

    private UdpRelay(TrioSocket front, SocketAddress target, Nursery nursery, Conditions conditions) {
        this.front = front;
        this.target = target;
        this.nursery = nursery;
        this.conditions = conditions;
        this.random = new Random(conditions.seed());
    }

    /**
     * Relays between clients and {@code target} (an IPv4 loopback address, say a server's) until
     * cancelled; {@code status} gets the relay once it listens. Use it with {@code nursery.start}.
     */
    public static void serve(SocketAddress target, Conditions conditions, TaskStatus<? super UdpRelay> status)
            throws Exception {
        Checks.notNull(target, "target");
        Checks.notNull(conditions, "conditions");
        Checks.notNull(status, "status");
        TrioSocket front = loopbackSocket();
        try (front) { // the upstream sockets close with their loops
            Trio.openNursery(nursery -> {
                UdpRelay relay = new UdpRelay(front, target, nursery, conditions);
                status.started(relay);
                relay.frontLoop();
            });
        }
    }

    private static TrioSocket loopbackSocket() throws IOException {
        TrioSocket socket = Sockets.socket(StandardProtocolFamily.INET, SocketKind.DATAGRAM);
        socket.bind(new InetSocketAddress("127.0.0.1", 0));
        return socket;
    }

    /** The address clients send to. */
    public SocketAddress address() {
        try {
            return front.getsockname();
        } catch (IOException e) {
            throw new IllegalStateException("the relay's socket has no address", e);
        }
    }

    /** Changes what the network does from now on (for instance: lose everything for a while). */
    public void setConditions(Conditions newConditions) {
        conditions = Checks.notNull(newConditions, "newConditions");
    }

    /** What the relay did so far. */
    public Statistics statistics() {
        return new Statistics(forwarded, dropped, duplicated, reordered);
    }

    private void frontLoop() throws IOException {
        Direction toTarget = new Direction();
        while (true) {
            Datagram datagram = front.recvfrom(65536);
            TrioSocket up = upstream.get(datagram.address());
            if (up == null) {
                up = loopbackSocket();
                upstream.put(datagram.address(), up);
                TrioSocket socket = up;
                SocketAddress client = datagram.address();
                nursery.startSoon("UdpRelay back to " + client, () -> backLoop(socket, client));
            }
            toTarget.relay(datagram.data(), up, target);
        }
    }

    private void backLoop(TrioSocket up, SocketAddress client) throws IOException {
        Direction toClient = new Direction();
        try (up) {
            while (true) {
                Datagram datagram = up.recvfrom(65536);
                toClient.relay(datagram.data(), front, client);
            }
        } catch (ClosedResourceError e) {
            // the relay is closing
        }
    }

    /** One direction of one client's traffic: its held-back datagram, if any. */
    private final class Direction {
        private byte[] held;
        private TrioSocket heldVia;
        private SocketAddress heldTo;

        void relay(byte[] data, TrioSocket via, SocketAddress to) {
            Conditions now = conditions;
            if (random.nextDouble() < now.loss()) {
                dropped++;
                return;
            }
            boolean twice = random.nextDouble() < now.duplication();
            boolean holdBack = held == null && random.nextDouble() < now.reordering();
            double delay = now.delay().toNanos() / 1e9;
            if (holdBack) {
                reordered++;
                held = data;
                heldVia = via;
                heldTo = to;
                byte[] mine = data;
                nursery.startSoon(() -> { // sent late if nothing overtakes it soon
                    Trio.sleep(2 * delay);
                    if (held == mine) {
                        releaseHeld();
                    }
                });
                return;
            }
            send(data, via, to, delay, twice);
            if (held != null) {
                releaseHeld(); // the held one arrives after the one that overtook it
            }
        }

        private void releaseHeld() {
            byte[] data = held;
            held = null;
            send(data, heldVia, heldTo, conditions.delay().toNanos() / 1e9, false);
        }

        private void send(byte[] data, TrioSocket via, SocketAddress to, double delay, boolean twice) {
            if (twice) {
                duplicated++;
            }
            int copies = twice ? 2 : 1;
            forwarded += copies;
            nursery.startSoon(() -> {
                if (delay > 0) {
                    Trio.sleep(delay);
                }
                for (int i = 0; i < copies; i++) {
                    try {
                        via.sendto(data, to);
                    } catch (IOException | ClosedResourceError e) {
                        return; // a lost datagram, like any other
                    }
                }
            });
        }
    }

    @Override
    public String toString() {
        return "UdpRelay[" + address() + " -> " + target + ", " + conditions + "]";
    }
}
