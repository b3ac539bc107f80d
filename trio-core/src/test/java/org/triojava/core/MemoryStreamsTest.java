package org.triojava.core;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.*;
import static org.triojava.core.TestSupport.assertCheckpoints;
import static org.triojava.core.TestSupport.assertNoCheckpoints;
import static org.triojava.core.TestSupport.single;
import static org.triojava.core.TestSupport.waitAllTasksBlocked;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.triojava.BrokenResourceError;
import org.triojava.BusyResourceError;
import org.triojava.CancelScope;
import org.triojava.Cancelled;
import org.triojava.ClosedResourceError;
import org.triojava.RunOptions;
import org.triojava.Trio;
import org.triojava.WouldBlock;
import org.triojava.abc.ReceiveStream;
import org.triojava.abc.SendStream;
import org.triojava.stream.AsyncResources;
import org.triojava.stream.StapledStream;
import org.triojava.testing.MemoryReceiveStream;
import org.triojava.testing.MemorySendStream;
import org.triojava.testing.MemoryStreams;
import org.triojava.testing.OneWayPair;
import org.triojava.testing.StreamPair;

/** Memory and lockstep streams (Trio's {@code test_MemorySendStream} and friends in {@code test_testing.py}). */
class MemoryStreamsTest {

    static byte[] b(String s) {
        return s.getBytes(US_ASCII);
    }

    static String s(byte[] bytes) {
        return new String(bytes, US_ASCII);
    }

    // ---- MemorySendStream ----

    @Test
    void sendStreamBuffersAndGetDataNowaitFollowsTrio() throws Exception {
        Trio.run(() -> {
            MemorySendStream mss = new MemorySendStream();
            assertCheckpoints(() -> mss.sendAll(b("123")));
            assertEquals("1", s(mss.getDataNowait(1)));
            assertEquals("23", s(mss.getDataNowait()));
            assertCheckpoints(mss::waitSendAllMightNotBlock);
            // Open and empty: WouldBlock (not an empty array).
            assertThrows(WouldBlock.class, mss::getDataNowait);
            assertThrows(WouldBlock.class, () -> mss.getDataNowait(10));
            assertNoCheckpoints(() -> assertThrows(WouldBlock.class, mss::getDataNowait));
            assertCheckpoints(() -> mss.sendAll(b("456")));
            assertCheckpoints(() -> assertEquals("456", s(mss.getData())));
            // An empty send is still a checkpoint and buffers nothing.
            assertCheckpoints(() -> mss.sendAll(new byte[0]));
            assertThrows(WouldBlock.class, mss::getDataNowait);
        });
    }

    @Test
    void sendAllTakesTheRemainingBytesOfAByteBuffer() throws Exception {
        Trio.run(() -> {
            MemorySendStream mss = new MemorySendStream();
            ByteBuffer heap = ByteBuffer.wrap(b("xxabcdyy"));
            heap.position(2).limit(6);
            mss.sendAll(heap);
            assertEquals(6, heap.position());
            ByteBuffer direct = ByteBuffer.allocateDirect(4).put(b("efgh")).flip();
            mss.sendAll(direct);
            assertFalse(direct.hasRemaining());
            assertEquals("abcdefgh", s(mss.getDataNowait()));
            assertThrows(NullPointerException.class, () -> mss.sendAll((ByteBuffer) null));
        });
    }

    @Test
    void twoSendAllsAtOnceOneGetsBusy() throws Exception {
        Trio.run(() -> {
            MemorySendStream mss = new MemorySendStream();
            int[] busy = {0};
            Trio.openNursery(n -> {
                for (int i = 0; i < 2; i++) {
                    n.startSoon(() -> {
                        try {
                            assertCheckpoints(() -> mss.sendAll(b("xxx")));
                        } catch (BusyResourceError e) {
                            busy[0]++;
                        }
                    });
                }
            });
            assertEquals(1, busy[0]);
            assertEquals("xxx", s(mss.getDataNowait()));
            // sendAll and waitSendAllMightNotBlock share the detector.
            Throwable thrown = assertThrows(Throwable.class, () -> Trio.openNursery(n -> {
                n.startSoon(mss::waitSendAllMightNotBlock);
                n.startSoon(() -> mss.sendAll(b("y")));
            }));
            assertInstanceOf(BusyResourceError.class, single(thrown));
        });
    }

    @Test
    void closedSendStreamDrainsThenReturnsEmptyAndRefusesSends() throws Exception {
        Trio.run(() -> {
            MemorySendStream mss = new MemorySendStream();
            mss.sendAll(b("xxx"));
            assertCheckpoints(mss::close);
            assertEquals("xxx", s(mss.getData()));
            assertEquals(0, mss.getData().length);
            assertEquals(0, mss.getData(5).length);
            assertEquals(0, mss.getDataNowait().length);
            assertEquals(0, mss.getDataNowait(5).length);
            ByteBuffer data = ByteBuffer.wrap(b("---"));
            assertThrows(ClosedResourceError.class, () -> mss.sendAll(data));
            assertEquals(0, data.position(), "a refused send consumed nothing");
            assertThrows(ClosedResourceError.class, () -> mss.sendAll(new byte[0]));
            assertThrows(ClosedResourceError.class, mss::waitSendAllMightNotBlock);
            mss.close();
        });
    }

    @Test
    void getDataWaitsForDataOrCloseAndRejectsBadSizes() throws Exception {
        Trio.run(() -> {
            MemorySendStream mss = new MemorySendStream();
            List<String> log = new ArrayList<>();
            Trio.openNursery(n -> {
                n.startSoon(() -> assertCheckpoints(() -> log.add("got " + s(mss.getData(2)))));
                waitAllTasksBlocked();
                log.add("sending");
                mss.sendAll(b("abc"));
            });
            assertEquals(List.of("sending", "got ab"), log);
            assertEquals("c", s(mss.getDataNowait()));
            // A waiting getter is not woken by an empty send or a wait: there is nothing to get.
            Trio.openNursery(n -> {
                n.startSoon(() -> log.add("got " + s(mss.getData()).length()));
                waitAllTasksBlocked();
                mss.sendAll(new byte[0]);
                mss.waitSendAllMightNotBlock();
                waitAllTasksBlocked();
                log.add("closing");
                mss.close();
            });
            assertEquals(List.of("sending", "got ab", "closing", "got 0"), log);
            assertThrows(IllegalArgumentException.class, () -> mss.getData(0));
            assertThrows(IllegalArgumentException.class, () -> mss.getDataNowait(-1));
        });
    }

    @Test
    void twoGettersAtOnceOneGetsBusy() throws Exception {
        Trio.run(() -> {
            MemorySendStream mss = new MemorySendStream();
            Throwable thrown = assertThrows(Throwable.class, () -> Trio.openNursery(n -> {
                n.startSoon(mss::getData);
                n.startSoon(mss::getData);
            }));
            assertInstanceOf(BusyResourceError.class, single(thrown));
        });
    }

    @Test
    void cancelledGetDataTakesNothing() throws Exception {
        Trio.run(() -> {
            MemorySendStream mss = new MemorySendStream();
            mss.sendAll(b("keep"));
            CancelScope scope = new CancelScope();
            scope.run(() -> {
                scope.cancel();
                assertThrows(Cancelled.class, mss::getData);
                assertThrows(Cancelled.class, () -> mss.sendAll(b("lost")));
            });
            assertEquals("keep", s(mss.getDataNowait()));
            Trio.openNursery(n -> {
                n.startSoon(() -> assertThrows(Cancelled.class, mss::getData));
                waitAllTasksBlocked();
                n.cancelScope().cancel();
            });
            mss.sendAll(b("next"));
            assertEquals("next", s(mss.getData()));
        });
    }

    @Test
    void sendStreamHooksRunAfterTheirOperation() throws Exception {
        Trio.run(() -> {
            MemorySendStream plain = new MemorySendStream();
            assertNull(plain.sendAllHook());
            assertNull(plain.waitSendAllMightNotBlockHook());
            assertNull(plain.closeHook());

            List<String> record = new ArrayList<>();
            MemorySendStream[] holder = new MemorySendStream[1];
            org.triojava.TrioRunnable sendAllHook = () -> {
                // The hook runs after sendAll has done its work: it can take the data out.
                assertEquals("abc", s(holder[0].getDataNowait()));
                record.add("send_all_hook");
            };
            org.triojava.TrioRunnable waitHook = () -> record.add("wait_send_all_might_not_block_hook");
            Runnable closeHook = () -> record.add("close_hook");
            MemorySendStream mss2 = new MemorySendStream(sendAllHook, waitHook, closeHook);
            holder[0] = mss2;
            assertSame(sendAllHook, mss2.sendAllHook());
            assertSame(waitHook, mss2.waitSendAllMightNotBlockHook());
            assertSame(closeHook, mss2.closeHook());

            mss2.sendAll(b("abc"));
            mss2.waitSendAllMightNotBlock();
            AsyncResources.closeForcefully(mss2);
            mss2.close();
            assertEquals(List.of("send_all_hook", "wait_send_all_might_not_block_hook", "close_hook", "close_hook"),
                    record);

            mss2.setCloseHook(null);
            assertNull(mss2.closeHook());
        });
    }

    @Test
    void hookExceptionsComeOutUnchangedEvenChecked() throws Exception {
        Trio.run(() -> {
            MemorySendStream mss = new MemorySendStream();
            IOException boom = new IOException("boom");
            mss.setSendAllHook(() -> {
                throw boom;
            });
            Throwable thrown = assertThrows(Throwable.class, () -> mss.sendAll(b("x")));
            assertSame(boom, thrown);
            // The data was buffered before the hook ran, and the detector was released.
            mss.setSendAllHook(null);
            mss.sendAll(b("y"));
            assertEquals("xy", s(mss.getDataNowait()));
        });
    }

    // ---- MemoryReceiveStream ----

    @Test
    void receiveStreamDeliversPutDataThenEof() throws Exception {
        Trio.run(() -> {
            MemoryReceiveStream mrs = new MemoryReceiveStream();
            mrs.putData(b("abc"));
            assertCheckpoints(() -> assertEquals("a", s(mrs.receiveSome(1))));
            assertCheckpoints(() -> assertEquals("bc", s(mrs.receiveSome(10))));
            mrs.putData(b("abc"));
            assertCheckpoints(() -> assertEquals("abc", s(mrs.receiveSome())));

            Throwable thrown = assertThrows(Throwable.class, () -> Trio.openNursery(n -> {
                n.startSoon(() -> mrs.receiveSome(10));
                n.startSoon(() -> mrs.receiveSome(10));
            }));
            assertInstanceOf(BusyResourceError.class, single(thrown));
            assertNull(mrs.receiveSomeHook());

            mrs.putData(b("def"));
            mrs.putEof();
            mrs.putEof();
            assertCheckpoints(() -> assertEquals("def", s(mrs.receiveSome(10))));
            assertCheckpoints(() -> assertEquals(0, mrs.receiveSome(10).length));
            assertCheckpoints(() -> assertEquals(0, mrs.receiveSome(10).length));
            assertThrows(ClosedResourceError.class, () -> mrs.putData(b("---")));
            assertThrows(IllegalArgumentException.class, () -> mrs.receiveSome(0));
            assertThrows(IllegalArgumentException.class, () -> mrs.receiveSome(-1));
        });
    }

    @Test
    void receiveSomeHookRunsBeforeReadingAndCloseHookOnClose() throws Exception {
        Trio.run(() -> {
            MemoryReceiveStream[] holder = new MemoryReceiveStream[1];
            org.triojava.TrioRunnable receiveHook = () -> holder[0].putData(b("xxx"));
            List<String> record = new ArrayList<>();
            Runnable closeHook = () -> record.add("closed");
            MemoryReceiveStream mrs2 = new MemoryReceiveStream(receiveHook, closeHook);
            holder[0] = mrs2;
            assertSame(receiveHook, mrs2.receiveSomeHook());
            assertSame(closeHook, mrs2.closeHook());

            mrs2.putData(b("yyy"));
            assertEquals("yyyxxx", s(mrs2.receiveSome(10)));
            assertEquals("xxx", s(mrs2.receiveSome(10)));
            assertEquals("xxx", s(mrs2.receiveSome(10)));

            mrs2.putData(b("zzz"));
            mrs2.setReceiveSomeHook(null);
            assertEquals("zzz", s(mrs2.receiveSome(10)));

            mrs2.putData(b("lost on close"));
            assertCheckpoints(mrs2::close);
            assertEquals(List.of("closed"), record);
            assertThrows(ClosedResourceError.class, () -> mrs2.receiveSome(10));
        });
    }

    @Test
    void closingAReceiveStreamDiscardsDataAndRefusesEverything() throws Exception {
        Trio.run(() -> {
            MemoryReceiveStream mrs = new MemoryReceiveStream();
            mrs.close();
            assertThrows(ClosedResourceError.class, () -> mrs.receiveSome(10));
            mrs.close();
            assertThrows(ClosedResourceError.class, () -> mrs.putData(b("123")));

            MemoryReceiveStream mrs2 = new MemoryReceiveStream();
            mrs2.putData(b("xyz"));
            mrs2.close();
            assertThrows(ClosedResourceError.class, () -> mrs2.receiveSome(10));

            // A task blocked in receiveSome gets ClosedResourceError when another closes.
            MemoryReceiveStream mrs3 = new MemoryReceiveStream();
            Trio.openNursery(n -> {
                n.startSoon(() -> assertThrows(ClosedResourceError.class, () -> mrs3.receiveSome(10)));
                waitAllTasksBlocked();
                mrs3.close();
            });
        });
    }

    @Test
    void cancelledReceiveConsumedNothing() throws Exception {
        Trio.run(() -> {
            MemoryReceiveStream mrs = new MemoryReceiveStream();
            mrs.putData(b("kept"));
            CancelScope scope = new CancelScope();
            scope.run(() -> {
                scope.cancel();
                assertThrows(Cancelled.class, () -> mrs.receiveSome(2));
            });
            Trio.openNursery(n -> {
                n.startSoon(() -> {
                    assertEquals("kept", s(mrs.receiveSome()));
                    assertThrows(Cancelled.class, () -> mrs.receiveSome(2));
                });
                waitAllTasksBlocked();
                n.cancelScope().cancel();
            });
            mrs.putData(b("more"));
            assertEquals("more", s(mrs.receiveSome()));
        });
    }

    // ---- pump and pairs ----

    @Test
    void pumpMovesDataAndEof() throws Exception {
        Trio.run(() -> {
            MemorySendStream mss = new MemorySendStream();
            MemoryReceiveStream mrs = new MemoryReceiveStream();
            assertFalse(MemoryStreams.pump(mss, mrs), "no-op if no data present");

            mss.sendAll(b("123"));
            assertNoCheckpoints(() -> assertTrue(MemoryStreams.pump(mss, mrs)));
            assertEquals("123", s(mrs.receiveSome(10)));

            mss.sendAll(b("456"));
            assertTrue(MemoryStreams.pump(mss, mrs, 1));
            assertEquals("4", s(mrs.receiveSome(10)));
            assertTrue(MemoryStreams.pump(mss, mrs, 1));
            assertTrue(MemoryStreams.pump(mss, mrs, 1));
            assertFalse(MemoryStreams.pump(mss, mrs, 1));
            assertEquals("56", s(mrs.receiveSome(10)));
            assertThrows(IllegalArgumentException.class, () -> MemoryStreams.pump(mss, mrs, 0));

            mss.close();
            assertTrue(MemoryStreams.pump(mss, mrs));
            assertEquals(0, mrs.receiveSome(10).length);
        });
    }

    @Test
    void pumpIntoAClosedReceiveStreamIsBroken() throws Exception {
        Trio.run(() -> {
            MemorySendStream mss = new MemorySendStream();
            MemoryReceiveStream mrs = new MemoryReceiveStream();
            mrs.close();
            mss.sendAll(b("x"));
            BrokenResourceError e = assertThrows(BrokenResourceError.class, () -> MemoryStreams.pump(mss, mrs));
            assertInstanceOf(ClosedResourceError.class, e.getCause());
        });
    }

    @Test
    void oneWayPairPumpsOnSendAndOnClose() throws Exception {
        Trio.run(() -> {
            OneWayPair<MemorySendStream, MemoryReceiveStream> pair = MemoryStreams.oneWayPair();
            MemorySendStream s = pair.send();
            MemoryReceiveStream r = pair.receive();
            assertNotNull(s.sendAllHook());
            assertNull(s.waitSendAllMightNotBlockHook());
            assertNotNull(s.closeHook());
            assertNull(r.receiveSomeHook());
            s.sendAll(b("123"));
            assertEquals("123", s(r.receiveSome(10)));

            // Pumped from the send hook (a blocked receiver wakes up).
            Trio.openNursery(n -> {
                n.startSoon(() -> assertEquals("abc", s(r.receiveSome(10))));
                waitAllTasksBlocked();
                s.sendAll(b("abc"));
            });
            // And from the close hook.
            Trio.openNursery(n -> {
                n.startSoon(() -> assertEquals(0, r.receiveSome(10).length));
                waitAllTasksBlocked();
                s.close();
            });
        });
    }

    @Test
    void oneWayPairStallsWithoutItsSendHook() throws Exception {
        Trio.run(() -> {
            OneWayPair<MemorySendStream, MemoryReceiveStream> pair = MemoryStreams.oneWayPair();
            MemorySendStream s = pair.send();
            MemoryReceiveStream r = pair.receive();
            org.triojava.TrioRunnable old = s.sendAllHook();
            s.setSendAllHook(null);
            s.sendAll(b("456"));
            Trio.openNursery(n -> {
                n.startSoon(() -> assertThrows(Cancelled.class, () -> r.receiveSome(10)));
                waitAllTasksBlocked();
                n.cancelScope().cancel();
            });
            s.setSendAllHook(old);
            s.sendAll(b("789"));
            assertEquals("456789", s(r.receiveSome(10)));
        });
    }

    @Test
    void oneWayPairSenderGetsBrokenAfterReceiverCloses() throws Exception {
        Trio.run(() -> {
            OneWayPair<MemorySendStream, MemoryReceiveStream> pair = MemoryStreams.oneWayPair();
            pair.receive().close();
            assertThrows(BrokenResourceError.class, () -> pair.send().sendAll(b("x")));
        });
    }

    @Test
    void pairFlowsBothWaysAndSendEofEndsOneDirection() throws Exception {
        Trio.run(() -> {
            StreamPair<StapledStream> pair = MemoryStreams.pair();
            StapledStream a = pair.a();
            StapledStream b = pair.b();
            a.sendAll(b("123"));
            b.sendAll(b("abc"));
            assertEquals("123", s(b.receiveSome(10)));
            assertEquals("abc", s(a.receiveSome(10)));
            assertInstanceOf(MemorySendStream.class, a.sendStream());
            assertInstanceOf(MemoryReceiveStream.class, a.receiveStream());

            a.sendEof();
            assertEquals(0, b.receiveSome(10).length);
            assertThrows(ClosedResourceError.class, () -> a.sendAll(b("no")));
            Trio.openNursery(n -> {
                n.startSoon(() -> assertEquals("xyz", s(a.receiveSome(10))));
                n.startSoon(() -> {
                    waitAllTasksBlocked();
                    b.sendAll(b("xyz"));
                });
            });
        });
    }

    @Test
    void trickleHookFromTheDocsDeliversOneBytePerSecond() throws Exception {
        List<String> got = new ArrayList<>();
        Trio.run(RunOptions.defaults().withClock(TestSupport.autojumpClock()), () -> {
            StreamPair<StapledStream> pair = MemoryStreams.pair();
            MemorySendStream out = (MemorySendStream) pair.a().sendStream();
            MemoryReceiveStream in = (MemoryReceiveStream) pair.b().receiveStream();
            out.setSendAllHook(() -> {
                while (MemoryStreams.pump(out, in, 1)) {
                    Trio.sleep(1);
                }
            });
            double start = Trio.currentTime();
            Trio.openNursery(n -> {
                n.startSoon(() -> {
                    pair.a().sendAll(b("123"));
                    pair.a().sendEof();
                });
                for (byte[] chunk : pair.b()) {
                    got.add(s(chunk) + "@" + (Trio.currentTime() - start));
                }
            });
        });
        assertEquals(List.of("1@0.0", "2@1.0", "3@2.0"), got);
    }

    // ---- lockstep ----

    @Test
    void lockstepSendAllReturnsOnlyWhenEverythingWasReceived() throws Exception {
        Trio.run(() -> {
            OneWayPair<SendStream, ReceiveStream> pair = MemoryStreams.lockstepOneWayPair();
            List<String> log = new ArrayList<>();
            Trio.openNursery(n -> {
                n.startSoon(() -> {
                    pair.send().sendAll(b("abcde"));
                    log.add("sent");
                });
                waitAllTasksBlocked();
                log.add("receiving");
                log.add(s(pair.receive().receiveSome(2)));
                waitAllTasksBlocked();
                log.add(s(pair.receive().receiveSome()));
                waitAllTasksBlocked();
            });
            assertEquals(List.of("receiving", "ab", "cde", "sent"), log);
        });
    }

    @Test
    void lockstepWaitSendAllMightNotBlockWaitsForAReceiver() throws Exception {
        Trio.run(() -> {
            OneWayPair<SendStream, ReceiveStream> pair = MemoryStreams.lockstepOneWayPair();
            List<String> log = new ArrayList<>();
            Trio.openNursery(n -> {
                n.startSoon(() -> {
                    assertCheckpoints(pair.send()::waitSendAllMightNotBlock);
                    log.add("might not block");
                    pair.send().sendAll(b("x"));
                });
                waitAllTasksBlocked();
                log.add("receiving");
                log.add(s(pair.receive().receiveSome(10)));
            });
            assertEquals(List.of("receiving", "might not block", "x"), log);
        });
    }

    @Test
    void lockstepCloseRules() throws Exception {
        Trio.run(() -> {
            OneWayPair<SendStream, ReceiveStream> pair = MemoryStreams.lockstepOneWayPair();
            // Sender closes while a receiver waits: the receiver gets the end of the stream.
            Trio.openNursery(n -> {
                n.startSoon(() -> assertEquals(0, pair.receive().receiveSome(10).length));
                waitAllTasksBlocked();
                pair.send().close();
            });
            assertThrows(ClosedResourceError.class, () -> pair.send().sendAll(b("x")));
            assertThrows(ClosedResourceError.class, pair.send()::waitSendAllMightNotBlock);
            pair.receive().close();
            assertThrows(ClosedResourceError.class, () -> pair.receive().receiveSome(1));

            OneWayPair<SendStream, ReceiveStream> pair2 = MemoryStreams.lockstepOneWayPair();
            // Receiver closes while a sender waits: the sender is broken.
            Trio.openNursery(n -> {
                n.startSoon(() -> assertThrows(BrokenResourceError.class, () -> pair2.send().sendAll(b("x"))));
                waitAllTasksBlocked();
                pair2.receive().close();
            });
            assertThrows(BrokenResourceError.class, () -> pair2.send().sendAll(b("x")));
            // waitSendAllMightNotBlock returns at once once the receiver is gone.
            assertCheckpoints(pair2.send()::waitSendAllMightNotBlock);
            assertThrows(IllegalArgumentException.class, () -> pair2.receive().receiveSome(0));
        });
    }

    @Test
    void lockstepCancelledSendWithdrawsWhatWasNotTaken() throws Exception {
        Trio.run(() -> {
            OneWayPair<SendStream, ReceiveStream> pair = MemoryStreams.lockstepOneWayPair();
            Trio.openNursery(n -> {
                n.startSoon(() -> assertThrows(Cancelled.class, () -> pair.send().sendAll(b("lost"))));
                waitAllTasksBlocked();
                n.cancelScope().cancel();
            });
            Trio.openNursery(n -> {
                n.startSoon(() -> pair.send().sendAll(b("next")));
                assertEquals("next", s(pair.receive().receiveSome(10)));
            });
        });
    }

    @Test
    void lockstepConcurrentUseIsBusy() throws Exception {
        Trio.run(() -> {
            OneWayPair<SendStream, ReceiveStream> pair = MemoryStreams.lockstepOneWayPair();
            Throwable thrown = assertThrows(Throwable.class, () -> Trio.openNursery(n -> {
                n.startSoon(() -> pair.send().sendAll(b("1")));
                n.startSoon(() -> pair.send().sendAll(b("2")));
            }));
            assertInstanceOf(BusyResourceError.class, single(thrown));
            Throwable thrown2 = assertThrows(Throwable.class, () -> Trio.openNursery(n -> {
                n.startSoon(() -> pair.receive().receiveSome(1));
                n.startSoon(() -> pair.receive().receiveSome(1));
            }));
            assertInstanceOf(BusyResourceError.class, single(thrown2));
        });
    }

    @Test
    void lockstepPairIsStapled() throws Exception {
        Trio.run(() -> {
            StreamPair<StapledStream> pair = MemoryStreams.lockstepPair();
            Trio.openNursery(n -> {
                n.startSoon(() -> {
                    pair.a().sendAll(b("ping"));
                    pair.a().sendEof();
                });
                assertEquals("ping", s(pair.b().receiveSome(10)));
                assertEquals(0, pair.b().receiveSome(10).length);
            });
            Trio.openNursery(n -> {
                n.startSoon(() -> pair.b().sendAll(b("pong")));
                assertEquals("pong", s(pair.a().receiveSome(10)));
            });
        });
    }

    @Test
    void pairsRejectNullHalves() {
        OneWayPair<MemorySendStream, MemoryReceiveStream> ok = MemoryStreams.oneWayPair();
        assertThrows(NullPointerException.class, () -> new OneWayPair<>(null, ok.receive()));
        assertThrows(NullPointerException.class, () -> new OneWayPair<>(ok.send(), null));
        assertThrows(NullPointerException.class, () -> new StreamPair<>(null, MemoryStreams.pair().a()));
    }
}
