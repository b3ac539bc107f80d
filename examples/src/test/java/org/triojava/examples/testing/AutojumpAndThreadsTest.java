package org.triojava.examples.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import org.triojava.Nursery;
import org.triojava.Trio;
import org.triojava.junit5.TrioTest;
import org.triojava.thread.FromThread;
import org.triojava.thread.ToThread;

class AutojumpAndThreadsTest {
    @TrioTest(autojumpThreshold = 0)
    void virtualTimeWaitsForBusyWorkerThreads(Nursery nursery) throws Exception {
        nursery.startSoon(() -> Trio.sleep(10)); // every task is blocked: autojump would fire at once...
        double seenByTheWorker = ToThread.runSync(() -> {
            Path file = Files.createTempFile("trio", ".txt"); // ...but a worker thread is busy
            Files.writeString(file, "real blocking I/O");
            Files.delete(file);
            return FromThread.run(Trio::currentTime);
        });
        assertEquals(0.0, seenByTheWorker);
    }
}
