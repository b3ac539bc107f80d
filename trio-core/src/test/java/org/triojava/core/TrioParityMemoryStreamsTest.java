package org.triojava.core;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.triojava.core.TestSupport.assertCheckpoints;
import static org.triojava.core.TestSupport.waitAllTasksBlocked;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.triojava.BusyResourceError;
import org.triojava.Cancelled;
import org.triojava.ClosedResourceError;
import org.triojava.Trio;
import org.triojava.TrioRunnable;
import org.triojava.WouldBlock;
import org.triojava.stream.AsyncResources;
import org.triojava.stream.StapledStream;
import org.triojava.testing.MemoryReceiveStream;
import org.triojava.testing.MemorySendStream;
import org.triojava.testing.MemoryStreams;
import org.triojava.testing.OneWayPair;
import org.triojava.testing.StreamPair;

/**
 * Line-by-line translations of the memory-stream tests in Trio's test_testing.py
 * ({@code test__UnboundedByteQueue}, {@code test_MemorySendStream},
 * {@code test_MemoryReceiveStream}, {@code test_MemoryRecvStream_closing},
 * {@code test_memory_stream_pump}, {@code test_memory_stream_one_way_pair},
 * {@code test_memory_stream_pair}): same steps, same expected bytes, same checkpoints.
 */
class TrioParityMemoryStreamsTest {

    private static byte[] b(String s) {
        return s.getBytes(US_ASCII);
    }

    private static String s(byte[] bytes) {
        return new String(bytes, US_ASCII);
    }

    /** test__UnboundedByteQueue, through the send stream's buffer and getters. */
    @Test
    void unboundedBufferLikeTrio() throws Exception {
        Trio.run(() -> {
            MemorySendStream mss = new MemorySendStream();
            mss.sendAll(b("123"));
            mss.sendAll(b("456"));
            assertEquals("1", s(mss.getDataNowait(1)));
            assertEquals("23456", s(mss.getDataNowait(10)));
            mss.sendAll(b("789"));
            assertEquals("789", s(mss.getDataNowait()));
            assertThrows(WouldBlock.class, () -> mss.getDataNowait(10));
            assertThrows(WouldBlock.class, mss::getDataNowait);

            mss.sendAll(b("abc"));
            assertCheckpoints(() -> assertEquals("abc", s(mss.getData(10))));
            mss.sendAll(b("def"));
            mss.sendAll(b("ghi"));
            assertCheckpoints(() -> assertEquals("d", s(mss.getData(1))));
            assertCheckpoints(() -> assertEquals("efghi", s(mss.getData())));

            TrioRunnable getterXyz = () -> assertCheckpoints(() -> assertEquals("xyz", s(mss.getData())));
            Trio.openNursery(n -> {
                n.startSoon(getterXyz);
                n.startSoon(() -> {
                    waitAllTasksBlocked();
                    mss.sendAll(b("xyz"));
                });
            });

            // two getters at once: one of them is busy
            Throwable busy = assertThrows(Throwable.class, () -> Trio.openNursery(n -> {
                n.startSoon(mss::getData);
                n.startSoon(mss::getData);
            }));
            assertTrue(TestSupport.single(busy) instanceof BusyResourceError, String.valueOf(busy));

            mss.close();
            assertThrows(ClosedResourceError.class, () -> mss.sendAll(b("---")));
            assertEquals(0, mss.getDataNowait(10).length);
            assertEquals(0, mss.getDataNowait().length);
            assertEquals(0, mss.getData(10).length);
            assertEquals(0, mss.getData().length);
            mss.close(); // idempotent

            // closing wakes a blocked getter with the end of the data
            MemorySendStream mss2 = new MemorySendStream();
            Trio.openNursery(n -> {
                n.startSoon(() -> assertCheckpoints(() -> assertEquals(0, mss2.getData().length)));
                n.startSoon(() -> {
                    waitAllTasksBlocked();
                    mss2.close();
                });
            });
        });
    }

    /** test_MemorySendStream. */
    @Test
    void memorySendStreamLikeTrio() throws Exception {
        Trio.run(() -> {
            MemorySendStream mss = new MemorySendStream();
            assertCheckpoints(() -> mss.sendAll(b("123")));
            assertEquals("1", s(mss.getDataNowait(1)));
            assertEquals("23", s(mss.getDataNowait()));
            assertCheckpoints(mss::waitSendAllMightNotBlock);
            assertThrows(WouldBlock.class, mss::getDataNowait);
            assertThrows(WouldBlock.class, () -> mss.getDataNowait(10));
            assertCheckpoints(() -> mss.sendAll(b("456")));
            assertCheckpoints(() -> assertEquals("456", s(mss.getData())));

            // two sendAlls at once: exactly one is busy, the other one's data goes in
            int[] busyCount = new int[1];
            Trio.openNursery(n -> {
                for (int i = 0; i < 2; i++) {
                    n.startSoon(() -> {
                        try {
                            assertCheckpoints(() -> mss.sendAll(b("xxx")));
                        } catch (BusyResourceError e) {
                            busyCount[0]++;
                        }
                    });
                }
            });
            assertEquals(1, busyCount[0]);

            assertCheckpoints(mss::close);
            assertEquals("xxx", s(mss.getData()));
            assertEquals(0, mss.getData().length);
            assertThrows(ClosedResourceError.class, () -> mss.sendAll(b("---")));

            assertNull(mss.sendAllHook());
            assertNull(mss.waitSendAllMightNotBlockHook());
            assertNull(mss.closeHook());

            List<String> record = new ArrayList<>();
            MemorySendStream[] mss2 = new MemorySendStream[1];
            TrioRunnable sendAllHook = () -> {
                // the hook runs after sendAll did its work, so it can take the data out
                assertEquals("abc", s(mss2[0].getDataNowait()));
                record.add("send_all_hook");
            };
            TrioRunnable waitHook = () -> record.add("wait_send_all_might_not_block_hook");
            Runnable closeHook = () -> record.add("close_hook");
            mss2[0] = new MemorySendStream(sendAllHook, waitHook, closeHook);
            assertSame(sendAllHook, mss2[0].sendAllHook());
            assertSame(waitHook, mss2[0].waitSendAllMightNotBlockHook());
            assertSame(closeHook, mss2[0].closeHook());

            mss2[0].sendAll(b("abc"));
            mss2[0].waitSendAllMightNotBlock();
            AsyncResources.closeForcefully(mss2[0]);
            mss2[0].close();
            assertEquals(List.of("send_all_hook", "wait_send_all_might_not_block_hook", "close_hook", "close_hook"),
                    record);
        });
    }

    /** test_MemoryReceiveStream. */
    @Test
    void memoryReceiveStreamLikeTrio() throws Exception {
        Trio.run(() -> {
            MemoryReceiveStream mrs = new MemoryReceiveStream();
            mrs.putData(b("abc"));
            assertCheckpoints(() -> assertEquals("a", s(mrs.receiveSome(1))));
            assertCheckpoints(() -> assertEquals("bc", s(mrs.receiveSome(10))));
            mrs.putData(b("abc"));
            assertCheckpoints(() -> assertEquals("abc", s(mrs.receiveSome())));

            Throwable busy = assertThrows(Throwable.class, () -> Trio.openNursery(n -> {
                n.startSoon(() -> assertCheckpoints(() -> mrs.receiveSome(10)));
                n.startSoon(() -> assertCheckpoints(() -> mrs.receiveSome(10)));
            }));
            assertTrue(TestSupport.single(busy) instanceof BusyResourceError, String.valueOf(busy));

            assertNull(mrs.receiveSomeHook());
            mrs.putData(b("def"));
            mrs.putEof();
            mrs.putEof();
            assertCheckpoints(() -> assertEquals("def", s(mrs.receiveSome(10))));
            assertCheckpoints(() -> assertEquals("", s(mrs.receiveSome(10))));
            assertCheckpoints(() -> assertEquals("", s(mrs.receiveSome(10))));
            assertThrows(ClosedResourceError.class, () -> mrs.putData(b("---")));

            List<String> record = new ArrayList<>();
            MemoryReceiveStream[] mrs2 = new MemoryReceiveStream[1];
            TrioRunnable receiveSomeHook = () -> mrs2[0].putData(b("xxx"));
            Runnable closeHook = () -> record.add("closed");
            mrs2[0] = new MemoryReceiveStream(receiveSomeHook, closeHook);
            assertSame(receiveSomeHook, mrs2[0].receiveSomeHook());
            assertSame(closeHook, mrs2[0].closeHook());

            // the hook runs before the buffer is read
            mrs2[0].putData(b("yyy"));
            assertEquals("yyyxxx", s(mrs2[0].receiveSome(10)));
            assertEquals("xxx", s(mrs2[0].receiveSome(10)));
            assertEquals("xxx", s(mrs2[0].receiveSome(10)));

            mrs2[0].putData(b("zzz"));
            mrs2[0].setReceiveSomeHook(null);
            assertEquals("zzz", s(mrs2[0].receiveSome(10)));

            mrs2[0].putData(b("lost on close"));
            assertCheckpoints(mrs2[0]::close);
            assertEquals(List.of("closed"), record);
            assertThrows(ClosedResourceError.class, () -> mrs2[0].receiveSome(10));
        });
    }

    /** test_MemoryRecvStream_closing. */
    @Test
    void memoryReceiveStreamClosingLikeTrio() throws Exception {
        Trio.run(() -> {
            MemoryReceiveStream mrs = new MemoryReceiveStream();
            mrs.close(); // with nothing pending
            assertThrows(ClosedResourceError.class, () -> mrs.receiveSome(10));
            mrs.close(); // repeated closes are fine
            assertThrows(ClosedResourceError.class, () -> mrs.putData(b("123")));

            MemoryReceiveStream mrs2 = new MemoryReceiveStream();
            mrs2.putData(b("xyz")); // with data pending: discarded
            mrs2.close();
            assertThrows(ClosedResourceError.class, () -> mrs2.receiveSome(10));
        });
    }

    /** test_memory_stream_pump. */
    @Test
    void pumpLikeTrio() throws Exception {
        Trio.run(() -> {
            MemorySendStream mss = new MemorySendStream();
            MemoryReceiveStream mrs = new MemoryReceiveStream();
            assertFalse(MemoryStreams.pump(mss, mrs)); // nothing to move
            mss.sendAll(b("123"));
            assertTrue(MemoryStreams.pump(mss, mrs));
            assertEquals("123", s(mrs.receiveSome(10)));

            mss.sendAll(b("456"));
            assertTrue(MemoryStreams.pump(mss, mrs, 1));
            assertEquals("4", s(mrs.receiveSome(10)));
            assertTrue(MemoryStreams.pump(mss, mrs, 1));
            assertTrue(MemoryStreams.pump(mss, mrs, 1));
            assertFalse(MemoryStreams.pump(mss, mrs, 1));
            assertEquals("56", s(mrs.receiveSome(10)));

            mss.close();
            assertTrue(MemoryStreams.pump(mss, mrs));
            assertEquals("", s(mrs.receiveSome(10)));
        });
    }

    /** test_memory_stream_one_way_pair. */
    @Test
    void oneWayPairLikeTrio() throws Exception {
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

            // fails if the pumping happened on the receive side instead of in the send-all hook
            Trio.openNursery(n -> {
                n.startSoon(() -> assertEquals("abc", s(r.receiveSome(10))));
                waitAllTasksBlocked();
                s.sendAll(b("abc"));
            });
            // fails if the close hook does not pump the end of the stream
            Trio.openNursery(n -> {
                n.startSoon(() -> assertEquals("", s(r.receiveSome(10))));
                waitAllTasksBlocked();
                s.close();
            });

            // without its send-all hook, data stays in the send stream: the receiver blocks
            OneWayPair<MemorySendStream, MemoryReceiveStream> pair2 = MemoryStreams.oneWayPair();
            MemorySendStream s2 = pair2.send();
            MemoryReceiveStream r2 = pair2.receive();
            TrioRunnable old = s2.sendAllHook();
            s2.setSendAllHook(null);
            s2.sendAll(b("456"));
            Trio.openNursery(n -> {
                n.startSoon(() -> {
                    waitAllTasksBlocked();
                    n.cancelScope().cancel();
                });
                n.startSoon(() -> assertThrows(Cancelled.class, () -> r2.receiveSome(10)));
            });
            s2.setSendAllHook(old);
            s2.sendAll(b("789"));
            assertEquals("456789", s(r2.receiveSome(10)));
        });
    }

    /** test_memory_stream_pair. */
    @Test
    void pairLikeTrio() throws Exception {
        Trio.run(() -> {
            StreamPair<StapledStream> pair = MemoryStreams.pair();
            StapledStream a = pair.a();
            StapledStream b = pair.b();
            a.sendAll(b("123"));
            b.sendAll(b("abc"));
            assertEquals("123", s(b.receiveSome(10)));
            assertEquals("abc", s(a.receiveSome(10)));
            a.sendEof();
            assertEquals("", s(b.receiveSome(10)));
            Trio.openNursery(n -> {
                n.startSoon(() -> assertEquals("xyz", s(a.receiveSome(10))));
                n.startSoon(() -> {
                    waitAllTasksBlocked();
                    b.sendAll(b("xyz"));
                });
            });
        });
    }
}
