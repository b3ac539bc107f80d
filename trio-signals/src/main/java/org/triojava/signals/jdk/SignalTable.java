package org.triojava.signals.jdk;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.triojava.spi.ActiveRuns;
import org.triojava.spi.Kernel;
import org.triojava.spi.KeyboardInterruptArming;
import org.triojava.spi.SignalRegistration;
import org.triojava.spi.SignalSink;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * The process-wide state: for each signal Trio handles, one {@link Slot} (the handler installed
 * with {@code sun.misc.Signal}, the handler it replaced, and the layers that want the signal).
 *
 * <p>Layers, newest on top: the registrations of the open receivers; under those, for SIGINT,
 * Ctrl-C delivery while any run has it armed; under everything, the handler the process had
 * before (the {@linkplain Slot#original original}). An arrival goes to the top layer. A slot is
 * installed when its first layer comes and the original is put back when its last layer goes.
 *
 * <p>Passing on (Trio's re-delivery on exit, SG3): the signals a registration had not handed out
 * when it ends go to the layer that receives that signal now; when that is the original handler,
 * the signal is raised in the process again: with {@link Signal#raise} when the original is a
 * Java handler (the JVM's own for HUP, INT and TERM, or the application's), else with the
 * {@code kill} command, because the JVM's raise only reaches Java handlers and the OS default
 * action or a native handler can only be reached through the OS. An ignored signal
 * ({@code SIG_IGN}) is not raised.
 *
 * <p>One lock guards everything; the sinks are called with it held (they only add to a set and
 * schedule a wake-up). Raising happens after the lock is released.
 */
final class SignalTable {
    static final SignalTable INSTANCE = new SignalTable();

    /** No process can catch these. */
    private static final Set<String> UNCATCHABLE = Set.of("KILL", "STOP");
    /** The JVM will not install a Java handler for these when the process ignores them. */
    private static final Set<String> SHUTDOWN_SIGNALS = Set.of("HUP", "INT", "TERM");

    /**
     * For tests: called with the signal's name on the JVM's handler thread once an arrival has
     * been dispatched (delivered, passed on or raised again), after the lock is released.
     */
    static volatile Consumer<String> afterDispatch;

    private final ReentrantLock lock = new ReentrantLock();
    private final Map<String, Slot> slots = new HashMap<>();
    /** Raises decided under the lock, done once it is released. */
    private final List<Slot> raises = new ArrayList<>();
    private int keyboardInterruptArms;
    /** A SIGINT arrived for Ctrl-C delivery while no run was registered: raised again on disarm. */
    private boolean orphanedInterrupt;

    private SignalTable() {
    }

    // ================================================================== registrations

    SignalRegistration register(Set<String> names, SignalSink sink) {
        Objects.requireNonNull(sink, "sink");
        if (names.isEmpty()) {
            throw new IllegalArgumentException("No signals were provided");
        }
        for (String name : names) {
            check(name);
        }
        Registration registration = new Registration(Set.copyOf(names), sink);
        lock.lock();
        try {
            List<Slot> joined = new ArrayList<>();
            try {
                for (String name : names) {
                    Slot slot = slots.get(name);
                    if (slot == null) {
                        slot = install(name);
                    }
                    slot.layers.add(registration);
                    joined.add(slot);
                }
            } catch (RuntimeException e) {
                for (Slot slot : joined) {
                    slot.layers.remove(registration);
                    if (slot.unused()) {
                        uninstall(slot);
                    }
                }
                throw e;
            }
            return registration;
        } finally {
            unlock();
        }
    }

    /** The name must be one the JVM knows and that a process can catch at all. */
    private static void check(String name) {
        Objects.requireNonNull(name, "signal name");
        if (name.startsWith("SIG")) {
            throw new IllegalArgumentException("Unknown signal name '" + name + "': write it without the SIG"
                    + " prefix, as the JVM spells it: '" + name.substring(3) + "'");
        }
        if (UNCATCHABLE.contains(name)) {
            throw new IllegalArgumentException("SIG" + name + " cannot be caught: no process can handle SIGKILL"
                    + " or SIGSTOP");
        }
        try {
            new Signal(name);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Unknown signal name '" + name + "': signal names are spelled as"
                    + " the JVM spells them, in upper case without the SIG prefix, such as INT, TERM, HUP, USR2"
                    + " (the JVM said: " + e.getMessage() + ")", e);
        }
    }

    /** Installs the slot's handler in place of the current one. Lock held. */
    private Slot install(String name) {
        Signal signal = new Signal(name);
        Slot slot = new Slot(name, signal);
        SignalHandler previous;
        try {
            previous = Signal.handle(signal, slot);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("SIG" + name + " cannot be handled in this JVM: the JVM keeps it"
                    + " for itself (QUIT, for example, prints thread dumps; with -Xrs, HUP, INT and TERM are"
                    + " reserved too). The JVM said: " + e.getMessage(), e);
        }
        if (previous == SignalHandler.SIG_IGN && SHUTDOWN_SIGNALS.contains(name)) {
            Signal.handle(signal, SignalHandler.SIG_IGN);
            throw new IllegalArgumentException("SIG" + name + " cannot be handled: this process started with SIG"
                    + name + " ignored (" + whoIgnores(name) + "), and the JVM does not let Java code handle an"
                    + " ignored HUP, INT or TERM");
        }
        slot.original = previous;
        slots.put(name, slot);
        return slot;
    }

    /** Who usually starts a process with {@code name} (HUP, INT or TERM) ignored. */
    private static String whoIgnores(String name) {
        return switch (name) {
            case "HUP" -> "for example under nohup";
            case "INT" -> "for example as a background job of a non-interactive shell, which ignores INT and QUIT";
            default -> "its parent process ignored it and passed that on";
        };
    }

    /** Puts the original handler back. Lock held. */
    private void uninstall(Slot slot) {
        slots.remove(slot.name);
        SignalHandler current = Signal.handle(slot.signal, slot.original);
        if (current != slot) {
            // Someone replaced our handler meanwhile (Signal.handle by hand): be a good neighbour,
            // as Trio is, and leave theirs in place.
            Signal.handle(slot.signal, current);
        }
    }

    /** Ends a registration: closed by its receiver, or found dead (its run is over). Lock held. */
    private void end(Registration registration) {
        if (registration.ended) {
            return;
        }
        registration.ended = true;
        Map<String, Slot> left = new HashMap<>();
        for (String name : registration.names) {
            Slot slot = slots.get(name);
            if (slot != null && slot.layers.remove(registration)) {
                left.put(name, slot);
                if (slot.unused()) {
                    uninstall(slot);
                }
            }
        }
        for (String name : registration.sink.drainUndelivered()) {
            Slot slot = left.get(name);
            if (slot != null) {
                deliver(slot);
            }
        }
    }

    // ================================================================== arrivals

    /** An arrival, on a handler thread the JVM started for it. */
    private void dispatch(Slot slot) {
        lock.lock();
        try {
            deliver(slot);
        } finally {
            unlock();
            Consumer<String> hook = afterDispatch;
            if (hook != null) {
                hook.accept(slot.name);
            }
        }
    }

    /**
     * Gives one arrival of {@code at}'s signal to its top layer now. {@code at} may be stale (its
     * handler already restored): then the arrival goes to the original handler. Lock held.
     */
    private void deliver(Slot at) {
        while (true) {
            Slot slot = slots.get(at.name);
            if (slot == null) {
                if (at.original != SignalHandler.SIG_IGN) {
                    raises.add(at);
                }
                return;
            }
            if (!slot.layers.isEmpty()) {
                Registration top = slot.layers.get(slot.layers.size() - 1);
                if (top.sink.offer(slot.name)) {
                    return;
                }
                end(top); // its run is over: treat it as closed, and try the next layer
                continue;
            }
            if (slot.keyboardInterrupt) {
                List<Kernel> runs = ActiveRuns.snapshot();
                if (runs.isEmpty()) {
                    orphanedInterrupt = true;
                } else {
                    runs.get(runs.size() - 1).deliverKeyboardInterrupt();
                }
                return;
            }
            throw new IllegalStateException("signal table out of order: SIG" + slot.name + " is installed with"
                    + " nothing to deliver to");
        }
    }

    /** Releases the lock; the outermost release then does the raises decided meanwhile. */
    private void unlock() {
        List<Slot> todo = List.of();
        if (lock.getHoldCount() == 1 && !raises.isEmpty()) {
            todo = List.copyOf(raises);
            raises.clear();
        }
        lock.unlock();
        IllegalStateException failure = null;
        for (Slot slot : todo) {
            try {
                raiseAgain(slot);
            } catch (IllegalStateException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** Raises the slot's signal in this process again, for whatever handler is installed now. */
    private static void raiseAgain(Slot slot) {
        try {
            Signal.raise(slot.signal);
            return;
        } catch (IllegalArgumentException noJavaHandler) {
            // the handler now installed is the OS default action or a native handler
        }
        long pid = ProcessHandle.current().pid();
        try {
            new ProcessBuilder("kill", "-s", slot.name, Long.toString(pid))
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("Could not pass SIG" + slot.name + " on to the handler this process"
                    + " had before (" + slot.original + "): the JVM only raises signals for Java handlers, and"
                    + " running 'kill -s " + slot.name + " " + pid + "' failed: " + e.getMessage(), e);
        }
    }

    // ================================================================== Ctrl-C

    KeyboardInterruptArming armKeyboardInterrupt() {
        lock.lock();
        try {
            if (keyboardInterruptArms > 0) {
                keyboardInterruptArms++;
                return new Arming(true);
            }
            Slot slot = slots.get("INT");
            boolean installed = false;
            if (slot == null) {
                try {
                    slot = install("INT");
                    installed = true;
                } catch (IllegalArgumentException e) {
                    return new Arming(false); // -Xrs, or SIGINT ignored: leave it alone
                }
            }
            if (!isJvmDefault(slot.original)) {
                if (installed) {
                    uninstall(slot);
                }
                return new Arming(false); // the application has its own SIGINT handler: leave it alone
            }
            slot.keyboardInterrupt = true;
            keyboardInterruptArms = 1;
            return new Arming(true);
        } finally {
            unlock();
        }
    }

    private void disarmKeyboardInterrupt() {
        lock.lock();
        try {
            if (--keyboardInterruptArms > 0) {
                return;
            }
            Slot slot = slots.get("INT");
            slot.keyboardInterrupt = false;
            if (slot.unused()) {
                uninstall(slot);
            }
            if (orphanedInterrupt) {
                orphanedInterrupt = false;
                deliver(slot);
            }
        } finally {
            unlock();
        }
    }

    /**
     * Whether {@code handler} is what the JVM itself installs for SIGINT (its shutdown handler) or
     * the OS default: handlers of JDK classes qualify, an application's handler does not.
     */
    private static boolean isJvmDefault(SignalHandler handler) {
        return handler == SignalHandler.SIG_DFL
                || (handler != SignalHandler.SIG_IGN && handler.getClass().getClassLoader() == null);
    }

    // ================================================================== parts

    /** The handler Trio installs for one signal, and the layers behind it. */
    private final class Slot implements SignalHandler {
        final String name;
        final Signal signal;
        /** What was installed before: gets the signal once no layer is left. */
        SignalHandler original;
        /** Open registrations, newest last. */
        final List<Registration> layers = new ArrayList<>();
        /** SIGINT only: Ctrl-C delivery is armed (below every registration). */
        boolean keyboardInterrupt;

        Slot(String name, Signal signal) {
            this.name = name;
            this.signal = signal;
        }

        boolean unused() {
            return layers.isEmpty() && !keyboardInterrupt;
        }

        @Override
        public void handle(Signal arrived) {
            dispatch(this);
        }

        @Override
        public String toString() {
            return "Trio's handler for SIG" + name;
        }
    }

    /** One receiver's claim on its signals. */
    private final class Registration implements SignalRegistration {
        final Set<String> names;
        final SignalSink sink;
        boolean ended;

        Registration(Set<String> names, SignalSink sink) {
            this.names = names;
            this.sink = sink;
        }

        @Override
        public void close() {
            lock.lock();
            try {
                end(this);
            } finally {
                unlock();
            }
        }
    }

    /** A run's claim on Ctrl-C. */
    private final class Arming implements KeyboardInterruptArming {
        private final boolean armed;
        private boolean closed;

        Arming(boolean armed) {
            this.armed = armed;
        }

        @Override
        public boolean armed() {
            return armed;
        }

        @Override
        public void close() {
            lock.lock();
            try {
                if (closed) {
                    return;
                }
                closed = true;
                if (armed) {
                    disarmKeyboardInterrupt();
                }
            } finally {
                unlock();
            }
        }
    }
}
