package org.triojava.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.channels.Pipe;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.triojava.CancelScope;
import org.triojava.Trio;
import org.triojava.lowlevel.Lowlevel;
import org.triojava.thread.ToThread;

/**
 * What only the run's own tasks may do, refused elsewhere with a message that says what to use
 * instead; and the resources a run gives back (issue 22: mutants that removed these checks and
 * releases survived).
 */
class RunConfinementTest {

    @Test
    void anActiveScopeIsChangedOnlyFromInsideItsRun() throws Exception {
        Trio.run(() -> {
            double deadline = Trio.currentTime() + 50;
            CancelScope scope = CancelScope.withDeadline(deadline);
            boolean[] checked = {false};
            scope.run(() -> {
                java.util.Map<String, org.triojava.TrioRunnable> changes = java.util.Map.of(
                        "CancelScope.setDeadline", () -> scope.setDeadline(10),
                        "CancelScope.setRelativeDeadline", () -> scope.setRelativeDeadline(10),
                        "CancelScope.setShield", () -> scope.setShield(true));
                for (var change : changes.entrySet()) {
                    IllegalStateException refused = ToThread.runSync(() -> assertThrows(IllegalStateException.class,
                            change.getValue()::run));
                    // refused up front, naming the operation and the way to do it instead
                    assertTrue(refused.getMessage().startsWith(change.getKey() + " on an active scope")
                            && refused.getMessage().contains("TrioToken.runSyncSoon"), refused::getMessage);
                }
                assertEquals(deadline, scope.deadline());
                assertFalse(scope.shield());
                checked[0] = true;
            });
            assertTrue(checked[0], "the scope's body ran to the end");
            // an unentered scope is a plain value: any thread may set it up
            CancelScope fresh = new CancelScope();
            ToThread.runSync(() -> fresh.setDeadline(3));
            assertEquals(3.0, fresh.deadline());
        });
    }

    @Test
    void nurseryStartIsRefusedFromAnotherThread() throws Exception {
        Trio.run(() -> Trio.openNursery(nursery -> {
            IllegalStateException refused = ToThread.runSync(() -> assertThrows(IllegalStateException.class,
                    () -> nursery.start(status -> status.started(null))));
            assertTrue(refused.getMessage().contains("Nursery.start"), refused::getMessage);
        }));
    }

    @Test
    void aRunThatWaitedForIoGivesItsSelectorBack() throws Exception {
        Trio.run(() -> { // warm-up: classes loaded, the JDK's own descriptors open
            readyOnce();
        });
        long before = openDescriptors();
        for (int i = 0; i < 50; i++) {
            Trio.run(RunConfinementTest::readyOnce);
        }
        long after = openDescriptors();
        // a selector that stayed open would leave one or more descriptors per run
        assertTrue(after - before < 10, () -> "descriptors: " + before + " before, " + after + " after 50 runs");
    }

    private static void readyOnce() throws Exception {
        Pipe pipe = Pipe.open();
        try (Pipe.SinkChannel sink = pipe.sink(); Pipe.SourceChannel source = pipe.source()) {
            source.configureBlocking(false);
            sink.write(java.nio.ByteBuffer.wrap(new byte[] {1}));
            Lowlevel.waitReadable(source);
            Lowlevel.notifyClosing(source);
        }
    }

    private static long openDescriptors() throws Exception {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        }
    }

    @Test
    void tasksNameThemselves() throws Exception {
        Trio.run(() -> Trio.openNursery(nursery -> nursery.startSoon("the named one",
                () -> assertTrue(Lowlevel.currentTask().toString().contains("the named one"),
                        () -> Lowlevel.currentTask().toString()))));
    }
}
