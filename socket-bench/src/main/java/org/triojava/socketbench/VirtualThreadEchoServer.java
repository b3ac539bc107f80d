package org.triojava.socketbench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * Echo server on blocking {@link ServerSocket}/{@link Socket} with one virtual thread per
 * connection (the JDK's own answer to "many connections in plain blocking style").
 * Prints {@code READY <port>}. Argument: the port (0 = any).
 */
public final class VirtualThreadEchoServer {
    private VirtualThreadEchoServer() {
    }

    public static void main(String[] args) throws IOException {
        int port = Integer.parseInt(args[0]);
        try (ServerSocket listener = new ServerSocket()) {
            listener.setReuseAddress(true);
            listener.bind(new InetSocketAddress("127.0.0.1", port), 4096);
            Ready.announce(listener.getLocalPort());
            while (true) {
                Socket connection = listener.accept();
                connection.setTcpNoDelay(true);
                Thread.ofVirtual().start(() -> echo(connection));
            }
        }
    }

    private static void echo(Socket connection) {
        try (connection) {
            InputStream in = connection.getInputStream();
            OutputStream out = connection.getOutputStream();
            byte[] buffer = new byte[16384];
            int n;
            while ((n = in.read(buffer)) > 0) {
                out.write(buffer, 0, n);
            }
        } catch (IOException e) {
            // the client went away
        }
    }
}
