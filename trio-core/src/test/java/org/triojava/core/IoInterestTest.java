package org.triojava.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.triojava.RunOptions;
import org.triojava.Trio;
import org.triojava.abc.Instrument;
import org.triojava.lowlevel.Lowlevel;

/**
 * The I/O manager keeps a woken channel registered (lazy interest), but readiness that nobody
 * waits for must not make the run loop spin: once reported, that interest is dropped.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class IoInterestTest {

    @Test
    void aReadyChannelThatNobodyWaitsForDoesNotKeepTheLoopBusy() throws Exception {
        Pipe ready = Pipe.open();
        Pipe idle = Pipe.open();
        ready.source().configureBlocking(false);
        idle.source().configureBlocking(false);
        AtomicInteger ioWaits = new AtomicInteger();
        Instrument counter = new Instrument() {
            @Override
            public void beforeIoWait(double timeout) {
                ioWaits.incrementAndGet();
            }
        };
        try {
            Trio.run(RunOptions.defaults().withInstrument(counter), () -> {
                ready.sink().write(ByteBuffer.wrap(new byte[] {1}));
                Lowlevel.waitReadable(ready.source()); // woken; the byte stays unread
                int before = ioWaits.get();
                // now wait on another channel only, until a deadline ends it: a loop that still
                // watched the ready pipe would wake up over and over meanwhile
                Trio.moveOnAfter(0.3, () -> Lowlevel.waitReadable(idle.source()));
                int during = ioWaits.get() - before;
                assertTrue(during < 20, "the run loop waited for I/O " + during + " times in 0.3 s");
                // and the first channel still works when someone waits for it again
                Lowlevel.waitReadable(ready.source());
                assertEquals(1, ready.source().read(ByteBuffer.allocate(4)));
            });
        } finally {
            for (Pipe pipe : new Pipe[] {ready, idle}) {
                pipe.source().close();
                pipe.sink().close();
            }
        }
    }

    @Test
    void aChannelThatWasWaitedForCanBeWaitedForInTheOtherDirectionToo() throws Exception {
        Pipe pipe = Pipe.open();
        pipe.source().configureBlocking(false);
        pipe.sink().configureBlocking(false);
        try {
            Trio.run(() -> {
                for (int round = 0; round < 3; round++) {
                    Lowlevel.waitWritable(pipe.sink());
                    pipe.sink().write(ByteBuffer.wrap(new byte[] {(byte) round}));
                    Lowlevel.waitReadable(pipe.source());
                    ByteBuffer one = ByteBuffer.allocate(1);
                    assertEquals(1, pipe.source().read(one));
                    assertEquals(round, one.get(0));
                }
            });
        } finally {
            pipe.source().close();
            pipe.sink().close();
        }
    }
}
