package org.triojava.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.triojava.core.TestSupport.autojump;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.triojava.ClosedResourceError;
import org.triojava.Trio;
import org.triojava.channel.MemoryChannel;
import org.triojava.channel.MemoryReceiveChannel;
import org.triojava.channel.MemorySendChannel;
import org.triojava.testing.Testing;

/**
 * Memory channel edges that only exact checks catch: what a closed handle says, a channel whose
 * waiters belong to one run refused to another run (waiting and closing both), and an
 * {@code asSafeChannel} producer torn down as soon as the consumer closes its side, not when the
 * block ends. Times are mock times.
 */
class ChannelEdgesTest {

    @Test
    void aClosedHandleSaysWhichSideItIs() throws Exception {
        Trio.run(() -> {
            MemoryChannel<String> channel = MemoryChannel.open(1);
            MemorySendChannel<String> send = channel.sendChannel().clone();
            MemoryReceiveChannel<String> receive = channel.receiveChannel().clone();
            send.close();
            receive.close();
            assertTrue(assertThrows(ClosedResourceError.class, () -> send.send("x")).getMessage()
                    .endsWith("this send channel handle was closed"));
            assertTrue(assertThrows(ClosedResourceError.class, receive::receive).getMessage()
                    .endsWith("this receive channel handle was closed"));
            // a task blocked on a handle that is closed hears which side
            Trio.openNursery(nursery -> {
                MemoryReceiveChannel<String> blocked = channel.receiveChannel().clone();
                AtomicReference<String> heard = new AtomicReference<>();
                nursery.startSoon(() -> heard.set(assertThrows(ClosedResourceError.class, blocked::receive).getMessage()));
                Testing.waitAllTasksBlocked();
                blocked.close();
                Testing.waitAllTasksBlocked();
                assertEquals("the receive channel handle was closed", heard.get());
            });
        });
    }

    @Test
    void aChannelWhoseWaitersBelongToOneRunIsRefusedToAnother() throws Exception {
        MemoryChannel<String> channel = MemoryChannel.open(0);
        List<String> refused = new ArrayList<>();
        Trio.run(() -> Trio.openNursery(nursery -> {
            nursery.startSoon(() -> channel.receiveChannel().receive());
            Testing.waitAllTasksBlocked();
            Thread other = Thread.ofPlatform().start(() -> {
                for (String what : new String[] {"receive", "close"}) {
                    try {
                        Trio.run(() -> {
                            if (what.equals("receive")) {
                                channel.receiveChannel().receive();
                            } else {
                                channel.receiveChannel().close();
                            }
                        });
                        refused.add(what + " allowed");
                    } catch (Exception e) {
                        refused.add(what + ": " + e.getClass().getSimpleName());
                    }
                }
            });
            other.join(); // (blocks this run meanwhile: the other run finds its waiter parked)
            channel.sendChannel().send("done"); // the waiter is still there, and still works
        }));
        assertEquals(List.of("receive: IllegalStateException", "close: IllegalStateException"), refused);
    }

    @Test
    void theSafeChannelsProducerIsTornDownAsSoonAsTheConsumerCloses() throws Exception {
        List<String> log = new ArrayList<>();
        Trio.run(autojump(), () ->
                MemoryChannel.<Integer, Void>asSafeChannel(out -> {
                    try {
                        for (int i = 0; ; i++) {
                            out.emit(i);
                        }
                    } finally {
                        log.add("producer torn down at " + Trio.currentTime());
                    }
                }, channel -> {
                    assertEquals(0, channel.receive());
                    Trio.sleep(1);
                    channel.close();
                    Trio.sleep(1);
                    log.add("consumer checks at " + Trio.currentTime());
                    return null;
                }));
        assertEquals(List.of("producer torn down at 1.0", "consumer checks at 2.0"), log);
    }
}
