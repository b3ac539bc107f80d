package org.triojava.core;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.triojava.BrokenResourceError;
import org.triojava.CancelScope;
import org.triojava.ClosedResourceError;
import org.triojava.EndOfChannel;
import org.triojava.Trio;
import org.triojava.WouldBlock;
import org.triojava.channel.MemoryChannel;
import org.triojava.channel.MemoryChannelStatistics;
import org.triojava.channel.MemoryReceiveChannel;
import org.triojava.channel.MemorySendChannel;
import org.triojava.testing.Testing;

class MemoryChannelTest {

    @Test
    void bufferedChannelDeliversInOrderAndIterationEndsWhenSendersClose() throws Exception {
        List<Integer> got = new ArrayList<>();
        Trio.run(() -> {
            MemoryChannel<Integer> channel = MemoryChannel.open(2);
            Trio.openNursery(n -> {
                n.startSoon(() -> {
                    try (MemorySendChannel<Integer> send = channel.sendChannel()) {
                        for (int i = 0; i < 5; i++) {
                            send.send(i);
                        }
                    }
                });
                try (MemoryReceiveChannel<Integer> receive = channel.receiveChannel()) {
                    for (int value : receive) {
                        got.add(value);
                    }
                }
            });
        });
        assertEquals(List.of(0, 1, 2, 3, 4), got);
    }

    @Test
    void nowaitOperationsFollowTrioOrderOfChecks() throws Exception {
        Trio.run(() -> {
            MemoryChannel<String> channel = MemoryChannel.open(1);
            MemorySendChannel<String> send = channel.sendChannel();
            MemoryReceiveChannel<String> receive = channel.receiveChannel();
            assertThrows(WouldBlock.class, receive::receiveNowait);
            send.sendNowait("a");
            assertThrows(WouldBlock.class, () -> send.sendNowait("b"));
            assertEquals("a", receive.receiveNowait());
            MemorySendChannel<String> clone = send.clone();
            send.close();
            assertThrows(ClosedResourceError.class, () -> send.sendNowait("x"));
            assertThrows(ClosedResourceError.class, send::clone);
            clone.sendNowait("c");
            clone.close();
            assertEquals("c", receive.receiveNowait(), "buffered values are drained before EndOfChannel");
            assertThrows(EndOfChannel.class, receive::receiveNowait);
            receive.close();
            assertThrows(ClosedResourceError.class, receive::receiveNowait);
        });
    }

    @Test
    void rendezvousSendWaitsForAReceiverAndCancelledSendDidNotSend() throws Exception {
        Trio.run(() -> {
            MemoryChannel<String> channel = MemoryChannel.open(0);
            CancelScope scope = Trio.moveOnAfter(0.01, () -> channel.sendChannel().send("lost"));
            assertTrue(scope.cancelledCaught());
            assertThrows(WouldBlock.class, channel.receiveChannel()::receiveNowait, "the cancelled send sent nothing");
            assertEquals(0, channel.sendChannel().statistics().tasksWaitingSend());
        });
    }

    @Test
    void cancelledReceiveConsumedNothing() throws Exception {
        Trio.run(() -> {
            MemoryChannel<String> channel = MemoryChannel.open(1);
            CancelScope scope = new CancelScope();
            Trio.openNursery(n -> {
                n.startSoon(() -> scope.run(() -> channel.receiveChannel().receive()));
                Testing.waitAllTasksBlocked();
                scope.cancel();
            });
            channel.sendChannel().sendNowait("kept");
            assertEquals("kept", channel.receiveChannel().receiveNowait());
        });
    }

    @Test
    void closingHandlesWakesWaitersWithTheRightError() throws Exception {
        List<String> log = new ArrayList<>();
        Trio.run(() -> {
            MemoryChannel<String> channel = MemoryChannel.open(0);
            MemoryReceiveChannel<String> receive = channel.receiveChannel();
            MemorySendChannel<String> send = channel.sendChannel();
            Trio.openNursery(n -> {
                n.startSoon(() -> {
                    try {
                        receive.receive();
                    } catch (ClosedResourceError e) {
                        log.add("receiver: closed");
                    }
                });
                Testing.waitAllTasksBlocked();
                receive.close();
            });
            Trio.openNursery(n -> {
                n.startSoon(() -> {
                    try {
                        send.send("x");
                    } catch (BrokenResourceError e) {
                        log.add("sender: broken");
                    }
                });
            });
            MemoryChannel<String> other = MemoryChannel.open(0);
            Trio.openNursery(n -> {
                n.startSoon(() -> {
                    try {
                        other.receiveChannel().receive();
                    } catch (EndOfChannel e) {
                        log.add("receiver: end of channel");
                    }
                });
                Testing.waitAllTasksBlocked();
                other.sendChannel().close();
            });
        });
        assertEquals(List.of("receiver: closed", "sender: broken", "receiver: end of channel"), log);
    }

    @Test
    void statisticsArePerChannelAndTrackThePeak() throws Exception {
        Trio.run(() -> {
            MemoryChannel<Integer> channel = MemoryChannel.openUnbounded();
            for (int i = 0; i < 3; i++) {
                channel.sendChannel().send(i);
            }
            channel.receiveChannel().receive();
            MemoryChannelStatistics stats = channel.receiveChannel().statistics();
            assertEquals(new MemoryChannelStatistics(2, Double.POSITIVE_INFINITY, 1, 1, 0, 0, 3), stats);
            assertEquals(stats, channel.sendChannel().statistics());
        });
        assertThrows(IllegalArgumentException.class, () -> MemoryChannel.open(-1));
    }

    @Test
    void safeChannelProducerAdvancesOnlyOnRequestAndStopsWhenTheBodyEnds() throws Exception {
        List<String> log = new ArrayList<>();
        Trio.run(() -> {
            List<Integer> firstTwo = MemoryChannel.<Integer, List<Integer>>asSafeChannel(out -> {
                try {
                    for (int i = 0; ; i++) {
                        log.add("produce " + i);
                        out.emit(i);
                    }
                } finally {
                    log.add("producer cleaned up");
                }
            }, channel -> List.of(channel.receive(), channel.receive()));
            assertEquals(List.of(0, 1), firstTwo);
        });
        assertEquals(List.of("produce 0", "produce 1", "producer cleaned up"), log);
    }

    @Test
    void safeChannelErrorsComeOutUnwrapped() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Trio.run(() -> {
            MemoryChannel.<Integer, Integer>asSafeChannel(out -> {
                out.emit(1);
                throw new IllegalStateException("producer failed");
            }, channel -> {
                int sum = 0;
                for (int value : channel) {
                    sum += value;
                }
                return sum;
            });
        }));
        assertEquals("producer failed", e.getMessage());
    }
}
