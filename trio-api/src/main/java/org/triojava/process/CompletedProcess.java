package org.triojava.process;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.triojava.internal.Checks;

/**
 * A child that {@link Processes#run} saw exit (Python's {@code subprocess.CompletedProcess}).
 *
 * @param command the command as given
 * @param returnCode the exit status: 0 for success; a child killed by signal N reports 128+N,
 *     as the JDK gives it (Trio reports −N)
 * @param stdout the captured stdout, or null when it was not captured (empty when captured and empty)
 * @param stderr the captured stderr, or null when it was not captured
 */
public record CompletedProcess(List<String> command, int returnCode, byte[] stdout, byte[] stderr) {

    /** Copies the command. */
    public CompletedProcess {
        command = List.copyOf(Checks.notNull(command, "command"));
    }

    /** Throws {@link CalledProcessError} if {@link #returnCode()} is not 0 (Python's {@code check_returncode()}). */
    public void checkReturnCode() {
        if (returnCode != 0) {
            throw new CalledProcessError(returnCode, command, stdout, stderr);
        }
    }

    /** Equal when the command, code and outputs are (outputs by content). */
    @Override
    public boolean equals(Object other) {
        return other instanceof CompletedProcess o && command.equals(o.command) && returnCode == o.returnCode
                && Arrays.equals(stdout, o.stdout) && Arrays.equals(stderr, o.stderr);
    }

    @Override
    public int hashCode() {
        return Objects.hash(command, returnCode, Arrays.hashCode(stdout), Arrays.hashCode(stderr));
    }

    @Override
    public String toString() {
        return "CompletedProcess[command=" + command + ", returnCode=" + returnCode
                + (stdout == null ? "" : ", stdout=" + stdout.length + " bytes")
                + (stderr == null ? "" : ", stderr=" + stderr.length + " bytes") + "]";
    }
}
