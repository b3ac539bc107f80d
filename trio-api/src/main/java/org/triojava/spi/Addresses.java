package org.triojava.spi;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.ProtocolFamily;
import java.net.StandardProtocolFamily;
import java.net.UnknownHostException;
import java.util.Objects;

/**
 * The special IP addresses that the socket API and its backends agree on, in one place: the
 * loopback and wildcard address of a family, and IPv4-mapped IPv6 addresses. Each is a numeric
 * address without a host name (as Trio's numeric answers are), built without any lookup.
 */
public final class Addresses {
    private Addresses() {
    }

    /** {@code 127.0.0.1} for {@link StandardProtocolFamily#INET}, {@code ::1} for {@link StandardProtocolFamily#INET6}. */
    public static InetAddress loopback(ProtocolFamily family) {
        byte[] bytes = new byte[length(family)];
        if (bytes.length == 16) {
            bytes[15] = 1;
        } else {
            bytes[0] = 127;
            bytes[3] = 1;
        }
        return numeric(bytes);
    }

    /** {@code 0.0.0.0} for {@link StandardProtocolFamily#INET}, {@code ::} for {@link StandardProtocolFamily#INET6}. */
    public static InetAddress wildcard(ProtocolFamily family) {
        return numeric(new byte[length(family)]);
    }

    /** {@code v4} as an IPv4-mapped IPv6 address ({@code ::ffff:a.b.c.d}), which the JDK would turn back into IPv4. */
    public static Inet6Address ipv4Mapped(Inet4Address v4) {
        byte[] bytes = new byte[16];
        bytes[10] = (byte) 0xff;
        bytes[11] = (byte) 0xff;
        System.arraycopy(Objects.requireNonNull(v4, "v4 must not be null").getAddress(), 0, bytes, 12, 4);
        try {
            return Inet6Address.getByAddress(null, bytes, -1);
        } catch (UnknownHostException impossible) {
            throw new AssertionError("16 bytes are an IPv6 address", impossible);
        }
    }

    /**
     * Whether {@code host} is written as an IP address (an IPv6 literal, with or without brackets,
     * or a dotted-quad IPv4 one) rather than as a name: TLS sends and verifies names only.
     */
    public static boolean isIpLiteral(String host) {
        return host.indexOf(':') >= 0 || IPV4.matcher(host).matches();
    }

    private static final java.util.regex.Pattern IPV4 = java.util.regex.Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    private static int length(ProtocolFamily family) {
        if (family == StandardProtocolFamily.INET) {
            return 4;
        }
        if (family == StandardProtocolFamily.INET6) {
            return 16;
        }
        throw new IllegalArgumentException("not an IP family: " + family + " (INET or INET6)");
    }

    private static InetAddress numeric(byte[] bytes) {
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException impossible) {
            throw new AssertionError("4 or 16 bytes are an IP address", impossible);
        }
    }
}
