package org.triojava.socket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.StandardProtocolFamily;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.triojava.spi.Addresses;

/** The parts of the socket facade that need no backend: partial results, literals, argument checks, the missing-backend error. */
class SocketsFacadeTest {

    @Test
    void aPartialResultRidesOnTheExceptionAndItsWrappers() {
        IOException failure = new IOException("Broken pipe");
        assertEquals(Optional.empty(), Sockets.partialResult(failure));
        assertSame(failure, Sockets.attachPartialResult(failure, 4096));
        assertEquals(Optional.of(new PartialResult(4096)), Sockets.partialResult(failure));
        assertEquals("4096 bytes were sent before this exception", failure.getSuppressed()[0].getMessage());
        RuntimeException wrapper = new RuntimeException("stream broken", failure);
        assertEquals(Optional.of(new PartialResult(4096)), Sockets.partialResult(wrapper), "found along the causes");
        Sockets.attachPartialResult(failure, 8192);
        assertEquals(Optional.of(new PartialResult(8192)), Sockets.partialResult(failure), "the latest wins");
    }

    @Test
    void aThrowableWithoutSuppressionStillCarriesIt() {
        RuntimeException quiet = new RuntimeException("quiet", null, false, false) {
        };
        Sockets.attachPartialResult(quiet, 12);
        assertEquals(0, quiet.getSuppressed().length);
        assertEquals(Optional.of(new PartialResult(12)), Sockets.partialResult(quiet));
    }

    @Test
    void partialResultsAreNeverNegative() {
        assertThrows(IllegalArgumentException.class, () -> new PartialResult(-1));
        assertThrows(IllegalArgumentException.class, () -> Sockets.attachPartialResult(new IOException(), -5));
        assertThrows(NullPointerException.class, () -> Sockets.partialResult(null));
    }

    @Test
    void literalsAreParsedWithoutALookup() throws Exception {
        assertEquals(List.of(InetAddress.getByName("10.1.2.3")), Sockets.parseLiteral("10.1.2.3"));
        assertEquals(List.of(InetAddress.getByName("::1")), Sockets.parseLiteral("[::1]"));
        InetAddress mapped = Sockets.parseLiteral("::ffff:1.2.3.4").get(0);
        assertInstanceOf(Inet6Address.class, mapped, "an IPv4-mapped literal stays IPv6");
        assertEquals(List.of(Addresses.ipv4Mapped((Inet4Address) InetAddress.getByName("1.2.3.4"))), List.of(mapped));
        for (String name : new String[] {"1.2.3.4.5", "1.256.1", "0x", "1..2", "1.2.", "0x1g", "\u0661.1.1.1", "256.1.1.1", "localhost", "1.2.3.x", "01234.1.1.1", ""}) {
            assertEquals(null, Sockets.parseLiteral(name), name);
        }
        // the forms inet_aton accepts, as Trio's AI_NUMERICHOST fast path does
        assertEquals(List.of(InetAddress.getByName("1.0.0.2")), Sockets.parseLiteral("1.2"));
        assertEquals(List.of(InetAddress.getByName("127.0.0.1")), Sockets.parseLiteral("127.1"));
        assertEquals(List.of(InetAddress.getByName("127.0.0.1")), Sockets.parseLiteral("0x7f.1"));
        assertEquals(List.of(InetAddress.getByName("127.0.0.1")), Sockets.parseLiteral("2130706433"));
        assertEquals(List.of(InetAddress.getByName("8.0.0.1")), Sockets.parseLiteral("010.0.0.1"), "octal");
        assertEquals(List.of(InetAddress.getByName("10.1.0.255")), Sockets.parseLiteral("10.1.0xff"));
        assertEquals(List.of(InetAddress.getByName("0.0.0.0")), Sockets.parseLiteral("0"));
        assertEquals(List.of(InetAddress.getByName("255.255.255.255")), Sockets.parseLiteral("4294967295"));
        assertEquals(List.of(InetAddress.getByName("1.255.255.255")), Sockets.parseLiteral("1.16777215"));
        assertEquals(List.of(InetAddress.getByName("1.0.0.1")), Sockets.parseLiteral("0x0000000000001.1"));
        for (String name : new String[] {"4294967296", "1.16777216", "00x1.1", "127.0.0.1 ", "1.2.3.4."}) {
            assertEquals(null, Sockets.parseLiteral(name), name); // as glibc's AI_NUMERICHOST refuses them
        }
        assertThrows(java.net.UnknownHostException.class, () -> Sockets.parseLiteral("1:2:3"));
        assertThrows(java.net.UnknownHostException.class, () -> Sockets.parseLiteral("[]:"));
    }

    @Test
    void withoutTheBackendTheErrorNamesTheArtifact() {
        // trio-api's own tests run without trio-socket
        IllegalStateException missing = assertThrows(IllegalStateException.class, Sockets::socket);
        assertTrue(missing.getMessage().contains("org.triojava:trio-socket"), missing.getMessage());
        assertThrows(IllegalStateException.class, Sockets::socketpair);
    }

    @Test
    void argumentsAreCheckedFirst() {
        assertThrows(NullPointerException.class, () -> Sockets.socket(null));
        assertThrows(NullPointerException.class, () -> Sockets.socket(StandardProtocolFamily.INET, null));
        assertThrows(NullPointerException.class, () -> Sockets.from(null));
        assertThrows(NullPointerException.class, () -> Sockets.attachPartialResult(null, 1));
        IllegalStateException outside = assertThrows(IllegalStateException.class,
                () -> Sockets.getaddrinfo("localhost", 80));
        assertTrue(outside.getMessage().contains("Trio.run"), outside.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Sockets.getaddrinfo("localhost", 70000));
    }

    @Test
    void recordsCompareByContent() {
        assertEquals(new Datagram(new byte[] {1, 2}, null), new Datagram(new byte[] {1, 2}, null));
        assertEquals(new Datagram(new byte[] {1}, null).hashCode(), new Datagram(new byte[] {1}, null).hashCode());
        assertTrue(new Datagram(new byte[3], null).toString().contains("3 bytes"));
        assertThrows(NullPointerException.class, () -> new Datagram(null, null));
    }
}
