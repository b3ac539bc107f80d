package org.triojava.socket.nio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.StandardProtocolFamily;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.triojava.ClosedResourceError;
import org.triojava.RunOptions;
import org.triojava.SchedulingMode;
import org.triojava.Trio;
import org.triojava.socket.SocketKind;
import org.triojava.socket.SocketPair;
import org.triojava.socket.Sockets;
import org.triojava.thread.ToThread;

/** A socket closed by a thread outside the run wakes the task waiting on it (as Java's channels wake blocked threads). */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ForeignCloseTest {
    @ParameterizedTest
    @EnumSource(value = SchedulingMode.class, names = {"CONFINED", "SHARED"})
    void aCloseFromAnotherThreadWakesTheWaitingTaskWithClosedResourceError(SchedulingMode mode) throws Exception {
        Trio.run(RunOptions.defaults().withScheduling(mode), () -> {
            try (SocketPair pair = Sockets.socketpair(StandardProtocolFamily.INET, SocketKind.STREAM)) {
                AtomicReference<Thread> waiting = new AtomicReference<>();
                Thread watchdog = new Thread(() -> {
                    Thread task;
                    while ((task = waiting.get()) == null || task.getState() != Thread.State.WAITING) {
                        Thread.onSpinWait();
                    }
                    pair.a().close(); // not a thread of the run
                }, "watchdog");
                ClosedResourceError error = Trio.failAfter(10, () -> assertThrows(ClosedResourceError.class, () -> {
                    waiting.set(Thread.currentThread());
                    watchdog.start();
                    pair.a().recv(100);
                }));
                assertTrue(error.getMessage().contains("closed"), error.getMessage());
                ToThread.runSync(() -> {
                    watchdog.join();
                    return null;
                });
                assertTrue(pair.a().isClosed());
                // and the descriptor really went: the peer reads the end of the stream
                assertArrayEquals(new byte[0], Trio.failAfter(10, () -> pair.b().recv(100)));
                assertEquals("recv: this socket was closed",
                        assertThrows(ClosedResourceError.class, () -> pair.a().recv(1)).getMessage());
            }
        });
    }
}
