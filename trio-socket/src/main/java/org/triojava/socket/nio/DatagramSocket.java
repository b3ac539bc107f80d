package org.triojava.socket.nio;

import java.io.IOException;
import java.net.ProtocolFamily;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectableChannel;
import java.util.Objects;
import org.triojava.Cancelled;
import org.triojava.Trio;
import org.triojava.lowlevel.Lowlevel;
import org.triojava.socket.Accepted;
import org.triojava.socket.Datagram;
import org.triojava.socket.ReceivedFrom;
import org.triojava.socket.ShutdownHow;
import org.triojava.socket.SocketKind;
import org.triojava.socket.Sockets;

/** A UDP socket on a {@link DatagramChannel}. */
final class DatagramSocket extends NioSocket {
    private final DatagramChannel channel;

    DatagramSocket(ProtocolFamily family, DatagramChannel channel) {
        super(family);
        this.channel = channel;
    }

    @Override
    SelectableChannel channel() {
        return channel;
    }

    @Override
    public SocketKind kind() {
        return SocketKind.DATAGRAM;
    }

    @Override
    public boolean didShutdownWrite() {
        return false;
    }

    @Override
    public boolean isListening() {
        return false;
    }

    @Override
    SocketAddress remoteAddress() throws IOException {
        return channel.getRemoteAddress();
    }

    @Override
    String describeKind() {
        return "datagram socket";
    }

    @Override
    public void bind(SocketAddress address) throws IOException {
        ensureOpen("bind");
        checkAddress(address, "bind", true);
        Trio.checkpoint();
        try {
            channel.bind(address);
        } catch (IOException | RuntimeException e) {
            throw Errors.<IOException>sneaky(Errors.translate(e, "bind", "bind to " + Errors.describe(address)));
        }
    }

    @Override
    public void listen(int backlog) {
        throw new IllegalStateException("listen: a datagram socket cannot listen");
    }

    @Override
    public void listen() {
        listen(DEFAULT_BACKLOG);
    }

    @Override
    public Accepted accept() {
        throw new IllegalStateException("accept: a datagram socket cannot accept connections");
    }

    /** Sets the default peer: datagrams go there and only its datagrams arrive. Never waits. */
    @Override
    public void connect(SocketAddress address) throws IOException {
        ensureOpen("connect");
        checkAddress(address, "connect", false);
        try {
            Lowlevel.checkpointIfCancelled();
            try {
                channel.connect(address);
            } catch (IOException | RuntimeException e) {
                throw Errors.<IOException>sneaky(Errors.translate(e, "connect",
                        "Error connecting to " + Errors.describe(address)));
            } finally {
                Lowlevel.cancelShieldedCheckpoint();
            }
        } catch (Cancelled cancelled) {
            close();
            throw cancelled;
        }
    }

    // ================================================================== receiving

    @Override
    public byte[] recv(int maxBytes) throws IOException {
        return recvfrom(maxBytes).data();
    }

    @Override
    public Datagram recvfrom(int maxBytes) throws IOException {
        if (maxBytes < 0) {
            throw new IllegalArgumentException("recvfrom: maxBytes must not be negative, got " + maxBytes);
        }
        ensureOpen("recvfrom");
        return nonblocking("recvfrom", false, () -> {
            ByteBuffer buffer = scratch.get(maxBytes);
            SocketAddress from = channel.receive(buffer);
            if (from == null) {
                return null;
            }
            buffer.flip();
            byte[] data = new byte[buffer.remaining()];
            buffer.get(data);
            return new Datagram(data, from);
        });
    }

    @Override
    public int recvInto(ByteBuffer buffer) throws IOException {
        return recvfromInto(buffer).bytes();
    }

    @Override
    public ReceivedFrom recvfromInto(ByteBuffer buffer) throws IOException {
        checkReceiveBuffer(buffer, "recvfromInto");
        ensureOpen("recvfromInto");
        return nonblocking("recvfromInto", false, () -> {
            int start = buffer.position();
            SocketAddress from = channel.receive(buffer);
            return from == null ? null : new ReceivedFrom(buffer.position() - start, from);
        });
    }

    // ================================================================== sending

    /** Sends {@code data} as one datagram to the connected peer. */
    @Override
    public void sendall(byte[] data) throws IOException {
        sendall(data == null ? null : ByteBuffer.wrap(data));
    }

    @Override
    public void sendall(ByteBuffer data) throws IOException {
        try {
            Objects.requireNonNull(data, "data must not be null");
            ensureOpen("sendall");
            if (!channel.isConnected()) {
                throw new IllegalStateException("sendall: this datagram socket is not connected; connect() it first,"
                        + " or use sendto");
            }
            int total = data.remaining();
            nonblocking("sendall", true, () -> {
                int n = channel.write(data);
                return n == 0 && total > 0 ? null : n;
            });
        } catch (IOException | RuntimeException | Error e) {
            throw Errors.<IOException>sneaky(Sockets.attachPartialResult(e, 0));
        }
    }

    @Override
    public int sendto(byte[] data, SocketAddress address) throws IOException {
        Objects.requireNonNull(data, "data must not be null");
        return sendto(ByteBuffer.wrap(data), address);
    }

    @Override
    public int sendto(ByteBuffer data, SocketAddress address) throws IOException {
        Objects.requireNonNull(data, "data must not be null");
        ensureOpen("sendto");
        checkAddress(address, "sendto", false);
        SocketAddress peer = channel.getRemoteAddress();
        if (peer != null && !peer.equals(address)) {
            // the OS would send it; Java's DatagramChannel refuses any address but the connected one
            throw new IllegalStateException("sendto " + Errors.describe(address) + ": this datagram socket is connected"
                    + " to " + Errors.describe(peer) + ", and Java can send only there; use an unconnected socket"
                    + " to reach other addresses");
        }
        int total = data.remaining();
        return nonblocking("sendto " + Errors.describe(address), true, () -> {
            int n = channel.send(data, address);
            return n == 0 && total > 0 ? null : n;
        });
    }

    @Override
    public void shutdown(ShutdownHow how) {
        Objects.requireNonNull(how, "how must not be null");
        ensureOpen("shutdown");
        throw new IllegalStateException("shutdown: only a connected stream socket can be shut down"
                + " (Java's DatagramChannel has no shutdown)");
    }

    @Override
    void closeChannels() {
        close(channel);
    }
}
