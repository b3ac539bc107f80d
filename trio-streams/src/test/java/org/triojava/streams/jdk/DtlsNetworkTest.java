package org.triojava.streams.jdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.triojava.streams.jdk.DtlsTest.bytes;
import static org.triojava.streams.jdk.DtlsTest.clientOptions;
import static org.triojava.streams.jdk.DtlsTest.echoServer;
import static org.triojava.streams.jdk.DtlsTest.text;
import static org.triojava.streams.jdk.DtlsTest.udp;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.triojava.CancelScope;
import org.triojava.RunOptions;
import org.triojava.Trio;
import org.triojava.stream.DtlsChannel;
import org.triojava.stream.DtlsEndpoint;
import org.triojava.testing.MockClock;
import org.triojava.testing.UdpRelay;

/**
 * DTLS over a bad network ({@link UdpRelay}: loss, duplication, reordering, delay) on an
 * autojumping mock clock: the handshake's retransmissions happen at exact times, and data gets
 * through what UDP lets through.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class DtlsNetworkTest {
    private static RunOptions autojump() {
        return RunOptions.defaults().withClock(new MockClock(0, 0));
    }

    @Test
    void theHandshakeIsRetransmittedAfterOneThenTwoThenFourSeconds() throws Exception {
        Trio.run(autojump(), () -> {
            try (DtlsEndpoint server = DtlsEndpoint.of(udp()); DtlsEndpoint client = DtlsEndpoint.of(udp())) {
                Trio.openNursery(nursery -> {
                    UdpRelay relay = nursery.start(status -> UdpRelay.serve(echoServer(nursery, server),
                            UdpRelay.Conditions.perfect().withLoss(1), status));
                    nursery.startSoon(() -> {
                        Trio.sleep(5);
                        relay.setConditions(UdpRelay.Conditions.perfect()); // the network heals at t=5
                    });
                    DtlsChannel channel = client.connect(relay.address(), clientOptions());
                    channel.doHandshake(); // ClientHello at 0, 1, 3 (lost), 7 (through)
                    assertEquals(7.0, Trio.currentTime());
                    assertEquals(3, relay.statistics().dropped());
                    channel.send(bytes("after the storm"));
                    assertEquals("after the storm", text(channel.receive()));
                    nursery.cancelScope().cancel();
                });
            }
        });
    }

    @Test
    void aHandshakeGetsThroughAThirtyPercentLossAndDataWhereItCan() throws Exception {
        for (long seed = 1; seed <= 5; seed++) {
            long s = seed;
            Trio.run(autojump(), () -> {
                try (DtlsEndpoint server = DtlsEndpoint.of(udp()); DtlsEndpoint client = DtlsEndpoint.of(udp())) {
                    Trio.openNursery(nursery -> {
                        UdpRelay relay = nursery.start(status -> UdpRelay.serve(echoServer(nursery, server),
                                UdpRelay.Conditions.perfect().withLoss(0.3).withDelay(Duration.ofMillis(20))
                                        .withSeed(s), status));
                        DtlsChannel channel = client.connect(relay.address(), clientOptions());
                        channel.doHandshake(0.1);
                        int echoed = 0;
                        for (int i = 0; i < 20; i++) {
                            channel.send(bytes("datagram " + i));
                            CancelScope wait = Trio.moveOnAfter(1, () -> channel.receive());
                            echoed += wait.cancelledCaught() ? 0 : 1;
                        }
                        // each echo needs two crossings of a 30% lossy network: about half get back
                        assertTrue(echoed > 2 && echoed < 20, "echoed " + echoed + " of 20 (seed " + s + ")");
                        assertTrue(relay.statistics().dropped() > 0);
                        nursery.cancelScope().cancel();
                    });
                }
            });
        }
    }

    @Test
    void duplicatedAndReorderedPacketsNeitherBreakTheHandshakeNorRepeatData() throws Exception {
        Trio.run(autojump(), () -> {
            try (DtlsEndpoint server = DtlsEndpoint.of(udp()); DtlsEndpoint client = DtlsEndpoint.of(udp())) {
                Trio.openNursery(nursery -> {
                    UdpRelay relay = nursery.start(status -> UdpRelay.serve(echoServer(nursery, server),
                            UdpRelay.Conditions.perfect().withDuplication(0.5).withReordering(0.3)
                                    .withDelay(Duration.ofMillis(5)).withSeed(11), status));
                    DtlsChannel channel = client.connect(relay.address(), clientOptions());
                    channel.doHandshake();
                    for (int i = 0; i < 10; i++) {
                        channel.send(bytes("n" + i));
                    }
                    Set<String> received = new HashSet<>();
                    int copies = 0;
                    CancelScope drain = Trio.moveOnAfter(1, () -> {
                        while (true) {
                            received.add(text(channel.receive()));
                        }
                    });
                    assertTrue(drain.cancelledCaught());
                    assertEquals(10, received.size(), received::toString); // every one, none twice in the set
                    assertTrue(relay.statistics().duplicated() > 0 && relay.statistics().reordered() > 0);
                    assertEquals(0, copies);
                    nursery.cancelScope().cancel();
                });
            }
        });
    }
}
