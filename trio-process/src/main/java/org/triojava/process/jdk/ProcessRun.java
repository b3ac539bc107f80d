package org.triojava.process.jdk;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import org.triojava.BrokenResourceError;
import org.triojava.CancelScope;
import org.triojava.Nursery;
import org.triojava.TaskStatus;
import org.triojava.Trio;
import org.triojava.abc.ReceiveStream;
import org.triojava.abc.SendStream;
import org.triojava.process.CalledProcessError;
import org.triojava.process.CompletedProcess;
import org.triojava.process.ProcessOptions;
import org.triojava.process.Redirect;
import org.triojava.process.TrioProcess;

/**
 * {@code Processes.run}, as Trio's {@code run_process}: start the child outside any nursery (so
 * a start failure comes out as it is), then in a nursery feed its input, collect what is
 * captured and wait for its exit. If anything goes wrong meanwhile (cancellation above all),
 * the options' {@code DeliverCancel} runs in a shielded task of the nursery while the run waits,
 * shielded, for the child to exit, and that task is cancelled once it has; then the error goes on.
 *
 * <p>The nursery is not strict, so a lone {@code Cancelled} or pipe error comes out as itself
 * rather than in a group (Trio's strict nursery wraps it; the nursery is an implementation detail).
 */
final class ProcessRun {
    private final List<String> command;
    private final ProcessOptions options;
    private final ByteArrayOutputStream stdout;
    private final ByteArrayOutputStream stderr;

    private ProcessRun(List<String> command, ProcessOptions options) {
        this.command = command;
        this.options = options;
        this.stdout = options.captureStdout() ? new ByteArrayOutputStream() : null;
        this.stderr = options.captureStderr() ? new ByteArrayOutputStream() : null;
    }

    static CompletedProcess run(List<String> command, ProcessOptions options, TaskStatus<? super TrioProcess> status)
            throws IOException {
        return new ProcessRun(command, options).run(status);
    }

    private CompletedProcess run(TaskStatus<? super TrioProcess> status) throws IOException {
        byte[] input = options.input();
        if (input == null && options.stdin() == null) {
            input = new byte[0]; // run's default: an empty stdin, through a pipe that is closed at once
        }
        Redirect stdin = input != null ? Redirect.PIPE : options.stdin();
        JdkTrioProcess process = ChildLauncher.start(command, options, stdin);
        byte[] feed = input;
        try {
            Trio.openNursery(false, nursery -> supervise(process, feed, status, nursery));
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("Processes.run: unexpected checked exception", e);
        }
        int code = process.returnCode();
        byte[] out = stdout == null ? null : stdout.toByteArray();
        byte[] err = stderr == null ? null : stderr.toByteArray();
        if (code != 0 && options.check()) {
            throw new CalledProcessError(code, command, out, err);
        }
        return new CompletedProcess(command, code, out, err);
    }

    private void supervise(JdkTrioProcess process, byte[] input, TaskStatus<? super TrioProcess> status,
                           Nursery nursery) throws Exception {
        try {
            if (input != null) {
                SendStream pipe = process.detachStdin();
                if (input.length == 0) {
                    pipe.close();
                } else {
                    nursery.startSoon("Processes.run: feed stdin of " + command.get(0), () -> feed(pipe, input));
                }
            }
            if (stdout != null) {
                ReceiveStream pipe = process.detachStdout();
                nursery.startSoon("Processes.run: capture stdout of " + command.get(0), () -> collect(pipe, stdout));
            }
            if (stderr != null) {
                ReceiveStream pipe = process.detachStderr();
                nursery.startSoon("Processes.run: capture stderr of " + command.get(0), () -> collect(pipe, stderr));
            }
            if (status != null) {
                status.started(process);
            }
            process.waitFor();
        } catch (Throwable t) {
            stop(process, nursery);
            throw t;
        }
    }

    /** Delivers the cancellation in a shielded task and waits, shielded, until the child has exited. */
    private void stop(JdkTrioProcess process, Nursery nursery) {
        CancelScope killer = new CancelScope();
        killer.setShield(true);
        Shielded.run(() -> {
            nursery.startSoon("Processes.run: stop " + command.get(0),
                    () -> killer.run(() -> options.deliverCancel().deliver(process)));
            process.waitFor();
            killer.cancel();
        });
    }

    private static void feed(SendStream pipe, byte[] input) {
        try (pipe) {
            pipe.sendAll(input);
        } catch (BrokenResourceError e) {
            // the child exited or closed its stdin without reading everything: Trio ignores that too
        }
    }

    private static void collect(ReceiveStream pipe, ByteArrayOutputStream into) {
        try (pipe) {
            for (byte[] chunk : pipe) {
                into.writeBytes(chunk);
            }
        }
    }
}
