package org.triojava.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.triojava.core.TestSupport.autojump;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.triojava.RunFinishedError;
import org.triojava.Trio;
import org.triojava.lowlevel.Lowlevel;
import org.triojava.lowlevel.TrioToken;
import org.triojava.sync.Event;

/**
 * The entry queue behind {@code TrioToken} (Trio's {@code EntryQueue}): a pass of the loop runs
 * the callbacks queued before it, so one queued by a callback waits for the next pass (after the
 * tasks the first one woke); once the run is over every call is refused, idempotent ones too.
 */
class EntryQueueTest {

    @Test
    void aCallbackQueuedByACallbackRunsInTheNextPassAfterTheTasksTheFirstWoke() throws Exception {
        List<String> log = new ArrayList<>();
        Trio.run(autojump(), () -> Trio.openNursery(nursery -> {
            TrioToken token = Lowlevel.currentTrioToken();
            Event event = new Event();
            nursery.startSoon(() -> {
                event.await();
                log.add("woken task ran");
            });
            Trio.sleep(1);
            token.runSyncSoon(() -> {
                log.add("first callback");
                event.set();
                token.runSyncSoon(() -> log.add("second callback"));
            });
            Trio.sleep(1);
        }));
        assertEquals(List.of("first callback", "woken task ran", "second callback"), log);
    }

    @Test
    void afterTheRunEveryCallIsRefusedIdempotentOnesToo() throws Exception {
        TrioToken token = Trio.run(Lowlevel::currentTrioToken);
        Runnable callback = () -> { };
        // an idempotent call refused leaves nothing pending: the same call again is refused too
        // (not silently taken for a duplicate of the first)
        assertThrows(RunFinishedError.class, () -> token.runSyncSoon(callback, true));
        assertThrows(RunFinishedError.class, () -> token.runSyncSoon(callback, true));
        assertThrows(RunFinishedError.class, () -> token.runSyncSoon(callback));
        assertThrows(RunFinishedError.class, () -> token.runSyncSoon(callback));
    }
}
