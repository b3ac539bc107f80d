package org.triojava.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.triojava.Trio;
import org.triojava.TrioRunnable;
import org.triojava.channel.MemoryChannel;
import org.triojava.lowlevel.Lowlevel;
import org.triojava.lowlevel.ParkingLot;
import org.triojava.lowlevel.TrioToken;
import org.triojava.sync.CapacityLimiter;
import org.triojava.sync.Event;
import org.triojava.sync.Semaphore;
import org.triojava.thread.FromThread;

/**
 * Every mutator that can wake a task refuses a caller from another run before it changes
 * anything: run A has a task waiting; run B tries to wake it (and is refused, the object
 * unchanged); then A itself wakes it, which proves that the waiter was not stranded.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ForeignRunTest {
    /** One mutator: how a task waits, what another run tries, how the run itself wakes the task, and what must not change. */
    record Case(String name, TrioRunnable waitInA, TrioRunnable fromB, TrioRunnable wakeInA, Supplier<Object> state) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Arguments> mutators() {
        Event event = new Event();
        ParkingLot lot = new ParkingLot();
        Semaphore semaphore = new Semaphore(0);
        CapacityLimiter limiter = new CapacityLimiter(0);
        MemoryChannel<String> forReceive = MemoryChannel.open(0);
        MemoryChannel<String> forSend = MemoryChannel.open(0);
        MemoryChannel<String> forClose = MemoryChannel.open(0);
        ParkingLot shared = new ParkingLot();
        return Stream.of(
                new Case("Event.set", event::await, event::set, event::set, event::isSet),
                new Case("ParkingLot.unpark", lot::park, lot::unpark, lot::unpark, lot::size),
                new Case("Semaphore.release", semaphore::acquire, semaphore::release, semaphore::release,
                        semaphore::value),
                new Case("CapacityLimiter.setTotalTokens", limiter::acquire, () -> limiter.setTotalTokens(1),
                        () -> limiter.setTotalTokens(1), limiter::totalTokens),
                new Case("MemorySendChannel.sendNowait", forReceive.receiveChannel()::receive,
                        () -> forReceive.sendChannel().sendNowait("from B"),
                        () -> forReceive.sendChannel().sendNowait("from A"), () -> forReceive.sendChannel().statistics()),
                new Case("MemoryReceiveChannel.receiveNowait", () -> forSend.sendChannel().send("x"),
                        forSend.receiveChannel()::receiveNowait, forSend.receiveChannel()::receiveNowait,
                        () -> forSend.sendChannel().statistics()),
                new Case("MemorySendChannel.close", forClose.receiveChannel()::receive, forClose.sendChannel()::close,
                        forClose.sendChannel()::close, () -> forClose.sendChannel().statistics()),
                new Case("ParkingLot.park", shared::park, shared::park, shared::unpark, shared::size))
                .map(Arguments::of);
    }

    @ParameterizedTest
    @MethodSource("mutators")
    void anotherRunIsRefusedBeforeAnythingChanges(Case c) throws Exception {
        List<String> log = Collections.synchronizedList(new ArrayList<>());
        CompletableFuture<TrioToken> ready = new CompletableFuture<>();
        CompletableFuture<Throwable> runA = new CompletableFuture<>();
        Thread a = new Thread(() -> {
            try {
                Trio.run(() -> Trio.openNursery(nursery -> {
                    nursery.startSoon(() -> {
                        try {
                            c.waitInA().run();
                        } catch (org.triojava.EndOfChannel end) {
                            // MemorySendChannel.close ends the receiver's wait
                        }
                        log.add("woken in A");
                    });
                    TestSupport.waitAllTasksBlocked();
                    ready.complete(Lowlevel.currentTrioToken());
                }));
                runA.complete(null);
            } catch (Throwable t) {
                ready.completeExceptionally(t);
                runA.complete(t);
            }
        }, "run A");
        a.start();
        TrioToken tokenA = ready.get();
        Object before = FromThread.run(tokenA, () -> c.state().get()).toString();
        String refused = Trio.run(() -> assertThrows(IllegalStateException.class, c.fromB()::run).getMessage());
        assertTrue(refused.contains("waits here in another Trio run"), refused);
        assertEquals(before, FromThread.run(tokenA, () -> c.state().get()).toString(), "nothing changed");
        assertEquals(List.of(), log);
        FromThread.run(tokenA, () -> {
            c.wakeInA().run();
            return null;
        });
        a.join();
        assertEquals(null, runA.get());
        assertEquals(List.of("woken in A"), log);
    }
}
