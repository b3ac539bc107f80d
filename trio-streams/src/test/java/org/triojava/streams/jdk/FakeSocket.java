package org.triojava.streams.jdk;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ProtocolFamily;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.SocketOption;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.triojava.ClosedResourceError;
import org.triojava.Trio;
import org.triojava.socket.Accepted;
import org.triojava.socket.Datagram;
import org.triojava.socket.ReceivedFrom;
import org.triojava.socket.ShutdownHow;
import org.triojava.socket.SocketKind;
import org.triojava.socket.TrioSocket;

/**
 * A socket without an OS socket behind it, for the tests that need exact control: connect
 * takes a scripted time and outcome on the mock clock (Trio's test FakeSocket), accept returns
 * scripted errors and sockets, and the options, bind and listen calls are recorded.
 */
class FakeSocket implements TrioSocket {
    /** How a scripted connect ends. */
    enum Outcome { SUCCESS, ERROR, POSTCONNECT_FAIL }

    /** What connect does, given the address: delay in seconds and outcome. */
    interface ConnectScript {
        Object[] script(InetSocketAddress address);
    }

    final ProtocolFamily family;
    final SocketKind kind;
    ConnectScript connectScript;
    InetSocketAddress connectedTo;
    double connectStartedAt = Double.NaN;
    boolean succeeded;
    boolean failing;
    boolean closed;
    boolean listening;
    Integer backlog;
    SocketAddress boundTo;
    IOException bindError;
    final Map<SocketOption<?>, Object> options = new LinkedHashMap<>();
    /** Accept results in order: an exception to throw or a TrioSocket to return. */
    final Deque<Object> acceptScript = new ArrayDeque<>();
    int acceptCalls;

    FakeSocket(ProtocolFamily family, SocketKind kind) {
        this.family = family;
        this.kind = kind;
    }

    @Override
    public ProtocolFamily family() {
        return family;
    }

    @Override
    public SocketKind kind() {
        return kind;
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    @Override
    public boolean didShutdownWrite() {
        return false;
    }

    @Override
    public boolean isListening() {
        return listening;
    }

    @Override
    public SocketAddress resolveLocalAddress(String host, int port) {
        throw new UnsupportedOperationException("fake");
    }

    @Override
    public SocketAddress resolveRemoteAddress(String host, int port) {
        throw new UnsupportedOperationException("fake");
    }

    @Override
    public void bind(SocketAddress address) throws IOException {
        Trio.checkpoint();
        if (bindError != null) {
            throw bindError;
        }
        boundTo = address;
    }

    @Override
    public void listen(int backlog) {
        this.backlog = backlog;
        listening = true;
    }

    @Override
    public void listen() {
        listen(DEFAULT_BACKLOG);
    }

    @Override
    public Accepted accept() throws IOException {
        if (closed) {
            throw new ClosedResourceError("accept: the socket is closed");
        }
        acceptCalls++;
        Trio.checkpoint();
        Object next = acceptScript.poll();
        if (next == null) {
            Trio.sleepForever();
        }
        if (next instanceof IOException e) {
            throw e;
        }
        if (next instanceof RuntimeException e) {
            throw e;
        }
        return new Accepted((TrioSocket) next, null);
    }

    @Override
    public void connect(SocketAddress address) throws IOException {
        InetSocketAddress target = (InetSocketAddress) address;
        connectedTo = target;
        connectStartedAt = Trio.currentTime();
        Object[] script = connectScript.script(target);
        Trio.sleep((Double) script[0]);
        Outcome outcome = (Outcome) script[1];
        if (outcome == Outcome.ERROR) {
            throw new SocketException("sorry (connect to " + target + ")");
        }
        if (outcome == Outcome.POSTCONNECT_FAIL) {
            failing = true;
        }
        succeeded = true;
    }

    @Override
    public byte[] recv(int maxBytes) {
        throw new UnsupportedOperationException("fake");
    }

    @Override
    public int recvInto(ByteBuffer buffer) {
        throw new UnsupportedOperationException("fake");
    }

    @Override
    public Datagram recvfrom(int maxBytes) {
        throw new UnsupportedOperationException("fake");
    }

    @Override
    public ReceivedFrom recvfromInto(ByteBuffer buffer) {
        throw new UnsupportedOperationException("fake");
    }

    @Override
    public void sendall(byte[] data) {
        throw new UnsupportedOperationException("fake");
    }

    @Override
    public void sendall(ByteBuffer data) {
        throw new UnsupportedOperationException("fake");
    }

    @Override
    public int sendto(byte[] data, SocketAddress address) {
        throw new UnsupportedOperationException("fake");
    }

    @Override
    public int sendto(ByteBuffer data, SocketAddress address) {
        throw new UnsupportedOperationException("fake");
    }

    @Override
    public void shutdown(ShutdownHow how) {
        throw new UnsupportedOperationException("fake");
    }

    @Override
    public SocketAddress getsockname() {
        return boundTo;
    }

    @Override
    public SocketAddress getpeername() throws IOException {
        if (!succeeded) {
            throw new SocketException("not connected");
        }
        return connectedTo;
    }

    @Override
    public <T> void setsockopt(SocketOption<T> option, T value) {
        if (failing) {
            // not an IOException: SocketStream ignores those
            throw new IllegalStateException("postconnect failure");
        }
        options.put(option, value);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T getsockopt(SocketOption<T> option) {
        return (T) options.get(option);
    }

    @Override
    public Set<SocketOption<?>> supportedOptions() {
        return Set.of();
    }

    @Override
    public void waitWritable() {
        throw new UnsupportedOperationException("fake");
    }

    @Override
    public boolean isReadable() {
        throw new UnsupportedOperationException("fake");
    }

    @Override
    public void close() {
        closed = true;
    }

    @Override
    public String toString() {
        return "FakeSocket[" + family + ", " + (connectedTo != null ? connectedTo : boundTo) + "]";
    }
}
