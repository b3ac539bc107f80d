package org.triojava.examples;

import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.triojava.Nursery;
import org.triojava.Trio;
import org.triojava.file.AsyncFile;
import org.triojava.file.AsyncPath;
import org.triojava.sync.CapacityLimiter;

/**
 * Copies a directory tree with at most N files in flight (docs/FILES.md): every file is copied by
 * a task of its own, a {@link CapacityLimiter} keeps the number copying at once bounded, and the
 * disk work runs in worker threads, so the run stays responsive throughout.
 *
 * <pre>{@code ./mvnw -q -Pdemo -pl examples -am verify -Ddemo.mainClass=org.triojava.examples.CopyTree -Ddemo.args="from to"}</pre>
 */
public final class CopyTree {
    private static final int CHUNK = 64 * 1024;

    private CopyTree() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: CopyTree <from> <to>");
            System.exit(2);
        }
        int copied = Trio.run(() -> copyTree(AsyncPath.of(Path.of(args[0])), AsyncPath.of(Path.of(args[1])),
                new CapacityLimiter(8)));
        System.out.println("copied " + copied + " files");
    }

    /** Copies the tree under {@code from} to {@code to} (created), {@code limiter} bounding the files in flight; returns how many files. */
    public static int copyTree(AsyncPath from, AsyncPath to, CapacityLimiter limiter) throws Exception {
        int[] count = {0};
        Trio.openNursery(nursery -> copyInto(nursery, from, to, limiter, count));
        return count[0];
    }

    private static void copyInto(Nursery nursery, AsyncPath from, AsyncPath to, CapacityLimiter limiter, int[] count)
            throws IOException {
        to.createDirectories();
        for (AsyncPath entry : from.list()) {
            AsyncPath target = to.resolve(entry.fileName());
            if (entry.isDirectory()) {
                copyInto(nursery, entry, target, limiter, count);
            } else {
                count[0]++;
                nursery.startSoon(() -> limiter.withToken(() -> {
                    copyFile(entry, target);
                    return null;
                }));
            }
        }
    }

    private static void copyFile(AsyncPath from, AsyncPath to) throws IOException {
        try (AsyncFile in = from.open();
             AsyncFile out = to.open(StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                     StandardOpenOption.WRITE)) {
            while (true) {
                byte[] chunk = in.read(CHUNK);
                if (chunk.length == 0) {
                    return;
                }
                out.write(chunk);
            }
        }
    }
}
