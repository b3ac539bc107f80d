package org.triojava.itests.jpms;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.spi.ToolProvider;
import java.util.stream.Stream;

/** The jars under test (copied by the build into target/mods) and child processes that use them. */
final class Jars {
    /** Shipped artifact → JPMS module name (which is also its Bundle-SymbolicName). */
    static final Map<String, String> SHIPPED = new LinkedHashMap<>();

    static {
        SHIPPED.put("trio-api", "org.triojava.api");
        SHIPPED.put("trio-core", "org.triojava.core");
        SHIPPED.put("trio-socket", "org.triojava.socket");
        SHIPPED.put("trio-streams", "org.triojava.streams");
        SHIPPED.put("trio-signals", "org.triojava.signals");
        SHIPPED.put("trio-process", "org.triojava.process");
        SHIPPED.put("trio-junit5", "org.triojava.junit5");
    }

    private Jars() {
    }

    static String property(String name) {
        String value = System.getProperty(name);
        if (value == null) {
            fail("system property " + name + " is not set: run these tests through the itests build (failsafe)");
        }
        return value;
    }

    static Path mods() {
        return Path.of(property("trio.itests.mods"));
    }

    /** target/mods/&lt;artifact&gt;.jar, which must exist. */
    static Path jar(String artifact) {
        Path jar = mods().resolve(artifact + ".jar");
        assertTrue(Files.isRegularFile(jar), () -> jar + " is missing");
        return jar;
    }

    static Path work(String name) throws IOException {
        return Files.createDirectories(Path.of(property("trio.itests.work")).resolve(name));
    }

    static String version() {
        return property("trio.itests.version");
    }

    static long timeoutSeconds() {
        return Long.parseLong(property("trio.itests.timeout"));
    }

    /** Result of a javac run or a child JVM. */
    record Run(int exitCode, String out, String err) {
        String all() {
            return "exit code " + exitCode + "\n--- stdout\n" + out + "\n--- stderr\n" + err;
        }
    }

    /** Compiles every .java file under {@code sources} with javac (in this JVM) and returns its result. */
    static Run javac(Path sources, Path output, String... options) throws IOException {
        Files.createDirectories(output);
        List<String> args = new ArrayList<>(List.of(options));
        // an explicit (empty) class path: in-process javac would otherwise use this JVM's class path
        args.addAll(List.of("--release", "25", "-Xlint:all", "--class-path", output.toString(),
                "-d", output.toString()));
        try (Stream<Path> files = Files.walk(sources)) {
            files.filter(f -> f.toString().endsWith(".java")).forEach(f -> args.add(f.toString()));
        }
        ToolProvider javac = ToolProvider.findFirst("javac").orElseThrow(
                () -> new AssertionError("no javac in " + System.getProperty("java.home") + ": run the build on a JDK"));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = javac.run(new PrintWriter(out, true), new PrintWriter(err, true), args.toArray(String[]::new));
        return new Run(code, out.toString(), err.toString());
    }

    /** Runs {@code $java.home/bin/java args...} as a child process, with a deadline. */
    static Run java(Path workDir, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of(args));
        Path out = Files.createTempFile(workDir, "stdout", ".txt");
        Path err = Files.createTempFile(workDir, "stderr", ".txt");
        Process process = new ProcessBuilder(command)
                .directory(workDir.toFile())
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .start();
        process.getOutputStream().close(); // no input
        if (!process.waitFor(timeoutSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
            fail("timed out after " + timeoutSeconds() + " s: " + command + "\n--- stdout\n" + Files.readString(out)
                    + "\n--- stderr\n" + Files.readString(err));
        }
        return new Run(process.exitValue(), Files.readString(out), Files.readString(err));
    }

    /** The value of the "key: value" line of a demo output, or fails. */
    static String line(Run run, String key) {
        return run.out().lines()
                .filter(l -> l.startsWith(key + ": "))
                .map(l -> l.substring(key.length() + 2))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no '" + key + ":' line\n" + run.all()));
    }
}
