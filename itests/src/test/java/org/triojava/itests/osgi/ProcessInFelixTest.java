package org.triojava.itests.osgi;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.FrameworkUtil;
import org.osgi.test.junit5.service.ServiceExtension;
import org.osgi.test.common.annotation.InjectService;
import org.triojava.Trio;
import org.triojava.process.CompletedProcess;
import org.triojava.process.ProcessOptions;
import org.triojava.process.Processes;
import org.triojava.process.Redirect;
import org.triojava.process.TrioProcess;
import org.triojava.spi.ProcessProvider;

/**
 * The subprocess backend inside Apache Felix: SPI Fly connects it to the API, a child's output
 * is captured, and its pipes work as Trio streams.
 */
@ExtendWith(ServiceExtension.class)
public class ProcessInFelixTest {

    @Test
    void spiFlyRegistersTheProcessProviderAsAnOsgiService(@InjectService(timeout = 5000) ProcessProvider provider) {
        assertEquals("jdk", provider.name());
        assertEquals("org.triojava.process", FrameworkUtil.getBundle(provider.getClass()).getSymbolicName());
    }

    @Test
    void aChildRunsAndItsPipesAreStreams() throws Exception {
        String echoed = Trio.run(() -> {
            CompletedProcess done = Processes.run(List.of("echo", "from a child"),
                    ProcessOptions.defaults().withCaptureStdout(true));
            try (TrioProcess cat = Processes.open(List.of("cat"),
                    ProcessOptions.defaults().withStdin(Redirect.PIPE).withStdout(Redirect.PIPE))) {
                cat.stdin().sendAll(done.stdout());
                cat.stdin().close();
                StringBuilder back = new StringBuilder();
                for (byte[] chunk : cat.stdout()) {
                    back.append(new String(chunk, StandardCharsets.UTF_8));
                }
                return back.toString();
            }
        });
        assertEquals("from a child\n", echoed);
    }
}
