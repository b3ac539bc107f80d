package org.triojava.process;

import java.util.List;
import org.triojava.abc.AsyncResource;
import org.triojava.abc.HalfCloseableStream;
import org.triojava.abc.ReceiveStream;
import org.triojava.abc.SendStream;

/**
 * A running (or exited) child process (Trio's {@code trio.Process}), from {@link Processes#open}
 * or from {@code nursery.start} with {@link Processes#run(List, ProcessOptions, org.triojava.TaskStatus)}.
 *
 * <p>Its piped standard streams are Trio streams: every operation a checkpoint, a cancelled
 * {@code receiveSome} consumed nothing, a {@code sendAll} cut short says how many bytes went out.
 * The JDK gives only blocking pipes, so each blocking read or write runs on a pump thread of its
 * own while the task waits as it would for a socket; the run itself never blocks on a pipe.
 *
 * <p>Closing ({@link #close()}, Trio's {@code Process.aclose}) closes the pipes, then waits for
 * the child to exit; if that wait is cancelled, it kills the child and still waits, so the child
 * is gone when {@code close} returns. POSIX only (Linux and macOS): signal names are POSIX's.
 */
public interface TrioProcess extends AsyncResource {

    /** The child's process id. */
    long pid();

    /** The command it was started with. */
    List<String> command();

    /** The child's stdin, or null unless it was {@link Redirect#PIPE piped}. */
    SendStream stdin();

    /** The child's stdout, or null unless it was piped (and not captured by {@code run}). */
    ReceiveStream stdout();

    /** The child's stderr, or null unless it was piped (and not captured by {@code run}). */
    ReceiveStream stderr();

    /** Sends to stdin and receives from stdout, when both are piped; else null (Trio's {@code stdio}). */
    HalfCloseableStream stdio();

    /**
     * The exit status if the child has exited, else null (Trio's {@code returncode} and
     * {@code poll()}). Not a checkpoint. A child killed by signal N gives 128+N, as the JDK reports it.
     */
    Integer returnCode();

    /**
     * Waits until the child has exited and returns its status (Trio's {@code Process.wait}). A
     * checkpoint; several tasks may wait at once. Cancelling the wait does not touch the child.
     */
    int waitFor();

    /** Asks the child to stop: {@code SIGTERM}. Not a checkpoint; nothing happens once it has exited. */
    void terminate();

    /** Stops the child at once: {@code SIGKILL}. Not a checkpoint; nothing happens once it has exited. */
    void kill();

    /**
     * Sends the POSIX signal {@code name} ({@code "HUP"}, {@code "USR1"}, {@code "TERM"}, ...; a
     * {@code "SIG"} prefix is allowed). Not a checkpoint; nothing happens once the child has exited.
     * Signals other than TERM and KILL are sent with the system's {@code kill} command (the JDK
     * has no API for them), which blocks the run for the few milliseconds that takes.
     *
     * @throws IllegalArgumentException for an unknown signal name
     */
    void sendSignal(String name);

    /**
     * Closes the pipes, then waits for the child to exit; killed if that wait is cancelled, and
     * waited for even then (Trio's {@code Process.aclose}). Idempotent.
     */
    @Override
    void close();
}
