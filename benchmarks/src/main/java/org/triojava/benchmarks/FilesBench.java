package org.triojava.benchmarks;

import java.io.BufferedReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Arrays;
import java.util.Locale;
import org.triojava.Trio;
import org.triojava.file.AsyncFile;
import org.triojava.file.AsyncFiles;
import org.triojava.file.AsyncPath;
import org.triojava.lowlevel.Lowlevel;

/**
 * Async files (issue 17), side by side with python3-trio (python/files_bench.py) and blocking Java:
 * the same data directory, made by files.sh. Prints {@code RESULT <name> <median> <unit>} lines.
 *
 * <pre>{@code java -cp benchmarks.jar org.triojava.benchmarks.FilesBench <data directory>}</pre>
 */
public final class FilesBench {
    private static final int WARMUP = 1;
    private static final int ROUNDS = 5;

    private FilesBench() {
    }

    /** One measured workload: returns its figure (things per second). */
    @FunctionalInterface
    interface Round {
        double run() throws Exception;
    }

    public static void main(String[] args) throws Exception {
        Path data = Path.of(args[0]);
        Path big = data.resolve("big.txt");
        Path copySource = data.resolve("copy.bin");
        Path copyTarget = data.resolve("copy-java.bin");
        Path[] small;
        try (var entries = Files.list(data.resolve("small"))) {
            small = entries.sorted().toArray(Path[]::new);
        }
        String mode = Trio.run(() -> Lowlevel.currentSchedulingMode().toString().toLowerCase(Locale.ROOT));
        System.out.println("# FilesBench: JDK " + System.getProperty("java.version") + ", scheduling " + mode);
        measure("files-copy@" + mode, "MB/s", 3, () -> asyncCopy(copySource, copyTarget));
        measure("files-copy-blocking", "MB/s", 3, () -> blockingCopy(copySource, copyTarget));
        measure("files-stat-1@" + mode, "files/s", ROUNDS, () -> asyncStat(small, 1));
        measure("files-stat-40@" + mode, "files/s", ROUNDS, () -> asyncStat(small, 40));
        measure("files-stat-blocking", "files/s", ROUNDS, () -> blockingStat(small));
        measure("files-lines@" + mode, "lines/s", ROUNDS, () -> asyncLines(big));
        measure("files-lines-blocking", "lines/s", ROUNDS, () -> blockingLines(big));
        Files.deleteIfExists(copyTarget);
    }

    /** Runs {@code round} once to warm up, then {@code rounds} times, and prints each figure and the median. */
    static void measure(String name, String unit, int rounds, Round round) throws Exception {
        for (int i = 0; i < WARMUP; i++) {
            round.run();
        }
        double[] figures = new double[rounds];
        for (int i = 0; i < rounds; i++) {
            figures[i] = round.run();
            System.out.printf(Locale.ROOT, "%-24s round %d: %,.0f %s%n", name, i + 1, figures[i], unit);
        }
        Arrays.sort(figures);
        System.out.printf(Locale.ROOT, "RESULT %s %.6g %s%n", name, figures[rounds / 2], unit);
    }

    /** Counts the lines of {@code file} that contain "needle", with {@code AsyncFile.lines()}. */
    static double asyncLines(Path file) throws Exception {
        long start = System.nanoTime();
        long[] counts = Trio.run(() -> {
            long lines = 0;
            long found = 0;
            try (AsyncFile in = AsyncPath.of(file).open()) {
                for (String line : in.lines()) {
                    lines++;
                    found += line.contains("needle") ? 1 : 0;
                }
            }
            return new long[] {lines, found};
        });
        return counts[0] / ((System.nanoTime() - start) / 1e9);
    }

    static double blockingLines(Path file) throws Exception {
        long start = System.nanoTime();
        long lines = 0;
        long found = 0;
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            while ((line = in.readLine()) != null) {
                lines++;
                found += line.contains("needle") ? 1 : 0;
            }
        }
        if (found < 0) {
            throw new AssertionError();
        }
        return lines / ((System.nanoTime() - start) / 1e9);
    }

    private static final int CHUNK = 64 * 1024;

    /** Copies {@code from} to {@code to} in 64 KiB chunks through two {@code AsyncFile}s; MB/s. */
    static double asyncCopy(Path from, Path to) throws Exception {
        long start = System.nanoTime();
        long bytes = Trio.run(() -> {
            long total = 0;
            try (AsyncFile in = AsyncFiles.openFile(from);
                 AsyncFile out = AsyncFiles.openFile(to, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                         StandardOpenOption.TRUNCATE_EXISTING)) {
                for (byte[] chunk = in.read(CHUNK); chunk.length > 0; chunk = in.read(CHUNK)) {
                    out.write(chunk);
                    total += chunk.length;
                }
            }
            return total;
        });
        return bytes / 1e6 / ((System.nanoTime() - start) / 1e9);
    }

    static double blockingCopy(Path from, Path to) throws Exception {
        long start = System.nanoTime();
        long total = 0;
        byte[] chunk = new byte[CHUNK];
        try (var in = Files.newInputStream(from); var out = Files.newOutputStream(to)) {
            for (int n = in.read(chunk); n > 0; n = in.read(chunk)) {
                out.write(chunk, 0, n);
                total += n;
            }
        }
        return total / 1e6 / ((System.nanoTime() - start) / 1e9);
    }

    /** The attributes of every small file ({@code AsyncPath.attributes}), {@code tasks} at a time. */
    static double asyncStat(Path[] files, int tasks) throws Exception {
        long start = System.nanoTime();
        long bytes = Trio.run(() -> {
            long[] total = {0};
            Trio.openNursery(nursery -> {
                for (int t = 0; t < tasks; t++) {
                    int first = t;
                    nursery.startSoon(() -> {
                        for (int i = first; i < files.length; i += tasks) {
                            total[0] += AsyncPath.of(files[i]).attributes().size();
                        }
                    });
                }
            });
            return total[0];
        });
        if (bytes <= 0) {
            throw new AssertionError("nothing seen");
        }
        return files.length / ((System.nanoTime() - start) / 1e9);
    }

    static double blockingStat(Path[] files) throws Exception {
        long start = System.nanoTime();
        long bytes = 0;
        for (Path file : files) {
            bytes += Files.readAttributes(file, BasicFileAttributes.class).size();
        }
        if (bytes <= 0) {
            throw new AssertionError("nothing seen");
        }
        return files.length / ((System.nanoTime() - start) / 1e9);
    }
}
