package org.triojava.streams.jdk;

import java.net.InetSocketAddress;
import java.util.List;
import org.triojava.Trio;
import org.triojava.abc.HalfCloseableStream;
import org.triojava.abc.ReceiveStream;
import org.triojava.stream.Net;
import org.triojava.stream.ServeOptions;
import org.triojava.stream.SocketListener;
import org.triojava.stream.SocketStream;

/**
 * The program {@link NetworkLab} runs inside its namespace: a TCP relay built on Trio itself.
 * Each connection to {@code listenHost} (any port) is joined to a new connection to
 * {@code targetHost:targetPort}, bytes pumped both ways, ends of stream passed on.
 */
public final class LabRelay {
    private LabRelay() {
    }

    public static void main(String[] args) throws Exception {
        String listenHost = args[0];
        String targetHost = args[1];
        int targetPort = Integer.parseInt(args[2]);
        Trio.run(() -> Trio.openNursery(nursery -> {
            List<SocketListener> listeners = nursery.start(status -> Net.serveTcp(client -> {
                try (SocketStream target = Net.openTcpStream(targetHost, targetPort)) {
                    Trio.openNursery(pumps -> {
                        pumps.startSoon(() -> pump(client, target));
                        pumps.startSoon(() -> pump(target, client));
                    });
                } catch (Exception e) {
                    // one connection broke (the tests break the network on purpose): the relay goes on
                }
            }, 0, ServeOptions.defaults().withHost(listenHost), status));
            int port = ((InetSocketAddress) listeners.get(0).socket().getsockname()).getPort();
            System.out.println("relay listening on port " + port);
            System.out.flush();
        }));
    }

    private static void pump(ReceiveStream from, HalfCloseableStream to) throws Exception {
        for (byte[] chunk : from) {
            to.sendAll(chunk);
        }
        to.sendEof();
    }
}
