package org.triojava.itests.osgi;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.FrameworkUtil;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.junit5.service.ServiceExtension;
import org.triojava.Trio;
import org.triojava.spi.StreamsProvider;
import org.triojava.stream.Net;
import org.triojava.stream.SocketListener;
import org.triojava.stream.SocketStream;

/**
 * The stream layer inside Apache Felix: SPI Fly connects org.triojava.streams to the API, and
 * {@link Net} serves and connects TCP streams over loopback through it.
 */
@ExtendWith(ServiceExtension.class)
public class StreamsInFelixTest {
    static final String STREAMS = "org.triojava.streams";

    @Test
    void spiFlyRegistersTheStreamsProviderAsAnOsgiService(@InjectService(timeout = 5000) StreamsProvider provider) {
        assertEquals("jdk", provider.name());
        assertEquals(STREAMS, FrameworkUtil.getBundle(provider.getClass()).getSymbolicName());
    }

    @Test
    void serveTcpEchoesThroughNet() throws Exception {
        String echoed = Trio.run(() -> {
            StringBuilder got = new StringBuilder();
            Trio.openNursery(nursery -> {
                List<SocketListener> listeners = nursery.start(status -> Net.serveTcp(stream -> {
                    for (byte[] chunk : stream) {
                        stream.sendAll(chunk);
                    }
                }, 0, org.triojava.stream.ServeOptions.defaults().withHost("127.0.0.1"), status));
                assertEquals(STREAMS, FrameworkUtil.getBundle(listeners.get(0).getClass()).getSymbolicName());
                int port = ((InetSocketAddress) listeners.get(0).socket().getsockname()).getPort();
                try (SocketStream client = Net.openTcpStream("127.0.0.1", port)) {
                    client.sendAll("hello from felix".getBytes());
                    client.sendEof();
                    for (byte[] chunk : client) {
                        got.append(new String(chunk));
                    }
                }
                nursery.cancelScope().cancel();
            });
            return got.toString();
        });
        assertEquals("hello from felix", echoed);
    }
}
