package org.triojava.benchmarks;

import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Locale;
import org.triojava.Trio;
import org.triojava.lowlevel.Lowlevel;
import org.triojava.process.ProcessOptions;
import org.triojava.process.Processes;
import org.triojava.process.Redirect;
import org.triojava.process.TrioProcess;

/**
 * Subprocesses (issue 16), side by side with python3-trio (python/process_bench.py) and the bare
 * JDK: round trips of {@code true}, and 100 MB piped through {@code cat} in 1 MiB writes while
 * another task reads. Prints {@code RESULT <name> <median> <unit>} lines.
 *
 * <pre>{@code java -cp benchmarks.jar org.triojava.benchmarks.ProcessBench}</pre>
 */
public final class ProcessBench {
    private static final int ROUNDS = 5;
    private static final int TRUES = 300;
    private static final long PIPED = 100L * 1000 * 1000;
    private static final int WRITE = 1 << 20;

    private ProcessBench() {
    }

    public static void main(String[] args) throws Exception {
        String mode = Trio.run(() -> Lowlevel.currentSchedulingMode().toString().toLowerCase(Locale.ROOT));
        System.out.println("# ProcessBench: JDK " + System.getProperty("java.version") + ", scheduling " + mode);
        FilesBench.measure("process-true@" + mode, "runs/s", ROUNDS, ProcessBench::trioTrue);
        FilesBench.measure("process-true-jdk", "runs/s", ROUNDS, ProcessBench::jdkTrue);
        FilesBench.measure("process-cat@" + mode, "MB/s", ROUNDS, ProcessBench::trioCat);
        FilesBench.measure("process-cat-jdk", "MB/s", ROUNDS, ProcessBench::jdkCat);
    }

    /** {@code Processes.run("true")}, one after another: runs per second. */
    static double trioTrue() throws Exception {
        long start = System.nanoTime();
        Trio.run(() -> {
            for (int i = 0; i < TRUES; i++) {
                Processes.run("true");
            }
        });
        return TRUES / ((System.nanoTime() - start) / 1e9);
    }

    /** {@code new ProcessBuilder("true").start().waitFor()}, one after another. */
    static double jdkTrue() throws Exception {
        long start = System.nanoTime();
        for (int i = 0; i < TRUES; i++) {
            if (new ProcessBuilder("true").start().waitFor() != 0) {
                throw new AssertionError("true failed");
            }
        }
        return TRUES / ((System.nanoTime() - start) / 1e9);
    }

    /** 100 MB into {@code cat}'s stdin by one task, out of its stdout by another: MB/s. */
    static double trioCat() throws Exception {
        long start = System.nanoTime();
        long received = Trio.run(() -> {
            long[] total = new long[1];
            try (TrioProcess cat = Processes.open(List.of("cat"),
                    ProcessOptions.defaults().withStdin(Redirect.PIPE).withStdout(Redirect.PIPE))) {
                Trio.openNursery(nursery -> {
                    nursery.startSoon(() -> {
                        byte[] block = new byte[WRITE];
                        for (long sent = 0; sent < PIPED; sent += WRITE) {
                            cat.stdin().sendAll(block);
                        }
                        cat.stdin().close();
                    });
                    for (byte[] chunk : cat.stdout()) {
                        total[0] += chunk.length;
                    }
                });
            }
            return total[0];
        });
        return received / 1e6 / ((System.nanoTime() - start) / 1e9);
    }

    /** The same with the JDK's blocking streams: a writer thread and a reading thread. */
    static double jdkCat() throws Exception {
        long start = System.nanoTime();
        Process cat = new ProcessBuilder("cat").start();
        Thread writer = Thread.ofPlatform().start(() -> {
            byte[] block = new byte[WRITE];
            try (OutputStream in = cat.getOutputStream()) {
                for (long sent = 0; sent < PIPED; sent += WRITE) {
                    in.write(block);
                }
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        long received = 0;
        byte[] buffer = new byte[65536];
        try (InputStream out = cat.getInputStream()) {
            for (int n = out.read(buffer); n > 0; n = out.read(buffer)) {
                received += n;
            }
        }
        writer.join();
        cat.waitFor();
        return received / 1e6 / ((System.nanoTime() - start) / 1e9);
    }
}
