package org.triojava.process.jdk;

import java.io.IOException;
import java.util.List;
import java.util.Set;
import org.triojava.RunFinishedError;
import org.triojava.Trio;
import org.triojava.abc.HalfCloseableStream;
import org.triojava.abc.ReceiveStream;
import org.triojava.abc.SendStream;
import org.triojava.lowlevel.Lowlevel;
import org.triojava.lowlevel.ParkingLot;
import org.triojava.lowlevel.TrioToken;
import org.triojava.process.TrioProcess;
import org.triojava.stream.StapledStream;

/**
 * A {@link TrioProcess} on a {@link Process}: pipes as {@link PipeSendStream} and
 * {@link PipeReceiveStream}, exit waits on {@link Process#onExit()} (the JDK's reaper thread
 * reaps the child, so no zombie stays), and signals through {@code destroy}, {@code destroyForcibly}
 * or the system's {@code kill} command.
 */
final class JdkTrioProcess implements TrioProcess {
    /** The POSIX signals {@link #sendSignal} knows, by name without "SIG". */
    private static final Set<String> SIGNALS = Set.of("HUP", "INT", "QUIT", "ILL", "TRAP", "ABRT", "BUS", "FPE",
            "KILL", "USR1", "SEGV", "USR2", "PIPE", "ALRM", "TERM", "CHLD", "CONT", "STOP", "TSTP", "TTIN", "TTOU",
            "URG", "XCPU", "XFSZ", "VTALRM", "PROF", "WINCH", "IO", "SYS");

    private final Process process;
    private final List<String> command;
    private SendStream stdin;
    private ReceiveStream stdout;
    private ReceiveStream stderr;
    private HalfCloseableStream stdio;
    /** Tasks in {@link #waitFor()}; unparked by the exit watcher. */
    private final ParkingLot exitWaiters = new ParkingLot();
    /** The token of the run the exit watcher wakes, or null before the first wait. */
    private TrioToken watchedBy;
    private boolean closed;

    JdkTrioProcess(Process process, List<String> command, boolean pipedStdin, boolean pipedStdout,
                   boolean pipedStderr) {
        this.process = process;
        this.command = command;
        String name = command.get(0) + " (pid " + process.pid() + ")";
        this.stdin = pipedStdin ? new PipeSendStream(process.getOutputStream(), "stdin of " + name) : null;
        this.stdout = pipedStdout ? new PipeReceiveStream(process.getInputStream(), "stdout of " + name) : null;
        this.stderr = pipedStderr ? new PipeReceiveStream(process.getErrorStream(), "stderr of " + name) : null;
        this.stdio = stdin != null && stdout != null ? new StapledStream(stdin, stdout) : null;
    }

    /** Takes the stdin stream away from this process (for {@code run}, which feeds it itself). */
    SendStream detachStdin() {
        SendStream stream = stdin;
        stdin = null;
        stdio = null;
        return stream;
    }

    /** Takes the stdout stream away from this process (for {@code run}, which captures it). */
    ReceiveStream detachStdout() {
        ReceiveStream stream = stdout;
        stdout = null;
        stdio = null;
        return stream;
    }

    /** Takes the stderr stream away from this process (for {@code run}, which captures it). */
    ReceiveStream detachStderr() {
        ReceiveStream stream = stderr;
        stderr = null;
        return stream;
    }

    @Override
    public long pid() {
        return process.pid();
    }

    @Override
    public List<String> command() {
        return command;
    }

    @Override
    public SendStream stdin() {
        return stdin;
    }

    @Override
    public ReceiveStream stdout() {
        return stdout;
    }

    @Override
    public ReceiveStream stderr() {
        return stderr;
    }

    @Override
    public HalfCloseableStream stdio() {
        return stdio;
    }

    @Override
    public Integer returnCode() {
        return process.isAlive() ? null : process.exitValue();
    }

    @Override
    public int waitFor() {
        if (!process.isAlive()) {
            Trio.checkpoint();
            return process.exitValue();
        }
        watchExit();
        do {
            exitWaiters.park();
        } while (process.isAlive());
        return process.exitValue();
    }

    /** Makes the child's exit unpark the waiters, through the current run's token (once per run). */
    private void watchExit() {
        TrioToken token = Lowlevel.currentTrioToken();
        if (token == watchedBy) {
            return;
        }
        watchedBy = token;
        process.onExit().thenRun(() -> {
            try {
                token.runSyncSoon(exitWaiters::unparkAll);
            } catch (RunFinishedError e) {
                // that run is over; a later run watches again
            }
        });
    }

    @Override
    public void terminate() {
        process.destroy();
    }

    @Override
    public void kill() {
        process.destroyForcibly();
    }

    @Override
    public void sendSignal(String name) {
        java.util.Objects.requireNonNull(name, "name must not be null");
        String signal = name.startsWith("SIG") ? name.substring(3) : name;
        if (!SIGNALS.contains(signal)) {
            throw new IllegalArgumentException("unknown signal name '" + name + "'; known: " + new java.util.TreeSet<>(SIGNALS));
        }
        switch (signal) {
            case "TERM" -> terminate();
            case "KILL" -> kill();
            default -> runKill(signal);
        }
    }

    /** Sends {@code signal} with the system's {@code kill} command (the JDK has no API for other signals). */
    private void runKill(String signal) {
        if (!process.isAlive()) {
            return;
        }
        try {
            Process kill = new ProcessBuilder("kill", "-s", signal, Long.toString(process.pid()))
                    .redirectErrorStream(true).start();
            byte[] output = kill.getInputStream().readAllBytes();
            if (kill.waitFor() != 0 && process.isAlive()) {
                throw new IllegalStateException("kill -s " + signal + " " + process.pid() + " failed: "
                        + new String(output, java.nio.charset.StandardCharsets.UTF_8).strip());
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot send SIG" + signal + " to " + this + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while sending SIG" + signal + " to " + this, e);
        }
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            Shielded.run(this::closePipes);
        }
        try {
            waitFor();
        } finally {
            if (process.isAlive()) {
                kill();
                Shielded.run(this::waitFor);
            }
        }
    }

    private void closePipes() {
        if (stdin != null) {
            stdin.close();
        }
        if (stdout != null) {
            stdout.close();
        }
        if (stderr != null) {
            stderr.close();
        }
    }

    @Override
    public String toString() {
        Integer code = returnCode();
        return "TrioProcess" + command + (code == null ? " running with pid " + process.pid()
                : " exited with status " + code);
    }
}
