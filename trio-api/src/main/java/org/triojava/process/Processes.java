package org.triojava.process;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.triojava.TaskStatus;
import org.triojava.internal.Backend;
import org.triojava.internal.Checks;
import org.triojava.internal.Runtimes;

/**
 * Starting child processes (Trio's {@code trio.run_process} and {@code trio.lowlevel.open_process}).
 *
 * <pre>{@code
 * CompletedProcess done = Processes.run(List.of("git", "status", "--short"),
 *         ProcessOptions.defaults().withCaptureStdout(true));
 * String changes = new String(done.stdout(), StandardCharsets.UTF_8);
 *
 * // a child supervised as a background task, talked to through its pipes:
 * TrioProcess child = nursery.start(status -> Processes.run(List.of("cat"),
 *         ProcessOptions.defaults().withStdin(Redirect.PIPE).withStdout(Redirect.PIPE), status));
 * }</pre>
 *
 * <p>{@code run} never leaves a child behind: it returns or throws only once the child has
 * exited, and when it is cancelled it stops the child with the options' {@link DeliverCancel}
 * (by default {@code SIGTERM}, then {@code SIGKILL} after 5 s) and waits for it before throwing
 * {@code Cancelled}. {@code open} leaves the child's management to you; close the process (or
 * wait for it) when done.
 *
 * <p>Errors: an empty command or a null in it, and options that do not fit the call, are
 * {@link IllegalArgumentException}s; a program that cannot be started or a working directory
 * that does not exist are {@link IOException}s naming it, thrown before anything runs. The backend
 * is the artifact {@code org.triojava:trio-process}. POSIX only (Linux and macOS).
 */
public final class Processes {
    private Processes() {
    }

    /**
     * Runs {@code command} to completion with the defaults: no input, output inherited, a
     * non-zero exit status thrown as {@link CalledProcessError}.
     */
    public static CompletedProcess run(String... command) throws IOException {
        return run(commandOf(command), ProcessOptions.defaults());
    }

    /**
     * Runs {@code command} to completion (Trio's {@code run_process}): feeds the input, collects
     * what is captured, waits for the exit, and checks the status if asked.
     *
     * @throws IllegalArgumentException for an empty command, a {@link Redirect#PIPE} (only
     *     meaningful with {@code nursery.start}), or capturing a stream that is also redirected
     * @throws IOException if the program cannot be started
     * @throws CalledProcessError on a non-zero exit status with {@code check} on
     */
    public static CompletedProcess run(List<String> command, ProcessOptions options) throws IOException {
        return run(command, options, null);
    }

    /**
     * {@link #run(List, ProcessOptions)} for {@code nursery.start}: {@code status} gets the
     * {@link TrioProcess} as soon as the child has started (its captured streams are not on it),
     * and pipes ({@link Redirect#PIPE}) are allowed.
     */
    public static CompletedProcess run(List<String> command, ProcessOptions options,
                                       TaskStatus<? super TrioProcess> status) throws IOException {
        List<String> checked = checkCommand(command);
        Checks.notNull(options, "options");
        if (status == null) {
            for (Redirect redirect : Arrays.asList(options.stdin(), options.stdout(), options.stderr())) {
                if (redirect == Redirect.PIPE) {
                    throw new IllegalArgumentException("Redirect.PIPE in Processes.run is only meaningful with"
                            + " nursery.start (the only way to reach the pipe); pass input with withStdin(byte[])"
                            + " or collect output with withCaptureStdout/withCaptureStderr");
                }
            }
        }
        if (options.captureStdout() && options.stdout() != null) {
            throw new IllegalArgumentException("can't both capture stdout and redirect it to " + options.stdout());
        }
        if (options.captureStderr() && options.stderr() != null) {
            throw new IllegalArgumentException("can't both capture stderr and redirect it to " + options.stderr());
        }
        Runtimes.kernel("Processes.run");
        return provider().run(checked, options, status);
    }

    /**
     * Starts {@code command} with the defaults of {@code open}: stdin, stdout and stderr inherited.
     */
    public static TrioProcess open(String... command) throws IOException {
        return open(commandOf(command), ProcessOptions.defaults());
    }

    /**
     * Starts {@code command} and returns at once (Trio's {@code trio.lowlevel.open_process}); the
     * caller manages the child. A checkpoint: the start runs in a worker thread.
     *
     * @throws IllegalArgumentException for an empty command, input bytes, capturing, or
     *     options that only {@code run} uses with values other than the defaults
     * @throws IOException if the program cannot be started
     */
    public static TrioProcess open(List<String> command, ProcessOptions options) throws IOException {
        List<String> checked = checkCommand(command);
        Checks.notNull(options, "options");
        if (options.input() != null) {
            throw new IllegalArgumentException("input bytes are for Processes.run; with open, use"
                    + " withStdin(Redirect.PIPE) and write to process.stdin()");
        }
        if (options.captureStdout() || options.captureStderr()) {
            throw new IllegalArgumentException("capturing is for Processes.run; with open, use"
                    + " Redirect.PIPE and read process.stdout() / process.stderr()");
        }
        if (!options.check() || options.deliverCancel() != ProcessOptions.defaults().deliverCancel()) {
            throw new IllegalArgumentException("check and deliverCancel are for Processes.run; a process from"
                    + " open is yours to wait for (waitFor, returnCode) and to stop (terminate, kill, close)");
        }
        Runtimes.kernel("Processes.open");
        return provider().open(checked, options);
    }

    private static List<String> commandOf(String[] command) {
        return Arrays.asList(Checks.notNull(command, "command"));
    }

    private static List<String> checkCommand(List<String> command) {
        Checks.notNull(command, "command");
        if (command.isEmpty()) {
            throw new IllegalArgumentException("the command is empty: give at least the program to run");
        }
        List<String> copy = new ArrayList<>(command.size());
        for (int i = 0; i < command.size(); i++) {
            String argument = command.get(i);
            if (argument == null) {
                throw new IllegalArgumentException("command element " + i + " is null: " + command);
            }
            if (argument.indexOf('\0') >= 0) {
                throw new IllegalArgumentException("command element " + i + " contains a NUL character");
            }
            copy.add(argument);
        }
        if (copy.get(0).isEmpty()) {
            throw new IllegalArgumentException("the program name (command element 0) is empty");
        }
        return List.copyOf(copy);
    }

    private static org.triojava.spi.ProcessProvider provider() {
        return Backend.PROCESS.find(null);
    }
}
