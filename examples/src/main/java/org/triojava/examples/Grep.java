package org.triojava.examples;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.triojava.Trio;
import org.triojava.file.AsyncFile;
import org.triojava.file.AsyncPath;

/**
 * {@code grep} over a large file with {@link AsyncFile#lines()} (docs/FILES.md): the lines are read
 * in worker threads, a batch at a time, while the run's other tasks go on.
 */
public final class Grep {
    private Grep() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: Grep <text> <file>");
            System.exit(2);
        }
        for (String line : Trio.run(() -> grep(AsyncPath.of(Path.of(args[1])), args[0]))) {
            System.out.println(line);
        }
    }

    /** The lines of {@code file} that contain {@code text}, numbered from 1 ("12: the line"). */
    public static List<String> grep(AsyncPath file, String text) throws Exception {
        List<String> matches = new ArrayList<>();
        try (AsyncFile in = file.open()) {
            int number = 0;
            for (String line : in.lines()) {
                number++;
                if (line.contains(text)) {
                    matches.add(number + ": " + line);
                }
            }
        }
        return matches;
    }
}
