package org.triojava.signals.jdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import sun.misc.Signal;

/**
 * Whole programs in child JVMs ({@link ChildPrograms}) that receive real signals, from this
 * process ({@code kill -s INT <pid>}) or from themselves; the exit status and the output are
 * asserted. The timeouts only stop a broken child from hanging the build; nothing waits on time.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // a broken signal path would wait forever
class ChildProcessTest {
    private static final long TIMEOUT_SECONDS = 60;
    private static final int INT = new Signal("INT").getNumber();
    private static final int USR1 = new Signal("USR1").getNumber();

    @Test
    void ctrlCUnwindsEveryTaskThenTrioRunThrowsAndTheProgramExits() throws Exception {
        SignalTesting.assumeHandleable("INT"); // the child inherits an ignored SIGINT
        Child child = Child.start(classPath(true), List.of(), "ctrl-c");
        child.awaitLine("ready");
        child.signal("INT");
        List<String> lines = child.finish();
        assertEquals(130, child.exitStatus, lines::toString);
        assertInOrder(lines, "a grandchild finally", "a child finally");
        assertInOrder(lines, "b grandchild finally", "b child finally");
        assertInOrder(lines, "a child finally", "main task finally",
                "Trio.run threw a group of one KeyboardInterrupt", "shutdown hook ran");
        assertInOrder(lines, "b child finally", "main task finally");
    }

    @Test
    void withKeyboardInterruptOffCtrlCIsTheJvmsOwnShutdown() throws Exception {
        SignalTesting.assumeHandleable("INT"); // the child inherits an ignored SIGINT
        Child child = Child.start(classPath(true), List.of(), "ctrl-c", "keyboardInterrupt=false");
        child.awaitLine("ready");
        child.signal("INT");
        List<String> lines = child.finish();
        assertEquals(128 + INT, child.exitStatus, lines::toString);
        assertEquals(List.of("ready", "shutdown hook ran"), lines, "no finally block ran");
    }

    @Test
    void withoutTrioSignalsCtrlCIsTheJvmsOwnShutdown() throws Exception {
        SignalTesting.assumeHandleable("INT"); // the child inherits an ignored SIGINT
        Child child = Child.start(classPath(false), List.of(), "ctrl-c");
        child.awaitLine("ready");
        child.signal("INT");
        List<String> lines = child.finish();
        assertEquals(128 + INT, child.exitStatus, lines::toString);
        assertEquals(List.of("ready", "shutdown hook ran"), lines, "no finally block ran");
    }

    @Test
    void aCtrlCThatFoundNoRunIsRaisedAgainOnDisarm() throws Exception {
        SignalTesting.assumeHandleable("INT"); // the child inherits an ignored SIGINT
        Child child = Child.start(classPath(true), List.of(), "orphaned-ctrl-c");
        List<String> lines = child.finish();
        assertEquals(128 + INT, child.exitStatus, lines::toString);
        assertEquals(List.of("armed: true", "SIGINT arrived with no run to deliver it to; disarming",
                "shutdown hook ran"), lines);
    }

    @Test
    void aSignalPendingAtCloseReachesTheOsDefaultActionThroughKill() throws Exception {
        Child child = Child.start(classPath(true), List.of(), "redeliver-to-default");
        List<String> lines = child.finish();
        // killed by USR1 itself: no shutdown hook, and the status a signal death gives
        assertEquals(128 + USR1, child.exitStatus, lines::toString);
        assertEquals(2, lines.size(), lines::toString);
        assertEquals("USR1 handler before: SIG_DFL", lines.get(0));
        assertTrue(lines.get(1).startsWith("USR1 pending in "), lines::toString);
    }

    @Test
    void aProcessThatStartedWithSigintIgnoredKeepsItIgnored() throws Exception {
        // a shell's "trap '' INT" makes the JVM start with SIGINT ignored, as a background job would
        Child child = Child.start(classPath(true), List.of("sh", "-c", "trap '' INT; exec \"$0\" \"$@\""),
                "sigint-ignored");
        List<String> lines = child.finish();
        assertEquals(0, child.exitStatus, lines::toString);
        assertEquals(List.of(
                "SIGINT handler in the run: SIG_IGN",
                "refused: SIGINT cannot be handled: this process started with SIGINT ignored (for example as a"
                        + " background job of a non-interactive shell, which ignores INT and QUIT), and the JVM does"
                        + " not let Java code handle an ignored HUP, INT or TERM",
                "a receiver for TERM works",
                "shutdown hook ran"), lines);
    }

    /** Each of {@code expected} occurs in {@code lines}, in this order. */
    private static void assertInOrder(List<String> lines, String... expected) {
        int from = 0;
        for (String line : expected) {
            int at = lines.subList(from, lines.size()).indexOf(line);
            assertTrue(at >= 0, () -> "'" + line + "' missing or out of order in " + lines);
            from += at + 1;
        }
    }

    /**
     * The class path for a child: the test's own module path and class path, flattened; without
     * trio-signals' classes (its provider) when {@code withSignals} is false.
     */
    private static String classPath(boolean withSignals) throws URISyntaxException {
        Path signalsClasses = Path.of(SignalTable.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        return Stream.of(System.getProperty("jdk.module.path", ""), System.getProperty("java.class.path", ""))
                .flatMap(path -> Arrays.stream(path.split(File.pathSeparator)))
                .filter(entry -> !entry.isBlank())
                .filter(entry -> withSignals || !Path.of(entry).toAbsolutePath().equals(signalsClasses.toAbsolutePath()))
                .distinct()
                .collect(Collectors.joining(File.pathSeparator));
    }

    /** A child JVM running {@link ChildPrograms}, its output read line by line on a thread of its own. */
    private static final class Child {
        private final Process process;
        private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        private final List<String> seen = new ArrayList<>();
        private static final String END = new String("<end of output>");
        int exitStatus;

        private Child(Process process) {
            this.process = process;
            Thread.ofPlatform().daemon().name("child output").start(() -> {
                try (BufferedReader reader = new BufferedReader(
                        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                        lines.add(line);
                    }
                } catch (IOException e) {
                    lines.add("<output failed: " + e + ">");
                } finally {
                    lines.add(END);
                }
            });
        }

        static Child start(String classPath, List<String> wrapper, String... programArgs) throws IOException {
            List<String> command = new ArrayList<>(wrapper);
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.add("-cp");
            command.add(classPath);
            command.add(ChildPrograms.class.getName());
            command.addAll(List.of(programArgs));
            return new Child(new ProcessBuilder(command).redirectErrorStream(true).start());
        }

        /** Reads lines until {@code expected} (a blocking read of the child's output). */
        void awaitLine(String expected) throws InterruptedException {
            while (true) {
                String line = next();
                assertNotNull(line, () -> "the child ended without printing '" + expected + "': " + seen);
                seen.add(line);
                if (line.equals(expected)) {
                    return;
                }
            }
        }

        /** Sends signal {@code name} to the child with the kill command. */
        void signal(String name) throws Exception {
            Process kill = new ProcessBuilder("kill", "-s", name, Long.toString(process.pid()))
                    .redirectErrorStream(true).start();
            assertTrue(kill.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS), "kill did not finish");
            assertEquals(0, kill.exitValue(), () -> "kill -s " + name + " failed");
        }

        /** Reads the rest of the output and waits for the exit; returns every line. */
        List<String> finish() throws InterruptedException {
            for (String line = next(); line != null; line = next()) {
                seen.add(line);
            }
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                fail("the child did not exit; output: " + seen);
            }
            exitStatus = process.exitValue();
            assertFalse(seen.stream().anyMatch(line -> line.contains("Exception") && !line.contains("KeyboardInterrupt")),
                    seen::toString);
            return List.copyOf(seen);
        }

        /** The next line, or null at the end of the output. */
        private String next() throws InterruptedException {
            String line = lines.poll(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            if (line == null) {
                process.destroyForcibly();
                fail("the child printed nothing for " + TIMEOUT_SECONDS + " s; output so far: " + seen);
            }
            return line == END ? null : line;
        }
    }
}
