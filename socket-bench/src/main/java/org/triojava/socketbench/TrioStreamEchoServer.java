package org.triojava.socketbench;

import java.net.InetSocketAddress;
import java.util.List;
import org.triojava.Trio;
import org.triojava.stream.Net;
import org.triojava.stream.ServeOptions;
import org.triojava.stream.SocketListener;
import org.triojava.stream.SocketStream;

/**
 * Echo server on the stream layer: {@code Net.serveTcp} with a handler that copies each chunk of
 * {@link SocketStream#receiveSome()} back with {@code sendAll} — the same work as
 * {@link TrioEchoServer} on raw sockets, through the Stream API. Prints {@code READY <port>}.
 * Argument: the port (0 = any).
 */
public final class TrioStreamEchoServer {
    private TrioStreamEchoServer() {
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        Trio.run(() -> Trio.openNursery(nursery -> {
            List<SocketListener> listeners = nursery.start(status -> Net.serveTcp(TrioStreamEchoServer::echo, port,
                    ServeOptions.defaults().withHost("127.0.0.1").withBacklog(4096), status));
            Ready.announce(((InetSocketAddress) listeners.get(0).socket().getsockname()).getPort());
        }));
    }

    private static void echo(SocketStream stream) {
        try {
            for (byte[] chunk : stream) {
                stream.sendAll(chunk);
            }
        } catch (org.triojava.BrokenResourceError e) {
            // the client went away
        }
    }
}
