package org.triojava.process.jdk;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.triojava.process.jdk.ProcessTesting.autojump;
import static org.triojava.process.jdk.ProcessTesting.bytes;
import static org.triojava.process.jdk.ProcessTesting.sh;
import static org.triojava.process.jdk.ProcessTesting.text;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.triojava.CancelScope;
import org.triojava.Cancelled;
import org.triojava.Trio;
import org.triojava.process.CalledProcessError;
import org.triojava.process.CompletedProcess;
import org.triojava.process.ProcessOptions;
import org.triojava.process.Processes;
import org.triojava.process.Redirect;
import org.triojava.process.TrioProcess;

/** {@code Processes.run}: Trio's {@code run_process} (rule SP1) and its cancellation. */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // a lost wake-up would wait forever
class ProcessesRunTest {
    private static final ProcessOptions CAPTURE = ProcessOptions.defaults().withCaptureStdout(true);

    @Test
    void runReturnsTheStatusAndLeavesUncapturedOutputNull() throws Exception {
        CompletedProcess done = Trio.run(() -> Processes.run("true"));
        assertEquals(List.of("true"), done.command());
        assertEquals(0, done.returnCode());
        assertNull(done.stdout());
        assertNull(done.stderr());
    }

    @Test
    void aNonZeroStatusIsACalledProcessErrorWithTheCapturedOutput() throws Exception {
        CalledProcessError error = assertThrows(CalledProcessError.class, () -> Trio.run(() -> Processes.run(
                sh("echo out; echo oops >&2; exit 3"), CAPTURE.withCaptureStderr(true))));
        assertEquals(3, error.returnCode());
        assertEquals(sh("echo out; echo oops >&2; exit 3"), error.command());
        assertEquals("out\n", text(error.stdout()));
        assertEquals("oops\n", text(error.stderr()));
        assertTrue(error.getMessage().contains("exit status 3") && error.getMessage().contains("oops"),
                error::getMessage);
    }

    @Test
    void checkOffReturnsTheNonZeroStatus() throws Exception {
        CompletedProcess done = Trio.run(() -> Processes.run(List.of("false"), ProcessOptions.defaults().withCheck(false)));
        assertEquals(1, done.returnCode());
        assertThrows(CalledProcessError.class, done::checkReturnCode);
    }

    @Test
    void capturedButEmptyIsAnEmptyArray() throws Exception {
        CompletedProcess done = Trio.run(() -> Processes.run(List.of("true"), CAPTURE.withCaptureStderr(true)));
        assertArrayEquals(new byte[0], done.stdout());
        assertArrayEquals(new byte[0], done.stderr());
    }

    @Test
    void inputIsFedAndClosedAndTheDefaultInputIsEmpty() throws Exception {
        CompletedProcess fed = Trio.run(() -> Processes.run(List.of("cat"), CAPTURE.withStdin(bytes("hello\n"))));
        assertEquals("hello\n", text(fed.stdout()));
        // without input, cat reads an empty stdin (not the parent's) and ends at once
        CompletedProcess empty = Trio.run(() -> Processes.run(List.of("cat"), CAPTURE));
        assertArrayEquals(new byte[0], empty.stdout());
    }

    @Test
    void aChildThatDoesNotReadItsInputIsFine() throws Exception {
        byte[] lots = new byte[1 << 20];
        CompletedProcess done = Trio.run(() -> Processes.run(List.of("true"), ProcessOptions.defaults().withStdin(lots)));
        assertEquals(0, done.returnCode());
    }

    @Test
    void stderrMergedIntoStdoutKeepsTheOrder() throws Exception {
        CompletedProcess done = Trio.run(() -> Processes.run(sh("echo 1; echo 2 >&2; echo 3"),
                CAPTURE.withStderr(Redirect.STDOUT)));
        assertEquals("1\n2\n3\n", text(done.stdout()));
        assertNull(done.stderr());
    }

    @Test
    void redirectsToAndFromFilesAndDiscard(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("out.txt");
        Path in = dir.resolve("in.txt");
        Files.writeString(in, "from a file\n");
        Trio.run(() -> {
            Processes.run(List.of("echo", "one"), ProcessOptions.defaults().withStdout(Redirect.file(out)));
            Processes.run(List.of("echo", "two"), ProcessOptions.defaults().withStdout(Redirect.appendTo(out)));
            Processes.run(sh("echo three; echo hidden >&2"), ProcessOptions.defaults()
                    .withStdout(Redirect.appendTo(out)).withStderr(Redirect.DISCARD));
            CompletedProcess cat = Processes.run(List.of("cat"), CAPTURE.withStdin(Redirect.file(in)));
            assertEquals("from a file\n", text(cat.stdout()));
            CompletedProcess nothing = Processes.run(List.of("cat"), CAPTURE.withStdin(Redirect.DISCARD));
            assertArrayEquals(new byte[0], nothing.stdout());
        });
        assertEquals("one\ntwo\nthree\n", Files.readString(out));
    }

    @Test
    void environmentReplacesTheParentsAndDirectorySetsTheWorkingDirectory(@TempDir Path dir) throws Exception {
        CompletedProcess env = Trio.run(() -> Processes.run(List.of("/usr/bin/env"),
                CAPTURE.withEnvironment(Map.of("ONLY", "this one"))));
        assertEquals("ONLY=this one\n", text(env.stdout()));
        CompletedProcess pwd = Trio.run(() -> Processes.run(List.of("pwd"), CAPTURE.withDirectory(dir)));
        assertEquals(dir.toRealPath().toString(), text(pwd.stdout()).strip());
    }

    @Test
    void badCommandsAndOptionsFailAtOnceNamingTheMistake(@TempDir Path dir) throws Exception {
        Trio.run(() -> {
            assertThrows(IllegalArgumentException.class, () -> Processes.run(List.of(), ProcessOptions.defaults()));
            assertThrows(IllegalArgumentException.class, Processes::run);
            assertThrows(IllegalArgumentException.class, () -> Processes.run(List.of(""), ProcessOptions.defaults()));
            List<String> withNull = new ArrayList<>(List.of("echo"));
            withNull.add(null);
            assertTrue(assertThrows(IllegalArgumentException.class,
                    () -> Processes.run(withNull, ProcessOptions.defaults())).getMessage().contains("element 1"));
            IOException missing = assertThrows(IOException.class, () -> Processes.run("no-such-program-4711"));
            assertTrue(missing.getMessage().contains("no-such-program-4711"), missing::getMessage);
            Path nowhere = dir.resolve("nowhere");
            NoSuchFileException noDir = assertThrows(NoSuchFileException.class,
                    () -> Processes.run(List.of("true"), ProcessOptions.defaults().withDirectory(nowhere)));
            assertTrue(noDir.getMessage().contains(nowhere.toString()), noDir::getMessage);
            assertTrue(assertThrows(IllegalArgumentException.class, () -> Processes.run(List.of("cat"),
                    ProcessOptions.defaults().withStdout(Redirect.PIPE))).getMessage().contains("nursery.start"));
            assertThrows(IllegalArgumentException.class, () -> Processes.run(List.of("cat"),
                    CAPTURE.withStdout(Redirect.DISCARD)));
            assertThrows(IllegalArgumentException.class, () -> Processes.run(List.of("cat"),
                    ProcessOptions.defaults().withCaptureStderr(true).withStderr(Redirect.STDOUT)));
            assertThrows(IllegalArgumentException.class, () -> ProcessOptions.defaults().withStdout(Redirect.STDOUT));
            assertThrows(IllegalArgumentException.class, () -> ProcessOptions.defaults().withStdin(Redirect.STDOUT));
            assertThrows(NullPointerException.class, () -> ProcessOptions.defaults().withDirectory(null));
            assertThrows(IllegalArgumentException.class,
                    () -> ProcessOptions.defaults().withEnvironment(Map.of("A=B", "c")));
        });
        IllegalStateException outside = assertThrows(IllegalStateException.class, () -> Processes.run("true"));
        assertTrue(outside.getMessage().contains("Trio.run"), outside::getMessage);
    }

    @Test
    void cancellationTerminatesTheChildAndWaitsForItBeforeRaising() throws Exception {
        Trio.run(() -> {
            List<TrioProcess> started = new ArrayList<>();
            CancelScope scope = new CancelScope();
            scope.run(() -> Trio.openNursery(nursery -> {
                started.add(nursery.start(status -> Processes.run(List.of("sleep", "100"),
                        ProcessOptions.defaults(), status)));
                scope.cancel();
            }));
            assertTrue(scope.cancelledCaught());
            TrioProcess child = started.get(0);
            assertEquals(128 + 15, child.returnCode()); // SIGTERM, as the JDK reports it; Trio says -15
        });
    }

    @Test
    void aChildThatIgnoresTermIsKilledFiveSecondsLaterOnTheRunsClock() throws Exception {
        Trio.run(autojump(), () -> {
            CancelScope scope = new CancelScope();
            TrioProcess[] child = new TrioProcess[1];
            double[] stoppedAt = new double[1];
            scope.run(() -> Trio.openNursery(nursery -> {
                child[0] = nursery.start(status -> Processes.run(sh("trap '' TERM; echo ready; exec sleep 1000"),
                        ProcessOptions.defaults().withStdout(Redirect.PIPE), status));
                assertEquals("ready\n", text(child[0].stdout().receiveSome()));
                scope.cancel();
            }));
            stoppedAt[0] = Trio.currentTime();
            assertEquals(5.0, stoppedAt[0]);
            assertEquals(128 + 9, child[0].returnCode());
        });
    }

    @Test
    void deliverCancelIsCancelledOnceTheChildHasExited() throws Exception {
        List<String> log = new ArrayList<>();
        Trio.run(() -> {
            ProcessOptions options = ProcessOptions.defaults().withDeliverCancel(process -> {
                log.add("deliver " + process.command());
                process.terminate();
                try {
                    Trio.sleep(1000);
                    log.add("slept (wrong)");
                } catch (Cancelled expected) {
                    log.add("deliver cancelled, child status " + process.returnCode());
                    throw expected;
                }
            });
            CancelScope scope = new CancelScope();
            scope.run(() -> Trio.openNursery(nursery -> {
                nursery.start(status -> Processes.run(List.of("sleep", "100"), options, status));
                scope.cancel();
            }));
            log.add("run raised");
        });
        assertEquals(List.of("deliver [sleep, 100]", "deliver cancelled, child status 143", "run raised"), log);
    }

    @Test
    void aTimeoutAroundRunIsNotHeldBackByTheChild() throws Exception {
        // the exit wait is an I/O wait: the mock clock jumps to the deadline at once (else: 100 s, over the timeout)
        Trio.run(autojump(), () -> {
            // (killed at once: a terminate-then-kill would race the real exit against the next autojump)
            CancelScope scope = Trio.moveOnAfter(30, () -> Processes.run(List.of("sleep", "100"),
                    ProcessOptions.defaults().withDeliverCancel(TrioProcess::kill)));
            assertTrue(scope.cancelledCaught());
            assertEquals(30.0, Trio.currentTime());
        });
    }

    @Test
    void startedProcessHasPipesButNotTheCapturedStreams() throws Exception {
        Trio.run(() -> Trio.openNursery(nursery -> {
            TrioProcess child = nursery.start(status -> Processes.run(List.of("cat"),
                    ProcessOptions.defaults().withStdin(Redirect.PIPE).withCaptureStdout(true), status));
            assertNull(child.stdout());
            assertNull(child.stdio());
            child.stdin().sendAll(bytes("x"));
            child.stdin().close();
        }));
        CompletedProcess done = Trio.run(() -> {
            CompletedProcess[] result = new CompletedProcess[1];
            Trio.openNursery(nursery -> {
                TrioProcess child = nursery.start(status -> result[0] = Processes.run(List.of("cat"),
                        ProcessOptions.defaults().withStdin(Redirect.PIPE).withCaptureStdout(true), status));
                child.stdin().sendAll(bytes("through cat"));
                child.stdin().close();
            });
            return result[0];
        });
        assertEquals("through cat", text(done.stdout()));
    }
}
