package org.triojava.streams.jdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.triojava.streams.jdk.StreamTesting.receiveExactly;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.ResourceBundle;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.triojava.CancelScope;
import org.triojava.Nursery;
import org.triojava.RunOptions;
import org.triojava.ThrowableGroup;
import org.triojava.Trio;
import org.triojava.TrioRunnable;
import org.triojava.abc.Listener;
import org.triojava.channel.MemoryChannel;
import org.triojava.socket.SocketKind;
import org.triojava.socket.SocketPair;
import org.triojava.socket.Sockets;
import org.triojava.stream.Net;
import org.triojava.stream.SocketStream;
import org.triojava.testing.MockClock;
import org.triojava.testing.Testing;

/** Trio's test_highlevel_serve_listeners, with in-process listeners handing out Unix socket-pair streams. */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ServeListenersTest {

    /** Trio's test MemoryListener: connections are queued by {@link #connect()}; accept can be hooked. */
    static final class MemoryListener implements Listener<SocketStream> {
        final MemoryChannel<SocketStream> queue = MemoryChannel.open(1);
        final List<SocketStream> accepted = new ArrayList<>();
        boolean closed;
        TrioRunnable acceptHook;

        /** Makes a connection: queues the server side for accept, returns the client side. */
        SocketStream connect() throws IOException {
            SocketPair pair = Sockets.socketpair(StandardProtocolFamily.UNIX, SocketKind.STREAM);
            queue.sendChannel().send(SocketStream.of(pair.b()));
            return SocketStream.of(pair.a());
        }

        @Override
        public SocketStream accept() throws IOException {
            Trio.checkpoint();
            assertTrue(!closed, "accept on a closed listener");
            if (acceptHook != null) {
                try {
                    acceptHook.run();
                } catch (IOException | RuntimeException | Error e) {
                    throw e;
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            }
            SocketStream stream = queue.receiveChannel().receive();
            accepted.add(stream);
            return stream;
        }

        @Override
        public void close() {
            closed = true;
            Trio.checkpoint();
        }
    }

    @Test
    void basic() throws Exception {
        Trio.run(() -> {
            List<MemoryListener> listeners = List.of(new MemoryListener(), new MemoryListener());
            List<String> record = new ArrayList<>();
            Trio.openNursery(nursery -> {
                List<MemoryListener> reported = nursery.start(status -> Net.serveListeners(stream -> {
                    record.add("handled");
                    stream.sendAll("123".getBytes());
                    assertEquals("456", new String(receiveExactly(stream, 3)));
                }, listeners, status));
                assertEquals(listeners, reported);
                Trio.openNursery(clients -> {
                    for (MemoryListener listener : listeners) {
                        for (int i = 0; i < 3; i++) {
                            clients.startSoon(() -> {
                                try (SocketStream client = listener.connect()) {
                                    assertEquals("123", new String(receiveExactly(client, 3)));
                                    client.sendAll("456".getBytes());
                                    // the server closes its side (forcefully) once the handler returned
                                    assertEquals(0, client.receiveSome().length);
                                }
                            });
                        }
                    }
                });
                Testing.waitAllTasksBlocked();
                assertEquals(6, record.size());
                for (MemoryListener listener : listeners) {
                    assertEquals(3, listener.accepted.size());
                    for (SocketStream stream : listener.accepted) {
                        assertTrue(stream.socket().isClosed(), "handled streams are closed");
                    }
                    assertTrue(!listener.closed);
                }
                nursery.cancelScope().cancel();
            });
            for (MemoryListener listener : listeners) {
                assertTrue(listener.closed, "serveListeners closes its listeners on the way out");
            }
        });
    }

    @Test
    void handlerErrorsPropagateAndTheStreamIsClosedAnyway() throws Exception {
        Trio.run(() -> {
            MemoryListener listener = new MemoryListener();
            IllegalStateException boom = new IllegalStateException("handler failed");
            SocketStream[] client = new SocketStream[1];
            Throwable thrown = assertThrows(Throwable.class, () -> Trio.openNursery(nursery -> {
                nursery.start(status -> Net.serveListeners(stream -> {
                    throw boom;
                }, List.of(listener), status));
                client[0] = listener.connect();
            }));
            assertTrue(contains(thrown, boom), "the handler's error comes out: " + thrown);
            assertTrue(listener.accepted.get(0).socket().isClosed());
            assertTrue(listener.closed);
            client[0].close();
        });
    }

    @Test
    void acceptUnrecognizedErrorStopsServing() throws Exception {
        Trio.run(() -> {
            List<Exception> errors = List.of(new IllegalStateException("not an I/O error"),
                    // transient for SocketListener, but serveListeners itself does not retry it
                    new IOException("Software caused connection abort"));
            for (Exception error : errors) {
                MemoryListener listener = new MemoryListener();
                listener.acceptHook = () -> {
                    throw error;
                };
                Throwable thrown = assertThrows(Throwable.class,
                        () -> Net.serveListeners(stream -> { }, List.of(listener), org.triojava.TaskStatus.ignored()));
                assertInstanceOf(ThrowableGroup.class, thrown);
                assertEquals(List.of(error), ((ThrowableGroup) thrown).exceptions());
                assertTrue(listener.closed);
            }
        });
    }

    @Test
    void acceptCapacityErrorIsLoggedAndRetried() throws Exception {
        List<Object[]> records = new ArrayList<>();
        System.Logger previous = ServeListeners.logger;
        ServeListeners.logger = new RecordingLogger(records);
        try {
            Trio.run(RunOptions.defaults().withClock(new MockClock(0, 0)), () -> {
                MemoryListener listener = new MemoryListener();
                List<IOException> thrown = new ArrayList<>();
                listener.acceptHook = () -> {
                    IOException e = new IOException("accept: Too many open files");
                    thrown.add(e);
                    throw e;
                };
                CancelScope scope = Trio.moveOnAfter(2.95,
                        () -> Net.serveListeners(stream -> { }, List.of(listener), org.triojava.TaskStatus.ignored()));
                assertTrue(scope.cancelledCaught());
                // accept at 0, 0.1, ..., 2.9: thirty tries, each logged
                assertEquals(30, thrown.size());
                assertEquals(30, records.size());
                for (int i = 0; i < 30; i++) {
                    Object[] record = records.get(i);
                    assertEquals(System.Logger.Level.ERROR, record[0]);
                    assertEquals("accept returned EMFILE (Too many open files); retrying in 0.1 seconds", record[1]);
                    assertSame(thrown.get(i), record[2]);
                }
                assertTrue(listener.closed);
            });
        } finally {
            ServeListeners.logger = previous;
        }
    }

    @Test
    void aCapacityErrorInTheLocalesLanguageIsRecognizedByAFailingDescriptor() throws Exception {
        // under LANG=de_DE.UTF-8 the JDK reports EMFILE as the C library says it there
        List<Object[]> records = new ArrayList<>();
        System.Logger previous = ServeListeners.logger;
        java.util.function.BooleanSupplier realProbe = OsErrors.descriptorAvailable;
        ServeListeners.logger = new RecordingLogger(records);
        OsErrors.descriptorAvailable = () -> false; // the table is full: no descriptor to be had
        try {
            Trio.run(RunOptions.defaults().withClock(new MockClock(0, 0)), () -> {
                MemoryListener listener = new MemoryListener();
                listener.acceptHook = () -> {
                    throw new IOException("accept: Zu viele offene Dateien");
                };
                CancelScope scope = Trio.moveOnAfter(0.25,
                        () -> Net.serveListeners(stream -> { }, List.of(listener), org.triojava.TaskStatus.ignored()));
                assertTrue(scope.cancelledCaught(), "retried, not raised");
                assertEquals(3, records.size()); // at 0, 0.1 and 0.2
                assertEquals("accept returned out of file descriptors or memory (accept: Zu viele offene Dateien);"
                        + " retrying in 0.1 seconds", records.get(0)[1]);
            });
            // with descriptors to spare, the same text is an error like any other
            OsErrors.descriptorAvailable = () -> true;
            IOException other = new IOException("accept: Zu viele offene Dateien");
            Throwable thrown = assertThrows(Throwable.class, () -> Trio.run(() -> {
                MemoryListener listener = new MemoryListener();
                listener.acceptHook = () -> {
                    throw other;
                };
                Net.serveListeners(stream -> { }, List.of(listener), org.triojava.TaskStatus.ignored());
            }));
            assertTrue(org.triojava.ThrowableGroup.leavesOf(thrown).anyMatch(e -> e == other), thrown::toString);
        } finally {
            ServeListeners.logger = previous;
            OsErrors.descriptorAvailable = realProbe;
        }
    }

    @Test
    void logsUnderTheDocumentedName() {
        assertEquals("org.triojava.serveListeners", ServeListeners.LOGGER_NAME);
        assertEquals(ServeListeners.LOGGER_NAME, ServeListeners.logger.getName());
    }

    /** Records (level, message, throwable) of what is logged. */
    record RecordingLogger(List<Object[]> records) implements System.Logger {
        @Override
        public String getName() {
            return ServeListeners.LOGGER_NAME;
        }

        @Override
        public boolean isLoggable(Level level) {
            return true;
        }

        @Override
        public void log(Level level, ResourceBundle bundle, String msg, Throwable thrown) {
            records.add(new Object[] {level, msg, thrown});
        }

        @Override
        public void log(Level level, ResourceBundle bundle, String format, Object... params) {
            records.add(new Object[] {level, format, null});
        }

        @Override
        public void log(Level level, Supplier<String> msgSupplier, Throwable thrown) {
            records.add(new Object[] {level, msgSupplier.get(), thrown});
        }
    }

    /** A signal that the watcher saw what it wanted. */
    static final class Done extends RuntimeException {
        Done() {
            super("done");
        }
    }

    @Test
    void handlersRunInTheGivenNursery() throws Exception {
        Trio.run(RunOptions.defaults().withClock(new MockClock(0, 0)), () -> {
            MemoryListener listener = new MemoryListener();
            List<SocketStream> clients = new ArrayList<>();
            Throwable thrown = assertThrows(Throwable.class, () -> Trio.openNursery(nursery -> {
                Nursery handlerNursery = nursery.start(status -> Trio.openNursery(watcher -> {
                    status.started(watcher);
                    Testing.waitAllTasksBlocked();
                    assertEquals(10, watcher.childTasks().size(), "the handlers run in the handler nursery");
                    throw new Done();
                }));
                nursery.start(status -> Net.serveListeners(stream -> Trio.sleep(Duration.ofSeconds(1)),
                        List.of(listener), handlerNursery, status));
                for (int i = 0; i < 10; i++) {
                    nursery.startSoon(() -> clients.add(listener.connect()));
                }
            }));
            assertTrue(contains(thrown, Done.class), String.valueOf(thrown));
            assertTrue(listener.closed);
            clients.forEach(SocketStream::close);
        });
    }

    @Test
    void argumentsAreChecked() throws Exception {
        Trio.run(() -> {
            assertThrows(IllegalArgumentException.class,
                    () -> Net.serveListeners(s -> { }, List.<MemoryListener>of(), org.triojava.TaskStatus.ignored()));
            assertThrows(NullPointerException.class,
                    () -> Net.serveListeners(null, List.of(new MemoryListener()), org.triojava.TaskStatus.ignored()));
        });
    }

    static boolean contains(Throwable thrown, Object wanted) {
        if (wanted instanceof Class<?> type ? type.isInstance(thrown) : thrown == wanted) {
            return true;
        }
        if (thrown instanceof ThrowableGroup group) {
            for (Throwable t : group.exceptions()) {
                if (contains(t, wanted)) {
                    return true;
                }
            }
        }
        return false;
    }
}
