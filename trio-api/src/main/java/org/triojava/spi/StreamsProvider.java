package org.triojava.spi;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.triojava.TaskStatus;
import org.triojava.abc.AsyncResource;
import org.triojava.abc.Listener;
import org.triojava.abc.Stream;
import org.triojava.socket.TrioSocket;
import org.triojava.stream.SocketListener;
import org.triojava.stream.SocketStream;
import org.triojava.stream.SslListener;
import org.triojava.stream.SslOptions;
import org.triojava.stream.SslStream;
import org.triojava.stream.StreamHandler;
import org.triojava.stream.TcpConnectOptions;

/**
 * The stream layer behind {@link org.triojava.stream.Net}, {@link SocketStream}, {@link SocketListener},
 * {@link SslStream} and {@link SslListener} (trio-streams provides it, named {@code "jdk"}).
 * Found by {@link java.util.ServiceLoader}; the system property {@code org.triojava.streams}
 * selects one by name. The facade has checked arguments for null and range before calling.
 */
public interface StreamsProvider extends Provider {
    /** {@link SocketStream#of}. */
    SocketStream socketStream(TrioSocket socket);

    /** {@link SocketListener#of}. */
    SocketListener socketListener(TrioSocket socket);

    /** {@link org.triojava.stream.Net#openTcpStream(String, int, TcpConnectOptions)}. */
    SocketStream openTcpStream(String host, int port, TcpConnectOptions options) throws IOException;

    /** {@link org.triojava.stream.Net#openTcpListeners(int, String, int)}; {@code backlog} 0 = default. */
    List<SocketListener> openTcpListeners(int port, String host, int backlog) throws IOException;

    /** {@link org.triojava.stream.Net#openUnixSocket(Path)}. */
    SocketStream openUnixSocket(Path path) throws IOException;

    /** {@link org.triojava.stream.Net#serveListeners}. */
    <S extends AsyncResource, L extends Listener<? extends S>> void serveListeners(StreamHandler<? super S> handler,
            List<L> listeners, org.triojava.Nursery handlerNursery, TaskStatus<? super List<L>> status) throws Exception;

    /** {@link SslStream#wrap}. */
    SslStream sslStream(Stream transport, SslOptions options);

    /** {@link SslListener#of}. */
    SslListener sslListener(Listener<? extends Stream> transportListener, SslOptions options);

    /** {@link org.triojava.stream.DtlsEndpoint#of(TrioSocket, int)}. */
    org.triojava.stream.DtlsEndpoint dtlsEndpoint(TrioSocket udpSocket, int incomingPacketsBuffer);
}
