package org.triojava.streams.jdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.triojava.streams.jdk.StreamTesting.receiveAll;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.triojava.Trio;
import org.triojava.socket.SocketKind;
import org.triojava.socket.Sockets;
import org.triojava.socket.TrioSocket;
import org.triojava.stream.Net;
import org.triojava.stream.SocketListener;
import org.triojava.stream.SocketStream;

/** Trio's test_highlevel_open_unix_stream: Unix-domain streams, listeners and serving. */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class UnixSocketTest {
    @TempDir
    Path dir;

    static SocketListener unixListener(Path path) throws IOException {
        TrioSocket socket = Sockets.socket(StandardProtocolFamily.UNIX, SocketKind.STREAM);
        socket.bind(UnixDomainSocketAddress.of(path));
        socket.listen();
        return SocketListener.of(socket);
    }

    @Test
    void openUnixSocketConnects() throws Exception {
        Path path = dir.resolve("server.sock");
        Trio.run(() -> {
            try (SocketListener listener = unixListener(path);
                 SocketStream client = Net.openUnixSocket(path);
                 SocketStream server = listener.accept()) {
                assertEquals(StandardProtocolFamily.UNIX, client.socket().family());
                client.sendAll("hello".getBytes());
                client.sendEof();
                assertEquals("hello", new String(receiveAll(server)));
                server.sendAll("back".getBytes());
                server.close();
                assertEquals("back", new String(receiveAll(client)));
            }
        });
    }

    @Test
    void failureClosesTheSocket() throws Exception {
        Path missing = dir.resolve("nobody-here.sock");
        Trio.run(() -> {
            List<TrioSocket> made = new ArrayList<>();
            Sockets.setCustomSocketFactory((family, kind) -> {
                var previous = Sockets.setCustomSocketFactory(null);
                try {
                    TrioSocket socket = Sockets.socket(family, kind);
                    made.add(socket);
                    return socket;
                } finally {
                    Sockets.setCustomSocketFactory(previous);
                }
            });
            IOException e = assertThrows(IOException.class, () -> Net.openUnixSocket(missing));
            assertTrue(e.getMessage().contains("nobody-here.sock"), e.getMessage());
            assertEquals(1, made.size());
            assertTrue(made.get(0).isClosed(), "the socket of a failed connect is closed");
            assertThrows(NullPointerException.class, () -> Net.openUnixSocket(null));
        });
    }

    @Test
    void serveListenersOverUnixSockets() throws Exception {
        Path path = dir.resolve("echo.sock");
        Trio.run(() -> {
            Trio.openNursery(nursery -> {
                nursery.start(status -> Net.serveListeners(ServeTcpTest.ECHO, List.of(unixListener(path)), status));
                for (int i = 0; i < 20; i++) {
                    byte[] data = StreamTesting.randomBytes(100_000 + i, i);
                    try (SocketStream client = Net.openUnixSocket(path)) {
                        Trio.openNursery(n -> {
                            n.startSoon(() -> {
                                client.sendAll(data);
                                client.sendEof();
                            });
                            StreamTesting.assertBytes(data, receiveAll(client));
                        });
                    }
                }
                nursery.cancelScope().cancel();
            });
        });
    }

    @Test
    void openStreamToAUnixListener() throws Exception {
        Path path = dir.resolve("helper.sock");
        Trio.run(() -> {
            try (SocketListener listener = unixListener(path);
                 SocketStream client = org.triojava.testing.Testing.openStreamToSocketListener(listener);
                 SocketStream server = listener.accept()) {
                client.sendAll("over unix".getBytes());
                client.sendEof();
                assertEquals("over unix", new String(receiveAll(server)));
            }
        });
    }
}
