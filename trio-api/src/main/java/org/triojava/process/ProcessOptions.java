package org.triojava.process;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.triojava.internal.Checks;

/**
 * Options of {@link Processes#run} and {@link Processes#open} (the keyword arguments of Trio's
 * {@code run_process} and {@code open_process}). Immutable: start from {@link #defaults()} and
 * change one option at a time with the {@code withX} methods.
 *
 * <pre>{@code
 * CompletedProcess done = Processes.run(List.of("git", "rev-parse", "HEAD"),
 *         ProcessOptions.defaults().withCaptureStdout(true).withDirectory(repository));
 * }</pre>
 *
 * <p>A null redirect means "the default of the call": for stdin, {@code run} feeds an empty
 * input and {@code open} inherits the parent's stdin; stdout and stderr are inherited by both.
 *
 * @param input the bytes {@code run} feeds to the child's stdin through a pipe, then closes it;
 *     null when stdin is a redirect (only {@code run} takes input)
 * @param stdin where the child's stdin comes from, or null for the call's default
 * @param stdout where the child's stdout goes, or null to inherit the parent's
 * @param stderr where the child's stderr goes ({@link Redirect#STDOUT} allowed), or null to inherit
 * @param captureStdout {@code run} only: collect stdout into {@link CompletedProcess#stdout()}
 * @param captureStderr {@code run} only: collect stderr into {@link CompletedProcess#stderr()}
 * @param check {@code run} only: a non-zero exit throws {@link CalledProcessError} (default true)
 * @param deliverCancel {@code run} only: how a cancelled run stops the child
 * @param directory the child's working directory, or null for the parent's
 * @param environment the child's whole environment (replacing the parent's, as Python's
 *     {@code env=}), or null to inherit the parent's
 */
public record ProcessOptions(byte[] input, Redirect stdin, Redirect stdout, Redirect stderr,
                             boolean captureStdout, boolean captureStderr, boolean check,
                             DeliverCancel deliverCancel, Path directory, Map<String, String> environment) {

    /** Checks and copies; see the record's description for what may be null. */
    public ProcessOptions {
        input = input == null ? null : input.clone();
        if (input != null && stdin != null) {
            throw new IllegalArgumentException("give stdin either input bytes or a redirect, not both");
        }
        if (stdin == Redirect.STDOUT || stdout == Redirect.STDOUT) {
            throw new IllegalArgumentException("Redirect.STDOUT is for stderr only");
        }
        Checks.notNull(deliverCancel, "deliverCancel");
        environment = environment == null ? null : copyOf(environment);
    }

    private static Map<String, String> copyOf(Map<String, String> environment) {
        Map<String, String> copy = new LinkedHashMap<>();
        environment.forEach((name, value) -> {
            if (name == null || value == null) {
                throw new IllegalArgumentException("environment entries must not be null: " + name + "=" + value);
            }
            if (name.isEmpty() || name.indexOf('=') >= 0 || name.indexOf('\0') >= 0 || value.indexOf('\0') >= 0) {
                throw new IllegalArgumentException("not a valid environment entry: '" + name + "'");
            }
            copy.put(name, value);
        });
        return java.util.Collections.unmodifiableMap(copy);
    }

    /**
     * The defaults, as Trio's: no redirects given (so {@code run} feeds an empty stdin and
     * {@code open} inherits it; output inherited), nothing captured, {@code check} on, cancellation
     * by {@link DeliverCancel#terminateThenKill()}, the parent's directory and environment.
     */
    public static ProcessOptions defaults() {
        return DEFAULTS;
    }

    private static final ProcessOptions DEFAULTS = new ProcessOptions(null, null, null, null, false, false, true,
            DeliverCancel.terminateThenKill(), null, null);

    /** The input bytes (a copy), or null. */
    @Override
    public byte[] input() {
        return input == null ? null : input.clone();
    }

    /** A copy that feeds {@code data} to the child's stdin and then closes it ({@code run} only). */
    public ProcessOptions withStdin(byte[] data) {
        return new ProcessOptions(Checks.notNull(data, "data"), null, stdout, stderr, captureStdout, captureStderr,
                check, deliverCancel, directory, environment);
    }

    /** A copy whose child reads its stdin from {@code redirect}. */
    public ProcessOptions withStdin(Redirect redirect) {
        return new ProcessOptions(null, Checks.notNull(redirect, "redirect"), stdout, stderr, captureStdout,
                captureStderr, check, deliverCancel, directory, environment);
    }

    /** A copy whose child writes its stdout to {@code redirect}. */
    public ProcessOptions withStdout(Redirect redirect) {
        return new ProcessOptions(input, stdin, Checks.notNull(redirect, "redirect"), stderr, captureStdout,
                captureStderr, check, deliverCancel, directory, environment);
    }

    /** A copy whose child writes its stderr to {@code redirect} ({@link Redirect#STDOUT}: merged into stdout). */
    public ProcessOptions withStderr(Redirect redirect) {
        return new ProcessOptions(input, stdin, stdout, Checks.notNull(redirect, "redirect"), captureStdout,
                captureStderr, check, deliverCancel, directory, environment);
    }

    /** A copy that collects the child's stdout into the result ({@code run} only). */
    public ProcessOptions withCaptureStdout(boolean capture) {
        return new ProcessOptions(input, stdin, stdout, stderr, capture, captureStderr, check, deliverCancel,
                directory, environment);
    }

    /** A copy that collects the child's stderr into the result ({@code run} only). */
    public ProcessOptions withCaptureStderr(boolean capture) {
        return new ProcessOptions(input, stdin, stdout, stderr, captureStdout, capture, check, deliverCancel,
                directory, environment);
    }

    /** A copy that does (true, the default) or does not throw {@link CalledProcessError} on a non-zero exit. */
    public ProcessOptions withCheck(boolean checkReturnCode) {
        return new ProcessOptions(input, stdin, stdout, stderr, captureStdout, captureStderr, checkReturnCode,
                deliverCancel, directory, environment);
    }

    /** A copy that stops a cancelled child with {@code deliver} instead of terminate-then-kill. */
    public ProcessOptions withDeliverCancel(DeliverCancel deliver) {
        return new ProcessOptions(input, stdin, stdout, stderr, captureStdout, captureStderr, check,
                Checks.notNull(deliver, "deliver"), directory, environment);
    }

    /** A copy whose child starts in {@code workingDirectory} (which must exist). */
    public ProcessOptions withDirectory(Path workingDirectory) {
        return new ProcessOptions(input, stdin, stdout, stderr, captureStdout, captureStderr, check, deliverCancel,
                Checks.notNull(workingDirectory, "workingDirectory"), environment);
    }

    /** A copy whose child gets exactly {@code variables} as its environment (nothing inherited). */
    public ProcessOptions withEnvironment(Map<String, String> variables) {
        return new ProcessOptions(input, stdin, stdout, stderr, captureStdout, captureStderr, check, deliverCancel,
                directory, Checks.notNull(variables, "variables"));
    }

    /** Equal when every option is, the input compared by content. */
    @Override
    public boolean equals(Object other) {
        return other instanceof ProcessOptions o && Arrays.equals(input, o.input)
                && Objects.equals(stdout, o.stdout) && Objects.equals(stderr, o.stderr)
                && Objects.equals(stdin, o.stdin) && captureStdout == o.captureStdout
                && captureStderr == o.captureStderr && check == o.check && deliverCancel == o.deliverCancel
                && Objects.equals(directory, o.directory) && Objects.equals(environment, o.environment);
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(input), stdin, stdout, stderr, captureStdout, captureStderr, check,
                directory, environment);
    }

    @Override
    public String toString() {
        return "ProcessOptions[input=" + (input == null ? "none" : input.length + " bytes") + ", stdin=" + stdin
                + ", stdout=" + stdout + ", stderr=" + stderr + ", captureStdout=" + captureStdout
                + ", captureStderr=" + captureStderr + ", check=" + check + ", directory=" + directory
                + ", environment=" + (environment == null ? "inherited" : environment.size() + " variables") + "]";
    }
}
