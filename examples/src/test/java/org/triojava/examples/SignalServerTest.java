package org.triojava.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.triojava.Trio;
import org.triojava.channel.MemoryChannel;
import org.triojava.channel.MemoryReceiveChannel;
import org.triojava.thread.ToThread;

/**
 * Runs the signal server in this JVM and sends it real SIGHUP and SIGTERM with the {@code kill}
 * command, as an operator would. Signals go to this process only after the server said it is
 * ready (its handlers are installed), so they never reach the JVM's own handlers.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // a lost signal would wait forever
class SignalServerTest {

    @Test
    void reloadsOnSighupAndShutsDownCleanlyOnSigterm(@TempDir Path directory) throws Exception {
        assumeHandleable("HUP"); // not under nohup ./mvnw: the JVM lets no Java code handle an ignored HUP
        assumeHandleable("TERM");
        Path configFile = directory.resolve("server.properties");
        Files.writeString(configFile, "greeting=Hello\ninterval=0.01\n", StandardCharsets.UTF_8);
        List<String> log = new ArrayList<>();
        Trio.run(() -> {
            MemoryChannel<String> lines = MemoryChannel.openUnbounded();
            MemoryReceiveChannel<String> logged = lines.receiveChannel();
            Trio.openNursery(nursery -> {
                nursery.start(status -> SignalServer.serve(configFile, lines.sendChannel()::sendNowait, status));
                awaitLine(logged, log, "Hello, request 1");

                Files.writeString(configFile, "greeting=Bonjour\ninterval=0.01\n", StandardCharsets.UTF_8);
                kill("HUP");
                awaitLine(logged, log, "SIGHUP: configuration reloaded: greeting=\"Bonjour\", interval=0.01 s");
                awaitLineStartingWith(logged, log, "Bonjour, request ");

                Files.writeString(configFile, "interval=soon\n", StandardCharsets.UTF_8);
                kill("HUP");
                awaitLineStartingWith(logged, log, "SIGHUP: configuration not reloaded, keeping greeting=\"Bonjour\"");

                kill("TERM");
                awaitLine(logged, log, "SIGTERM: no new requests; finishing the queued ones");
            });
            // the server returned: drain what it logged on the way out
            lines.sendChannel().close();
            for (String line : logged) {
                log.add(line);
            }
        });
        int term = log.indexOf("SIGTERM: no new requests; finishing the queued ones");
        int drained = log.indexOf("worker: every queued request answered");
        int done = log.indexOf("shut down cleanly");
        assertTrue(term < drained && drained < done, log::toString);
        assertEquals(log.size() - 1, done, log::toString);
    }

    /** Sends {@code signal} to this very JVM, as {@code kill -s <signal> <pid>} from a shell would. */
    private static void kill(String signal) throws Exception {
        int status = ToThread.runSync(() -> {
            Process kill = new ProcessBuilder("kill", "-s", signal, Long.toString(ProcessHandle.current().pid()))
                    .redirectErrorStream(true).start();
            return kill.waitFor(30, TimeUnit.SECONDS) ? kill.exitValue() : -1;
        });
        assertEquals(0, status, "kill -s " + signal);
    }

    private static void awaitLine(MemoryReceiveChannel<String> logged, List<String> log, String expected) {
        while (true) {
            String line = logged.receive();
            log.add(line);
            if (line.equals(expected)) {
                return;
            }
        }
    }

    private static void awaitLineStartingWith(MemoryReceiveChannel<String> logged, List<String> log, String prefix) {
        while (true) {
            String line = logged.receive();
            log.add(line);
            if (line.startsWith(prefix)) {
                return;
            }
        }
    }

    /** Skips the test when this JVM started with {@code name} ignored: swaps a (Java) probe in and back. */
    private static void assumeHandleable(String name) {
        sun.misc.Signal signal = new sun.misc.Signal(name);
        sun.misc.SignalHandler current = sun.misc.Signal.handle(signal, arrived -> { });
        sun.misc.Signal.handle(signal, current);
        org.junit.jupiter.api.Assumptions.assumeFalse(current == sun.misc.SignalHandler.SIG_IGN,
                () -> "this JVM started with SIG" + name + " ignored: the JVM does not let Java code handle it");
    }
}
