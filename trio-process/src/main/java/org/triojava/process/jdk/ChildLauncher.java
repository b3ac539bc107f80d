package org.triojava.process.jdk;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.triojava.process.ProcessOptions;
import org.triojava.process.Redirect;
import org.triojava.thread.ToThread;

/**
 * Turns a command and its options into a started child: the {@link ProcessBuilder} settings
 * ({@code Popen}'s arguments in Trio), and the start itself in a worker thread, since forking
 * blocks (Trio runs {@code Popen} with {@code to_thread.run_sync} too).
 */
final class ChildLauncher {
    private static final File NULL_FILE = new File("/dev/null");

    private ChildLauncher() {
    }

    /**
     * Starts {@code command}; {@code stdin} is the resolved redirect (never null here).
     *
     * @throws IOException naming the program or the directory when the child cannot start
     */
    static JdkTrioProcess start(List<String> command, ProcessOptions options, Redirect stdin) throws IOException {
        Redirect stdout = options.stdout() != null ? options.stdout()
                : options.captureStdout() ? Redirect.PIPE : Redirect.INHERIT;
        Redirect stderr = options.stderr() != null ? options.stderr()
                : options.captureStderr() ? Redirect.PIPE : Redirect.INHERIT;
        ProcessBuilder builder = new ProcessBuilder(command);
        if (options.directory() != null) {
            builder.directory(existingDirectory(options.directory()));
        }
        if (options.environment() != null) {
            Map<String, String> environment = builder.environment();
            environment.clear();
            environment.putAll(options.environment());
        }
        builder.redirectInput(input(stdin));
        builder.redirectOutput(output(stdout));
        if (stderr == Redirect.STDOUT) {
            builder.redirectErrorStream(true);
        } else {
            builder.redirectError(output(stderr));
        }
        Process process;
        try {
            process = ToThread.runSync(builder::start);
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Exception e) {
            throw new IOException("cannot start " + command + ": " + e, e);
        }
        return new JdkTrioProcess(process, command, stdin == Redirect.PIPE, stdout == Redirect.PIPE,
                stderr == Redirect.PIPE);
    }

    private static File existingDirectory(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            throw new NoSuchFileException(directory.toString(), null, "the working directory does not exist");
        }
        if (!Files.isDirectory(directory)) {
            throw new NotDirectoryException(directory + " (the working directory is not a directory)");
        }
        return directory.toFile();
    }

    private static ProcessBuilder.Redirect input(Redirect redirect) {
        return switch (redirect) {
            case Redirect.Standard standard -> switch (standard) {
                case INHERIT -> ProcessBuilder.Redirect.INHERIT;
                case DISCARD -> ProcessBuilder.Redirect.from(NULL_FILE);
                case PIPE -> ProcessBuilder.Redirect.PIPE;
                case STDOUT -> throw new IllegalArgumentException("Redirect.STDOUT is for stderr only");
            };
            case Redirect.ToFile file -> ProcessBuilder.Redirect.from(file.path().toFile());
        };
    }

    private static ProcessBuilder.Redirect output(Redirect redirect) {
        return switch (redirect) {
            case Redirect.Standard standard -> switch (standard) {
                case INHERIT -> ProcessBuilder.Redirect.INHERIT;
                case DISCARD -> ProcessBuilder.Redirect.DISCARD;
                case PIPE -> ProcessBuilder.Redirect.PIPE;
                case STDOUT -> throw new IllegalArgumentException("Redirect.STDOUT is for stderr only");
            };
            case Redirect.ToFile file -> file.append() ? ProcessBuilder.Redirect.appendTo(file.path().toFile())
                    : ProcessBuilder.Redirect.to(file.path().toFile());
        };
    }
}
