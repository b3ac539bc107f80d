package org.triojava.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.triojava.core.ChannelFixture.drain;
import static org.triojava.core.ChannelFixture.fill;
import static org.triojava.core.TestSupport.autojump;

import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.ByteBuffer;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.triojava.CancelScope;
import org.triojava.Trio;
import org.triojava.lowlevel.Lowlevel;
import org.triojava.lowlevel.TrioToken;
import org.triojava.spi.Kernel;
import org.triojava.sync.Event;

/**
 * Exactly which readiness wakes which waiter, and what the selector is left watching (Trio's
 * epoll manager, rule SK2): one direction woken per readiness, the waiter count after each
 * wake-up, interest kept for a woken direction and dropped for a cancelled or finished one, a
 * completed connect no longer watched, and a call from another thread waking a loop that sits in
 * {@code Selector.select}. Times are read on an autojumping mock clock and every wait is bounded,
 * so a lost or a wrong wake-up shows up as a wrong time instead of a hang; the parent checks
 * before it waits for its children.
 */
class IoManagerTest extends ChannelFixture {
    /** What the run's selector watches for {@code channel}: its interest set, or -1 if it is not registered. */
    private static int interest(SelectableChannel channel) throws ReflectiveOperationException {
        Field io = Runner.class.getDeclaredField("io");
        io.setAccessible(true);
        Field selectorField = IoManager.class.getDeclaredField("selector");
        selectorField.setAccessible(true);
        Selector selector = (Selector) selectorField.get(io.get(Kernel.current()));
        SelectionKey key = selector == null ? null : channel.keyFor(selector);
        return key == null || !key.isValid() ? -1 : key.interestOps();
    }

    private static int ioWaiters() {
        return Lowlevel.currentStatistics().ioWaiters();
    }

    private static void write(SocketChannel channel, int bytes) throws IOException {
        assertEquals(bytes, channel.write(ByteBuffer.allocate(bytes)));
    }



    @Test
    void readinessWakesItsWaiterAtOnceAndTheClockDoesNotJumpPastIt() throws Exception {
        List<String> log = new ArrayList<>();
        Trio.run(autojump(), () -> Trio.openNursery(nursery -> {
            nursery.startSoon(() -> {
                Lowlevel.waitReadable(b);
                log.add("readable at " + Trio.currentTime() + ", waiters left " + ioWaiters());
            });
            Trio.sleep(1);
            assertEquals(1, ioWaiters());
            write(a, 1);
            // nothing is runnable now, and the next deadline is 10 s away: the readiness must
            // wake the reader before the clock jumps
            Trio.sleep(10);
            assertEquals(List.of("readable at 1.0, waiters left 0"), log);
            assertEquals(SelectionKey.OP_READ, interest(b), "a woken direction stays watched (lazy interest)");
        }));
    }

    @Test
    void onlyTheReadyDirectionIsWoken() throws Exception {
        List<String> log = new ArrayList<>();
        Trio.run(autojump(), () -> Trio.openNursery(nursery -> {
            nursery.startSoon(() -> {
                Trio.moveOnAfter(5, () -> {
                    Lowlevel.waitReadable(a);
                    log.add("a readable at " + Trio.currentTime());
                });
                log.add("reader gave up at " + Trio.currentTime());
            });
            nursery.startSoon(() -> {
                Lowlevel.waitWritable(a); // a is writable, and nothing came in to read
                log.add("a writable at " + Trio.currentTime() + ", waiters left " + ioWaiters());
            });
            Trio.sleep(1);
            assertEquals(List.of("a writable at 0.0, waiters left 1"), log);
            assertEquals(1, ioWaiters());
            // the JDK reports a connected socket's writability as OP_CONNECT too, so a woken
            // socket writer's interest is dropped with the connect's (see the connect test below)
            assertEquals(SelectionKey.OP_READ, interest(a), "the waiting reader's direction is watched");
            Trio.sleep(10);
            assertEquals(List.of("a writable at 0.0, waiters left 1", "reader gave up at 5.0"), log);
            assertEquals(0, ioWaiters());
            assertEquals(0, interest(a), "the cancelled reader's direction is dropped");
        }));
    }

    @Test
    void aCancelledWaitDropsOnlyItsOwnDirection() throws Exception {
        fill(a);
        Trio.run(autojump(), () -> Trio.openNursery(nursery -> {
            CancelScope reader = new CancelScope();
            nursery.startSoon(() -> reader.run(() -> Lowlevel.waitReadable(a)));
            nursery.startSoon(() -> Trio.moveOnAfter(5, () -> Lowlevel.waitWritable(a)));
            Trio.sleep(1);
            reader.cancel();
            Trio.sleep(1);
            assertTrue(reader.cancelledCaught());
            assertEquals(1, ioWaiters());
            assertEquals(SelectionKey.OP_WRITE | SelectionKey.OP_CONNECT, interest(a),
                    "the reader's direction is dropped, the waiting writer's (of a socket: write and connect) kept");
            Trio.sleep(10);
            assertEquals(0, ioWaiters());
            assertEquals(0, interest(a), "registered, watching nothing");
        }));
    }

    @Test
    void aWaitAfterTheDataWasReadBlocksUntilNewDataComes() throws Exception {
        List<String> log = new ArrayList<>();
        Trio.run(autojump(), () -> Trio.openNursery(nursery -> {
            nursery.startSoon(() -> {
                for (int round = 0; round < 3; round++) {
                    Lowlevel.waitReadable(b);
                    log.add("read " + drain(b) + " at " + Trio.currentTime());
                }
            });
            for (int round = 1; round <= 3; round++) {
                Trio.sleep(1);
                write(a, round);
            }
            Trio.sleep(10);
            assertEquals(List.of("read 1 at 1.0", "read 2 at 2.0", "read 3 at 3.0"), log);
        }));
    }

    @Test
    void aCompletedConnectIsNoLongerWatched() throws Exception {
        server.configureBlocking(false);
        Trio.run(autojump(), () -> {
            try (SocketChannel client = SocketChannel.open()) {
                client.configureBlocking(false);
                if (!client.connect(server.getLocalAddress())) {
                    Lowlevel.waitWritable(client);
                    assertTrue(client.finishConnect());
                    // on a connected socket OP_CONNECT is never reported again: watching it would
                    // make every select return at once
                    assertEquals(0, interest(client) & SelectionKey.OP_CONNECT);
                }
                Lowlevel.waitReadable(server);
                server.accept().close();
                assertEquals(0.0, Trio.currentTime());
            }
        });
    }

    @Test
    void readinessOnAPipeWakesOnlyItsReaderAndPipesCanBeWaitedOnInTurn() throws Exception {
        List<String> log = new ArrayList<>();
        Trio.run(autojump(), () -> Trio.openNursery(nursery -> {
            nursery.startSoon(() -> {
                Lowlevel.waitReadable(pipe.source());
                log.add("source readable at " + Trio.currentTime());
            });
            Trio.sleep(1);
            Lowlevel.waitWritable(pipe.sink()); // an empty pipe is writable: no sleep
            assertEquals(SelectionKey.OP_WRITE, interest(pipe.sink()));
            pipe.sink().write(ByteBuffer.wrap(new byte[] {1}));
            Trio.sleep(1);
            assertEquals(List.of("source readable at 1.0"), log);
        }));
    }

    @Test
    void aCallFromAnotherThreadWakesALoopBlockedInSelect() throws Exception {
        List<String> log = new ArrayList<>();
        Trio.run(() -> Trio.openNursery(nursery -> {
            TrioToken token = Lowlevel.currentTrioToken();
            Runner run = (Runner) org.triojava.spi.Kernel.current();
            Event called = new Event();
            // a reader that never gets data keeps the selector in use, so the loop blocks in select()
            nursery.startSoon(() -> Lowlevel.waitReadable(pipe.source()));
            Thread caller = Thread.ofPlatform().start(() -> {
                while (!TestSupport.aRunWaits(run, state -> true, frame -> frame.getClassName().startsWith("sun.nio.ch.")
                        && frame.getMethodName().equals("doSelect"), "waitForEvents")) {
                    Thread.onSpinWait();
                }
                token.runSyncSoon(() -> {
                    log.add("callback ran");
                    called.set();
                });
            });
            // two seconds is far beyond a wake-up; a loop left in select() would sleep a day
            CancelScope guard = CancelScope.withRelativeDeadline(2);
            guard.run(called::await);
            assertFalse(guard.cancelledCaught(), "the loop slept through the call");
            assertEquals(List.of("callback ran"), log);
            nursery.cancelScope().cancel();
            caller.join(java.time.Duration.ofSeconds(1));
        }));
    }
}
