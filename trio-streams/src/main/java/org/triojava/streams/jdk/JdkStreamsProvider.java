package org.triojava.streams.jdk;

import aQute.bnd.annotation.spi.ServiceProvider;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Path;
import java.util.List;
import org.triojava.Nursery;
import org.triojava.TaskStatus;
import org.triojava.abc.AsyncResource;
import org.triojava.abc.Listener;
import org.triojava.abc.Stream;
import org.triojava.socket.SocketKind;
import org.triojava.socket.Sockets;
import org.triojava.socket.TrioSocket;
import org.triojava.spi.StreamsProvider;
import org.triojava.stream.SocketListener;
import org.triojava.stream.SocketStream;
import org.triojava.stream.SslListener;
import org.triojava.stream.SslOptions;
import org.triojava.stream.SslStream;
import org.triojava.stream.StreamHandler;
import org.triojava.stream.TcpConnectOptions;

/**
 * The stream layer of trio-streams, found by {@link java.util.ServiceLoader} under the name
 * {@code "jdk"}: socket streams on trio-api's {@link TrioSocket}, TLS on {@code SSLEngine}.
 */
@ServiceProvider(StreamsProvider.class)
public final class JdkStreamsProvider implements StreamsProvider {
    /** Creates the provider (ServiceLoader calls this). */
    public JdkStreamsProvider() {
    }

    @Override
    public String name() {
        return "jdk";
    }

    // ---- socket streams, TCP and Unix helpers, serving ----

    @Override
    public SocketStream socketStream(TrioSocket socket) {
        return JdkSocketStream.of(socket);
    }

    @Override
    public SocketListener socketListener(TrioSocket socket) {
        return JdkSocketListener.of(socket);
    }

    @Override
    public SocketStream openTcpStream(String host, int port, TcpConnectOptions options) throws IOException {
        return HappyEyeballs.open(host, port, options);
    }

    @Override
    public List<SocketListener> openTcpListeners(int port, String host, int backlog) throws IOException {
        return TcpListeners.open(port, host, backlog);
    }

    @Override
    public SocketStream openUnixSocket(Path path) throws IOException {
        TrioSocket socket = Sockets.socket(StandardProtocolFamily.UNIX, SocketKind.STREAM);
        try {
            socket.connect(UnixDomainSocketAddress.of(path));
            return JdkSocketStream.wrapConnected(socket);
        } catch (IOException | RuntimeException | Error e) {
            socket.close();
            throw e;
        }
    }

    @Override
    public <S extends AsyncResource, L extends Listener<? extends S>> void serveListeners(
            StreamHandler<? super S> handler, List<L> listeners, Nursery handlerNursery,
            TaskStatus<? super List<L>> status) throws Exception {
        ServeListeners.serve(handler, listeners, handlerNursery, status);
    }

    // ---- TLS ----

    @Override
    public org.triojava.stream.DtlsEndpoint dtlsEndpoint(TrioSocket udpSocket, int incomingPacketsBuffer) {
        return JdkDtlsEndpoint.of(udpSocket, incomingPacketsBuffer);
    }

    @Override
    public SslStream sslStream(Stream transport, SslOptions options) {
        return new TlsStream(transport, options);
    }

    @Override
    public SslListener sslListener(Listener<? extends Stream> transportListener, SslOptions options) {
        return new TlsListener(transportListener, options);
    }
}
