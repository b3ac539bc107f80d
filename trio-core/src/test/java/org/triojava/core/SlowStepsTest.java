package org.triojava.core;

import static org.junit.jupiter.api.Assertions.*;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingStream;
import org.junit.jupiter.api.Test;
import org.triojava.RunOptions;
import org.triojava.Trio;

/**
 * The slow-step detector ({@link RunOptions#withSlowStepThreshold}): a task that holds the run
 * past the threshold is reported once per step, with where it was. The watcher's look at a run
 * ({@link SlowSteps#check}) is driven here with chosen times, so nothing waits for the wall clock.
 */
class SlowStepsTest {
    private static final long MS = 1_000_000;

    @Test
    void aStepPastTheThresholdIsReportedOnceWithItsTaskAndStack() throws Exception {
        List<SlowSteps.Report> reports = new ArrayList<>();
        SlowSteps steps = new SlowSteps(Duration.ofMillis(100), reports::add);
        Trio.run(() -> {
            TaskImpl me = TestSupport.me();
            long start = System.nanoTime();
            steps.beforeTaskStep(me);
            steps.check(start); // the watcher sees the step: it times it from here
            steps.check(start + 99 * MS);
            assertEquals(List.of(), reports, "not past the threshold yet");
            steps.check(start + 200 * MS);
            assertEquals(1, reports.size());
            SlowSteps.Report report = reports.get(0);
            assertEquals(me.name, report.task());
            assertEquals(Duration.ofMillis(100), report.threshold());
            assertEquals(Duration.ofMillis(200), report.held(), "at least as long as the watcher saw it");
            assertTrue(report.stack().stream().anyMatch(frame -> frame.getMethodName().contains(
                    "aStepPastTheThresholdIsReportedOnceWithItsTaskAndStack")), report.stack().toString());

            steps.check(start + 500 * MS);
            assertEquals(1, reports.size(), "once per step");
            steps.afterTaskStep(me);
            steps.check(start + 600 * MS);
            steps.check(start + 800 * MS);
            assertEquals(1, reports.size(), "no step runs, however long the run waits between steps");
            steps.beforeTaskStep(me);
            steps.check(start + 900 * MS);
            assertEquals(1, reports.size(), "a new step is timed from when the watcher first sees it");
            steps.check(start + 1000 * MS);
            assertEquals(2, reports.size(), "the next step is reported on its own");
            assertEquals(Duration.ofMillis(100), reports.get(1).held());
        });
    }

    @Test
    void theReportSaysWhatHappensAndWhatToDo() {
        SlowSteps.Report report = new SlowSteps.Report("worker", Duration.ofNanos(152_345_678), Duration.ofMillis(100),
                List.of(new StackTraceElement("java.lang.Thread", "sleep", "Thread.java", 10),
                        new StackTraceElement("app.Worker", "run", "Worker.java", 42)));
        assertEquals("task 'worker' has held the Trio run for at least 152.3 ms without a checkpoint (slow-step threshold"
                + " 100.0 ms): no other task of the run can run meanwhile; a blocking call belongs in"
                + " ToThread.runSync. It was at:\n\tat java.lang.Thread.sleep(Thread.java:10)"
                + "\n\tat app.Worker.run(Worker.java:42)", report.message());
    }

    @Test
    void theThresholdComesFromTheOptionElseTheSystemProperty() {
        assertNull(SlowSteps.forRun(RunOptions.defaults()), "off by default");
        assertEquals(20 * MS,
                SlowSteps.forRun(RunOptions.defaults().withSlowStepThreshold(Duration.ofMillis(20))).thresholdNanos());
        String before = System.getProperty(SlowSteps.PROPERTY);
        try {
            System.setProperty(SlowSteps.PROPERTY, "250ms");
            assertEquals(250 * MS, SlowSteps.forRun(RunOptions.defaults()).thresholdNanos());
            assertEquals(20 * MS,
                    SlowSteps.forRun(RunOptions.defaults().withSlowStepThreshold(Duration.ofMillis(20))).thresholdNanos(),
                    "the option wins over the property");
            System.setProperty(SlowSteps.PROPERTY, "soon");
            assertEquals("-Dorg.triojava.slowStepThreshold=soon is not a positive duration: use a number and a unit,"
                    + " as in 100ms or 2s", assertThrows(IllegalArgumentException.class, () -> Trio.run(() -> { }))
                    .getMessage(), "a wrong property fails the run before it starts");
        } finally {
            if (before == null) {
                System.clearProperty(SlowSteps.PROPERTY);
            } else {
                System.setProperty(SlowSteps.PROPERTY, before);
            }
        }
    }

    @Test
    void durationsAreANumberAndAUnit() {
        assertNull(SlowSteps.parse(null));
        assertNull(SlowSteps.parse(" "));
        assertEquals(Duration.ofNanos(500), SlowSteps.parse("500ns"));
        assertEquals(Duration.ofNanos(1500), SlowSteps.parse("1.5us"));
        assertEquals(Duration.ofMillis(100), SlowSteps.parse(" 100 ms "));
        assertEquals(Duration.ofMillis(2500), SlowSteps.parse("2.5s"));
        assertEquals(Duration.ofMinutes(1), SlowSteps.parse("1m"));
        for (String wrong : List.of("0ms", "100", "ms", "-1s", "1h", "1.s")) {
            assertThrows(IllegalArgumentException.class, () -> SlowSteps.parse(wrong), wrong);
        }
    }

    @Test
    void aTaskBlockingTheRunIsReportedWhileItStillBlocksIt() throws Exception {
        // end to end: the watcher thread finds the step and the report reaches JFR; the task's
        // blocking call (a latch) ends only once the report came out
        CountDownLatch reported = new CountDownLatch(1);
        List<RecordedEvent> events = new ArrayList<>();
        try (RecordingStream stream = new RecordingStream()) {
            stream.enable("org.triojava.SlowStep");
            stream.onEvent("org.triojava.SlowStep", event -> {
                events.add(event);
                reported.countDown();
            });
            stream.startAsync();
            Trio.run(RunOptions.defaults().withSlowStepThreshold(Duration.ofMillis(5)), () -> {
                Trio.openNursery(n -> n.startSoon("blocker", reported::await));
            });
        }
        RecordedEvent event = events.get(0);
        assertEquals("blocker", event.getString("task"));
        assertTrue(event.getDuration("held").compareTo(Duration.ofMillis(5)) >= 0);
        assertEquals(Duration.ofMillis(5), event.getDuration("threshold"));
        assertTrue(event.getString("where").startsWith("java.") || event.getString("where").startsWith("jdk."),
                event.getString("where"));
    }
}
