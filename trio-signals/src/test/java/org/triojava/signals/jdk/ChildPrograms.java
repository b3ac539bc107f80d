package org.triojava.signals.jdk;

import java.util.concurrent.CountDownLatch;
import org.triojava.BaseExceptionGroup;
import org.triojava.KeyboardInterrupt;
import org.triojava.RunOptions;
import org.triojava.Trio;
import org.triojava.signals.SignalReceiver;
import org.triojava.signals.Signals;
import org.triojava.spi.KeyboardInterruptArming;
import org.triojava.testing.Testing;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Programs that {@link ChildProcessTest} runs in child JVMs, where a signal may end the process.
 * Every line goes to standard output; the parent asserts on the lines and the exit status.
 */
public final class ChildPrograms {
    private ChildPrograms() {
    }

    public static void main(String[] args) throws Exception {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> say("shutdown hook ran")));
        switch (args[0]) {
            case "ctrl-c" -> ctrlC(args.length > 1 && args[1].equals("keyboardInterrupt=false"));
            case "orphaned-ctrl-c" -> orphanedCtrlC();
            case "redeliver-to-default" -> redeliverToDefault();
            case "sigint-ignored" -> sigintIgnored();
            default -> throw new IllegalArgumentException(args[0]);
        }
    }

    static void say(String line) {
        System.out.println(line);
        System.out.flush();
    }

    /**
     * A run with two levels of nurseries, every task blocked; the parent sends SIGINT once
     * "ready" is printed. With Ctrl-C delivery every finally block prints, Trio.run throws, and
     * the program exits with 130 as a shell expects after Ctrl-C; without it, the JVM's own
     * handler ends the process (status 130 too) with the run in mid-flight.
     */
    private static void ctrlC(boolean plainJvm) throws Exception {
        RunOptions options = RunOptions.defaults().withKeyboardInterrupt(!plainJvm);
        try {
            Trio.run(options, () -> {
                try {
                    Trio.openNursery(outer -> {
                        for (String name : new String[] {"a", "b"}) {
                            outer.startSoon(() -> {
                                try {
                                    Trio.openNursery(inner -> inner.startSoon(() -> {
                                        try {
                                            Trio.sleepForever();
                                        } finally {
                                            say(name + " grandchild finally");
                                        }
                                    }));
                                } finally {
                                    say(name + " child finally");
                                }
                            });
                        }
                        Testing.waitAllTasksBlocked();
                        say("ready");
                    });
                } finally {
                    say("main task finally");
                }
            });
            say("Trio.run returned");
        } catch (BaseExceptionGroup group) {
            boolean interrupt = group.exceptions().size() == 1
                    && group.exceptions().get(0) instanceof KeyboardInterrupt;
            say("Trio.run threw a group of " + (interrupt ? "one KeyboardInterrupt" : group.exceptions()));
            System.exit(130);
        } catch (KeyboardInterrupt interrupt) {
            say("Trio.run threw KeyboardInterrupt");
            System.exit(130);
        }
    }

    /**
     * Ctrl-C delivery armed while no run is registered (the moment between arming and the run's
     * start): the SIGINT is kept and raised again on disarm, so the JVM's handler still ends the
     * process.
     */
    private static void orphanedCtrlC() throws Exception {
        CountDownLatch dispatched = new CountDownLatch(1);
        SignalTable.afterDispatch = name -> dispatched.countDown();
        KeyboardInterruptArming arming = new JdkSignalProvider().armKeyboardInterrupt();
        say("armed: " + arming.armed());
        Signal.raise(new Signal("INT"));
        dispatched.await();
        say("SIGINT arrived with no run to deliver it to; disarming");
        arming.close();
        new CountDownLatch(1).await(); // the JVM's handler ends the process
    }

    /**
     * A receiver for USR1, whose previous disposition is the OS default (terminate): a USR1
     * pending at close is raised again, through the OS, and ends the process.
     */
    private static void redeliverToDefault() throws Exception {
        SignalHandler before = Signal.handle(new Signal("USR1"), SignalHandler.SIG_DFL);
        say("USR1 handler before: " + before);
        Trio.run(() -> {
            try (SignalReceiver receiver = Signals.openSignalReceiver("USR1")) {
                SignalTesting.raiseAndWait("USR1");
                say("USR1 pending in " + receiver + "; closing");
            }
            Trio.sleepForever(); // until the re-raised USR1 ends the process
        });
        say("never");
    }

    /**
     * Started with SIGINT ignored (as by a non-interactive shell's background job): Trio leaves
     * SIGINT alone, and a receiver for it is refused with a message that says why.
     */
    private static void sigintIgnored() throws Exception {
        Trio.run(() -> {
            say("SIGINT handler in the run: " + SignalTesting.current("INT"));
            try {
                Signals.openSignalReceiver("INT");
                say("receiver opened");
            } catch (IllegalArgumentException e) {
                say("refused: " + e.getMessage());
            }
            Signals.openSignalReceiver("TERM").close();
            say("a receiver for TERM works");
        });
    }
}
