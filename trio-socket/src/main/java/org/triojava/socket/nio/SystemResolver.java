package org.triojava.socket.nio;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.ProtocolFamily;
import java.net.StandardProtocolFamily;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import org.triojava.abc.HostnameResolver;

/**
 * The JDK's resolver ({@link InetAddress#getAllByName}, which follows the JDK's own
 * configuration, caches and any {@code java.net.spi.InetAddressResolverProvider}). Blocking:
 * {@code Sockets} calls it from a worker thread.
 */
final class SystemResolver implements HostnameResolver {
    static final SystemResolver INSTANCE = new SystemResolver();

    private SystemResolver() {
    }

    @Override
    public List<InetAddress> getaddrinfo(String host, ProtocolFamily family) throws IOException {
        if (host.isEmpty()) {
            // the C library's getaddrinfo knows no empty name; InetAddress would answer the loopback address
            throw new UnknownHostException("the empty string is not a host name (use null for the loopback address)");
        }
        InetAddress[] all = InetAddress.getAllByName(host);
        List<InetAddress> result = new ArrayList<>(all.length);
        for (InetAddress address : all) {
            if (family == null || (family == StandardProtocolFamily.INET) == (address instanceof Inet4Address)) {
                result.add(address);
            }
        }
        if (result.isEmpty()) {
            throw new UnknownHostException(host + ": no " + (family == StandardProtocolFamily.INET ? "IPv4" : "IPv6")
                    + " address");
        }
        return result;
    }

    @Override
    public String getnameinfo(InetAddress address) {
        return address.getCanonicalHostName();
    }

    @Override
    public String toString() {
        return "the system resolver (InetAddress.getAllByName)";
    }
}
