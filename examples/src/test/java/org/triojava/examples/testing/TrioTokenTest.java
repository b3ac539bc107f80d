package org.triojava.examples.testing;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.triojava.junit5.TrioTest;
import org.triojava.lowlevel.TrioToken;
import org.triojava.sync.Event;

class TrioTokenTest {
    @TrioTest
    void aCallbackFromAnotherThreadReachesTheRun(TrioToken token) throws Exception {
        Event called = new Event();
        ExecutorService library = Executors.newSingleThreadExecutor();
        try {
            library.execute(() -> token.runSyncSoon(called::set)); // a callback on a library's thread
            called.await();
        } finally {
            library.shutdown();
        }
    }
}
