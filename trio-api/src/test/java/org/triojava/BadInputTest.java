package org.triojava;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;
import org.triojava.stream.SslOptions;
import org.triojava.stream.TcpConnectOptions;
import org.triojava.testing.MemorySendStream;
import org.triojava.testing.MemoryStreams;
import org.triojava.testing.StreamChecks;

/** Bad input gets an error that names the mistake, before anything deeper can trip over it. */
class BadInputTest {
    @Test
    void sendingANullArrayNamesTheArgument() {
        NullPointerException e = assertThrows(NullPointerException.class,
                () -> new MemorySendStream().sendAll((byte[]) null));
        assertEquals("data must not be null", e.getMessage());
    }

    @Test
    void applicationProtocolsMustNotBeOrContainNull() {
        SslOptions client = SslOptions.client("example.com");
        assertEquals("protocols[1] must not be null", assertThrows(NullPointerException.class,
                () -> client.withApplicationProtocols("h2", null)).getMessage());
        assertEquals("protocols must not be null", assertThrows(NullPointerException.class,
                () -> client.withApplicationProtocols((String[]) null)).getMessage());
    }

    @Test
    void aClientsServerHostNameIsCheckedWhenTheOptionsAreMade() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SslOptions.client("bad host!"));
        assertTrue(e.getMessage().startsWith("\"bad host!\" is not a valid server host name: "), e.getMessage());
        assertEquals("example.com", SslOptions.client("example.com").serverHostname());
        assertEquals("bücher.example", SslOptions.client("bücher.example").serverHostname());
        assertEquals("127.0.0.1", SslOptions.client("127.0.0.1").serverHostname());
        assertEquals("::1", SslOptions.client("::1").serverHostname());
    }

    @Test
    void aLocalAddressMustBeANumericAddress() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TcpConnectOptions.defaults().withLocalAddress("not-an-ip"));
        assertEquals("localAddress must be a numeric IP address (Trio's local_address is never looked up), not"
                + " \"not-an-ip\"", e.getMessage());
        assertEquals("127.0.0.1", TcpConnectOptions.defaults().withLocalAddress("127.0.0.1").localAddress());
        assertEquals("::1", TcpConnectOptions.defaults().withLocalAddress("::1").localAddress());
    }

    @Test
    void streamChecksOutsideARunSayThatInsteadOfBlamingTheStream() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> StreamChecks.checkTwoWayStream(MemoryStreams::pair, null));
        assertTrue(e.getMessage().startsWith("StreamChecks.checkTwoWayStream must be called from inside Trio.run"),
                e.getMessage());
    }
}
