package org.triojava.streams.jdk;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A host of the test's own, in a network namespace, joined to this one by a veth pair, with a
 * {@link LabRelay} running inside: connections to {@link #relayAddress()} are forwarded back to a
 * server in this JVM, so that everything the test sends crosses the link twice. The link is made
 * lossy ({@code nft}: random drops, or every packet), slow ({@code tc tbf}), or left alone. Made
 * with {@code ip netns}, {@code ip link}, {@code nft} and {@code tc}: root only, Linux only.
 */
final class NetworkLab implements AutoCloseable {
    private static final AtomicInteger NUMBERS = new AtomicInteger();
    private final int number = (int) (ProcessHandle.current().pid() % 200) + NUMBERS.incrementAndGet();
    private final String namespace = "trio-lab-" + ProcessHandle.current().pid() + "-" + number;
    private final String outside = "tl" + number + "a";
    private final String inside = "tl" + number + "b";
    private final String subnet = "10.231." + (number % 250) + ".";
    private Process relay;

    /** Why the lab cannot be made here, or null if it can. */
    static String unavailable() {
        if (!System.getProperty("os.name", "").toLowerCase().contains("linux")) {
            return "network namespaces are Linux only";
        }
        for (String tool : List.of("ip", "nft", "tc")) {
            if (Stream.of("/usr/sbin", "/sbin", "/usr/bin", "/bin").noneMatch(dir -> Files.isExecutable(Path.of(dir, tool)))) {
                return tool + " is not installed (.ci/run installs nftables; ip and tc are in iproute2)";
            }
        }
        String probe = "trio-lab-probe-" + ProcessHandle.current().pid();
        try {
            if (run("ip", "netns", "add", probe) != 0) {
                return "cannot make a network namespace here (not root, or no CAP_SYS_ADMIN)";
            }
            run("ip", "netns", "del", probe);
        } catch (IOException | InterruptedException e) {
            return "cannot run ip: " + e;
        }
        return null;
    }

    /** The namespace and its link; {@link #startRelay(int)} starts the relay inside. */
    NetworkLab() throws Exception {
        must("ip", "netns", "add", namespace);
        must("ip", "link", "add", outside, "type", "veth", "peer", "name", inside);
        must("ip", "link", "set", inside, "netns", namespace);
        must("ip", "addr", "add", subnet + "1/24", "dev", outside);
        must("ip", "link", "set", outside, "up");
        inNamespace("ip", "addr", "add", subnet + "2/24", "dev", inside);
        inNamespace("ip", "link", "set", inside, "up");
        inNamespace("ip", "link", "set", "lo", "up");
        inNamespace("nft", "add", "table", "inet", "trio");
        inNamespace("nft", "add", "chain", "inet", "trio", "in", "{ type filter hook input priority 0 ; }");
        inNamespace("nft", "add", "chain", "inet", "trio", "out", "{ type filter hook output priority 0 ; }");
    }

    /** This JVM's address on the link: servers that the relay forwards to listen here. */
    String hostAddress() {
        return subnet + "1";
    }

    /** The relay's address, inside the namespace. */
    String relayAddress() {
        return subnet + "2";
    }

    /** An address on the link that no host answers for: connecting to it goes nowhere. */
    String blackholeAddress() {
        return subnet + "3";
    }

    /** Starts the relay, forwarding to {@code targetPort} on {@link #hostAddress()}; returns its port. */
    int startRelay(int targetPort) throws Exception {
        relay = startJava(LabRelay.class, relayAddress(), hostAddress(), Integer.toString(targetPort));
        BufferedReader out = new BufferedReader(new InputStreamReader(relay.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        if (line == null || !line.startsWith("relay listening on port ")) {
            throw new IllegalStateException("the relay did not start: " + line);
        }
        return Integer.parseInt(line.substring("relay listening on port ".length()).trim());
    }

    /**
     * Starts {@code main} (a class of these tests) with {@code args} in a JVM inside the namespace,
     * on this JVM's class and module path; its output is the process's, its errors go to ours.
     */
    Process startJava(Class<?> main, String... args) throws Exception {
        String classPath = Stream.of(System.getProperty("jdk.module.path", ""), System.getProperty("java.class.path", ""))
                .flatMap(path -> Arrays.stream(path.split(File.pathSeparator)))
                .filter(entry -> !entry.isBlank())
                .distinct()
                .collect(Collectors.joining(File.pathSeparator));
        List<String> command = new ArrayList<>(List.of("ip", "netns", "exec", namespace,
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", classPath, main.getName()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }

    /** Drops {@code percent} % of the packets in each direction, at random (0: none). */
    void loss(int percent) throws Exception {
        clearRules();
        if (percent > 0) {
            for (String chain : List.of("in", "out")) {
                inNamespace("nft", "add", "rule", "inet", "trio", chain, "numgen", "random", "mod", "100", "<",
                        Integer.toString(percent), "drop");
            }
        }
    }

    /** Drops every packet: the peer vanishes without a word. */
    void dropAll() throws Exception {
        clearRules();
        for (String chain : List.of("in", "out")) {
            inNamespace("nft", "add", "rule", "inet", "trio", chain, "drop");
        }
    }

    private void clearRules() throws Exception {
        inNamespace("nft", "flush", "chain", "inet", "trio", "in");
        inNamespace("nft", "flush", "chain", "inet", "trio", "out");
    }

    /** Limits the link to {@code rate} (for example "1mbit") in both directions. */
    void rate(String rate) throws Exception {
        must("tc", "qdisc", "replace", "dev", outside, "root", "tbf", "rate", rate, "burst", "32kbit", "latency", "400ms");
        inNamespace("tc", "qdisc", "replace", "dev", inside, "root", "tbf", "rate", rate, "burst", "32kbit",
                "latency", "400ms");
    }

    @Override
    public void close() throws Exception {
        if (relay != null) {
            relay.destroyForcibly();
            relay.waitFor(10, TimeUnit.SECONDS);
        }
        run("ip", "netns", "del", namespace); // takes the inside end of the veth, and so the pair, with it
        run("ip", "link", "del", outside);
    }

    private void inNamespace(String... command) throws Exception {
        List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", namespace));
        full.addAll(List.of(command));
        must(full.toArray(String[]::new));
    }

    private static void must(String... command) throws Exception {
        int status = run(command);
        if (status != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed with status " + status);
        }
    }

    private static int run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            return -1;
        }
        return process.exitValue();
    }
}
