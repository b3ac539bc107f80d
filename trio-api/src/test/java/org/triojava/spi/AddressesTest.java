package org.triojava.spi;

import static org.junit.jupiter.api.Assertions.*;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.StandardProtocolFamily;
import org.junit.jupiter.api.Test;

class AddressesTest {
    @Test
    void loopbackAndWildcardOfEachFamilyAreNumeric() throws Exception {
        assertEquals(InetAddress.getByName("127.0.0.1"), Addresses.loopback(StandardProtocolFamily.INET));
        assertEquals(InetAddress.getByName("::1"), Addresses.loopback(StandardProtocolFamily.INET6));
        assertEquals(InetAddress.getByName("0.0.0.0"), Addresses.wildcard(StandardProtocolFamily.INET));
        assertEquals(InetAddress.getByName("::"), Addresses.wildcard(StandardProtocolFamily.INET6));
        assertInstanceOf(Inet6Address.class, Addresses.loopback(StandardProtocolFamily.INET6));
        assertTrue(Addresses.loopback(StandardProtocolFamily.INET).isLoopbackAddress());
        assertTrue(Addresses.wildcard(StandardProtocolFamily.INET6).isAnyLocalAddress());
        assertEquals("/127.0.0.1", Addresses.loopback(StandardProtocolFamily.INET).toString(), "no host name");
    }

    @Test
    void ipv4MappedKeepsTheFourBytesBehindFfff() throws Exception {
        Inet6Address mapped = Addresses.ipv4Mapped((Inet4Address) InetAddress.getByName("1.2.3.4"));
        assertArrayEquals(new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, 1, 2, 3, 4},
                mapped.getAddress());
        assertEquals("v4 must not be null",
                assertThrows(NullPointerException.class, () -> Addresses.ipv4Mapped(null)).getMessage());
    }

    @Test
    void aFamilyThatIsNotIpIsNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Addresses.loopback(StandardProtocolFamily.UNIX));
        assertEquals("not an IP family: UNIX (INET or INET6)", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Addresses.wildcard(null));
    }
}
