package org.triojava.socketbench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import org.triojava.Trio;
import org.triojava.socket.SocketKind;
import org.triojava.socket.Sockets;
import org.triojava.socket.TrioSocket;

/**
 * Echo server on raw Trio sockets: one run, one task per connection doing recv/sendall.
 * Prints {@code READY <port>} when it listens. Argument: the port (0 = any).
 */
public final class TrioEchoServer {
    private TrioEchoServer() {
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        Trio.run(() -> {
            try (TrioSocket listener = Sockets.socket(StandardProtocolFamily.INET, SocketKind.STREAM)) {
                listener.bind(listener.resolveLocalAddress("127.0.0.1", port));
                listener.listen(4096);
                Ready.announce(((InetSocketAddress) listener.getsockname()).getPort());
                Trio.openNursery(nursery -> {
                    while (true) {
                        TrioSocket connection = listener.accept().socket();
                        nursery.startSoon(() -> echo(connection));
                    }
                });
            }
        });
    }

    private static void echo(TrioSocket connection) {
        try (connection) {
            while (true) {
                byte[] data = connection.recv(65536);
                if (data.length == 0) {
                    return;
                }
                connection.sendall(data);
            }
        } catch (IOException e) {
            // the client went away
        }
    }
}
