package org.triojava.process;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A child run with {@code check} on exited with a non-zero status (Python's
 * {@code subprocess.CalledProcessError}). The captured outputs are kept, so capturing is useful
 * even when only a failure's output matters.
 */
public final class CalledProcessError extends RuntimeException {
    private static final long serialVersionUID = 1L;
    /** How much of captured stderr the message quotes. */
    private static final int QUOTED = 500;

    private final int returnCode;
    private final List<String> command;
    private final transient byte[] stdout;
    private final transient byte[] stderr;

    /**
     * @param returnCode the exit status (not 0)
     * @param command the command
     * @param stdout captured stdout, or null
     * @param stderr captured stderr, or null
     */
    public CalledProcessError(int returnCode, List<String> command, byte[] stdout, byte[] stderr) {
        super(message(returnCode, command, stderr));
        this.returnCode = returnCode;
        this.command = List.copyOf(command);
        this.stdout = stdout;
        this.stderr = stderr;
    }

    private static String message(int returnCode, List<String> command, byte[] stderr) {
        String message = "command " + command + " returned non-zero exit status " + returnCode
                + (returnCode > 128 && returnCode < 160 ? " (128 + signal " + (returnCode - 128) + "?)" : "");
        if (stderr != null && stderr.length > 0) {
            String text = new String(stderr, 0, Math.min(stderr.length, QUOTED), StandardCharsets.UTF_8).strip();
            message += "; stderr: " + text + (stderr.length > QUOTED ? " ..." : "");
        }
        return message;
    }

    /** The exit status. */
    public int returnCode() {
        return returnCode;
    }

    /** The command. */
    public List<String> command() {
        return command;
    }

    /** The captured stdout, or null when it was not captured. */
    public byte[] stdout() {
        return stdout == null ? null : stdout.clone();
    }

    /** The captured stderr, or null when it was not captured. */
    public byte[] stderr() {
        return stderr == null ? null : stderr.clone();
    }
}
