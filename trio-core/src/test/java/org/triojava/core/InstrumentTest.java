package org.triojava.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.triojava.RunOptions;
import org.triojava.Trio;
import org.triojava.abc.Instrument;
import org.triojava.lowlevel.Lowlevel;
import org.triojava.lowlevel.Task;
import org.triojava.spi.Kernel;
import org.triojava.testing.MockClock;

/** Instruments: hook order, adding and removing, crashing hooks (rules I1–I3). */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class InstrumentTest {

    /** An event: a hook name and its task (null for run-level hooks). */
    record Event(String hook, Task task) {
        @Override
        public String toString() {
            return hook + (task == null ? "" : "(" + task.name() + ")");
        }
    }

    /** Trio's TaskRecorder; also checks that the step hooks see their task as the current task. */
    static class TaskRecorder implements Instrument {
        final List<Event> record = new ArrayList<>();
        final List<String> contextErrors = new ArrayList<>();

        @Override
        public void beforeRun() {
            record.add(new Event("before_run", null));
        }

        @Override
        public void taskScheduled(Task task) {
            record.add(new Event("schedule", task));
        }

        @Override
        public void beforeTaskStep(Task task) {
            if (Lowlevel.currentTask() != task) {
                contextErrors.add("before " + task);
            }
            record.add(new Event("before", task));
        }

        @Override
        public void afterTaskStep(Task task) {
            if (Lowlevel.currentTask() != task) {
                contextErrors.add("after " + task);
            }
            record.add(new Event("after", task));
        }

        @Override
        public void afterRun() {
            record.add(new Event("after_run", null));
        }

        List<Event> filterTasks(Collection<Task> tasks) {
            List<Event> out = new ArrayList<>();
            for (Event e : record) {
                if (e.task() == null || tasks.contains(e.task())) {
                    out.add(e);
                }
            }
            return out;
        }
    }

    private static Event ev(String hook, Task task) {
        return new Event(hook, task);
    }

    @Test
    void hookOrderPerCheckpoint() throws Exception {
        TaskRecorder r1 = new TaskRecorder();
        TaskRecorder r2 = new TaskRecorder();
        TaskRecorder r3 = new TaskRecorder();
        Task[] task = new Task[1];
        Trio.run(RunOptions.defaults().withInstrument(r1).withInstrument(r2), () -> Trio.openNursery(n -> n.startSoon(() -> {
            task[0] = Lowlevel.currentTask();
            for (int i = 0; i < 4; i++) {
                Trio.checkpoint();
            }
            // replace r2 with r3, to test that they can be changed as we go
            Lowlevel.removeInstrument(r2);
            assertThrows(NoSuchElementException.class, () -> Lowlevel.removeInstrument(r2));
            // adding is idempotent
            Lowlevel.addInstrument(r3);
            Lowlevel.addInstrument(r3);
            Trio.checkpoint();
        })));
        Task t = task[0];
        // five checkpoints: six steps; checkpoint() reschedules the task inside its step (I2)
        List<Event> expected = new ArrayList<>(List.of(ev("before_run", null), ev("schedule", t)));
        for (int i = 0; i < 5; i++) {
            expected.addAll(List.of(ev("before", t), ev("schedule", t), ev("after", t)));
        }
        expected.addAll(List.of(ev("before", t), ev("after", t), ev("after_run", null)));
        List<Event> joined = new ArrayList<>(r2.record);
        joined.addAll(r3.record);
        assertEquals(r1.record, joined);
        assertEquals(expected, r1.filterTasks(List.of(t)));
        assertEquals(List.of(), r1.contextErrors);
    }

    @Test
    void hooksInterleaveInSchedulingOrder() throws Exception {
        Map<String, Task> tasks = new HashMap<>();
        TaskRecorder r = new TaskRecorder();
        Trio.run(RunOptions.defaults().withInstrument(r), () -> Trio.openNursery(n -> {
            for (String name : List.of("t1", "t2")) {
                n.startSoon(() -> {
                    tasks.put(name, Lowlevel.currentTask());
                    Trio.checkpoint();
                });
            }
        }));
        Task t1 = tasks.get("t1");
        Task t2 = tasks.get("t2");
        assertEquals(List.of(
                ev("before_run", null),
                ev("schedule", t1), ev("schedule", t2),
                ev("before", t1), ev("schedule", t1), ev("after", t1),
                ev("before", t2), ev("schedule", t2), ev("after", t2),
                ev("before", t1), ev("after", t1),
                ev("before", t2), ev("after", t2),
                ev("after_run", null)), r.filterTasks(tasks.values()));
    }

    @Test
    void instrumentWithoutOverridesIsNeverCalled() throws Exception {
        Instrument nothing = new Instrument() {
            @SuppressWarnings("unused")
            public void somethingUnrelated() {
            }
        };
        Trio.run(RunOptions.defaults().withInstrument(nothing), () -> {
            Runner runner = (Runner) Kernel.current();
            for (int hook = Instruments.BEFORE_RUN; hook <= Instruments.AFTER_IO_WAIT; hook++) {
                assertFalse(runner.instruments.has(hook), "hook " + hook);
            }
            Trio.checkpoint();
        });
    }

    @Test
    void onlyOverriddenHooksAreRegistered() throws Exception {
        Instrument spawnOnly = new Instrument() {
            @Override
            public void taskSpawned(Task task) {
            }
        };
        Trio.run(() -> {
            Runner runner = (Runner) Kernel.current();
            Lowlevel.addInstrument(spawnOnly);
            assertTrue(runner.instruments.has(Instruments.TASK_SPAWNED));
            assertFalse(runner.instruments.has(Instruments.TASK_SCHEDULED));
            Lowlevel.removeInstrument(spawnOnly);
            assertFalse(runner.instruments.has(Instruments.TASK_SPAWNED));
        });
    }

    @Test
    void beforeAndAfterRun() throws Exception {
        List<String> record = new ArrayList<>();
        Trio.run(RunOptions.defaults().withInstrument(new Instrument() {
            @Override
            public void beforeRun() {
                record.add("before_run");
            }

            @Override
            public void afterRun() {
                record.add("after_run");
            }
        }), () -> {
            record.add("main");
        });
        assertEquals(List.of("before_run", "main", "after_run"), record);
    }

    @Test
    void taskSpawnedAndExited() throws Exception {
        List<Event> record = new ArrayList<>();
        Instrument recorder = new Instrument() {
            @Override
            public void taskSpawned(Task task) {
                record.add(ev("spawned", task));
            }

            @Override
            public void taskScheduled(Task task) {
                record.add(ev("scheduled", task));
            }

            @Override
            public void taskExited(Task task) {
                record.add(ev("exited", task));
            }
        };
        Task[] child = new Task[1];
        Task mainTask = Trio.run(RunOptions.defaults().withInstrument(recorder), () -> {
            assertThrows(org.triojava.ExceptionGroup.class, () -> Trio.openNursery(n -> n.startSoon(() -> {
                child[0] = Lowlevel.currentTask();
                throw new IllegalStateException("a crashing task exits too");
            })));
            return Lowlevel.currentTask();
        });
        assertTrue(record.contains(ev("spawned", mainTask)));
        assertTrue(record.contains(ev("exited", mainTask)));
        List<Event> childEvents = record.stream().filter(e -> e.task() == child[0]).toList();
        assertEquals(List.of(ev("spawned", child[0]), ev("scheduled", child[0]), ev("exited", child[0])), childEvents);
    }

    @Test
    void crashingHookRemovesItsInstrumentAndTheRunGoesOn() throws Exception {
        List<String> record = new ArrayList<>();
        Instrument broken = new Instrument() {
            @Override
            public void taskScheduled(Task task) {
                record.add("scheduled");
                throw new IllegalArgumentException("oops");
            }
        };
        TaskRecorder r = new TaskRecorder();
        Task mainTask = Trio.run(RunOptions.defaults().withInstrument(r).withInstrument(broken), () -> {
            record.add("main ran");
            return Lowlevel.currentTask();
        });
        assertEquals(List.of("scheduled", "main ran"), record);
        // the other instrument kept going
        assertTrue(r.record.contains(ev("after", mainTask)));
        assertTrue(r.record.contains(ev("after_run", null)));
    }

    @Test
    void instrumentsCanBeAddedAndRemovedMidRun() throws Exception {
        List<Task> record = new ArrayList<>();
        Instrument stepper = new Instrument() {
            @Override
            public void beforeTaskStep(Task task) {
                record.add(task);
            }
        };
        Trio.run(() -> {
            Trio.checkpoint();
            Trio.checkpoint();
            assertEquals(0, record.size());
            Lowlevel.addInstrument(stepper);
            Trio.checkpoint();
            Trio.checkpoint();
            Task me = Lowlevel.currentTask();
            assertEquals(2, record.stream().filter(t -> t == me).count());
            Lowlevel.removeInstrument(stepper);
            Trio.checkpoint();
            Trio.checkpoint();
            assertEquals(2, record.stream().filter(t -> t == me).count());
            assertThrows(NullPointerException.class, () -> Lowlevel.addInstrument(null));
        });
    }

    @Test
    void hooksRunInTheRightContext() throws Exception {
        // Trio's test_instrument_call_trio_context: {hook: (in run, in task or null for "depends")}
        Map<String, Boolean[]> expected = Map.of(
                "beforeIoWait", new Boolean[] {true, false},
                "afterIoWait", new Boolean[] {true, false},
                "beforeRun", new Boolean[] {true, false},
                "afterRun", new Boolean[] {true, false},
                "beforeTaskStep", new Boolean[] {true, true},
                "afterTaskStep", new Boolean[] {true, true},
                "taskExited", new Boolean[] {true, true},
                "taskScheduled", new Boolean[] {true, null},
                "taskSpawned", new Boolean[] {true, null});
        Map<String, Integer> called = new HashMap<>();
        List<String> failures = new ArrayList<>();
        Instrument checker = new Instrument() {
            private void check(String hook) {
                called.merge(hook, 1, Integer::sum);
                Boolean[] want = expected.get(hook);
                if (Lowlevel.inTrioRun() != want[0]) {
                    failures.add(hook + ": inTrioRun");
                }
                if (want[1] != null && Lowlevel.inTrioTask() != want[1]) {
                    failures.add(hook + ": inTrioTask");
                }
            }

            @Override
            public void beforeRun() {
                check("beforeRun");
            }

            @Override
            public void afterRun() {
                check("afterRun");
            }

            @Override
            public void taskSpawned(Task task) {
                check("taskSpawned");
            }

            @Override
            public void taskScheduled(Task task) {
                check("taskScheduled");
            }

            @Override
            public void beforeTaskStep(Task task) {
                check("beforeTaskStep");
            }

            @Override
            public void afterTaskStep(Task task) {
                check("afterTaskStep");
            }

            @Override
            public void taskExited(Task task) {
                check("taskExited");
            }

            @Override
            public void beforeIoWait(double timeout) {
                check("beforeIoWait");
            }

            @Override
            public void afterIoWait(double timeout) {
                check("afterIoWait");
            }
        };
        Trio.run(RunOptions.defaults().withInstrument(checker), () -> {
            Trio.checkpoint();
            Trio.openNursery(n -> n.startSoon(Trio::checkpoint));
        });
        assertEquals(List.of(), failures);
        assertEquals(expected.keySet(), called.keySet());
    }

    @Test
    void ioWaitHooksReportTheTimeout() throws Exception {
        List<String> record = new ArrayList<>();
        MockClock clock = new MockClock();
        clock.setAutojumpThreshold(0.001);
        Instrument io = new Instrument() {
            @Override
            public void beforeIoWait(double timeout) {
                record.add("before " + timeout);
            }

            @Override
            public void afterIoWait(double timeout) {
                record.add("after " + timeout);
            }
        };
        Trio.run(RunOptions.defaults().withClock(clock).withInstrument(io), () -> Trio.sleep(5));
        // every wait is bracketed by the two hooks with the same timeout
        assertEquals(0, record.size() % 2);
        for (int i = 0; i < record.size(); i += 2) {
            assertEquals(record.get(i).substring("before ".length()), record.get(i + 1).substring("after ".length()));
        }
        // polls between batches do not block; the idle wait before the autojump is bounded by the threshold
        assertTrue(record.contains("before 0.0"), record.toString());
        assertTrue(record.contains("before 0.001"), record.toString());
        assertEquals(5.0, clock.currentTime());
    }
}
