package org.triojava.socketbench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs each echo server in its own process and drives it with closed-loop clients: N
 * connections, each sending 64 bytes and waiting for the 64 echoed bytes before the next round
 * trip, for a warm-up period and then a measured period. The clients run on selector loops
 * ({@code --client-threads}, default 1) in this process. Reports round trips per second, p50/p99
 * latency, and the server process's CPU time (user + system, from /proc) per round trip.
 *
 * <p>Options: {@code --servers trio,trio-shared,vt,netty,netty-1,python} ({@code trio} is the Trio
 * server in confined scheduling, with {@code --add-opens java.base/java.lang=ALL-UNNAMED};
 * {@code trio-shared} the same on the JDK's shared carriers; {@code netty-1} Netty with one
 * worker event loop; {@code trio-streams}, not in the default list, is the same echo through
 * {@code Net.serveTcp} and {@code SocketStream}) {@code --levels 1,100,1000}
 * {@code --warmup 1.5} {@code --duration 4} (seconds) {@code --repeat 1} (rounds; the table shows
 * each figure's median) {@code --client-threads 1} {@code --jfr trio} (record the named server with JFR
 * into {@code socket-bench/target/<server>-<level>.jfr}). System properties: {@code bench.classpath}
 * (for the Java servers), {@code bench.python} and {@code bench.script} (for the Python one).
 */
public final class LoadGenerator {
    private static final int MESSAGE = 64;
    private static final long TICKS_PER_SECOND = 100; // Linux USER_HZ

    private LoadGenerator() {
    }

    record Result(String server, int connections, double roundTripsPerSecond, double p50Micros, double p99Micros,
                  double serverCpuMicrosPerRoundTrip, double serverKernelMicrosPerRoundTrip, long roundTrips) {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        List<String> servers = List.of(options.getOrDefault("servers", "trio,trio-shared,vt,netty,netty-1,python")
                .split(","));
        List<Integer> levels = new ArrayList<>();
        for (String level : options.getOrDefault("levels", "1,100,1000").split(",")) {
            levels.add(Integer.parseInt(level));
        }
        double warmup = Double.parseDouble(options.getOrDefault("warmup", "1.5"));
        double duration = Double.parseDouble(options.getOrDefault("duration", "4"));
        String jfr = options.getOrDefault("jfr", "");
        int clientThreads = Integer.parseInt(options.getOrDefault("client-threads", "1"));
        int repeat = Integer.parseInt(options.getOrDefault("repeat", "1"));

        List<Result> results = new ArrayList<>();
        for (int round = 0; round < repeat; round++) {
            for (String server : servers) {
                for (int connections : levels) {
                    // a fresh server process per level, so one level's garbage or state never bills the next
                    Process process = start(server, jfr.equals(server) ? server + "-" + connections : null);
                    try {
                        int port = awaitReady(process, server);
                        Result result = measure(server, process.pid(), port, connections, warmup, duration, clientThreads);
                        results.add(result);
                        System.err.printf(Locale.ROOT,
                                "%-8s %5d conns: %,10.0f rt/s  p50 %7.1f us  p99 %8.1f us  cpu %6.2f us/rt (kernel %5.2f)%n",
                                server, connections, result.roundTripsPerSecond(), result.p50Micros(), result.p99Micros(),
                                result.serverCpuMicrosPerRoundTrip(), result.serverKernelMicrosPerRoundTrip());
                    } finally {
                        stop(process);
                    }
                }
            }
        }
        List<Result> medians = medians(results, servers, levels);
        System.out.println();
        System.out.println(repeat == 1 ? "" : "Medians of " + repeat + " rounds (each figure on its own):");
        System.out.println(table(medians));
        System.out.println(verdict(medians, levels.get(levels.size() - 1)));
    }

    // ================================================================== servers

    private static Process start(String server, String jfrName) throws IOException {
        List<String> command = new ArrayList<>();
        if (server.equals("python")) {
            command.add(System.getProperty("bench.python", "/usr/bin/python3"));
            command.add(System.getProperty("bench.script"));
        } else {
            command.add(ProcessHandle.current().info().command().orElse("java"));
            command.add("-Xms512m");
            command.add("-Xmx512m");
            if (server.equals("trio") || server.equals("trio-streams")) {
                // confined scheduling: the run's loop thread carries its tasks (README)
                command.add("--add-opens");
                command.add("java.base/java.lang=ALL-UNNAMED");
                command.add("-Dorg.triojava.scheduling=confined");
            } else if (server.equals("trio-shared")) {
                command.add("-Dorg.triojava.scheduling=shared");
            }
            String extra = System.getProperty("bench." + server + ".jvmArgs", "").trim();
            if (!extra.isEmpty()) {
                command.addAll(List.of(extra.split("\\s+")));
            }
            if (jfrName != null) {
                Path target = Path.of(System.getProperty("bench.target", "."));
                command.add("-XX:StartFlightRecording=filename=" + target.resolve(jfrName + ".jfr")
                        + ",settings=profile,dumponexit=true");
            }
            command.add("-cp");
            command.add(System.getProperty("bench.classpath"));
            command.add(switch (server) {
                case "trio", "trio-shared" -> TrioEchoServer.class.getName();
                case "trio-streams" -> TrioStreamEchoServer.class.getName();
                case "vt" -> VirtualThreadEchoServer.class.getName();
                case "netty", "netty-1" -> NettyEchoServer.class.getName();
                default -> throw new IllegalArgumentException("unknown server " + server
                        + " (choose from trio, trio-shared, trio-streams, vt, netty, netty-1, python)");
            });
        }
        command.add("0");
        if (server.equals("netty-1")) {
            command.add("1"); // one worker event loop, like Trio's single run loop
        }
        return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }

    private static int awaitReady(Process process, String server) throws IOException {
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = out.readLine()) != null) {
            if (line.startsWith("READY ")) {
                Thread.ofPlatform().daemon().start(() -> drain(out));
                return Integer.parseInt(line.substring(6).trim());
            }
        }
        throw new IOException(server + " server exited before it was ready");
    }

    private static void drain(BufferedReader out) {
        try {
            while (out.readLine() != null) {
                // discard
            }
        } catch (IOException e) {
            // the server is gone
        }
    }

    private static void stop(Process process) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }

    /** User and system CPU time of a process (its threads included), in nanoseconds: {user, system}. */
    static long[] cpuNanos(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        long tick = 1_000_000_000L / TICKS_PER_SECOND;
        return new long[] {Long.parseLong(fields[11]) * tick, Long.parseLong(fields[12]) * tick}; // utime, stime
    }

    // ================================================================== load

    private static Result measure(String server, long pid, int port, int connections, double warmup,
                                  double duration, int clientThreads) throws Exception {
        List<SocketChannel> sockets = new ArrayList<>(connections);
        for (int i = 0; i < connections; i++) {
            SocketChannel socket = SocketChannel.open(new InetSocketAddress("127.0.0.1", port));
            socket.setOption(StandardSocketOptions.TCP_NODELAY, true);
            socket.configureBlocking(false);
            sockets.add(socket);
        }
        Phase phase = new Phase();
        List<Histogram> histograms = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        int loops = Math.min(clientThreads, connections);
        for (int t = 0; t < loops; t++) {
            List<SocketChannel> mine = new ArrayList<>();
            for (int i = t; i < connections; i += loops) {
                mine.add(sockets.get(i));
            }
            Histogram histogram = new Histogram();
            histograms.add(histogram);
            Selector selector = Selector.open();
            threads.add(Thread.ofPlatform().name("client-" + t).start(() -> client(selector, mine, phase, histogram)));
        }
        Thread.sleep((long) (warmup * 1000));
        long[] cpuBefore = cpuNanos(pid);
        long start = System.nanoTime();
        phase.value = Phase.MEASURE;
        Thread.sleep((long) (duration * 1000));
        phase.value = Phase.STOP;
        long elapsed = System.nanoTime() - start;
        long[] cpuAfter = cpuNanos(pid);
        for (Thread thread : threads) {
            thread.join();
        }
        for (SocketChannel socket : sockets) {
            socket.close();
        }
        Histogram all = new Histogram();
        histograms.forEach(all::add);
        long roundTrips = all.total();
        double seconds = elapsed / 1e9;
        long user = cpuAfter[0] - cpuBefore[0];
        long kernel = cpuAfter[1] - cpuBefore[1];
        return new Result(server, connections, roundTrips / seconds, all.quantile(0.50) / 1e3,
                all.quantile(0.99) / 1e3, roundTrips == 0 ? Double.NaN : (user + kernel) / 1e3 / roundTrips,
                roundTrips == 0 ? Double.NaN : kernel / 1e3 / roundTrips, roundTrips);
    }

    static final class Phase {
        static final int WARMUP = 0;
        static final int MEASURE = 1;
        static final int STOP = 2;
        volatile int value = WARMUP;
    }

    /** One connection's state in a client loop. */
    private static final class Connection {
        final SocketChannel channel;
        final ByteBuffer reply = ByteBuffer.allocateDirect(MESSAGE);
        long started;

        Connection(SocketChannel channel) {
            this.channel = channel;
        }
    }

    /**
     * A closed-loop client for a share of the connections, on one selector: every connection
     * always has exactly one 64-byte message in flight; when its echo is complete, the latency is
     * recorded and the next message goes out. (A selector loop costs the client far less per
     * round trip than a thread per connection, so the server is what the figures measure.)
     */
    private static void client(Selector selector, List<SocketChannel> channels, Phase phase, Histogram histogram) {
        ByteBuffer message = ByteBuffer.allocateDirect(MESSAGE);
        try (selector) {
            for (SocketChannel channel : channels) {
                Connection connection = new Connection(channel);
                channel.register(selector, SelectionKey.OP_READ, connection);
                connection.started = System.nanoTime();
                send(channel, message);
            }
            while (phase.value != Phase.STOP) {
                if (selector.select(100) == 0) {
                    continue;
                }
                boolean measuring = phase.value == Phase.MEASURE;
                for (SelectionKey key : selector.selectedKeys()) {
                    Connection connection = (Connection) key.attachment();
                    int n = connection.channel.read(connection.reply);
                    if (n < 0) {
                        throw new IOException("the server closed a connection");
                    }
                    if (connection.reply.hasRemaining()) {
                        continue;
                    }
                    long now = System.nanoTime();
                    if (measuring) {
                        histogram.record(now - connection.started);
                    }
                    connection.reply.clear();
                    connection.started = now;
                    send(connection.channel, message);
                }
                selector.selectedKeys().clear();
            }
        } catch (IOException e) {
            System.err.println("client failed: " + e);
        }
    }

    private static void send(SocketChannel channel, ByteBuffer message) throws IOException {
        message.clear();
        while (message.hasRemaining()) {
            channel.write(message); // 64 bytes into an idle socket's buffer: in practice one call
        }
    }

    // ================================================================== report

    /** Per server and level, the median of each figure over the rounds. */
    private static List<Result> medians(List<Result> results, List<String> servers, List<Integer> levels) {
        List<Result> medians = new ArrayList<>();
        for (String server : servers) {
            for (int connections : levels) {
                List<Result> rounds = results.stream()
                        .filter(r -> r.server().equals(server) && r.connections() == connections).toList();
                if (rounds.isEmpty()) {
                    continue;
                }
                medians.add(new Result(server, connections,
                        median(rounds, Result::roundTripsPerSecond), median(rounds, Result::p50Micros),
                        median(rounds, Result::p99Micros), median(rounds, Result::serverCpuMicrosPerRoundTrip),
                        median(rounds, Result::serverKernelMicrosPerRoundTrip), (long) median(rounds, r -> r.roundTrips())));
            }
        }
        return medians;
    }

    private static double median(List<Result> rounds, java.util.function.ToDoubleFunction<Result> figure) {
        double[] values = rounds.stream().mapToDouble(figure).sorted().toArray();
        int n = values.length;
        return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
    }

    private static String table(List<Result> results) {
        StringBuilder table = new StringBuilder();
        table.append("| server | connections | round trips/s | p50 latency (µs) | p99 latency (µs) "
                + "| server CPU per round trip (µs) | of which in the kernel (µs) |\n");
        table.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        for (Result r : results) {
            table.append(String.format(Locale.ROOT, "| %s | %d | %,.0f | %.1f | %.1f | %.2f | %.2f |%n", label(r.server()),
                    r.connections(), r.roundTripsPerSecond(), r.p50Micros(), r.p99Micros(),
                    r.serverCpuMicrosPerRoundTrip(), r.serverKernelMicrosPerRoundTrip()));
        }
        return table.toString();
    }

    private static String label(String server) {
        return switch (server) {
            case "trio" -> "Trio for Java (raw sockets), confined";
            case "trio-shared" -> "Trio for Java (raw sockets), shared carriers";
            case "trio-streams" -> "Trio for Java (Net.serveTcp + SocketStream), confined";
            case "vt" -> "ServerSocket + virtual threads";
            case "netty" -> "Netty NIO (default: 2 event loops per core)";
            case "netty-1" -> "Netty NIO, 1 event loop";
            case "python" -> "Python trio";
            default -> server;
        };
    }

    private static String verdict(List<Result> results, int level) {
        Map<String, Result> at = new LinkedHashMap<>();
        for (Result r : results) {
            if (r.connections() == level) {
                at.put(r.server(), r);
            }
        }
        StringBuilder text = new StringBuilder();
        Result vt = at.get("vt");
        // against the better Netty configuration on each figure
        Result netty = null;
        for (String name : List.of("netty", "netty-1")) {
            Result candidate = at.get(name);
            if (candidate != null) {
                netty = netty == null ? candidate : new Result("netty", level,
                        Math.max(netty.roundTripsPerSecond(), candidate.roundTripsPerSecond()), 0, 0,
                        Math.min(netty.serverCpuMicrosPerRoundTrip(), candidate.serverCpuMicrosPerRoundTrip()), 0, 0);
            }
        }
        Result python = at.get("python");
        Result raw = at.get("trio");
        Result streams = at.get("trio-streams");
        if (raw != null && streams != null) {
            text.append("Targets at ").append(level).append(" connections, ").append(label("trio-streams"))
                    .append(" against raw Trio sockets (the stream layer should cost <= 10%):\n");
            check(text, "throughput >= 0.9 x raw sockets", streams.roundTripsPerSecond() / raw.roundTripsPerSecond(),
                    0.9, true);
            check(text, "server CPU per round trip <= 1.1 x raw sockets",
                    streams.serverCpuMicrosPerRoundTrip() / raw.serverCpuMicrosPerRoundTrip(), 1.1, false);
        }
        for (String candidate : List.of("trio", "trio-shared")) {
            Result trio = at.get(candidate);
            if (trio == null) {
                continue;
            }
            text.append("Targets at ").append(level).append(" connections, ").append(label(candidate)).append(":\n");
            if (vt != null) {
                check(text, "throughput >= virtual-thread server",
                        trio.roundTripsPerSecond() / vt.roundTripsPerSecond(), 1.0, true);
                check(text, "p99 <= virtual-thread server", trio.p99Micros() / vt.p99Micros(), 1.0, false);
            }
            if (netty != null) {
                check(text, "throughput >= 0.9 x best Netty", trio.roundTripsPerSecond() / netty.roundTripsPerSecond(),
                        0.9, true);
                check(text, "server CPU per round trip <= best Netty",
                        trio.serverCpuMicrosPerRoundTrip() / netty.serverCpuMicrosPerRoundTrip(), 1.0, false);
            }
            if (python != null) {
                check(text, "server CPU per round trip <= 0.7 x Python trio",
                        trio.serverCpuMicrosPerRoundTrip() / python.serverCpuMicrosPerRoundTrip(), 0.7, false);
                if (level == 1) {
                    check(text, "p50 latency <= Python trio", trio.p50Micros() / python.p50Micros(), 1.0, false);
                }
            }
        }
        return text.toString();
    }

    private static void check(StringBuilder text, String what, double ratio, double bound, boolean atLeast) {
        boolean met = atLeast ? ratio >= bound : ratio <= bound;
        text.append(String.format(Locale.ROOT, "  %-48s ratio %.2f  %s%n", what, ratio, met ? "met" : "MISSED"));
    }
}
