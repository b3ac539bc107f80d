package org.triojava.core;

import static org.junit.jupiter.api.Assertions.*;
import static org.triojava.core.TestSupport.assertCheckpoints;
import static org.triojava.core.TestSupport.assertNoCheckpoints;
import static org.triojava.core.TestSupport.autojumpClock;
import static org.triojava.core.TestSupport.waitAllTasksBlocked;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.triojava.BrokenResourceError;
import org.triojava.CancelScope;
import org.triojava.Cancelled;
import org.triojava.ClosedResourceError;
import org.triojava.EndOfChannel;
import org.triojava.RunOptions;
import org.triojava.Trio;
import org.triojava.WouldBlock;
import org.triojava.channel.MemoryChannel;
import org.triojava.channel.MemoryChannelStatistics;
import org.triojava.channel.MemoryReceiveChannel;
import org.triojava.channel.MemorySendChannel;

/** M1–M8: memory channels (Trio's {@code test_channel.py}, all but the as_safe_channel tests). */
class ChannelTest {
    private static final double INF = Double.POSITIVE_INFINITY;

    private static MemoryChannelStatistics stats(int buffered, double max, int sends, int receives, int waitingSend,
                                                 int waitingReceive, int peak) {
        return new MemoryChannelStatistics(buffered, max, sends, receives, waitingSend, waitingReceive, peak);
    }

    @Test
    void bufferSizeMustBeNonNegative() {
        assertEquals("max buffer size must be >= 0, got -1",
                assertThrows(IllegalArgumentException.class, () -> MemoryChannel.open(-1)).getMessage());
        assertEquals(0.0, MemoryChannel.open(0).sendChannel().statistics().maxBufferSize());
        assertEquals(INF, MemoryChannel.openUnbounded().receiveChannel().statistics().maxBufferSize());
    }

    @Test
    void basicsLikeTriosTestChannel() throws Exception {
        Trio.run(() -> {
            MemoryChannel<Object> channel = MemoryChannel.open(2);
            MemorySendChannel<Object> s = channel.sendChannel();
            MemoryReceiveChannel<Object> r = channel.receiveChannel();
            assertNoCheckpoints(() -> s.sendNowait(1));
            assertCheckpoints(() -> s.send(2));
            assertThrows(WouldBlock.class, () -> s.sendNowait("full"));
            assertCheckpoints(() -> assertEquals(1, r.receive()));
            assertNoCheckpoints(() -> assertEquals(2, r.receiveNowait()));
            assertThrows(WouldBlock.class, r::receiveNowait);

            s.sendNowait("last");
            assertNoCheckpoints(s::close);
            assertTrue(s.isClosed());
            assertThrows(ClosedResourceError.class, () -> s.send("too late"));
            assertThrows(ClosedResourceError.class, () -> s.sendNowait("too late"));
            assertThrows(ClosedResourceError.class, s::clone);
            assertNoCheckpoints(s::close); // idempotent
            assertEquals(0, s.statistics().openSendChannels(), "a second close does not count twice");

            assertEquals("last", r.receiveNowait());
            assertThrows(EndOfChannel.class, r::receive);
            assertThrows(EndOfChannel.class, r::receiveNowait);
            r.close();
            assertThrows(ClosedResourceError.class, r::receive);
            assertThrows(ClosedResourceError.class, r::receiveNowait);
            assertThrows(ClosedResourceError.class, r::clone);
            r.close();
            assertEquals(0, r.statistics().openReceiveChannels());
        });
    }

    @Test
    void nullValuesAreRefused() throws Exception {
        Trio.run(() -> {
            MemoryChannel<Object> channel = MemoryChannel.open(1);
            assertEquals("value must not be null",
                    assertThrows(NullPointerException.class, () -> channel.sendChannel().sendNowait(null)).getMessage());
            assertEquals("value must not be null",
                    assertThrows(NullPointerException.class, () -> channel.sendChannel().send(null)).getMessage());
            assertEquals(0, channel.sendChannel().statistics().currentBufferUsed());
        });
    }

    @Test
    void sendAndReceiveAreCheckpointsEvenWhenTheyCompleteAtOnce() throws Exception {
        Trio.run(() -> {
            MemoryChannel<Integer> channel = MemoryChannel.openUnbounded();
            for (int i = 0; i < 3; i++) {
                int v = i;
                assertCheckpoints(() -> channel.sendChannel().send(v));
            }
            for (int i = 0; i < 3; i++) {
                int v = i;
                assertCheckpoints(() -> assertEquals(v, channel.receiveChannel().receive()));
            }
        });
    }

    @Test
    void aReceiveCancelledByATimeoutLeavesNoTrace() throws Exception {
        // Trio's test_553
        Trio.run(RunOptions.defaults().withClock(autojumpClock()), () -> {
            MemoryChannel<String> channel = MemoryChannel.open(1);
            CancelScope timeout = Trio.moveOnAfter(10, channel.receiveChannel()::receive);
            assertTrue(timeout.cancelledCaught());
            assertEquals(10.0, Trio.currentTime());
            assertEquals(0, channel.receiveChannel().statistics().tasksWaitingReceive());
            channel.sendChannel().send("Test for PR #553");
            assertEquals(1, channel.sendChannel().statistics().currentBufferUsed(),
                    "the value was buffered, not handed to the cancelled receiver");
        });
    }

    @Test
    void multipleProducersWithClonedHandles() throws Exception {
        List<Integer> got = new ArrayList<>();
        Trio.run(() -> {
            MemoryChannel<Integer> channel = MemoryChannel.open(0);
            Trio.openNursery(n -> {
                try (MemorySendChannel<Integer> send = channel.sendChannel()) {
                    for (int i = 0; i < 10; i++) {
                        int id = i;
                        MemorySendChannel<Integer> clone = send.clone();
                        n.startSoon(() -> {
                            try (clone) {
                                for (int j = 3 * id; j < 3 * (id + 1); j++) {
                                    clone.send(j);
                                }
                            }
                        });
                    }
                }
                for (int value : channel.receiveChannel()) {
                    got.add(value);
                }
            });
        });
        assertEquals(30, got.size());
        assertEquals(new TreeSet<>(got).size(), 30);
        for (int id = 0; id < 10; id++) {
            int producer = id;
            List<Integer> mine = got.stream().filter(v -> v / 3 == producer).toList();
            assertEquals(List.of(3 * id, 3 * id + 1, 3 * id + 2), mine, "per-producer order");
        }
    }

    @Test
    void multipleConsumersShareTheWork() throws Exception {
        List<String> received = new ArrayList<>();
        Trio.run(() -> {
            MemoryChannel<Integer> channel = MemoryChannel.open(1);
            Trio.openNursery(n -> {
                try (MemorySendChannel<Integer> send = channel.sendChannel()) {
                    for (int i = 0; i < 5; i++) {
                        int id = i;
                        n.startSoon(() -> {
                            for (int value : channel.receiveChannel()) {
                                received.add(id + ":" + value);
                            }
                        });
                    }
                    waitAllTasksBlocked();
                    for (int i = 0; i < 10; i++) {
                        send.send(i);
                    }
                }
            });
        });
        assertEquals(10, received.size());
        // the five blocked consumers were served oldest first, one value each
        assertEquals(List.of("0:0", "1:1", "2:2", "3:3", "4:4"), received.subList(0, 5));
        assertEquals(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9),
                received.stream().map(s -> Integer.parseInt(s.split(":")[1])).sorted().toList());
    }

    // ------------------------------------------------------------------ M2 / M3: order of checks

    @Test
    void sendNowaitChecksClosedThenBrokenThenWaitingReceiverThenBuffer() throws Exception {
        List<String> log = new ArrayList<>();
        Trio.run(() -> {
            MemoryChannel<String> channel = MemoryChannel.open(1);
            MemorySendChannel<String> s = channel.sendChannel();
            MemorySendChannel<String> closed = s.clone();
            closed.close();
            MemoryReceiveChannel<String> r = channel.receiveChannel();
            Trio.openNursery(n -> {
                for (int i = 0; i < 2; i++) {
                    int id = i;
                    n.startSoon(() -> log.add("receiver " + id + " got " + r.receive()));
                }
                waitAllTasksBlocked();
                s.sendNowait("a"); // straight to the oldest waiting receiver, not into the buffer
                assertEquals(stats(0, 1, 1, 1, 0, 1, 0), s.statistics());
                s.sendNowait("b");
                s.sendNowait("c"); // nobody waits now: buffered
                assertEquals(stats(1, 1, 1, 1, 0, 0, 1), s.statistics());
                assertThrows(WouldBlock.class, () -> s.sendNowait("d"));
            });
            r.close();
            assertThrows(ClosedResourceError.class, () -> closed.sendNowait("x"), "closed wins over broken");
            assertThrows(BrokenResourceError.class, () -> s.sendNowait("x"), "no receive handle left");
            assertThrows(BrokenResourceError.class, () -> s.send("x"));
            assertEquals(0, s.statistics().currentBufferUsed(), "closing the last receive handle discarded the buffer");
        });
        assertEquals(List.of("receiver 0 got a", "receiver 1 got b"), log);
    }

    @Test
    void receiveNowaitTakesABlockedSendersValueAndWakesIt() throws Exception {
        List<String> log = new ArrayList<>();
        Trio.run(() -> {
            MemoryChannel<String> channel = MemoryChannel.open(1);
            MemorySendChannel<String> s = channel.sendChannel();
            MemoryReceiveChannel<String> r = channel.receiveChannel();
            Trio.openNursery(n -> {
                s.sendNowait("a");
                for (String v : List.of("b", "c")) {
                    n.startSoon(() -> {
                        s.send(v);
                        log.add("sent " + v);
                    });
                }
                waitAllTasksBlocked();
                assertEquals(stats(1, 1, 1, 1, 2, 0, 1), s.statistics());
                assertEquals("a", r.receiveNowait(), "the buffer's head");
                assertEquals(stats(1, 1, 1, 1, 1, 0, 1), s.statistics(), "b moved into the buffer");
                assertEquals("b", r.receiveNowait());
                assertEquals("c", r.receiveNowait());
                assertEquals(stats(0, 1, 1, 1, 0, 0, 1), s.statistics());
                assertThrows(WouldBlock.class, r::receiveNowait);
            });
            MemoryChannel<String> rendezvous = MemoryChannel.open(0);
            Trio.openNursery(n -> {
                n.startSoon(() -> {
                    rendezvous.sendChannel().send("direct");
                    log.add("rendezvous sender woken");
                });
                waitAllTasksBlocked();
                assertEquals("direct", rendezvous.receiveChannel().receiveNowait());
                assertEquals(0, rendezvous.sendChannel().statistics().peakBufferUsed(),
                        "passing through never counts as buffered");
            });
        });
        assertEquals(List.of("sent b", "sent c", "rendezvous sender woken"), log);
    }

    @Test
    void receiveChecksClosedFirstAndDrainsTheBufferBeforeEndOfChannel() throws Exception {
        Trio.run(() -> {
            MemoryChannel<Integer> channel = MemoryChannel.open(5);
            MemoryReceiveChannel<Integer> r = channel.receiveChannel();
            MemoryReceiveChannel<Integer> r2 = r.clone();
            try (MemorySendChannel<Integer> s = channel.sendChannel()) {
                s.sendNowait(1);
                s.sendNowait(2);
            }
            r2.close();
            assertThrows(ClosedResourceError.class, r2::receiveNowait, "closed wins over buffered data");
            assertEquals(1, r.receive());
            assertEquals(2, r.receiveNowait());
            assertThrows(EndOfChannel.class, r::receiveNowait);
            assertThrows(EndOfChannel.class, r::receive);
        });
    }

    // ------------------------------------------------------------------ M4 fairness

    @Test
    void fairness() throws Exception {
        // Trio's test_channel_fairness
        Trio.run(() -> {
            MemoryChannel<Integer> channel = MemoryChannel.open(1);
            MemorySendChannel<Integer> s = channel.sendChannel();
            MemoryReceiveChannel<Integer> r = channel.receiveChannel();
            s.sendNowait(1);
            assertEquals(1, r.receiveNowait());
            s.sendNowait(2);
            assertEquals(2, r.receiveNowait());

            // a waiting receiver owns the value sent: the sender cannot take it back
            int[] result = {0};
            Trio.openNursery(n -> {
                n.startSoon(() -> result[0] = r.receive());
                waitAllTasksBlocked();
                s.sendNowait(2);
                assertThrows(WouldBlock.class, r::receiveNowait);
            });
            assertEquals(2, result[0]);

            // a slot freed while a sender waits belongs to that sender
            MemoryChannel<Integer> other = MemoryChannel.open(1);
            other.sendChannel().sendNowait(1);
            assertThrows(WouldBlock.class, () -> other.sendChannel().sendNowait(9));
            Trio.openNursery(n -> {
                n.startSoon(() -> other.sendChannel().send(2));
                waitAllTasksBlocked();
                assertEquals(1, other.receiveChannel().receiveNowait());
                assertThrows(WouldBlock.class, () -> other.sendChannel().sendNowait(3));
                assertEquals(2, other.receiveChannel().receive());
            });
        });
    }

    @Test
    void blockedSendersAndReceiversAreServedFifo() throws Exception {
        List<String> log = new ArrayList<>();
        Trio.run(() -> {
            MemoryChannel<String> channel = MemoryChannel.open(0);
            Trio.openNursery(n -> {
                for (String v : List.of("a", "b", "c")) {
                    n.startSoon(() -> {
                        channel.sendChannel().send(v);
                        log.add("sent " + v);
                    });
                }
                waitAllTasksBlocked();
                assertEquals(3, channel.sendChannel().statistics().tasksWaitingSend());
                log.add("got " + channel.receiveChannel().receive());
                log.add("got " + channel.receiveChannel().receive());
                log.add("got " + channel.receiveChannel().receive());
            });
            Trio.openNursery(n -> {
                for (String name : List.of("x", "y", "z")) {
                    n.startSoon(() -> log.add(name + " received " + channel.receiveChannel().receive()));
                }
                waitAllTasksBlocked();
                for (int i = 1; i <= 3; i++) {
                    channel.sendChannel().send(i + "");
                }
            });
        });
        // the woken sender was rescheduled before the receiver's own checkpoint, so it logs first
        assertEquals(List.of("sent a", "got a", "sent b", "got b", "sent c", "got c",
                "x received 1", "y received 2", "z received 3"), log);
    }

    @Test
    void unbufferedSendWaitsForAReceiver() throws Exception {
        Trio.run(() -> {
            MemoryChannel<Integer> channel = MemoryChannel.open(0);
            MemorySendChannel<Integer> s = channel.sendChannel();
            MemoryReceiveChannel<Integer> r = channel.receiveChannel();
            assertThrows(WouldBlock.class, r::receiveNowait);
            assertThrows(WouldBlock.class, () -> s.sendNowait(1));
            Trio.openNursery(n -> {
                n.startSoon(() -> assertCheckpoints(() -> s.send(1)));
                assertCheckpoints(() -> assertEquals(1, r.receive()));
            });
            assertThrows(WouldBlock.class, r::receiveNowait);
        });
    }

    // ------------------------------------------------------------------ M5: cancellation has no effect

    @Test
    void aCancelledBlockedSendDidNotSend() throws Exception {
        for (int size : new int[] {0, 1, 3}) {
            List<String> log = new ArrayList<>();
            Trio.run(() -> {
                MemoryChannel<String> channel = MemoryChannel.open(size);
                MemorySendChannel<String> s = channel.sendChannel();
                for (int i = 0; i < size; i++) {
                    s.sendNowait("fill " + i);
                }
                CancelScope scope = new CancelScope();
                Trio.openNursery(n -> {
                    n.startSoon(() -> {
                        scope.run(() -> s.send("cancelled"));
                        log.add("sender cancelled " + scope.cancelledCaught());
                    });
                    n.startSoon(() -> {
                        s.send("kept");
                        log.add("second sender done");
                    });
                    waitAllTasksBlocked();
                    assertEquals(2, s.statistics().tasksWaitingSend());
                    scope.cancel();
                    assertEquals(1, s.statistics().tasksWaitingSend());
                    for (int i = 0; i < size; i++) {
                        log.add(channel.receiveChannel().receive());
                    }
                    log.add(channel.receiveChannel().receive());
                });
                assertThrows(WouldBlock.class, channel.receiveChannel()::receiveNowait, "nothing else was sent");
                assertEquals(0, s.statistics().currentBufferUsed());
            });
            List<String> expected = new ArrayList<>();
            expected.add("sender cancelled true");
            expected.add("second sender done"); // its value moved into the buffer on the first receive
            for (int i = 0; i < size; i++) {
                expected.add("fill " + i);
            }
            expected.add("kept");
            assertEquals(expected, log, "buffer " + size);
        }
    }

    @Test
    void aCancelledBlockedReceiveConsumedNothing() throws Exception {
        List<String> log = new ArrayList<>();
        Trio.run(() -> {
            MemoryChannel<String> channel = MemoryChannel.open(0);
            CancelScope scope = new CancelScope();
            Trio.openNursery(n -> {
                n.startSoon(() -> {
                    scope.run(() -> log.add("cancelled receiver got " + channel.receiveChannel().receive()));
                    log.add("receiver 1 cancelled " + scope.cancelledCaught());
                });
                n.startSoon(() -> log.add("receiver 2 got " + channel.receiveChannel().receive()));
                waitAllTasksBlocked();
                scope.cancel();
                assertEquals(1, channel.receiveChannel().statistics().tasksWaitingReceive());
                channel.sendChannel().send("v");
            });
        });
        assertEquals(List.of("receiver 1 cancelled true", "receiver 2 got v"), log);
    }

    @Test
    void preCancelledOperationsHaveNoEffectEvenWhenTheyCouldComplete() throws Exception {
        List<String> log = new ArrayList<>();
        Trio.run(() -> {
            MemoryChannel<String> channel = MemoryChannel.open(1);
            MemorySendChannel<String> s = channel.sendChannel();
            MemoryReceiveChannel<String> r = channel.receiveChannel();
            CancelScope sendScope = new CancelScope();
            sendScope.cancel();
            sendScope.run(() -> s.send("never"));
            assertTrue(sendScope.cancelledCaught());
            assertEquals(0, s.statistics().currentBufferUsed(), "room in the buffer, but nothing was sent");

            s.sendNowait("kept");
            CancelScope receiveScope = new CancelScope();
            receiveScope.cancel();
            receiveScope.run(r::receive);
            assertTrue(receiveScope.cancelledCaught());
            assertEquals(1, s.statistics().currentBufferUsed(), "a value was there, but nothing was consumed");
            assertEquals("kept", r.receiveNowait());

            // with a receiver waiting, a cancelled send does not hand it anything
            Trio.openNursery(n -> {
                n.startSoon(() -> log.add("receiver got " + r.receive()));
                waitAllTasksBlocked();
                CancelScope scope = new CancelScope();
                scope.cancel();
                scope.run(() -> s.send("never"));
                assertEquals(1, s.statistics().tasksWaitingReceive());
                s.send("real");
            });
        });
        assertEquals(List.of("receiver got real"), log);
    }

    @Test
    void aReceiverHandedAValueKeepsItEvenIfCancelledBeforeItRuns() throws Exception {
        List<String> log = new ArrayList<>();
        Trio.run(() -> {
            MemoryChannel<String> channel = MemoryChannel.open(0);
            CancelScope scope = new CancelScope();
            Trio.openNursery(n -> {
                n.startSoon(() -> scope.run(() -> {
                    log.add("received " + channel.receiveChannel().receive());
                    Trio.checkpoint();
                }));
                waitAllTasksBlocked();
                channel.sendChannel().sendNowait("value");
                scope.cancel();
            });
            assertTrue(scope.cancelledCaught(), "the next checkpoint saw the cancel");
        });
        assertEquals(List.of("received value"), log);
    }

    @Test
    void aSenderWhoseValueWasTakenCompletesEvenIfCancelledBeforeItRuns() throws Exception {
        List<String> log = new ArrayList<>();
        Trio.run(() -> {
            MemoryChannel<String> channel = MemoryChannel.open(0);
            CancelScope scope = new CancelScope();
            Trio.openNursery(n -> {
                n.startSoon(() -> scope.run(() -> {
                    channel.sendChannel().send("value");
                    log.add("send returned");
                }));
                waitAllTasksBlocked();
                log.add("took " + channel.receiveChannel().receiveNowait());
                scope.cancel();
            });
            assertFalse(scope.cancelledCaught());
        });
        assertEquals(List.of("took value", "send returned"), log);
    }

    // ------------------------------------------------------------------ M6: close per handle

    @Test
    void closingTheLastSendHandleEndsTheChannelForEveryWaitingReceiver() throws Exception {
        List<String> log = new ArrayList<>();
        Trio.run(() -> {
            MemoryChannel<String> channel = MemoryChannel.open(0);
            MemoryReceiveChannel<String> r1 = channel.receiveChannel();
            MemoryReceiveChannel<String> r2 = r1.clone();
            MemorySendChannel<String> s1 = channel.sendChannel();
            MemorySendChannel<String> s2 = s1.clone();
            Trio.openNursery(n -> {
                int id = 0;
                for (MemoryReceiveChannel<String> r : List.of(r1, r2, r1)) {
                    int me = id++;
                    n.startSoon(() -> {
                        try {
                            r.receive();
                        } catch (EndOfChannel e) {
                            log.add("receiver " + me + ": end of channel");
                        }
                    });
                }
                waitAllTasksBlocked();
                s1.close();
                assertEquals(3, r1.statistics().tasksWaitingReceive(), "another send handle is still open");
                s2.close();
                assertEquals(0, r1.statistics().tasksWaitingReceive());
            });
            assertThrows(EndOfChannel.class, r2::receive, "and stays ended");
        });
        assertEquals(List.of("receiver 0: end of channel", "receiver 1: end of channel",
                "receiver 2: end of channel"), log);
    }

    @Test
    void closingTheLastReceiveHandleBreaksEveryWaitingSenderAndDropsTheBuffer() throws Exception {
        List<String> log = new ArrayList<>();
        Trio.run(() -> {
            MemoryChannel<String> channel = MemoryChannel.open(1);
            MemorySendChannel<String> s1 = channel.sendChannel();
            MemorySendChannel<String> s2 = s1.clone();
            s1.sendNowait("buffered");
            Trio.openNursery(n -> {
                int id = 0;
                for (MemorySendChannel<String> s : List.of(s1, s2)) {
                    int me = id++;
                    n.startSoon(() -> {
                        try {
                            s.send("v" + me);
                        } catch (BrokenResourceError e) {
                            log.add("sender " + me + ": broken");
                        }
                    });
                }
                waitAllTasksBlocked();
                channel.receiveChannel().close();
            });
            assertEquals(stats(0, 1, 2, 0, 0, 0, 1), s1.statistics());
            assertThrows(BrokenResourceError.class, () -> s1.sendNowait("x"));
            assertThrows(BrokenResourceError.class, () -> s2.send("x"));
        });
        assertEquals(List.of("sender 0: broken", "sender 1: broken"), log);
    }

    @Test
    void tasksBlockedOnAHandleThatGetsClosedGetClosedResourceErrorOthersContinue() throws Exception {
        // Trio's test_close_multiple_send_handles and test_close_multiple_receive_handles
        List<String> log = new ArrayList<>();
        Trio.run(() -> {
            MemoryChannel<String> channel = MemoryChannel.open(0);
            MemorySendChannel<String> s1 = channel.sendChannel();
            MemorySendChannel<String> s2 = s1.clone();
            Trio.openNursery(n -> {
                n.startSoon(() -> {
                    try {
                        s1.send("nope");
                    } catch (ClosedResourceError e) {
                        log.add("s1 sender: closed");
                    }
                });
                n.startSoon(() -> {
                    s2.send("ok");
                    log.add("s2 sender: sent");
                });
                waitAllTasksBlocked();
                s1.close();
                assertEquals(1, s2.statistics().tasksWaitingSend());
                log.add("received " + channel.receiveChannel().receive());
            });
            MemoryReceiveChannel<String> r1 = channel.receiveChannel();
            MemoryReceiveChannel<String> r2 = r1.clone();
            Trio.openNursery(n -> {
                n.startSoon(() -> {
                    try {
                        r1.receive();
                    } catch (ClosedResourceError e) {
                        log.add("r1 receiver: closed");
                    }
                });
                n.startSoon(() -> log.add("r2 receiver got " + r2.receive()));
                waitAllTasksBlocked();
                r1.close();
                assertEquals(1, r2.statistics().tasksWaitingReceive());
                s2.send("ok");
            });
        });
        assertEquals(List.of("s1 sender: closed", "s2 sender: sent", "received ok", "r1 receiver: closed",
                "r2 receiver got ok"), log);
    }

    @Test
    void tasksBlockedOnAHandleThatGetsClosedAreWokenInTheOrderTheyBlocked() throws Exception {
        // default scheduling is deterministic FIFO; a close must not wake its waiters in hash order
        List<Integer> sendersWoken = new ArrayList<>();
        List<Integer> receiversWoken = new ArrayList<>();
        Trio.run(() -> {
            MemoryChannel<Integer> channel = MemoryChannel.open(0);
            MemorySendChannel<Integer> s = channel.sendChannel().clone();
            MemoryReceiveChannel<Integer> r = channel.receiveChannel().clone();
            Trio.openNursery(n -> {
                for (int i = 0; i < 20; i++) {
                    int id = i;
                    n.startSoon(() -> {
                        try {
                            s.send(id);
                        } catch (ClosedResourceError e) {
                            sendersWoken.add(id);
                        }
                    });
                }
                waitAllTasksBlocked();
                s.close();
            });
            Trio.openNursery(n -> {
                for (int i = 0; i < 20; i++) {
                    int id = i;
                    n.startSoon(() -> {
                        try {
                            r.receive();
                        } catch (ClosedResourceError e) {
                            receiversWoken.add(id);
                        }
                    });
                }
                waitAllTasksBlocked();
                r.close();
            });
        });
        List<Integer> inOrder = java.util.stream.IntStream.range(0, 20).boxed().toList();
        assertEquals(inOrder, sendersWoken);
        assertEquals(inOrder, receiversWoken);
    }

    @Test
    void aSendInterruptedByClosingItsHandleSentNothing() throws Exception {
        Trio.run(() -> {
            MemoryChannel<String> channel = MemoryChannel.open(0);
            MemorySendChannel<String> s = channel.sendChannel().clone();
            Trio.openNursery(n -> {
                n.startSoon(() -> assertThrows(ClosedResourceError.class, () -> s.send("lost")));
                waitAllTasksBlocked();
                s.close();
            });
            assertThrows(WouldBlock.class, channel.receiveChannel()::receiveNowait);
            assertEquals(stats(0, 0, 1, 1, 0, 0, 0), channel.sendChannel().statistics());
        });
    }

    @Test
    void closingIsPersistentAndIdempotent() throws Exception {
        // Trio's test_close_basics / test_close_sync
        Trio.run(() -> {
            MemoryChannel<String> a = MemoryChannel.open(0);
            Trio.openNursery(n -> {
                n.startSoon(() -> assertThrows(ClosedResourceError.class, () -> a.sendChannel().send("x")));
                waitAllTasksBlocked();
                a.sendChannel().close();
            });
            assertThrows(ClosedResourceError.class, () -> a.sendChannel().sendNowait("x"));
            assertThrows(ClosedResourceError.class, () -> a.sendChannel().send("x"));
            assertThrows(EndOfChannel.class, a.receiveChannel()::receiveNowait);
            assertThrows(EndOfChannel.class, a.receiveChannel()::receive);

            MemoryChannel<String> b = MemoryChannel.open(0);
            Trio.openNursery(n -> {
                n.startSoon(() -> assertThrows(BrokenResourceError.class, () -> b.sendChannel().send("x")));
                waitAllTasksBlocked();
                b.receiveChannel().close();
            });
            assertThrows(BrokenResourceError.class, () -> b.sendChannel().sendNowait("x"));
            assertThrows(BrokenResourceError.class, () -> b.sendChannel().send("x"));

            MemoryChannel<String> c = MemoryChannel.open(0);
            Trio.openNursery(n -> {
                n.startSoon(() -> assertThrows(ClosedResourceError.class, () -> c.receiveChannel().receive()));
                waitAllTasksBlocked();
                c.receiveChannel().close();
            });
            assertThrows(ClosedResourceError.class, c.receiveChannel()::receiveNowait);
            assertThrows(ClosedResourceError.class, c.receiveChannel()::receive);
        });
    }

    @Test
    void receiveHandleCloneAndClose() throws Exception {
        // Trio's test_receive_channel_clone_and_close
        Trio.run(() -> {
            MemoryChannel<String> channel = MemoryChannel.open(10);
            MemorySendChannel<String> s = channel.sendChannel();
            MemoryReceiveChannel<String> r = channel.receiveChannel();
            MemoryReceiveChannel<String> r2 = r.clone();
            MemoryReceiveChannel<String> r3 = r.clone();
            assertEquals(3, s.statistics().openReceiveChannels());
            s.sendNowait("x");
            r.close();
            try (r2) {
                assertFalse(r2.isClosed());
            }
            assertTrue(r2.isClosed());
            assertThrows(ClosedResourceError.class, r::clone);
            assertThrows(ClosedResourceError.class, r2::clone);
            s.sendNowait("still open: r3");
            assertEquals(2, s.statistics().currentBufferUsed());
            r3.close();
            assertThrows(BrokenResourceError.class, () -> s.sendNowait("x"));
            assertEquals(0, s.statistics().currentBufferUsed());
        });
    }

    @Test
    void closeIsNotACheckpointAndWorksInACancelledScope() throws Exception {
        Trio.run(() -> {
            MemoryChannel<String> channel = MemoryChannel.open(0);
            CancelScope scope = new CancelScope();
            scope.run(() -> {
                scope.cancel();
                assertNoCheckpoints(() -> channel.sendChannel().clone().close());
                assertNoCheckpoints(() -> channel.receiveChannel().clone().close());
                assertNoCheckpoints(channel.sendChannel()::close);
                assertNoCheckpoints(channel.receiveChannel()::close);
            });
            assertFalse(scope.cancelledCaught());
            assertEquals(stats(0, 0, 0, 0, 0, 0, 0), channel.sendChannel().statistics());
        });
    }

    // ------------------------------------------------------------------ M7 iteration

    @Test
    void iterationEndsCleanlyAtEndOfChannel() throws Exception {
        Trio.run(() -> {
            MemoryChannel<Integer> channel = MemoryChannel.openUnbounded();
            try (MemorySendChannel<Integer> send = channel.sendChannel()) {
                for (int i = 0; i < 10; i++) {
                    send.sendNowait(i);
                }
            }
            List<Integer> got = new ArrayList<>();
            for (int v : channel.receiveChannel()) {
                got.add(v);
            }
            assertEquals(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9), got);
            Iterator<Integer> it = channel.receiveChannel().iterator();
            assertFalse(it.hasNext());
            assertFalse(it.hasNext());
            assertEquals("the channel has ended", assertThrows(NoSuchElementException.class, it::next).getMessage());
        });
    }

    @Test
    void iterationPropagatesClosedResourceErrorAndCancellation() throws Exception {
        Trio.run(() -> {
            MemoryChannel<Integer> channel = MemoryChannel.open(0);
            MemoryReceiveChannel<Integer> r = channel.receiveChannel();
            Trio.openNursery(n -> {
                n.startSoon(() -> assertThrows(ClosedResourceError.class, () -> {
                    for (int ignored : r) {
                        fail("nothing was sent");
                    }
                }));
                waitAllTasksBlocked();
                r.close();
            });
            MemoryChannel<Integer> other = MemoryChannel.open(0);
            CancelScope scope = new CancelScope();
            Trio.openNursery(n -> {
                n.startSoon(() -> scope.run(() -> {
                    for (int ignored : other.receiveChannel()) {
                        fail("nothing was sent");
                    }
                }));
                waitAllTasksBlocked();
                scope.cancel();
            });
            assertTrue(scope.cancelledCaught());
            assertEquals(0, other.receiveChannel().statistics().tasksWaitingReceive());
        });
    }

    @Test
    void iterationHasNextIsTheBlockingStepAndTheValueIsNotLostIfNextIsCalledLater() throws Exception {
        Trio.run(() -> {
            MemoryChannel<String> channel = MemoryChannel.open(1);
            channel.sendChannel().sendNowait("a");
            Iterator<String> it = channel.receiveChannel().iterator();
            assertTrue(it.hasNext());
            assertEquals(0, channel.sendChannel().statistics().currentBufferUsed(), "hasNext received it");
            assertTrue(it.hasNext(), "asking again does not receive another");
            assertEquals("a", it.next());
        });
    }

    // ------------------------------------------------------------------ M8 statistics

    @Test
    void statistics() throws Exception {
        // Trio's test_statistics
        Trio.run(() -> {
            MemoryChannel<String> channel = MemoryChannel.open(2);
            MemorySendChannel<String> s = channel.sendChannel();
            MemoryReceiveChannel<String> r = channel.receiveChannel();
            assertEquals(s.statistics(), r.statistics());
            assertEquals(stats(0, 2, 1, 1, 0, 0, 0), s.statistics());
            s.sendNowait("x");
            assertEquals(stats(1, 2, 1, 1, 0, 0, 1), s.statistics());
            MemorySendChannel<String> s2 = s.clone();
            assertEquals(2, s.statistics().openSendChannels());
            s.close();
            assertEquals(1, s2.statistics().openSendChannels());
            MemoryReceiveChannel<String> r2 = r.clone();
            assertEquals(2, s2.statistics().openReceiveChannels());
            r2.close();
            assertEquals(1, s2.statistics().openReceiveChannels());

            Trio.openNursery(n -> {
                s2.sendNowait("x");
                assertEquals(2, s.statistics().currentBufferUsed());
                assertEquals(2, s.statistics().peakBufferUsed());
                n.startSoon(() -> s2.send("x"));
                n.startSoon(() -> s2.send("x"));
                waitAllTasksBlocked();
                assertEquals(2, s.statistics().tasksWaitingSend());
                n.cancelScope().cancel();
            });
            assertEquals(0, s.statistics().tasksWaitingSend());
            while (true) {
                try {
                    r.receiveNowait();
                } catch (WouldBlock e) {
                    break;
                }
            }
            assertEquals(stats(0, 2, 1, 1, 0, 0, 2), s.statistics(), "draining does not reset the high-water mark");
            Trio.openNursery(n -> {
                n.startSoon(r::receive);
                waitAllTasksBlocked();
                assertEquals(1, s.statistics().tasksWaitingReceive());
                n.cancelScope().cancel();
            });
            assertEquals(0, s.statistics().tasksWaitingReceive());
            assertTrue(s.toString().startsWith("MemorySendChannel[closed, MemoryChannelStatistics["), s.toString());
            assertTrue(r.toString().startsWith("MemoryReceiveChannel[MemoryChannelStatistics["), r.toString());
        });
    }

    @Test
    void unboundedChannelNeverBlocksASender() throws Exception {
        Trio.run(() -> {
            MemoryChannel<Integer> channel = MemoryChannel.openUnbounded();
            for (int i = 0; i < 10_000; i++) {
                channel.sendChannel().sendNowait(i);
            }
            assertEquals(stats(10_000, INF, 1, 1, 0, 0, 10_000), channel.sendChannel().statistics());
            for (int i = 0; i < 10_000; i++) {
                assertEquals(i, channel.receiveChannel().receiveNowait());
            }
            assertEquals(stats(0, INF, 1, 1, 0, 0, 10_000), channel.sendChannel().statistics());
        });
    }

    @Test
    void aChannelCannotBeUsedOutsideARun() {
        MemoryChannel<String> channel = MemoryChannel.open(1);
        channel.sendChannel().sendNowait("buffered outside a run");
        assertEquals("buffered outside a run", channel.receiveChannel().receiveNowait());
        assertThrows(IllegalStateException.class, () -> channel.sendChannel().send("x"));
        assertThrows(IllegalStateException.class, () -> channel.receiveChannel().receive());
    }

    @Test
    void cancelledOperationsAreCheckedUnderRandomScheduling() throws Exception {
        // a compact version of the property test: every value sent is received once, none lost to cancellation
        int cancelledSends = 0;
        for (long seed = 0; seed < 20; seed++) {
            List<Integer> sent = new ArrayList<>();
            List<Integer> received = new ArrayList<>();
            long s = seed;
            Trio.run(RunOptions.defaults().withSchedulingSeed(seed), () -> {
                MemoryChannel<Integer> channel = MemoryChannel.open((int) (s % 3));
                java.util.Random random = new java.util.Random(s);
                Trio.openNursery(n -> {
                    n.startSoon(() -> {
                        try (MemorySendChannel<Integer> send = channel.sendChannel()) {
                            for (int i = 0; i < 200; i++) {
                                int v = i;
                                CancelScope scope = chaos(n, random);
                                scope.run(() -> {
                                    send.send(v);
                                    sent.add(v);
                                });
                            }
                        }
                    });
                    n.startSoon(() -> {
                        try (MemoryReceiveChannel<Integer> receive = channel.receiveChannel()) {
                            while (true) {
                                CancelScope scope = chaos(n, random);
                                boolean[] ended = {false};
                                scope.run(() -> {
                                    try {
                                        received.add(receive.receive());
                                    } catch (EndOfChannel e) {
                                        ended[0] = true;
                                    }
                                });
                                if (ended[0]) {
                                    break;
                                }
                            }
                        }
                    });
                });
            });
            assertEquals(sent, received, "seed " + seed);
            cancelledSends += 200 - sent.size();
        }
        assertTrue(cancelledSends > 0, "some sends were cancelled");
    }

    /** A scope that is cancelled already, or will be cancelled by another task soon, or neither. */
    private static CancelScope chaos(org.triojava.Nursery n, java.util.Random random) {
        CancelScope scope = new CancelScope();
        switch (random.nextInt(6)) {
            case 0 -> scope.cancel();
            case 1 -> n.startSoon(scope::cancel);
            case 2 -> n.startSoon(() -> {
                Trio.checkpoint();
                scope.cancel();
            });
            default -> { }
        }
        return scope;
    }

    @Test
    void cancelledByADeadlineOnAMockClock() throws Exception {
        List<String> log = new ArrayList<>();
        Trio.run(RunOptions.defaults().withClock(autojumpClock()), () -> {
            MemoryChannel<String> channel = MemoryChannel.open(0);
            Trio.openNursery(n -> {
                n.startSoon(() -> {
                    CancelScope scope = Trio.moveOnAfter(1, () -> channel.sendChannel().send("too slow"));
                    log.add("send timed out at " + Trio.currentTime() + ": " + scope.cancelledCaught());
                    channel.sendChannel().send("on time");
                    log.add("sent at " + Trio.currentTime());
                });
                Trio.sleep(2);
                log.add("receiving at " + Trio.currentTime());
                log.add("got " + channel.receiveChannel().receive());
            });
        });
        assertEquals(List.of("send timed out at 1.0: true", "receiving at 2.0", "sent at 2.0", "got on time"), log);
    }

    @Test
    void cancelledExceptionComesFromTheCancelledScope() throws Exception {
        Trio.run(() -> {
            MemoryChannel<String> channel = MemoryChannel.open(0);
            CancelScope scope = new CancelScope();
            Cancelled[] seen = new Cancelled[1];
            Trio.openNursery(n -> {
                n.startSoon(() -> scope.run(() -> {
                    try {
                        channel.receiveChannel().receive();
                    } catch (Cancelled c) {
                        seen[0] = c;
                        throw c;
                    }
                }));
                waitAllTasksBlocked();
                scope.cancel("stop");
            });
            assertEquals("stop", seen[0].reason());
        });
    }
}
