package org.triojava.core;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.triojava.KeyboardInterrupt;
import org.triojava.RunFinishedError;
import org.triojava.RunOptions;
import org.triojava.ThrowableGroup;
import org.triojava.Trio;
import org.triojava.TrioInternalError;
import org.triojava.lowlevel.Lowlevel;
import org.triojava.lowlevel.TrioToken;
import org.triojava.spi.ActiveRuns;
import org.triojava.spi.Kernel;

/** The hooks other threads and backends use: Ctrl-C delivery, runSyncSoon, system task crashes. */
class KernelHooksTest {

    @Test
    void keyboardInterruptFromAnotherThreadUnwindsTheMainTask() throws Exception {
        // (each check is about this run: other runs of the JVM may be registered meanwhile)
        List<String> log = new ArrayList<>();
        Kernel[] run = new Kernel[1];
        KeyboardInterrupt interrupt = assertThrows(KeyboardInterrupt.class, () -> Trio.run(() -> {
            Kernel self = Kernel.current();
            run[0] = self;
            assertTrue(ActiveRuns.snapshot().contains(self), "a run that takes Ctrl-C is registered");
            Thread.ofPlatform().start(self::deliverKeyboardInterrupt);
            try {
                Trio.sleepForever();
            } finally {
                log.add("finally ran");
            }
        }));
        assertEquals("KeyboardInterrupt", interrupt.getMessage());
        assertEquals(List.of("finally ran"), log);
        assertFalse(ActiveRuns.snapshot().contains(run[0]), "the run unregistered itself");
    }

    @Test
    void keyboardInterruptWhileWaitingInANurseryComesOutInTheGroup() throws Exception {
        ThrowableGroup group = (ThrowableGroup) assertThrows(Throwable.class, () -> Trio.run(() -> {
            Kernel self = Kernel.current();
            Trio.openNursery(n -> {
                n.startSoon(Trio::sleepForever);
                n.startSoon(() -> {
                    Thread.ofPlatform().start(self::deliverKeyboardInterrupt);
                });
            });
        }));
        assertEquals(1, group.exceptions().size());
        assertInstanceOf(KeyboardInterrupt.class, group.exceptions().get(0));
    }

    @Test
    void runWithoutCtrlCIsNotRegistered() throws Exception {
        Trio.run(RunOptions.defaults().withKeyboardInterrupt(false), () -> {
            assertFalse(ActiveRuns.snapshot().contains(Kernel.current()));
        });
    }

    @Test
    void runSyncSoonFromAnotherThreadWakesASleepingLoop() throws Exception {
        TrioToken[] token = new TrioToken[1];
        List<String> log = new ArrayList<>();
        Trio.run(() -> {
            token[0] = Lowlevel.currentTrioToken();
            var waiter = new org.triojava.lowlevel.ParkingLot();
            CountDownLatch parked = new CountDownLatch(1);
            Thread helper = Thread.ofPlatform().start(() -> {
                try {
                    parked.await();
                } catch (InterruptedException e) {
                    throw new AssertionError(e);
                }
                token[0].runSyncSoon(() -> {
                    log.add("callback");
                    waiter.unparkAll();
                });
            });
            parked.countDown();
            waiter.park();
            log.add("woken");
            helper.join();
        });
        assertEquals(List.of("callback", "woken"), log);
        assertThrows(RunFinishedError.class, () -> token[0].runSyncSoon(() -> { }));
    }

    @Test
    void aCrashingSystemTaskTearsTheRunDown() {
        TrioInternalError error = assertThrows(TrioInternalError.class, () -> Trio.run(() -> {
            Lowlevel.spawnSystemTask("crasher", () -> {
                throw new IllegalStateException("boom");
            });
            Trio.sleepForever();
        }));
        ThrowableGroup cause = (ThrowableGroup) error.getCause();
        assertEquals("boom", cause.leaves().findFirst().orElseThrow().getMessage());
    }

    @Test
    void aThrowingCallbackIsAnInternalError() {
        TrioInternalError error = assertThrows(TrioInternalError.class, () -> Trio.run(() -> {
            Lowlevel.currentTrioToken().runSyncSoon(() -> {
                throw new IllegalArgumentException("bad callback");
            });
            Trio.sleepForever();
        }));
        assertEquals("bad callback", error.getCause().getMessage());
    }

    @Test
    void aSystemTaskThatCatchesItsShutdownCancellationIsCancelledAgainAtItsNextCheckpoint() throws Exception {
        List<String> log = new ArrayList<>();
        Trio.run(() -> Lowlevel.spawnSystemTask("stubborn", () -> {
            try {
                Trio.sleepForever();
            } catch (org.triojava.Cancelled first) {
                log.add("caught " + first.source());
                try {
                    Trio.sleepForever();
                } catch (org.triojava.Cancelled second) {
                    log.add("cancelled again (level-triggered)");
                    throw second;
                }
            }
        }));
        assertEquals(List.of("caught shutdown", "cancelled again (level-triggered)"), log);
    }
}
