package org.triojava.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.triojava.Trio;
import org.triojava.file.AsyncPath;
import org.triojava.sync.CapacityLimiter;

/** The two file examples of docs/FILES.md, run for real on a temporary directory. */
class FilesExamplesTest {
    @TempDir
    Path directory;

    @Test
    void copyTreeCopiesEveryFileWithABoundedNumberInFlight() throws Exception {
        Path from = directory.resolve("from");
        Random random = new Random(7);
        List<Path> files = new ArrayList<>();
        for (String dir : List.of("", "a", "a/b", "c")) {
            Files.createDirectories(from.resolve(dir));
            for (int i = 0; i < 5; i++) {
                byte[] data = new byte[random.nextInt(200_000)];
                random.nextBytes(data);
                Path file = from.resolve(dir).resolve("f" + i + ".bin");
                Files.write(file, data);
                files.add(file);
            }
        }
        CapacityLimiter limiter = new CapacityLimiter(2);
        int copied = Trio.run(() -> CopyTree.copyTree(AsyncPath.of(from), AsyncPath.of(directory.resolve("to")),
                limiter));
        assertEquals(files.size(), copied);
        for (Path file : files) {
            Path copy = directory.resolve("to").resolve(from.relativize(file));
            assertArrayEquals(Files.readAllBytes(file), Files.readAllBytes(copy), copy::toString);
        }
        try (Stream<Path> all = Files.walk(directory.resolve("to"))) {
            assertEquals(files.size(), all.filter(Files::isRegularFile).count());
        }
        assertEquals(0, limiter.borrowedTokens(), "every token came back");
    }

    @Test
    void grepFindsTheLinesThatContainTheText() throws Exception {
        Path log = directory.resolve("big.log");
        StringBuilder text = new StringBuilder();
        for (int i = 1; i <= 20_000; i++) {
            text.append(i % 4_000 == 0 ? "ERROR at line " + i : "fine " + i).append('\n');
        }
        Files.writeString(log, text);
        List<String> found = Trio.run(() -> Grep.grep(AsyncPath.of(log), "ERROR"));
        assertEquals(List.of("4000: ERROR at line 4000", "8000: ERROR at line 8000", "12000: ERROR at line 12000",
                "16000: ERROR at line 16000", "20000: ERROR at line 20000"), found);
        assertTrue(Trio.run(() -> Grep.grep(AsyncPath.of(log), "nowhere")).isEmpty());
    }
}
