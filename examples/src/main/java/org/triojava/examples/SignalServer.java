package org.triojava.examples;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Properties;
import java.util.function.Consumer;
import org.triojava.CancelScope;
import org.triojava.KeyboardInterrupt;
import org.triojava.TaskStatus;
import org.triojava.ThrowableGroup;
import org.triojava.Trio;
import org.triojava.channel.MemoryChannel;
import org.triojava.channel.MemoryReceiveChannel;
import org.triojava.channel.MemorySendChannel;
import org.triojava.signals.SignalReceiver;
import org.triojava.signals.Signals;
import org.triojava.thread.ToThread;

/**
 * A small server that reloads its configuration on SIGHUP and shuts down cleanly on SIGTERM, as
 * Unix daemons do. "Clients" (a task that makes up a request every {@code interval} seconds) put
 * requests into a memory channel; a worker answers each one with the configured greeting.
 *
 * <ul>
 *   <li>SIGHUP: the configuration file is read again; requests from then on use it. A file that
 *       cannot be read is reported, and the old configuration stays.</li>
 *   <li>SIGTERM: the server stops taking requests, the worker finishes the ones already queued,
 *       and the program ends normally. A second SIGTERM during that drain is the JVM's again: it
 *       ends the process at once.</li>
 *   <li>Ctrl-C (SIGINT): a {@code KeyboardInterrupt} unwinds every task; the program exits with
 *       status 130.</li>
 * </ul>
 *
 * <p>Run it from the repository root with
 * {@code ./mvnw -q -Pdemo -pl examples -am verify -Ddemo.mainClass=org.triojava.examples.SignalServer};
 * it prints its process id and the configuration file to edit, then {@code kill -HUP <pid>} and
 * {@code kill -TERM <pid>} from another terminal. See {@code docs/SIGNALS.md}. It needs trio-api
 * to compile, trio-core and trio-signals at run time.
 */
public final class SignalServer {
    private final Path configFile;
    private final Consumer<String> log;
    private volatile Config config;

    /** The configuration: what to answer, and how often the simulated clients ask. */
    record Config(String greeting, double intervalSeconds) {
        static Config load(Path file) throws IOException {
            Properties properties = new Properties();
            try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                properties.load(reader);
            }
            String greeting = properties.getProperty("greeting", "Hello");
            double interval;
            try {
                interval = Double.parseDouble(properties.getProperty("interval", "1.0"));
            } catch (NumberFormatException e) {
                throw new IOException(file + ": interval is not a number: " + e.getMessage(), e);
            }
            if (!(interval > 0) || Double.isInfinite(interval)) {
                throw new IOException(file + ": interval must be a positive number of seconds, got " + interval);
            }
            return new Config(greeting, interval);
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "greeting=\"%s\", interval=%.2f s", greeting, intervalSeconds);
        }
    }

    private SignalServer(Path configFile, Consumer<String> log) {
        this.configFile = configFile;
        this.log = log;
    }

    public static void main(String[] args) throws Exception {
        Path configFile = args.length > 0 ? Path.of(args[0]) : defaultConfigFile();
        System.out.println("signal server: pid " + ProcessHandle.current().pid() + ", configuration " + configFile);
        System.out.println("  kill -HUP " + ProcessHandle.current().pid() + "   reloads the configuration");
        System.out.println("  kill -TERM " + ProcessHandle.current().pid() + "  shuts the server down cleanly");
        System.out.println("  Ctrl-C            interrupts it (KeyboardInterrupt)");
        try {
            Trio.run(() -> serve(configFile, System.out::println, TaskStatus.ignored()));
        } catch (Throwable interrupted) {
            if (!ThrowableGroup.leavesOf(interrupted).allMatch(KeyboardInterrupt.class::isInstance)) {
                throw interrupted;
            }
            System.out.println("interrupted by Ctrl-C: every task has unwound");
            System.exit(130); // what a shell expects of a program ended by Ctrl-C
        }
    }

    /** A configuration file in the temporary directory, with the defaults, for a first try. */
    private static Path defaultConfigFile() throws IOException {
        Path file = Path.of(System.getProperty("java.io.tmpdir"), "trio-signal-server.properties");
        if (!Files.exists(file)) {
            Files.writeString(file, "# edit me, then send SIGHUP\ngreeting=Hello\ninterval=1.0\n",
                    StandardCharsets.UTF_8);
        }
        return file;
    }

    /**
     * Serves until SIGTERM (then drains and returns) or cancellation. Reports ready through
     * {@code status} once the signal handlers are installed, so that a caller may send signals
     * from then on.
     *
     * @param log where the server reports what it does, one line at a time (called from its tasks)
     */
    public static void serve(Path configFile, Consumer<String> log, TaskStatus<?> status) throws Exception {
        new SignalServer(configFile, log).serve(status);
    }

    private void serve(TaskStatus<?> status) throws Exception {
        config = ToThread.runSync(() -> Config.load(configFile)); // file I/O off the run
        log.accept("serving with " + config);
        MemoryChannel<String> requests = MemoryChannel.open(16);
        CancelScope accepting = new CancelScope();
        Trio.openNursery(nursery -> {
            MemorySendChannel<String> requestsIn = requests.sendChannel();
            MemoryReceiveChannel<String> requestsOut = requests.receiveChannel();
            nursery.startSoon("clients", () -> accepting.run(() -> clients(requestsIn)));
            nursery.startSoon("worker", () -> worker(requestsOut));

            try (SignalReceiver signals = Signals.openSignalReceiver("HUP", "TERM")) {
                status.started();
                for (String signal : signals) {
                    if (signal.equals("HUP")) {
                        reload();
                    } else {
                        log.accept("SIGTERM: no new requests; finishing the queued ones");
                        break;
                    }
                }
            }
            accepting.cancel(); // the clients' task closes its end of the channel as it leaves
        });
        log.accept("shut down cleanly");
    }

    /** Simulated clients: a request every interval, until the server stops accepting. */
    private void clients(MemorySendChannel<String> requestsIn) {
        try (requestsIn) {
            for (int number = 1; ; number++) {
                Trio.sleep(config.intervalSeconds());
                requestsIn.send("request " + number);
            }
        }
    }

    /** Answers every request, with the configuration of the moment; ends when the channel does. */
    private void worker(MemoryReceiveChannel<String> requestsOut) {
        try (requestsOut) {
            for (String request : requestsOut) {
                log.accept(config.greeting() + ", " + request);
            }
        }
        log.accept("worker: every queued request answered");
    }

    private void reload() {
        try {
            config = ToThread.runSync(() -> Config.load(configFile));
            log.accept("SIGHUP: configuration reloaded: " + config);
        } catch (Exception e) {
            log.accept("SIGHUP: configuration not reloaded, keeping " + config + ": " + e.getMessage());
        }
    }
}
