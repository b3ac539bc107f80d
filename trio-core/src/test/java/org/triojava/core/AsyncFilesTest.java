package org.triojava.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.triojava.core.TestSupport.assertCheckpoints;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.triojava.BusyResourceError;
import org.triojava.CancelScope;
import org.triojava.Cancelled;
import org.triojava.ClosedResourceError;
import org.triojava.Trio;
import org.triojava.file.AsyncFile;
import org.triojava.file.AsyncFiles;
import org.triojava.file.AsyncPath;

/** Trio's file I/O: AsyncPath, openFile and wrapFile (every call a checkpoint, the work in a worker thread). */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class AsyncFilesTest {
    @TempDir
    Path directory;

    @Test
    void pathOperationsRunInWorkerThreadsAndAreCheckpoints() throws Exception {
        Trio.run(() -> {
            AsyncPath dir = AsyncPath.of(directory).resolve("a").resolve("b");
            assertCheckpoints(dir::createDirectories);
            AsyncPath file = dir.resolve("hello.txt");
            assertFalse(file.exists());
            assertCheckpoints(() -> file.writeString("héllo\nwörld\n"));
            assertTrue(file.exists());
            assertEquals("héllo\nwörld\n", file.readString());
            assertEquals(14, file.size());
            assertArrayEquals("héllo\nwörld\n".getBytes(StandardCharsets.UTF_8), file.readAllBytes());
            assertEquals(List.of(file), dir.list());
            assertEquals("hello.txt", file.fileName());
            assertEquals(dir, file.parent());
            assertEquals(AsyncPath.of("b", "hello.txt"), dir.parent().relativize(file));
            AsyncPath moved = file.moveTo(dir.resolve("moved.txt"));
            assertFalse(file.exists());
            assertTrue(moved.deleteIfExists());
            assertFalse(moved.deleteIfExists());
        });
    }

    @Test
    void theJdksExceptionsComeOutAsTheyAreNamingThePath() throws Exception {
        Trio.run(() -> {
            AsyncPath missing = AsyncPath.of(directory).resolve("missing.txt");
            NoSuchFileException e = assertThrows(NoSuchFileException.class, missing::readString);
            assertEquals(missing.path().toString(), e.getFile());
            assertThrows(NoSuchFileException.class, () -> AsyncFiles.openFile(missing.path()));
            // a directory opened for reading: the JDK's error, from the worker, as it is
            IOException directoryRead = assertThrows(IOException.class, () -> {
                try (AsyncFile dir = AsyncFiles.openFile(directory)) {
                    dir.read(10);
                }
            });
            assertTrue(directoryRead.getMessage() != null, directoryRead::toString);
            assertEquals("path must not be null",
                    assertThrows(NullPointerException.class, () -> AsyncPath.of((Path) null)).getMessage());
        });
    }

    @Test
    void aFileReadsWritesSeeksAndTruncates() throws Exception {
        Trio.run(() -> {
            Path path = directory.resolve("data.bin");
            try (AsyncFile file = AsyncFiles.openFile(path, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE)) {
                assertCheckpoints(() -> file.write("0123456789".getBytes(StandardCharsets.US_ASCII)));
                assertEquals(10, file.position());
                assertEquals(10, file.size());
                file.seek(2);
                assertEquals("234", new String(file.read(3), StandardCharsets.US_ASCII));
                assertEquals("56789", new String(file.readAll(), StandardCharsets.US_ASCII));
                assertArrayEquals(new byte[0], file.read(10), "the end of the file");
                file.truncate(4);
                assertEquals(4, file.size());
                assertEquals("position must be non-negative, got -1",
                        assertThrows(IllegalArgumentException.class, () -> file.seek(-1)).getMessage());
                assertEquals("size must be non-negative, got -1",
                        assertThrows(IllegalArgumentException.class, () -> file.truncate(-1)).getMessage());
                assertEquals("maxBytes must be at least 1, got 0",
                        assertThrows(IllegalArgumentException.class, () -> file.read(0)).getMessage());
                assertEquals(4, file.size(), "refused calls changed nothing");
                file.flush();
                assertTrue(file.wrapped() instanceof FileChannel);
            }
        });
    }

    @Test
    void linesComeOneAtATime() throws Exception {
        Path path = directory.resolve("lines.txt");
        java.nio.file.Files.writeString(path, "one\ntwo\r\nthree");
        Trio.run(() -> {
            List<String> lines = new ArrayList<>();
            try (AsyncFile file = AsyncPath.of(path).open()) {
                for (String line : file.lines()) {
                    lines.add(line);
                }
            }
            assertEquals(List.of("one", "two", "three"), lines);
            // each line is a checkpoint, also the ones a worker call read ahead
            try (AsyncFile file = AsyncPath.of(path).open()) {
                java.util.Iterator<String> it = file.lines().iterator();
                assertCheckpoints(() -> assertEquals("one", it.next()));
                assertCheckpoints(() -> assertEquals("two", it.next()));
                file.close();
                assertThrows(ClosedResourceError.class, it::next);
            }
        });
    }

    @Test
    void wrappedStreamsDoWhatTheyCanAndNameWhatTheyCannot() throws Exception {
        Trio.run(() -> {
            ByteArrayOutputStream sink = new ByteArrayOutputStream();
            try (AsyncFile out = AsyncFiles.wrapFile(sink)) {
                out.write("out".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                assertEquals("read: this AsyncFile wraps an OutputStream",
                        assertThrows(UnsupportedOperationException.class, () -> out.read(1)).getMessage());
                assertEquals("seek: this AsyncFile wraps an OutputStream, which has no position or size",
                        assertThrows(UnsupportedOperationException.class, () -> out.seek(0)).getMessage());
            }
            assertEquals("out", sink.toString(StandardCharsets.US_ASCII));
            try (AsyncFile in = AsyncFiles.wrapFile(new ByteArrayInputStream("in".getBytes(StandardCharsets.US_ASCII)))) {
                assertEquals("in", new String(in.readAll(), StandardCharsets.US_ASCII));
                assertEquals("write: this AsyncFile wraps an InputStream", assertThrows(
                        UnsupportedOperationException.class, () -> in.write(new byte[1])).getMessage());
            }
        });
    }

    @Test
    void afterCloseEveryCallIsClosedResourceErrorAndCloseIsIdempotent() throws Exception {
        Trio.run(() -> {
            AsyncFile file = AsyncFiles.openFile(directory.resolve("c.txt"), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE);
            assertCheckpoints(file::close);
            assertEquals("write: this file was closed",
                    assertThrows(ClosedResourceError.class, () -> file.write(new byte[1])).getMessage());
            file.close();
            assertFalse(((FileChannel) file.wrapped()).isOpen());
        });
    }

    /** An input stream whose first read waits until {@code release} counts down. */
    private static InputStream slow(CountDownLatch entered, CountDownLatch release) {
        return new InputStream() {
            @Override
            public int read() throws IOException {
                return -1;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                entered.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    throw new IOException(e);
                }
                b[off] = 'x';
                return 1;
            }
        };
    }

    @Test
    void aSecondTaskUsingTheFileMeanwhileIsBusy() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Trio.run(() -> {
            AsyncFile file = AsyncFiles.wrapFile(slow(entered, release));
            Trio.openNursery(nursery -> {
                nursery.startSoon(() -> assertArrayEquals(new byte[] {'x'}, file.read(5)));
                org.triojava.thread.ToThread.runSync(() -> {
                    entered.await(); // the first read is in its worker thread
                    return null;
                });
                BusyResourceError busy = assertThrows(BusyResourceError.class, () -> file.read(5));
                assertEquals("read: another task is already using this file", busy.getMessage());
                release.countDown();
            });
        });
    }

    @Test
    void aCallCancelledWhileItsWorkRunsReturnsTheWorkAndTheNextCheckpointRaises() throws Exception {
        // Trio's rule for worker threads: the work is not abandoned, so nothing it did is lost
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<String> log = new ArrayList<>();
        Trio.run(() -> {
            AsyncFile file = AsyncFiles.wrapFile(slow(entered, release));
            CancelScope scope = new CancelScope();
            Trio.openNursery(nursery -> {
                nursery.startSoon(() -> scope.run(() -> {
                    log.add("read " + new String(file.read(5), StandardCharsets.US_ASCII)
                            + " after the release: " + (release.getCount() == 0));
                    try {
                        Trio.checkpoint();
                    } catch (Cancelled c) {
                        log.add("then cancelled");
                        throw c;
                    }
                }));
                org.triojava.thread.ToThread.runSync(() -> {
                    entered.await();
                    return null;
                });
                scope.cancel();
                release.countDown();
            });
            assertTrue(scope.cancelledCaught());
        });
        assertEquals(List.of("read x after the release: true", "then cancelled"), log);
    }

    @Test
    void anyFileSystemWillDoForExampleAZipFile() throws Exception {
        Path zip = directory.resolve("archive.zip");
        try (FileSystem zipfs = FileSystems.newFileSystem(URI.create("jar:" + zip.toUri()), Map.of("create", "true"))) {
            Trio.run(() -> {
                AsyncPath inside = AsyncPath.of(zipfs.getPath("/docs/readme.txt"));
                inside.parent().createDirectories();
                inside.writeString("zipped");
                assertEquals("zipped", inside.readString());
                assertSame(zipfs, inside.path().getFileSystem());
            });
        }
    }
}
