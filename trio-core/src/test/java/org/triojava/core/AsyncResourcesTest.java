package org.triojava.core;

import static org.junit.jupiter.api.Assertions.*;
import static org.triojava.core.TestSupport.assertCheckpoints;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.triojava.CancelScope;
import org.triojava.Cancelled;
import org.triojava.ClosedResourceError;
import org.triojava.Trio;
import org.triojava.abc.AsyncResource;
import org.triojava.stream.AsyncResources;
import org.triojava.testing.MemorySendStream;

/** {@link AsyncResources#closeForcefully} (Trio's {@code aclose_forcefully}, rule ST8). */
class AsyncResourcesTest {

    @Test
    void closesTheResourceInsideAnAlreadyCancelledScope() throws Exception {
        List<String> log = new ArrayList<>();
        Trio.run(() -> {
            AsyncResource resource = () -> {
                log.add("deadline " + Trio.currentEffectiveDeadline());
                try {
                    Trio.checkpoint();
                    log.add("graceful part ran");
                } catch (Cancelled c) {
                    log.add("graceful part cancelled");
                    throw c;
                }
            };
            AsyncResources.closeForcefully(resource);
            log.add("returned");
        });
        assertEquals(List.of("deadline -Infinity", "graceful part cancelled", "returned"), log);
    }

    @Test
    void closesAMemoryStreamAndIsACheckpoint() throws Exception {
        Trio.run(() -> {
            MemorySendStream stream = new MemorySendStream();
            assertCheckpoints(() -> AsyncResources.closeForcefully(stream));
            assertThrows(ClosedResourceError.class, () -> stream.sendAll(new byte[] {1}));
            AsyncResources.closeForcefully(stream);
        });
    }

    /**
     * When an enclosing scope is cancelled too, the Cancelled belongs to it (Trio: a scope does not
     * catch Cancelled while its parent's cancellation is visible to it): the resource is closed
     * and the Cancelled goes on to the outer scope.
     */
    @Test
    void underAnOuterCancellationTheResourceClosesAndTheOuterScopeCatches() throws Exception {
        List<String> log = new ArrayList<>();
        Trio.run(() -> {
            CancelScope outer = new CancelScope();
            outer.run(() -> {
                outer.cancel();
                AsyncResources.closeForcefully(() -> {
                    log.add("closed");
                    Trio.checkpoint();
                });
                log.add("returned");
                Trio.checkpoint();
                log.add("not reached");
            });
            assertTrue(outer.cancelledCaught());
        });
        assertEquals(List.of("closed"), log);
    }

    @Test
    void errorsFromCloseComeOutUnchanged() throws Exception {
        Trio.run(() -> {
            IllegalStateException boom = new IllegalStateException("boom");
            assertSame(boom, assertThrows(IllegalStateException.class,
                    () -> AsyncResources.closeForcefully(() -> {
                        throw boom;
                    })));
            assertThrows(NullPointerException.class, () -> AsyncResources.closeForcefully(null));
        });
    }
}
