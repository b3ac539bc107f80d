package org.triojava.benchmarks;

import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A/B comparison of two builds in one JVM, for judging a change to trio-core on a machine whose
 * load varies: each build's {@code benchmarks.jar} is loaded in a class loader of its own, and
 * their measured rounds alternate (A, B, B, A, A, B...), so that both see the same conditions.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar org.triojava.benchmarks.Compare \
 *     before.jar after.jar benchmark [warmup-rounds] [measured-rounds]</pre>
 *
 * Prints each round and, per build, the median and the median of the per-pair ratios B/A.
 */
public final class Compare {
    private Compare() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 3) {
            System.err.println("usage: Compare A.jar B.jar benchmark [warmup-rounds] [measured-rounds]");
            System.exit(2);
        }
        String benchmark = args[2];
        int warmup = args.length > 3 ? Integer.parseInt(args[3]) : 3;
        int rounds = args.length > 4 ? Integer.parseInt(args[4]) : 10;
        Method[] builds = {load(args[0]), load(args[1])};
        String[] label = {"A", "B"};
        for (int i = 0; i < warmup; i++) {
            for (int b = 0; b < 2; b++) {
                System.gc();
                double value = (double) builds[b].invoke(null, benchmark, false);
                System.out.printf(Locale.ROOT, "warmup %s: %,.0f%n", label[b], value);
            }
        }
        List<Double> a = new ArrayList<>();
        List<Double> b = new ArrayList<>();
        List<Double> ratios = new ArrayList<>();
        for (int i = 0; i < rounds; i++) {
            double[] pair = new double[2];
            for (int k = 0; k < 2; k++) {
                int which = (i % 2 == 0) == (k == 0) ? 0 : 1; // ABBAAB...
                System.gc();
                Thread.sleep(20);
                pair[which] = (double) builds[which].invoke(null, benchmark, false);
            }
            a.add(pair[0]);
            b.add(pair[1]);
            ratios.add(pair[1] / pair[0]);
            System.out.printf(Locale.ROOT, "round %2d: A %,12.0f  B %,12.0f  B/A %.3f%n", i + 1, pair[0], pair[1],
                    pair[1] / pair[0]);
        }
        System.out.printf(Locale.ROOT, "%s: A median %,.0f, B median %,.0f, median B/A %.3f (B/A range %.3f..%.3f)%n",
                benchmark, median(a), median(b), median(ratios), ratios.stream().mapToDouble(d -> d).min().orElse(0),
                ratios.stream().mapToDouble(d -> d).max().orElse(0));
    }

    private static Method load(String jar) throws Exception {
        URLClassLoader loader = new URLClassLoader(new URL[] {Path.of(jar).toUri().toURL()},
                ClassLoader.getPlatformClassLoader());
        return loader.loadClass(Bench.class.getName()).getMethod("runRound", String.class, boolean.class);
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(null);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
