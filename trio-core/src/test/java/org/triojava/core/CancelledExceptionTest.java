package org.triojava.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.triojava.CancelReason;
import org.triojava.CancelScope;
import org.triojava.Cancelled;
import org.triojava.Trio;

/** The {@link Cancelled} a woken task throws: made in that task, on its own stack; its message; serialization. */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class CancelledExceptionTest {
    private final AtomicReference<Cancelled> caught = new AtomicReference<>();

    private void sleeperBody(CancelScope scope) throws Exception {
        scope.run(() -> {
            try {
                Trio.sleepForever();
            } catch (Cancelled c) {
                caught.set(c);
                throw c;
            }
        });
    }

    private static void cancellerBody(CancelScope scope) {
        scope.cancel("enough");
    }

    private Cancelled cancelOneSleeper() throws Exception {
        CancelScope scope = new CancelScope();
        Trio.run(() -> Trio.openNursery(nursery -> {
            nursery.startSoon("sleeper", () -> sleeperBody(scope));
            TestSupport.waitAllTasksBlocked();
            nursery.startSoon("canceller", () -> cancellerBody(scope));
        }));
        assertTrue(scope.cancelledCaught());
        return caught.get();
    }

    @Test
    void byDefaultACancelledHasNoStackTrace() throws Exception {
        Cancelled cancelled = cancelOneSleeper();
        assertEquals(0, cancelled.getStackTrace().length);
        assertEquals("cancelled due to explicit with reason 'enough' from task canceller", cancelled.getMessage());
    }

    @Test
    void withStackTracesOnTheCancelledIsMadeByTheWokenTaskOnItsOwnStack() throws Exception {
        System.setProperty(Cancelled.STACK_TRACES, "true");
        Cancelled cancelled;
        try {
            cancelled = cancelOneSleeper();
        } finally {
            System.clearProperty(Cancelled.STACK_TRACES);
        }
        String frames = Arrays.toString(cancelled.getStackTrace());
        assertTrue(frames.contains("sleeperBody"), frames);
        assertFalse(frames.contains("cancellerBody"), frames);
        assertEquals(CancelReason.EXPLICIT, cancelled.source());
        assertEquals("cancelled due to explicit with reason 'enough' from task canceller", cancelled.getMessage());
    }

    @Test
    void aCancelledSurvivesSerializationWithItsMessage() throws Exception {
        cancelOneSleeper();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(caught.get());
        }
        Cancelled copy;
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            copy = (Cancelled) in.readObject();
        }
        assertEquals(caught.get().getMessage(), copy.getMessage());
        assertEquals(CancelReason.EXPLICIT, copy.source());
        assertEquals("enough", copy.reason());
        assertNull(copy.sourceTask(), "tasks do not travel");
    }
}
