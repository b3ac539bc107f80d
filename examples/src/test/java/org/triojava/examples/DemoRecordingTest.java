package org.triojava.examples;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;

/**
 * docs/DEBUGGING.md's recording: the demo (its echo server and client included) under JFR with
 * Trio's events on shows its tasks, its cancellations and its sockets' I/O waits, as
 * {@code jfr print --categories Trio} would.
 */
class DemoRecordingTest {
    @Test
    void aRecordingOfTheDemoShowsItsTasksCancellationsAndSocketWaits() throws Exception {
        Path file = Files.createTempFile("demo", ".jfr");
        try (Recording recording = new Recording(); PrintStream quiet = new PrintStream(OutputStream.nullOutputStream())) {
            for (String event : List.of("TaskSpawned", "TaskExited", "ScopeCancelled", "IoWait")) {
                recording.enable("org.triojava." + event).withoutThreshold();
            }
            recording.start();
            Demo.run(quiet);
            recording.stop();
            recording.dump(file);
            List<RecordedEvent> events = RecordingFile.readAllEvents(file);
            assertTrue(events.stream().filter(e -> is(e, "TaskSpawned"))
                    .filter(e -> e.getString("task").startsWith("org.triojava.examples.Demo")).count() >= 5,
                    "the demo's tasks (unnamed ones are named after the class that wrote them)");
            assertTrue(events.stream().anyMatch(e -> is(e, "ScopeCancelled") && "DEADLINE".equals(e.getString("reason"))),
                    "moveOnAfter's deadline");
            assertTrue(events.stream().anyMatch(e -> is(e, "IoWait") && "read".equals(e.getString("direction"))
                    && e.getString("channel").contains("SocketChannel")), "a socket read waited for its data");
            assertTrue(events.stream().anyMatch(e -> is(e, "TaskExited")));
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private static boolean is(RecordedEvent event, String name) {
        return event.getEventType().getName().equals("org.triojava." + name);
    }
}
