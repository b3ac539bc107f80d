package org.triojava.process.jdk;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.triojava.process.jdk.ProcessTesting.PIPES;
import static org.triojava.process.jdk.ProcessTesting.bytes;
import static org.triojava.process.jdk.ProcessTesting.text;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.triojava.BrokenResourceError;
import org.triojava.BusyResourceError;
import org.triojava.CancelScope;
import org.triojava.Cancelled;
import org.triojava.ClosedResourceError;
import org.triojava.Trio;
import org.triojava.abc.ReceiveStream;
import org.triojava.process.ProcessOptions;
import org.triojava.process.Processes;
import org.triojava.process.Redirect;
import org.triojava.process.TrioProcess;
import org.triojava.socket.PartialResult;
import org.triojava.socket.Sockets;
import org.triojava.stream.StapledStream;
import org.triojava.testing.OneWayPair;
import org.triojava.testing.StreamChecks;
import org.triojava.testing.StreamPair;
import org.triojava.testing.Testing;

/** A child's pipes as Trio streams: the stream contract, cancellation, and the run never blocking on them. */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // a lost wake-up would wait forever
class ProcessPipesTest {

    private static TrioProcess cat() throws Exception {
        return Processes.open(List.of("cat"), ProcessOptions.defaults().withStdin(Redirect.PIPE)
                .withStdout(Redirect.PIPE));
    }

    @Test
    void catsStdinAndStdoutPassTheOneWayStreamChecks() throws Exception {
        Trio.run(() -> StreamChecks.checkOneWayStream(() -> {
            TrioProcess cat = cat();
            return new OneWayPair<>(cat.stdin(), cat.stdout());
        }, null));
    }

    @Test
    void twoCatsStapledPassTheHalfCloseableStreamChecks() throws Exception {
        Trio.run(() -> StreamChecks.checkHalfCloseableStream(() -> {
            TrioProcess there = cat();
            TrioProcess back = cat();
            return new StreamPair<>(new StapledStream(there.stdin(), back.stdout()),
                    new StapledStream(back.stdin(), there.stdout()));
        }, null));
    }

    @Test
    void stdioTalksToTheChildAndEndsWhenItExits() throws Exception {
        Trio.run(() -> {
            try (TrioProcess cat = cat()) {
                cat.stdio().sendAll(bytes("ping"));
                assertEquals("ping", text(cat.stdio().receiveSome()));
                cat.stdio().sendEof();
                assertArrayEquals(new byte[0], cat.stdio().receiveSome());
                assertEquals(0, cat.waitFor());
            }
        });
    }

    @Test
    void aCancelledReceiveConsumedNothing() throws Exception {
        Trio.run(() -> {
            try (TrioProcess cat = cat()) {
                CancelScope scope = new CancelScope();
                Trio.openNursery(nursery -> {
                    nursery.startSoon(() -> scope.run(() -> cat.stdout().receiveSome()));
                    Testing.waitAllTasksBlocked();
                    scope.cancel();
                });
                assertTrue(scope.cancelledCaught());
                cat.stdin().sendAll(bytes("kept"));
                assertEquals("ke", text(cat.stdout().receiveSome(2)));
                assertEquals("pt", text(cat.stdout().receiveSome(10)));
            }
        });
    }

    @Test
    void aReceiveIsACheckpointEvenWithDataBuffered() throws Exception {
        Trio.run(() -> {
            try (TrioProcess cat = cat()) {
                cat.stdin().sendAll(bytes("abc"));
                assertEquals("a", text(cat.stdout().receiveSome(1)));
                Testing.assertCheckpoints(() -> cat.stdout().receiveSome(1));
                Testing.assertCheckpoints(() -> cat.stdin().sendAll(bytes("d")));
                Testing.assertCheckpoints(() -> cat.stdin().waitSendAllMightNotBlock());
            }
        });
    }

    @Test
    void aSendAllCutShortSaysHowMuchWentOutAndBreaksTheStream() throws Exception {
        Trio.run(() -> {
            // a child that never reads: the pipe takes one block (64 KiB on Linux), then the write blocks
            TrioProcess sleeper = Processes.open(List.of("sleep", "100"),
                    ProcessOptions.defaults().withStdin(Redirect.PIPE));
            try {
                List<Throwable> caught = new ArrayList<>();
                CancelScope scope = new CancelScope();
                Trio.openNursery(nursery -> {
                    nursery.startSoon(() -> scope.run(() -> {
                        try {
                            sleeper.stdin().sendAll(new byte[1 << 20]);
                        } catch (Cancelled e) {
                            caught.add(e);
                            throw e;
                        }
                    }));
                    Testing.waitAllTasksBlocked();
                    scope.cancel();
                });
                long sent = Sockets.partialResult(caught.get(0)).map(PartialResult::bytesSent).orElseThrow();
                assertTrue(sent < 1 << 20 && sent % PipeSendStream.BLOCK == 0, () -> "sent " + sent);
                BrokenResourceError broken = assertThrows(BrokenResourceError.class,
                        () -> sleeper.stdin().sendAll(bytes("more")));
                assertTrue(broken.getMessage().contains("cut short after " + sent), broken::getMessage);
            } finally {
                sleeper.kill();
                sleeper.close();
            }
        });
    }

    @Test
    void aSendAllCancelledBeforeItBeganSentNothingAndTheStreamStaysUsable() throws Exception {
        Trio.run(() -> {
            try (TrioProcess cat = cat()) {
                CancelScope scope = new CancelScope();
                scope.cancel();
                scope.run(() -> cat.stdin().sendAll(bytes("never")));
                assertTrue(scope.cancelledCaught());
                cat.stdin().sendAll(bytes("only this"));
                cat.stdin().close();
                StringBuilder all = new StringBuilder();
                for (byte[] chunk : cat.stdout()) {
                    all.append(text(chunk));
                }
                assertEquals("only this", all.toString());
            }
        });
    }

    @Test
    void aReadThatWaitsForTheChildDoesNotHoldBackTheMockClock() throws Exception {
        // a pipe read is an I/O wait: the clock jumps to the deadline at once (else: over the timeout)
        Trio.run(ProcessTesting.autojump(), () -> {
            try (TrioProcess silent = Processes.open(List.of("sleep", "1000"),
                    ProcessOptions.defaults().withStdout(Redirect.PIPE))) {
                CancelScope scope = Trio.moveOnAfter(30, () -> silent.stdout().receiveSome());
                assertTrue(scope.cancelledCaught());
                assertEquals(30.0, Trio.currentTime());
                silent.kill();
            }
        });
    }

    @Test
    void twoReceiversAtOnceIsABusyResource() throws Exception {
        Trio.run(() -> {
            try (TrioProcess cat = cat()) {
                Trio.openNursery(nursery -> {
                    nursery.startSoon(() -> cat.stdout().receiveSome());
                    Testing.waitAllTasksBlocked();
                    assertThrows(BusyResourceError.class, () -> cat.stdout().receiveSome());
                    cat.stdin().sendAll(bytes("x"));
                });
            }
        });
    }

    @Test
    void closingWakesAWaitingReceiverWithClosedResourceError() throws Exception {
        Trio.run(() -> {
            try (TrioProcess cat = cat()) {
                ReceiveStream stdout = cat.stdout();
                List<Throwable> caught = new ArrayList<>();
                Trio.openNursery(nursery -> {
                    nursery.startSoon(() -> caught.add(assertThrows(ClosedResourceError.class, stdout::receiveSome)));
                    Testing.waitAllTasksBlocked();
                    stdout.close();
                });
                assertEquals(1, caught.size());
                assertThrows(ClosedResourceError.class, stdout::receiveSome);
                stdout.close(); // idempotent
            }
        });
    }
}
