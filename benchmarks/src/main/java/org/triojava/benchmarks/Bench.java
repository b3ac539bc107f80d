package org.triojava.benchmarks;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.locks.LockSupport;
import jdk.jfr.Label;
import jdk.jfr.Name;
import org.triojava.CancelScope;
import org.triojava.Trio;
import org.triojava.TrioRunnable;
import org.triojava.channel.MemoryChannel;
import org.triojava.channel.MemoryReceiveChannel;
import org.triojava.channel.MemorySendChannel;
import org.triojava.lowlevel.Lowlevel;
import org.triojava.sync.Lock;
import org.triojava.thread.ToThread;

/**
 * The Java side of the benchmark suite: a small harness (warmup rounds, then measured rounds, the
 * median reported) around the workloads that {@code benchmarks/python/trio_bench.py} runs with
 * Python's Trio. Usage: {@code java -jar benchmarks.jar [--quick] [--interleave] [name...]}; with
 * no name, every benchmark runs. Besides a human-readable line per round, each benchmark prints one
 * machine-readable line {@code RESULT <name> <median> <unit>} that {@code benchmarks/run.sh} reads.
 *
 * <p>See {@code benchmarks/README.md} for what each figure means.
 */
public final class Bench {
    private static final TrioRunnable NOTHING = () -> { };

    private static boolean quick;

    private Bench() {
    }

    /** One round of a benchmark: returns its figure (higher or lower is better, per the unit). */
    @FunctionalInterface
    interface Round {
        double run() throws Exception;
    }

    /** A benchmark: its unit, how many warmup and measured rounds, and the rounds themselves. */
    record Spec(String unit, int warmup, int rounds, Round round, Round warmupRound) {
        Spec(String unit, int warmup, int rounds, Round round) {
            this(unit, warmup, rounds, round, round);
        }
    }

    public static void main(String[] args) throws Exception {
        List<String> names = new ArrayList<>();
        boolean interleave = false;
        for (String arg : args) {
            if (arg.equals("--quick")) {
                quick = true;
            } else if (arg.equals("--interleave")) {
                interleave = true;
            } else if (arg.startsWith("-")) {
                System.err.println("usage: java -jar benchmarks.jar [--quick] [--interleave] [" + String.join("|", specs().keySet()) + "]...");
                System.exit(2);
            } else {
                names.add(arg);
            }
        }
        Map<String, Spec> specs = specs();
        if (names.isEmpty()) {
            names.addAll(specs.keySet());
        }
        System.out.printf(Locale.ROOT, "# Trio for Java benchmarks: %s %s, %d CPUs, max heap %d MiB%s%n",
                System.getProperty("java.vm.name"), System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20,
                quick ? " (quick)" : "");
        for (String name : names) {
            if (!specs.containsKey(name)) {
                System.err.println("unknown benchmark " + name + "; known: " + specs.keySet());
                System.exit(2);
            }
        }
        measureAll(names, specs, interleave);
    }

    /**
     * One round of benchmark {@code name} (no warmup, no settling): the entry point that
     * {@link Compare} calls reflectively in each of the builds it compares.
     */
    public static double runRound(String name, boolean warmup) throws Exception {
        Spec spec = specs().get(name);
        if (spec == null) {
            throw new IllegalArgumentException("unknown benchmark " + name + "; known: " + specs().keySet());
        }
        return warmup ? spec.warmupRound().run() : spec.round().run();
    }

    private static int n(int full, int small) {
        return quick ? small : full;
    }

    static Map<String, Spec> specs() {
        Map<String, Spec> specs = new LinkedHashMap<>();
        specs.put("switch", new Spec("switches/s", n(3, 1), n(5, 2), () -> taskSwitch(n(500_000, 100_000))));
        specs.put("pingpong", new Spec("switches/s", n(3, 1), n(5, 2), () -> pingPong(n(500_000, 100_000))));
        specs.put("pingpong-1thread", new Spec("switches/s", n(3, 1), n(5, 2),
                () -> pingPongOneThread(n(500_000, 100_000))));
        specs.put("spawn", new Spec("tasks/s", n(3, 1), n(5, 2), () -> spawnJoin(100_000, false)));
        specs.put("spawn-checkpoint", new Spec("tasks/s", n(3, 1), n(5, 2), () -> spawnJoin(100_000, true)));
        specs.put("raw-spawn", new Spec("tasks/s", n(3, 1), n(5, 2), () -> rawSpawn(100_000)));
        specs.put("cancel", new Spec("tasks/s", n(3, 1), n(5, 2), () -> cancelSleepers(100_000)));
        specs.put("raw-wake", new Spec("tasks/s", n(3, 1), n(5, 2), () -> rawWake(100_000)));
        specs.put("timeouts", new Spec("tasks/s", n(3, 1), n(5, 2), () -> timeouts(100_000)));
        // warmed up on 100k tasks, so that most of the million sleep in compiled (smaller) frames
        specs.put("heap", new Spec("bytes/task", 1, 1, () -> heapPerSleeper(n(1_000_000, 100_000), false),
                () -> heapPerSleeper(100_000, false)));
        specs.put("heap-forever", new Spec("bytes/task", 1, 1, () -> heapPerSleeper(n(1_000_000, 100_000), true),
                () -> heapPerSleeper(100_000, true)));
        // issue 4: memory channels (and the JDK's queues doing the same), lock hand-off, ToThread
        specs.put("channel-1x1-0", new Spec("msgs/s", n(3, 1), n(5, 2), () -> channel(1, 0, n(60_000, 6_000))));
        specs.put("channel-1x1-100", new Spec("msgs/s", n(3, 1), n(5, 2), () -> channel(1, 100, n(200_000, 20_000))));
        specs.put("channel-4x4-0", new Spec("msgs/s", n(3, 1), n(5, 2), () -> channel(4, 0, n(60_000, 6_000))));
        specs.put("channel-4x4-100", new Spec("msgs/s", n(3, 1), n(5, 2), () -> channel(4, 100, n(200_000, 20_000))));
        specs.put("sq-1x1", new Spec("msgs/s", n(3, 1), n(5, 2),
                () -> jdkQueue("sq-1x1", new SynchronousQueue<>(), n(150_000, 15_000))));
        specs.put("abq-1x1", new Spec("msgs/s", n(3, 1), n(5, 2),
                () -> jdkQueue("abq-1x1", new ArrayBlockingQueue<>(100), n(600_000, 60_000))));
        specs.put("lock", new Spec("handoffs/s", n(3, 1), n(5, 2), () -> lockHandoff(10, n(3_000, 300))));
        specs.put("to-thread", new Spec("calls/s", n(3, 1), n(5, 2), () -> toThread(n(5_000, 500))));
        return specs;
    }

    /**
     * Runs the benchmarks: the warmup rounds of each, then its measured rounds; with
     * {@code interleave}, the measured rounds of all of them take turns (round 1 of each, then
     * round 2 of each...), so that a ratio between two of them is not skewed by a machine whose
     * load changes over time.
     */
    private static void measureAll(List<String> names, Map<String, Spec> specs, boolean interleave) throws Exception {
        String tag = System.getProperty("bench.tag", "");
        List<double[]> values = new ArrayList<>();
        List<double[]> cpuValues = new ArrayList<>();
        for (String name : names) {
            values.add(new double[specs.get(name).rounds()]);
            cpuValues.add(new double[specs.get(name).rounds()]);
        }
        int maxRounds = names.stream().mapToInt(name -> specs.get(name).rounds()).max().orElse(0);
        for (int b = 0; b < names.size(); b++) {
            if (interleave) {
                warmup(names.get(b), specs.get(names.get(b)));
            } else {
                warmup(names.get(b), specs.get(names.get(b)));
                for (int r = 0; r < specs.get(names.get(b)).rounds(); r++) {
                    round(names.get(b), specs.get(names.get(b)), r, values.get(b), cpuValues.get(b));
                }
                report(names.get(b), tag, specs.get(names.get(b)), values.get(b), cpuValues.get(b));
            }
        }
        if (interleave) {
            for (int r = 0; r < maxRounds; r++) {
                for (int b = 0; b < names.size(); b++) {
                    if (r < specs.get(names.get(b)).rounds()) {
                        round(names.get(b), specs.get(names.get(b)), r, values.get(b), cpuValues.get(b));
                    }
                }
            }
            for (int b = 0; b < names.size(); b++) {
                report(names.get(b), tag, specs.get(names.get(b)), values.get(b), cpuValues.get(b));
            }
        }
    }

    private static void warmup(String name, Spec spec) throws Exception {
        for (int i = 0; i < spec.warmup(); i++) {
            settle();
            double value = spec.warmupRound().run();
            System.out.printf(Locale.ROOT, "%-16s warmup %d: %,.0f %s%n", name, i + 1, value, spec.unit());
        }
    }

    private static void round(String name, Spec spec, int i, double[] values, double[] cpuValues) throws Exception {
        boolean rate = spec.unit().endsWith("/s");
        settle();
        Section.lastWall = 0;
        values[i] = spec.round().run();
        // the same figure per second of process CPU time (all threads: carriers, GC, JIT)
        cpuValues[i] = rate && Section.lastWall > 0 ? values[i] * Section.lastWall / Math.max(1, Section.lastCpu) : 0;
        System.out.printf(Locale.ROOT, "%-16s round  %d: %,.0f %s%s%n", name, i + 1, values[i], spec.unit(),
                rate ? String.format(Locale.ROOT, " (%,.0f per CPU-second)", cpuValues[i]) : "");
    }

    private static void report(String benchmark, String tag, Spec spec, double[] values, double[] cpuValues) {
        String name = tag.isEmpty() ? benchmark : benchmark + "@" + tag;
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        double median = median(values);
        System.out.printf(Locale.ROOT, "%-16s median %,.0f %s (min %,.0f, max %,.0f, %d rounds)%n", name, median,
                spec.unit(), sorted[0], sorted[sorted.length - 1], sorted.length);
        System.out.printf(Locale.ROOT, "RESULT %s %.6g %s%n", name, median, spec.unit());
        if (spec.unit().endsWith("/s")) {
            System.out.printf(Locale.ROOT, "CPURESULT %s %.6g %s%n", name, median(cpuValues), spec.unit());
        }
        System.out.flush();
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted.length % 2 == 1 ? sorted[sorted.length / 2]
                : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
    }

    /** Between rounds: collect the previous round's garbage so that it is not billed to the next. */
    private static void settle() throws InterruptedException {
        for (int i = 0; i < 2; i++) {
            System.gc();
        }
        Thread.sleep(50);
    }

    /**
     * A JFR event spanning each timed section, so that a recording's samples can be narrowed to
     * what is measured ({@code benchmarks/tools/jfr_top.py --measured}). Free when JFR is off.
     */
    @Name("org.triojava.benchmarks.Measured")
    @Label("Measured section")
    static final class Measured extends jdk.jfr.Event {
        @Label("Benchmark")
        String benchmark;
    }

    /** A timed section: wall-clock nanoseconds, and a {@link Measured} event around it. */
    static final class Section {
        private static final com.sun.management.OperatingSystemMXBean OS =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        /** Wall-clock and process CPU nanoseconds of the last section that ended. */
        static long lastWall;
        static long lastCpu;

        private final Measured event = new Measured();
        private final long start;
        private final long startCpu;

        Section(String benchmark) {
            event.benchmark = benchmark;
            event.begin();
            startCpu = OS.getProcessCpuTime();
            start = System.nanoTime();
        }

        long end() {
            long elapsed = System.nanoTime() - start;
            lastCpu = OS.getProcessCpuTime() - startCpu;
            lastWall = elapsed;
            event.commit();
            return elapsed;
        }
    }

    private static double perSecond(long count, long nanos) {
        return count / (nanos / 1e9);
    }

    // ------------------------------------------------------------------ 1. task switches

    /** Two tasks alternate at {@code Trio.checkpoint()}, {@code n} checkpoints each: 2n switches. */
    static double taskSwitch(int n) throws Exception {
        long[] elapsed = new long[1];
        TrioRunnable worker = () -> {
            for (int i = 0; i < n; i++) {
                Trio.checkpoint();
            }
        };
        Trio.run(() -> {
            Section section = new Section("switch");
            Trio.openNursery(nursery -> {
                nursery.startSoon(worker);
                nursery.startSoon(worker);
            });
            elapsed[0] = section.end();
        });
        return perSecond(2L * n, elapsed[0]);
    }

    /**
     * The ceiling for {@link #taskSwitch}: two bare virtual threads alternating through
     * {@code LockSupport.park/unpark} and a volatile flag each (the hand-off Trio's baton uses,
     * without any scheduler around it); {@code n} turns each, 2n switches.
     */
    static double pingPong(int n) throws Exception {
        return pingPong(n, Thread.ofVirtual(), "pingpong");
    }

    /** {@code n} turns each of two virtual threads made by {@code threads}, alternating. */
    private static double pingPong(int n, Thread.Builder.OfVirtual threads, String benchmark) throws Exception {
        PingSide a = new PingSide();
        PingSide b = new PingSide();
        a.turn = true;
        a.thread = threads.unstarted(() -> alternate(a, b, n));
        b.thread = threads.unstarted(() -> alternate(b, a, n));
        Section section = new Section(benchmark);
        a.thread.start();
        b.thread.start();
        a.thread.join();
        b.thread.join();
        return perSecond(2L * n, section.end());
    }

    /**
     * The ceiling for {@link #taskSwitch} in confined scheduling: the same ping-pong, with both
     * virtual threads scheduled by one single-thread executor (through the JDK's scheduler-taking
     * builder, which needs {@code --add-opens java.base/java.lang=ALL-UNNAMED}), so that every
     * switch is an unmount and a mount on one carrier.
     */
    static double pingPongOneThread(int n) throws Exception {
        ExecutorService carrier = Executors.newSingleThreadExecutor();
        try {
            java.lang.reflect.Constructor<?> make = Class.forName("java.lang.ThreadBuilders$VirtualThreadBuilder")
                    .getDeclaredConstructor(Executor.class);
            make.setAccessible(true);
            return pingPong(n, (Thread.Builder.OfVirtual) make.newInstance(carrier), "pingpong-1thread");
        } finally {
            carrier.shutdown();
        }
    }

    /** One side of the ping-pong: its thread and its turn flag. */
    static final class PingSide {
        volatile boolean turn;
        Thread thread;
    }

    private static void alternate(PingSide me, PingSide other, int n) {
        for (int i = 0; i < n; i++) {
            while (!me.turn) {
                LockSupport.park();
            }
            me.turn = false;
            other.turn = true;
            LockSupport.unpark(other.thread);
        }
    }

    // ------------------------------------------------------------------ 2. spawn + join

    /** {@code count} tasks started in one nursery and joined; each does nothing, or one checkpoint. */
    static double spawnJoin(int count, boolean checkpoint) throws Exception {
        long[] elapsed = new long[1];
        TrioRunnable child = checkpoint ? Trio::checkpoint : NOTHING;
        Trio.run(() -> {
            Section section = new Section("spawn");
            Trio.openNursery(nursery -> {
                for (int i = 0; i < count; i++) {
                    nursery.startSoon(child);
                }
            });
            elapsed[0] = section.end();
        });
        return perSecond(count, elapsed[0]);
    }

    /**
     * The JDK alone, for scale: {@code count} virtual threads with an empty body started from
     * one thread, then joined (they may run in parallel on every carrier; Trio runs one at a time).
     */
    static double rawSpawn(int count) throws Exception {
        Runnable empty = () -> { };
        Thread[] threads = new Thread[count];
        Section section = new Section("raw-spawn");
        for (int i = 0; i < count; i++) {
            threads[i] = Thread.ofVirtual().start(empty);
        }
        for (Thread thread : threads) {
            thread.join();
        }
        return perSecond(count, section.end());
    }

    // ------------------------------------------------------------------ 3. heap per sleeping task

    /**
     * Heap used (after full GCs) with {@code count} tasks asleep, minus the same measure before
     * they were started, per task. Measured from inside the main task once every sleeper has run
     * up to its sleep.
     */
    static double heapPerSleeper(int count, boolean forever) throws Exception {
        double[] perTask = new double[1];
        TrioRunnable sleeper = forever ? Trio::sleepForever : () -> Trio.sleep(1e9);
        Trio.run(() -> {
            long baseline = heapUsedAfterGc();
            Trio.openNursery(nursery -> {
                for (int i = 0; i < count; i++) {
                    nursery.startSoon(sleeper);
                }
                waitUntilAllBlocked();
                int living = Lowlevel.currentStatistics().tasksLiving();
                if (living < count) {
                    throw new AssertionError("only " + living + " tasks alive");
                }
                long used = heapUsedAfterGc();
                perTask[0] = (double) (used - baseline) / count;
                nursery.cancelScope().cancel();
            });
        });
        return perTask[0];
    }

    private static long heapUsedAfterGc() {
        var memory = ManagementFactory.getMemoryMXBean();
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 4; i++) {
            System.gc();
            used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
        }
        return used;
    }

    /** Checkpoints until no other task is runnable (every task started so far has blocked). */
    private static void waitUntilAllBlocked() {
        do {
            Trio.checkpoint();
        } while (Lowlevel.currentStatistics().tasksRunnable() > 0);
    }

    // ------------------------------------------------------------------ 4. cancellation

    /**
     * {@code count} tasks asleep in one nursery; then the nursery's scope is cancelled. Timed from
     * the cancel until the nursery has exited (every sleeper woken, unwound and joined).
     */
    static double cancelSleepers(int count) throws Exception {
        Section[] section = new Section[1];
        long[] elapsed = new long[1];
        TrioRunnable sleeper = () -> Trio.sleep(1e9);
        Trio.run(() -> {
            Trio.openNursery(nursery -> {
                for (int i = 0; i < count; i++) {
                    nursery.startSoon(sleeper);
                }
                waitUntilAllBlocked();
                section[0] = new Section("cancel");
                nursery.cancelScope().cancel();
            });
            elapsed[0] = section[0].end();
        });
        return perSecond(count, elapsed[0]);
    }

    /** One virtual thread of {@link #rawWake}. */
    static final class Sleeper {
        volatile boolean go;
        Thread thread;
        Sleeper next;
    }

    /**
     * The JDK alone, for scale with {@link #cancelSleepers}: {@code count} virtual threads parked
     * (8 frames deep, like a sleeping task) are woken one after the other, each throwing an
     * exception up to its top frame, waking the next and exiting. Timed from the first wake-up
     * until all have ended: the cost of resuming a parked virtual thread, unwinding and exiting.
     */
    static double rawWake(int count) throws Exception {
        Sleeper[] sleepers = new Sleeper[count];
        for (int i = 0; i < count; i++) {
            sleepers[i] = new Sleeper();
        }
        Thread main = Thread.currentThread();
        for (int i = 0; i < count; i++) {
            Sleeper me = sleepers[i];
            me.next = i + 1 < count ? sleepers[i + 1] : null;
            me.thread = Thread.ofVirtual().start(() -> {
                try {
                    parkDeep(8, me);
                } catch (IllegalStateException e) {
                    // "cancelled"
                }
                if (me.next != null) {
                    me.next.go = true;
                    LockSupport.unpark(me.next.thread);
                } else {
                    LockSupport.unpark(main);
                }
            });
        }
        for (Sleeper sleeper : sleepers) {
            while (sleeper.thread.getState() != Thread.State.WAITING) {
                Thread.onSpinWait();
            }
        }
        Section section = new Section("raw-wake");
        sleepers[0].go = true;
        LockSupport.unpark(sleepers[0].thread);
        for (Sleeper sleeper : sleepers) {
            sleeper.thread.join();
        }
        return perSecond(count, section.end());
    }

    private static int parkDeep(int depth, Sleeper me) {
        if (depth > 0) {
            return parkDeep(depth - 1, me) + 1;
        }
        while (!me.go) {
            LockSupport.park();
        }
        throw new IllegalStateException("woken");
    }

    /**
     * {@code count} tasks, each {@code moveOnAfter(t_i, sleepForever)} with distinct timeouts
     * spread over one millisecond (real clock), all of which fire. Timed from the first spawn
     * until the nursery has exited; checks that every scope caught its cancellation.
     */
    static double timeouts(int count) throws Exception {
        long[] elapsed = new long[1];
        int[] fired = new int[1];
        Trio.run(() -> {
            Section section = new Section("timeouts");
            Trio.openNursery(nursery -> {
                for (int i = 0; i < count; i++) {
                    double timeout = 0.001 * (i + 1) / count;
                    nursery.startSoon(() -> {
                        CancelScope scope = Trio.moveOnAfter(timeout, Trio::sleepForever);
                        if (scope.cancelledCaught()) {
                            fired[0]++;
                        }
                    });
                }
            });
            elapsed[0] = section.end();
        });
        if (fired[0] != count) {
            throw new AssertionError(fired[0] + " of " + count + " timeouts fired");
        }
        return perSecond(count, elapsed[0]);
    }

    // ------------------------------------------------------------------ 5. memory channels (issue 4)

    /**
     * {@code pairs} producers and {@code pairs} consumers on one {@code MemoryChannel.open(buffer)},
     * each on a clone of the send or receive handle (the originals are closed once cloned); the
     * producers send {@code count} integers in all, the consumers iterate until the channel ends.
     * Timed from opening the nursery until it has exited; checks that every message arrived.
     */
    static double channel(int pairs, int buffer, int count) throws Exception {
        String name = "channel-" + pairs + "x" + pairs + "-" + buffer;
        long[] elapsed = new long[1];
        long[] received = new long[1];
        Trio.run(() -> {
            MemoryChannel<Integer> channel = MemoryChannel.open(buffer);
            Section section = new Section(name);
            Trio.openNursery(nursery -> {
                try (MemorySendChannel<Integer> send = channel.sendChannel();
                     MemoryReceiveChannel<Integer> receive = channel.receiveChannel()) {
                    for (int p = 0; p < pairs; p++) {
                        MemorySendChannel<Integer> mine = send.clone();
                        int first = p * (count / pairs);
                        int end = first + count / pairs;
                        nursery.startSoon(() -> {
                            try (mine) {
                                for (int i = first; i < end; i++) {
                                    mine.send(i);
                                }
                            }
                        });
                    }
                    for (int c = 0; c < pairs; c++) {
                        MemoryReceiveChannel<Integer> mine = receive.clone();
                        nursery.startSoon(() -> {
                            try (mine) {
                                long n = 0;
                                for (Integer ignored : mine) {
                                    n++;
                                }
                                received[0] += n;
                            }
                        });
                    }
                }
            });
            elapsed[0] = section.end();
        });
        long sent = (long) pairs * (count / pairs);
        if (received[0] != sent) {
            throw new AssertionError(received[0] + " of " + sent + " messages received");
        }
        return perSecond(sent, elapsed[0]);
    }

    /**
     * The JDK alone, for scale with {@link #channel}: one virtual thread puts {@code count}
     * integers into {@code queue}, another takes them (a {@code SynchronousQueue} is the
     * rendezvous of buffer 0, an {@code ArrayBlockingQueue(100)} the buffer of 100). Unlike
     * Trio's tasks, the two threads may run at the same time on two carriers.
     */
    static double jdkQueue(String name, BlockingQueue<Integer> queue, int count) throws Exception {
        long[] received = new long[1];
        Thread producer = Thread.ofVirtual().unstarted(() -> {
            try {
                for (int i = 0; i < count; i++) {
                    queue.put(i);
                }
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        Thread consumer = Thread.ofVirtual().unstarted(() -> {
            try {
                long n = 0;
                for (int i = 0; i < count; i++) {
                    queue.take();
                    n++;
                }
                received[0] = n;
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        Section section = new Section(name);
        producer.start();
        consumer.start();
        producer.join();
        consumer.join();
        long elapsed = section.end();
        if (received[0] != count) {
            throw new AssertionError(received[0] + " of " + count + " messages received");
        }
        return perSecond(count, elapsed);
    }

    // ------------------------------------------------------------------ 6. lock hand-off (issue 4)

    /**
     * {@code tasks} tasks each acquiring and releasing one {@link Lock} {@code count} times with a
     * checkpoint while holding it: every other task queues up on the lock meanwhile, so each
     * release hands it to the longest-waiting task. Figure: acquisitions per second, timed from
     * opening the nursery until it has exited.
     */
    static double lockHandoff(int tasks, int count) throws Exception {
        long[] elapsed = new long[1];
        long[] acquired = new long[1];
        Trio.run(() -> {
            Lock lock = new Lock();
            TrioRunnable worker = () -> {
                for (int i = 0; i < count; i++) {
                    lock.acquire();
                    try {
                        acquired[0]++;
                        Trio.checkpoint();
                    } finally {
                        lock.release();
                    }
                }
            };
            Section section = new Section("lock");
            Trio.openNursery(nursery -> {
                for (int t = 0; t < tasks; t++) {
                    nursery.startSoon(worker);
                }
            });
            elapsed[0] = section.end();
        });
        if (acquired[0] != (long) tasks * count) {
            throw new AssertionError(acquired[0] + " of " + (long) tasks * count + " acquisitions");
        }
        return perSecond(acquired[0], elapsed[0]);
    }

    // ------------------------------------------------------------------ 7. ToThread round trip (issue 4)

    /**
     * One task calling {@code ToThread.runSync} on a trivial function {@code count} times in a
     * row: each call hands the function to a (cached) worker thread and waits for its result.
     */
    static double toThread(int count) throws Exception {
        long[] elapsed = new long[1];
        long[] sum = new long[1];
        Trio.run(() -> {
            Section section = new Section("to-thread");
            for (int i = 0; i < count; i++) {
                int value = i;
                sum[0] += ToThread.runSync(() -> value);
            }
            elapsed[0] = section.end();
        });
        if (sum[0] != (long) count * (count - 1) / 2) {
            throw new AssertionError("wrong sum of results " + sum[0]);
        }
        return perSecond(count, elapsed[0]);
    }
}
