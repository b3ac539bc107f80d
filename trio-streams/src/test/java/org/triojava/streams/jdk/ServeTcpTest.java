package org.triojava.streams.jdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.triojava.streams.jdk.StreamTesting.assertBytes;
import static org.triojava.streams.jdk.StreamTesting.randomBytes;
import static org.triojava.streams.jdk.StreamTesting.receiveAll;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.triojava.RunOptions;
import org.triojava.Trio;
import org.triojava.abc.Instrument;
import org.triojava.lowlevel.Task;
import org.triojava.stream.Net;
import org.triojava.stream.ServeOptions;
import org.triojava.stream.SocketListener;
import org.triojava.stream.SocketStream;
import org.triojava.stream.StreamHandler;
import org.triojava.testing.Testing;

/** {@code Net.serveTcp} on real loopback: many concurrent clients, then a clean cancellation. */
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ServeTcpTest {
    private static final int CLIENTS = 1000;

    /** Counts the tasks alive in the run. */
    static final class LiveTasks implements Instrument {
        final AtomicInteger live = new AtomicInteger();
        final AtomicInteger spawned = new AtomicInteger();

        @Override
        public void taskSpawned(Task task) {
            live.incrementAndGet();
            spawned.incrementAndGet();
        }

        @Override
        public void taskExited(Task task) {
            live.decrementAndGet();
        }
    }

    static final StreamHandler<SocketStream> ECHO = stream -> {
        for (byte[] chunk : stream) {
            stream.sendAll(chunk);
        }
    };

    @Test
    void thousandConcurrentClientsThenCleanCancellation() throws Exception {
        LiveTasks tasks = new LiveTasks();
        Trio.run(RunOptions.defaults().withInstrument(tasks), () -> {
            int baseline = tasks.live.get(); // the main task (and any system tasks)
            List<SocketStream> served = new ArrayList<>();
            StreamHandler<SocketStream> handler = stream -> {
                served.add(stream);
                ECHO.handle(stream);
            };
            List<SocketListener>[] listeners = new List[1];
            AtomicInteger verified = new AtomicInteger();
            int[] serverPort = new int[1];
            Trio.openNursery(server -> {
                listeners[0] = server.start(status -> Net.serveTcp(handler, 0,
                        ServeOptions.defaults().withHost("127.0.0.1"), status));
                assertEquals(1, listeners[0].size());
                int port = ((InetSocketAddress) listeners[0].get(0).socket().getsockname()).getPort();
                serverPort[0] = port;
                List<SocketStream> clients = new ArrayList<>();
                Trio.openNursery(nursery -> {
                    for (int i = 0; i < CLIENTS; i++) {
                        int id = i;
                        nursery.startSoon(() -> {
                            byte[] data = randomBytes(1000 + id * 7, id);
                            try (SocketStream client = Net.openTcpStream("127.0.0.1", port)) {
                                clients.add(client);
                                client.sendAll(data);
                                client.sendEof();
                                assertBytes(data, receiveAll(client));
                            }
                            verified.incrementAndGet();
                        });
                    }
                });
                assertEquals(CLIENTS, verified.get());
                assertEquals(CLIENTS, clients.size());
                assertEquals(CLIENTS, served.size());
                server.cancelScope().cancel();
            });
            // nothing left: listener closed, every served stream closed, no task but ours
            SocketListener listener = listeners[0].get(0);
            assertTrue(listener.socket().isClosed(), "the listener was closed");
            for (SocketStream stream : served) {
                assertTrue(stream.socket().isClosed(), "a served stream was left open");
            }
            assertEquals(baseline, tasks.live.get(), "tasks left over");
            assertTrue(tasks.spawned.get() >= 2 * CLIENTS, "each client and each connection had its task");
            IOException refused = assertThrows(IOException.class,
                    () -> Net.openTcpStream("127.0.0.1", serverPort[0]));
            // refused, or reset when the SYN happens to meet one of the connections in TIME_WAIT
            assertInstanceOf(SocketException.class, refused.getSuppressed()[0], refused.getSuppressed()[0].toString());
        });
    }

    @Test
    void cancellationWhileConnectionsAreOpenClosesThem() throws Exception {
        Trio.run(() -> {
            List<SocketStream> served = new ArrayList<>();
            List<SocketStream> clients = new ArrayList<>();
            Trio.openNursery(server -> {
                List<SocketListener> listeners = server.start(status -> Net.serveTcp(stream -> {
                    served.add(stream);
                    ECHO.handle(stream);
                }, 0, ServeOptions.defaults().withHost("127.0.0.1"), status));
                int port = ((InetSocketAddress) listeners.get(0).socket().getsockname()).getPort();
                for (int i = 0; i < 10; i++) {
                    SocketStream client = Net.openTcpStream("127.0.0.1", port);
                    clients.add(client);
                    client.sendAll("ping".getBytes());
                    assertEquals("ping", new String(StreamTesting.receiveExactly(client, 4)));
                }
                // ten handlers are now blocked in receiveSome
                server.cancelScope().cancel();
            });
            assertEquals(10, served.size());
            for (int i = 0; i < 10; i++) {
                assertTrue(served.get(i).socket().isClosed());
                // the client sees the end of the stream (or a reset)
                try {
                    assertEquals(0, clients.get(i).receiveSome().length);
                } catch (org.triojava.BrokenResourceError e) {
                    assertInstanceOf(IOException.class, e.getCause());
                }
                clients.get(i).close();
            }
        });
    }

    @Test
    void serveTcpOnEveryInterface() throws Exception {
        Trio.run(() -> {
            Trio.openNursery(server -> {
                List<SocketListener> listeners = server.start(status -> Net.serveTcp(ECHO, 0, status));
                int port = ((InetSocketAddress) listeners.get(0).socket().getsockname()).getPort();
                List<String> hosts = new ArrayList<>(List.of("127.0.0.1"));
                if (StreamTesting.ipv6Available()) {
                    hosts.add("::1");
                }
                for (String host : hosts) {
                    try (SocketStream client = Net.openTcpStream(host, port)) {
                        client.sendAll(host.getBytes());
                        client.sendEof();
                        assertEquals(host, new String(receiveAll(client)));
                    }
                }
                server.cancelScope().cancel();
            });
        });
    }

    /** Trio's test_serve_tcp, with the testing helper that connects to a listener. */
    @Test
    void serveTcpWithOpenStreamToSocketListener() throws Exception {
        Trio.run(() -> Trio.openNursery(nursery -> {
            List<SocketListener> listeners = nursery.start(status -> Net.serveTcp(
                    stream -> stream.sendAll(new byte[] {'x'}), 0, status));
            // a wildcard listener: the helper connects through the loopback address
            try (SocketStream stream = Testing.openStreamToSocketListener(listeners.get(0))) {
                assertEquals("x", new String(stream.receiveSome(1)));
            }
            nursery.cancelScope().cancel();
        }));
    }
}
