package org.triojava.socket.nio;

import aQute.bnd.annotation.spi.ServiceProvider;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ProtocolFamily;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.DatagramChannel;
import java.nio.channels.NetworkChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import org.triojava.ClosedResourceError;
import org.triojava.abc.HostnameResolver;
import org.triojava.socket.SocketKind;
import org.triojava.socket.SocketPair;
import org.triojava.socket.TrioSocket;
import org.triojava.spi.Addresses;
import org.triojava.spi.SocketProvider;

/**
 * The socket backend of trio-socket, on {@code java.nio} channels, found by
 * {@link java.util.ServiceLoader} under the name {@code "nio"}.
 */
@ServiceProvider(SocketProvider.class)
public final class NioSocketProvider implements SocketProvider {
    private static volatile Boolean ipv6Available;

    /** Creates the provider (ServiceLoader calls this). */
    public NioSocketProvider() {
    }

    @Override
    public String name() {
        return "nio";
    }

    @Override
    public TrioSocket socket(ProtocolFamily family, SocketKind kind) throws IOException {
        if (kind == SocketKind.DATAGRAM) {
            if (family == StandardProtocolFamily.UNIX) {
                throw new UnsupportedOperationException("Unix-domain datagram sockets: Java's DatagramChannel"
                        + " supports only INET and INET6");
            }
            return datagram(family, DatagramChannel.open(family));
        }
        SocketChannel channel = SocketChannel.open(family);
        try {
            channel.configureBlocking(false);
            StreamSocket.applyDefaults(family, channel);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
        return new StreamSocket(family, channel);
    }

    private static TrioSocket datagram(ProtocolFamily family, DatagramChannel channel) throws IOException {
        try {
            channel.configureBlocking(false);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
        return new DatagramSocket(family, channel);
    }

    @Override
    public SocketPair socketpair(ProtocolFamily family, SocketKind kind) throws IOException {
        if (kind == SocketKind.DATAGRAM) {
            if (family == null) {
                family = StandardProtocolFamily.INET;
            }
            if (family == StandardProtocolFamily.UNIX) {
                throw new UnsupportedOperationException("Unix-domain datagram socket pairs: Java's DatagramChannel"
                        + " supports only INET and INET6");
            }
            return datagramPair(family);
        }
        if (family == null) {
            try {
                return unixPair();
            } catch (UnsupportedOperationException e) {
                return ipPair(StandardProtocolFamily.INET);
            }
        }
        return family == StandardProtocolFamily.UNIX ? unixPair() : ipPair(family);
    }

    /** Two Unix-domain stream sockets connected through a listener on a path in a private temporary directory. */
    private static SocketPair unixPair() throws IOException {
        Path directory = Files.createTempDirectory("trio-socketpair");
        Path path = directory.resolve("s");
        try (ServerSocketChannel listener = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            listener.bind(UnixDomainSocketAddress.of(path), 1);
            return connectPair(StandardProtocolFamily.UNIX, listener);
        } finally {
            Files.deleteIfExists(path);
            Files.deleteIfExists(directory);
        }
    }

    /** Two TCP sockets connected over the loopback interface. */
    private static SocketPair ipPair(ProtocolFamily family) throws IOException {
        try (ServerSocketChannel listener = ServerSocketChannel.open(family)) {
            listener.bind(new InetSocketAddress(Addresses.loopback(family), 0), 1);
            return connectPair(family, listener);
        }
    }

    /**
     * Connects a new socket to {@code listener} and accepts it, checking that the accepted
     * connection is ours (another local process could race to connect a loopback listener).
     * Blocking, but only for a local handshake that completes at once.
     */
    private static SocketPair connectPair(ProtocolFamily family, ServerSocketChannel listener) throws IOException {
        SocketChannel client = SocketChannel.open(family);
        SocketChannel server = null;
        try {
            client.connect(listener.getLocalAddress());
            while (true) {
                server = listener.accept();
                if (family == StandardProtocolFamily.UNIX
                        || server.getRemoteAddress().equals(client.getLocalAddress())) {
                    break;
                }
                server.close(); // someone else's connection
                server = null;
            }
            TrioSocket a = wrapNew(family, client);
            TrioSocket b = wrapNew(family, server);
            return new SocketPair(a, b);
        } catch (IOException | RuntimeException e) {
            client.close();
            if (server != null) {
                server.close();
            }
            throw e;
        }
    }

    private static TrioSocket wrapNew(ProtocolFamily family, SocketChannel channel) throws IOException {
        channel.configureBlocking(false);
        StreamSocket.applyDefaults(family, channel);
        return new StreamSocket(family, channel);
    }

    private static SocketPair datagramPair(ProtocolFamily family) throws IOException {
        DatagramChannel a = DatagramChannel.open(family);
        DatagramChannel b = null;
        try {
            b = DatagramChannel.open(family);
            a.bind(new InetSocketAddress(Addresses.loopback(family), 0));
            b.bind(new InetSocketAddress(Addresses.loopback(family), 0));
            a.connect(b.getLocalAddress());
            b.connect(a.getLocalAddress());
            return new SocketPair(datagram(family, a), datagram(family, b));
        } catch (IOException | RuntimeException e) {
            a.close();
            if (b != null) {
                b.close();
            }
            throw e;
        }
    }

    @Override
    public TrioSocket from(NetworkChannel channel, ProtocolFamily family) throws IOException {
        if (!(channel instanceof SocketChannel) && !(channel instanceof ServerSocketChannel)
                && !(channel instanceof DatagramChannel)) {
            throw new IllegalArgumentException("expected a SocketChannel, ServerSocketChannel or DatagramChannel, not "
                    + channel.getClass().getName());
        }
        if (!channel.isOpen()) {
            throw new ClosedResourceError("cannot wrap a closed channel: " + channel);
        }
        ProtocolFamily detected = familyOf(channel);
        if (family == null) {
            family = detected;
        } else if ((family == StandardProtocolFamily.UNIX) != (detected == StandardProtocolFamily.UNIX)) {
            throw new IllegalArgumentException("the channel " + channel + " is not a " + family + " channel");
        }
        ((java.nio.channels.SelectableChannel) channel).configureBlocking(false);
        if (channel instanceof SocketChannel socket) {
            return new StreamSocket(family, socket);
        }
        if (channel instanceof ServerSocketChannel server) {
            return new StreamSocket(family, server);
        }
        return new DatagramSocket(family, (DatagramChannel) channel);
    }

    /**
     * The family of a channel: from its local or remote address; for a channel that is neither
     * bound nor connected, Unix-domain channels are recognized by their options, and IP channels
     * get Java's default family for channels opened without one.
     */
    private static ProtocolFamily familyOf(NetworkChannel channel) throws IOException {
        SocketAddress address = channel.getLocalAddress();
        if (address == null && channel instanceof SocketChannel socket) {
            address = socket.getRemoteAddress();
        }
        if (address == null && channel instanceof DatagramChannel datagram) {
            address = datagram.getRemoteAddress();
        }
        if (address instanceof UnixDomainSocketAddress) {
            return StandardProtocolFamily.UNIX;
        }
        if (address instanceof InetSocketAddress inet) {
            return inet.getAddress() instanceof java.net.Inet6Address
                    ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET;
        }
        if (!(channel instanceof DatagramChannel)
                && !channel.supportedOptions().contains(StandardSocketOptions.SO_REUSEADDR)
                && !channel.supportedOptions().contains(StandardSocketOptions.TCP_NODELAY)) {
            return StandardProtocolFamily.UNIX;
        }
        return javaDefaultFamily();
    }

    private static ProtocolFamily javaDefaultFamily() {
        Boolean available = ipv6Available;
        if (available == null) {
            boolean v6 = !Boolean.getBoolean("java.net.preferIPv4Stack");
            if (v6) {
                try (DatagramChannel probe = DatagramChannel.open(StandardProtocolFamily.INET6)) {
                    v6 = probe.isOpen();
                } catch (IOException | UnsupportedOperationException e) {
                    v6 = false;
                }
            }
            ipv6Available = available = v6;
        }
        return available ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET;
    }

    @Override
    public HostnameResolver defaultResolver() {
        return SystemResolver.INSTANCE;
    }

    @Override
    public String toString() {
        return "NioSocketProvider[nio]";
    }
}
