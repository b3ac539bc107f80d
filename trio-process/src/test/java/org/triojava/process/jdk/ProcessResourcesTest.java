package org.triojava.process.jdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.triojava.process.jdk.ProcessTesting.PIPES;
import static org.triojava.process.jdk.ProcessTesting.sh;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.triojava.Trio;
import org.triojava.process.CompletedProcess;
import org.triojava.process.ProcessOptions;
import org.triojava.process.Processes;
import org.triojava.process.TrioProcess;

/** Nothing left behind, nothing stuck: many children in a row, and big outputs in both directions at once. */
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // a deadlock would wait forever
class ProcessResourcesTest {

    private static long openFileDescriptors() throws Exception {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        }
    }

    @Test
    void aThousandShortChildrenLeaveNoDescriptorThreadOrZombieBehind() throws Exception {
        Set<Long> pids = new HashSet<>();
        Trio.run(() -> { // warm up: the pools and the JDK's reaper have their threads, the classes are loaded
            Processes.run(List.of("cat"), ProcessOptions.defaults().withStdin(new byte[] {1}).withCaptureStdout(true));
        });
        long fdsBefore = openFileDescriptors();
        Trio.run(() -> {
            for (int i = 0; i < 500; i++) {
                // every pipe in use: input fed, stdout and stderr captured
                CompletedProcess done = Processes.run(sh("cat; echo err >&2"), ProcessOptions.defaults()
                        .withStdin(new byte[] {'x'}).withCaptureStdout(true).withCaptureStderr(true));
                assertEquals("x", ProcessTesting.text(done.stdout()));
            }
            for (int i = 0; i < 500; i++) {
                TrioProcess child = Processes.open(List.of("true"), PIPES);
                pids.add(child.pid());
                child.close();
            }
        });
        assertEquals(0, PipePump.busyCount(), "pump operations still running");
        assertTrue(PipePump.threadCount() <= 8, () -> PipePump.threadCount() + " pump threads");
        long fdsAfter = openFileDescriptors();
        assertTrue(fdsAfter - fdsBefore < 16, () -> "descriptors: " + fdsBefore + " before, " + fdsAfter + " after");
        Set<Long> children = ProcessHandle.current().children().map(ProcessHandle::pid).collect(Collectors.toSet());
        children.retainAll(pids);
        assertEquals(Set.of(), children, "children (or zombies) still there");
    }

    @Test
    void hundredsOfMegabytesBothWaysDoNotDeadlock() throws Exception {
        int size = 100_000_000;
        byte[] input = new byte[10_000_000];
        CompletedProcess done = Trio.run(() -> Processes.run(
                sh("cat > /dev/null & head -c " + size + " /dev/zero & head -c " + size + " /dev/zero >&2; wait"),
                ProcessOptions.defaults().withStdin(input).withCaptureStdout(true).withCaptureStderr(true)));
        assertEquals(size, done.stdout().length);
        assertEquals(size, done.stderr().length);
    }
}
