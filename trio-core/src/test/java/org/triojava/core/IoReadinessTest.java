package org.triojava.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.triojava.core.ChannelFixture.drain;
import static org.triojava.core.ChannelFixture.fill;
import static org.triojava.core.TestSupport.assertCheckpoints;
import static org.triojava.core.TestSupport.waitAllTasksBlocked;
import static org.triojava.core.TestSupport.autojump;

import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.nio.channels.SocketChannel;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.triojava.BusyResourceError;
import org.triojava.CancelScope;
import org.triojava.Cancelled;
import org.triojava.ClosedResourceError;
import org.triojava.Trio;
import org.triojava.lowlevel.Lowlevel;
import org.triojava.sync.Event;

/** Readiness waits on NIO channels (rule SK2): one waiter per direction, notifyClosing, cancellation. */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class IoReadinessTest extends ChannelFixture {
    @Test
    void waitReadableBlocksUntilDataArrives() throws Exception {
        List<String> record = new ArrayList<>();
        Trio.run(() -> Trio.openNursery(n -> {
            n.startSoon(() -> {
                record.add("waiting");
                Lowlevel.waitReadable(pipe.source());
                record.add("readable");
            });
            waitAllTasksBlocked();
            waitAllTasksBlocked();
            assertEquals(List.of("waiting"), record);
            assertEquals(1, Lowlevel.currentStatistics().ioWaiters());
            pipe.sink().write(ByteBuffer.wrap(new byte[] {1}));
            record.add("written");
        }));
        assertEquals(List.of("waiting", "written", "readable"), record);
    }

    @Test
    void aReadinessSeenWhileFlushingACancelledKeyIsNotLost() throws Exception {
        List<String> record = new ArrayList<>();
        // on an autojumping clock a lost readiness fails at once (TooSlowError) instead of after 10 s
        Trio.run(autojump(), () -> Trio.failAfter(10, () -> Trio.openNursery(n -> {
            n.startSoon(() -> {
                Lowlevel.waitReadable(pipe.source());
                record.add("pipe readable");
                n.cancelScope().cancel();
            });
            Lowlevel.waitWritable(b); // b has a selection key now
            waitAllTasksBlocked();
            pipe.sink().write(ByteBuffer.wrap(new byte[] {1}));
            Lowlevel.notifyClosing(b); // b's key is cancelled (b stays open), not yet flushed
            // registering b again flushes its cancelled key with a selectNow(), which also takes
            // the pipe's readiness into the selected set: the next select counts it as 0
            Lowlevel.waitReadable(b);
        })));
        assertEquals(List.of("pipe readable"), record);
    }

    @Test
    void readinessWaitsAreCheckpoints() throws Exception {
        Trio.run(() -> {
            assertCheckpoints(() -> Lowlevel.waitWritable(pipe.sink()));
            pipe.sink().write(ByteBuffer.wrap(new byte[] {1}));
            assertCheckpoints(() -> Lowlevel.waitReadable(pipe.source()));
            // ... and cancel points: a cancelled wait raises even though the channel is ready
            CancelScope scope = new CancelScope();
            scope.run(() -> {
                scope.cancel();
                assertThrows(Cancelled.class, () -> Lowlevel.waitReadable(pipe.source()));
                assertThrows(Cancelled.class, () -> Lowlevel.waitWritable(pipe.sink()));
            });
        });
    }

    @Test
    void secondReaderIsBusy() throws Exception {
        Trio.run(() -> Trio.openNursery(n -> {
            n.startSoon(() -> Lowlevel.waitReadable(a));
            waitAllTasksBlocked();
            BusyResourceError e = assertThrows(BusyResourceError.class, () -> Lowlevel.waitReadable(a));
            assertEquals("another task is already waiting for this channel to become readable", e.getMessage());
            // the other direction and other channels are independent
            Lowlevel.waitWritable(a);
            n.cancelScope().cancel();
        }));
    }

    @Test
    void secondWriterIsBusy() throws Exception {
        fill(a);
        Trio.run(() -> Trio.openNursery(n -> {
            n.startSoon(() -> Lowlevel.waitWritable(a));
            waitAllTasksBlocked();
            BusyResourceError e = assertThrows(BusyResourceError.class, () -> Lowlevel.waitWritable(a));
            assertEquals("another task is already waiting for this channel to become writable", e.getMessage());
            n.cancelScope().cancel();
        }));
    }

    @Test
    void notifyClosingWakesBothWaitersWithClosedResourceError() throws Exception {
        fill(a);
        List<String> record = new ArrayList<>();
        Trio.run(() -> Trio.openNursery(n -> {
            n.startSoon(() -> {
                assertThrows(ClosedResourceError.class, () -> Lowlevel.waitReadable(a));
                record.add("reader closed");
            });
            n.startSoon(() -> {
                assertThrows(ClosedResourceError.class, () -> Lowlevel.waitWritable(a));
                record.add("writer closed");
            });
            waitAllTasksBlocked();
            assertEquals(2, Lowlevel.currentStatistics().ioWaiters());
            Lowlevel.notifyClosing(a);
            a.close();
            assertEquals(0, Lowlevel.currentStatistics().ioWaiters());
        }));
        assertEquals(List.of("reader closed", "writer closed"), record);
    }

    @Test
    void notifyClosingWithoutWaitersIsHarmless() throws Exception {
        Trio.run(() -> {
            Lowlevel.notifyClosing(b); // never registered
            Lowlevel.waitWritable(b);
            Lowlevel.notifyClosing(b); // registered, nobody waiting
            Lowlevel.waitWritable(b); // and the channel can be waited on again
        });
    }

    @Test
    void cancellingAWaitUnregistersIt() throws Exception {
        Trio.run(() -> {
            Trio.openNursery(n -> {
                CancelScope scope = new CancelScope();
                n.startSoon(() -> scope.run(() -> Lowlevel.waitReadable(a)));
                waitAllTasksBlocked();
                assertEquals(1, Lowlevel.currentStatistics().ioWaiters());
                scope.cancel();
                waitAllTasksBlocked();
                assertTrue(scope.cancelledCaught());
                assertEquals(0, Lowlevel.currentStatistics().ioWaiters());
            });
            // the slot is free again
            b.write(ByteBuffer.wrap(new byte[] {7}));
            Lowlevel.waitReadable(a);
            assertEquals(1, drain(a));
        });
    }

    @Test
    void simultaneousReadAndWriteOnOneChannel() throws Exception {
        fill(a);
        List<String> record = new ArrayList<>();
        Trio.run(() -> Trio.openNursery(n -> {
            Event readDone = new Event();
            Event writeDone = new Event();
            n.startSoon(() -> {
                Lowlevel.waitReadable(a);
                record.add("r_task");
                readDone.set();
            });
            n.startSoon(() -> {
                Lowlevel.waitWritable(a);
                record.add("w_task");
                writeDone.set();
            });
            waitAllTasksBlocked();
            assertEquals(List.of(), record);
            b.write(ByteBuffer.wrap(new byte[] {'x'}));
            readDone.await();
            assertEquals(List.of("r_task"), record);
            // drain b until a's send buffer has room again
            n.startSoon(() -> {
                while (!writeDone.isSet()) {
                    drain(b);
                    // wait for more data, or for the writer to be done
                    Trio.openNursery(inner -> {
                        inner.startSoon(() -> {
                            Lowlevel.waitReadable(b);
                            inner.cancelScope().cancel();
                        });
                        inner.startSoon(() -> {
                            writeDone.await();
                            inner.cancelScope().cancel();
                        });
                    });
                }
            });
            writeDone.await();
            assertEquals(List.of("r_task", "w_task"), record);
        }));
    }

    @Test
    void streamingAMegabyteEachWay() throws Exception {
        int total = 1_000_000;
        a.setOption(StandardSocketOptions.SO_SNDBUF, 10_000);
        byte[][] digests = new byte[4][];
        Trio.run(() -> Trio.openNursery(n -> {
            for (int dir = 0; dir < 2; dir++) {
                SocketChannel from = dir == 0 ? a : b;
                SocketChannel to = dir == 0 ? b : a;
                int index = dir;
                n.startSoon(() -> {
                    Random random = new Random(index);
                    MessageDigest digest = MessageDigest.getInstance("SHA-256");
                    int sent = 0;
                    while (sent < total) {
                        byte[] bytes = new byte[Math.min(total - sent, random.nextInt(65536) + 1)];
                        random.nextBytes(bytes);
                        digest.update(bytes);
                        ByteBuffer chunk = ByteBuffer.wrap(bytes);
                        while (chunk.hasRemaining()) {
                            assertCheckpoints(() -> Lowlevel.waitWritable(from));
                            sent += from.write(chunk);
                        }
                    }
                    from.shutdownOutput();
                    digests[index * 2] = digest.digest();
                });
                n.startSoon(() -> {
                    MessageDigest digest = MessageDigest.getInstance("SHA-256");
                    ByteBuffer chunk = ByteBuffer.allocate(65536);
                    long received = 0;
                    while (true) {
                        Lowlevel.waitReadable(to);
                        int got = to.read(chunk.clear());
                        if (got < 0) {
                            break;
                        }
                        received += got;
                        digest.update(chunk.flip());
                    }
                    assertEquals(total, received);
                    digests[index * 2 + 1] = digest.digest();
                });
            }
        }));
        assertArrayEquals(digests[0], digests[1]);
        assertArrayEquals(digests[2], digests[3]);
    }

    @Test
    void acceptAndConnectReadiness() throws Exception {
        server.configureBlocking(false);
        List<String> record = new ArrayList<>();
        Trio.run(() -> Trio.openNursery(n -> {
            n.startSoon(() -> {
                SocketChannel s;
                while ((s = server.accept()) == null) {
                    Lowlevel.waitReadable(server);
                }
                record.add("accepted");
                s.close();
            });
            try (SocketChannel client = SocketChannel.open()) {
                client.configureBlocking(false);
                if (!client.connect(server.getLocalAddress())) {
                    Lowlevel.waitWritable(client);
                    assertTrue(client.finishConnect());
                }
                assertTrue(client.isConnected());
                record.add("connected");
            }
        }));
        // the order depends on the kernel; both happen
        assertEquals(java.util.Set.of("accepted", "connected"), java.util.Set.copyOf(record));
    }

    @Test
    void unnotifiedCloseLeavesWaitsCancellable() throws Exception {
        // Trio's test_can_survive_unnotified_close: waits may hang, but must stay cancellable
        fill(a);
        Trio.run(() -> {
            Trio.openNursery(n -> {
                n.startSoon(() -> Lowlevel.waitReadable(a));
                n.startSoon(() -> Lowlevel.waitWritable(a));
                waitAllTasksBlocked();
                a.close();
                waitAllTasksBlocked();
                n.cancelScope().cancel();
            });
            assertEquals(0, Lowlevel.currentStatistics().ioWaiters());
            // the run's I/O keeps working for other channels
            b.write(ByteBuffer.wrap(new byte[] {1}));
            pipe.sink().write(ByteBuffer.wrap(new byte[] {2}));
            Lowlevel.waitReadable(pipe.source());
            assertThrows(ClosedResourceError.class, () -> Lowlevel.waitReadable(a));
        });
    }

    @Test
    void blockingAndClosedChannelsAreRefused() throws Exception {
        Trio.run(() -> {
            Pipe blocking = Pipe.open();
            try {
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                        () -> Lowlevel.waitReadable(blocking.source()));
                assertTrue(e.getMessage().contains("blocking mode"), e.getMessage());
            } finally {
                blocking.source().close();
                blocking.sink().close();
            }
            b.close();
            assertThrows(ClosedResourceError.class, () -> Lowlevel.waitReadable(b));
            assertThrows(NullPointerException.class, () -> Lowlevel.waitReadable(null));
        });
    }
}
