package org.triojava.core;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.triojava.CancelScope;
import org.triojava.Trio;
import org.triojava.lowlevel.Lowlevel;
import org.triojava.thread.ToThread;

/** The run's JFR events, read back from a recording of a small program. */
class FlightEventsTest extends ChannelFixture {

    @Test
    void aRecordingShowsTasksCancellationsAndIoWaits() throws Exception {
        Path file = Files.createTempFile("trio", ".jfr");
        Pipe.SourceChannel source = pipe.source();
        Pipe.SinkChannel sink = pipe.sink();
        try (Recording recording = new Recording()) {
            for (String name : List.of("TaskSpawned", "TaskExited", "ScopeCancelled", "IoWait")) {
                recording.enable("org.triojava." + name).withoutThreshold();
            }
            recording.start();
            Trio.run(() -> {
                Trio.openNursery(n -> {
                    n.startSoon("reader", () -> Lowlevel.waitReadable(source));
                    n.startSoon("writer", () -> sink.write(ByteBuffer.wrap(new byte[] {1})));
                });
                CancelScope scope = new CancelScope();
                scope.run(() -> scope.cancel("enough"));
                try {
                    Trio.openNursery(n -> n.startSoon("failing", () -> {
                        throw new IllegalStateException("boom");
                    }));
                } catch (RuntimeException expected) {
                    // the nursery's group
                }
            });
            recording.stop();
            recording.dump(file);
            List<RecordedEvent> events = RecordingFile.readAllEvents(file);

            List<String> spawned = names(events, "org.triojava.TaskSpawned", "task");
            assertTrue(spawned.containsAll(List.of("<init>", "reader", "writer", "failing")), spawned.toString());
            RecordedEvent reader = only(events, "org.triojava.TaskSpawned", "reader");
            assertFalse(reader.getBoolean("systemTask"));
            assertNotNull(reader.getString("spawner"));
            assertEquals("<init>", only(events, "org.triojava.TaskSpawned", "<init>").getString("task"));
            assertNull(only(events, "org.triojava.TaskSpawned", "<init>").getString("spawner"));

            assertNull(only(events, "org.triojava.TaskExited", "reader").getString("error"));
            assertEquals("java.lang.IllegalStateException: boom",
                    only(events, "org.triojava.TaskExited", "failing").getString("error"));

            RecordedEvent explicit = events.stream()
                    .filter(e -> e.getEventType().getName().equals("org.triojava.ScopeCancelled"))
                    .filter(e -> "enough".equals(e.getString("message"))).findFirst().orElseThrow();
            assertEquals("EXPLICIT", explicit.getString("reason"));
            assertNotNull(explicit.getString("cancelledBy"));
            assertTrue(events.stream().anyMatch(e -> e.getEventType().getName().equals("org.triojava.ScopeCancelled")
                    && "NURSERY".equals(e.getString("reason"))), "the failing child cancelled its nursery");

            RecordedEvent wait = only(events, "org.triojava.IoWait", "reader");
            assertEquals("read", wait.getString("direction"));
            assertEquals(source.toString(), wait.getString("channel"));
            assertFalse(wait.getBoolean("cancelled"));
            assertNotNull(wait.getStackTrace(), "an I/O wait records where the task waited");
        } finally {
            Files.deleteIfExists(file);
        }
    }

    @Test
    void runStatisticsAreTakenWhileTheRunLives() throws Exception {
        RecordedEvent stats = takenMidRun("org.triojava.RunStatistics", Recording::stop);
        assertEquals(3, stats.getInt("tasksLiving"), "the root task, the main task and the sleeper");
        assertEquals(0, stats.getInt("tasksRunnable"));
        assertEquals(0, stats.getInt("ioWaits"));
    }

    @Test
    void aRecordingChunkEndsWithTheTaskTreeOfEveryLiveRun() throws Exception {
        // what jcmd <pid> JFR.dump gives: the tree is taken between two steps of the run, for a
        // recording stopped here by a worker thread while the run goes on
        RecordedEvent snapshot = takenMidRun("org.triojava.TaskTree", recording -> ToThread.runSync(recording::stop));
        String json = snapshot.getString("json");
        assertNull(snapshot.getString("note"));
        assertTrue(json.startsWith("{\"schemaVersion\":1,"), json);
        assertTrue(json.contains("\"name\":\"sleeper\",\"system\":false,\"state\":\"PARKED\","
                + "\"waitingFor\":\"sleep forever\""), json);
        assertTrue(json.contains("\"waitingFor\":\"ToThread.runSync"), json);
    }

    /** How the main task ends the recording in {@link #takenMidRun}. */
    private interface Stopper {
        void stop(Recording recording) throws Exception;
    }

    /**
     * The periodic {@code event} of a run, taken when {@code stopper} ends the recording (the end
     * of its chunk) while the run's main task waits in a nursery with a sleeping child.
     */
    private static RecordedEvent takenMidRun(String event, Stopper stopper) throws Exception {
        Path file = Files.createTempFile("trio", ".jfr");
        String[] mainName = new String[1];
        try (Recording recording = new Recording()) {
            recording.enable(event).with("period", "endChunk");
            recording.start();
            Trio.run(() -> {
                mainName[0] = Lowlevel.currentTask().name();
                Trio.openNursery(n -> {
                    n.startSoon("sleeper", Trio::sleepForever);
                    TestSupport.waitAllTasksBlocked();
                    stopper.stop(recording);
                    n.cancelScope().cancel();
                });
            });
            recording.dump(file);
            return RecordingFile.readAllEvents(file).stream().filter(e -> e.getEventType().getName().equals(event))
                    .filter(e -> mainName[0].equals(e.getString("mainTask"))).findFirst().orElseThrow();
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private static List<String> names(List<RecordedEvent> events, String type, String field) {
        return events.stream().filter(e -> e.getEventType().getName().equals(type)).map(e -> e.getString(field)).toList();
    }

    private static RecordedEvent only(List<RecordedEvent> events, String type, String task) {
        List<RecordedEvent> found = events.stream().filter(e -> e.getEventType().getName().equals(type))
                .filter(e -> task.equals(e.getString("task"))).toList();
        assertEquals(1, found.size(), type + " " + task + ": " + found);
        return found.get(0);
    }
}
