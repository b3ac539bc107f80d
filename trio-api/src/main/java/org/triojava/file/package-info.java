/**
 * Asynchronous file I/O (the "Asynchronous filesystem I/O" chapter of Trio's manual): disk calls
 * block, so inside a run they belong in worker threads, and these types put them there for you.
 *
 * <ul>
 *   <li>{@link org.triojava.file.AsyncPath}: {@code trio.Path}, a {@code java.nio.file.Path} whose
 *       file-system operations are checkpoints that run in worker threads.</li>
 *   <li>{@link org.triojava.file.AsyncFiles#openFile}: {@code trio.open_file};
 *       {@link org.triojava.file.AsyncFiles#wrapFile}: {@code trio.wrap_file}, for a
 *       {@code FileChannel}, an {@code InputStream} or an {@code OutputStream}.</li>
 *   <li>{@link org.triojava.file.AsyncFile}: the file they return, every method a checkpoint.</li>
 * </ul>
 *
 * <pre>{@code
 * try (AsyncFile log = AsyncFiles.openFile(Path.of("app.log"), StandardOpenOption.READ)) {
 *     for (String line : log.lines()) {
 *         if (line.contains("ERROR")) System.out.println(line);
 *     }
 * }
 * }</pre>
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("0.2.0")
package org.triojava.file;
