package org.triojava.signals.jdk;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Assumptions;
import org.triojava.lowlevel.Lowlevel;
import org.triojava.lowlevel.TrioToken;
import org.triojava.sync.Event;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Helpers for tests that raise real signals to their own JVM. Signal delivery is asynchronous
 * (the JVM starts a thread per arrival), so every wait here is a Trio wait on an {@link Event}
 * set from that thread through the run's token: no sleeps.
 */
final class SignalTesting {
    private SignalTesting() {
    }

    /**
     * Raises {@code name} in this process and waits (a Trio wait) until Trio's handler has
     * dispatched it: delivered to a receiver, passed on, or raised again.
     */
    static void raiseAndWait(String name) {
        Event dispatched = new Event();
        TrioToken token = Lowlevel.currentTrioToken();
        SignalTable.afterDispatch = arrived -> {
            if (arrived.equals(name)) {
                token.runSyncSoon(dispatched::set);
            }
        };
        try {
            Signal.raise(new Signal(name));
            dispatched.await();
        } finally {
            SignalTable.afterDispatch = null;
        }
    }

    /**
     * The handler installed for {@code name} now, found by swapping a probe in and out. The JVM
     * picks an arrival's handler on its dispatcher thread, asynchronously; an arrival that lands
     * in the swap's window reaches the probe, which passes it on to the handler it displaced
     * (when that is a Java one), so probing never swallows a signal in flight.
     */
    static SignalHandler current(String name) {
        Signal signal = new Signal(name);
        AtomicReference<SignalHandler> displaced = new AtomicReference<>();
        SignalHandler current = Signal.handle(signal, arrived -> {
            SignalHandler handler = displaced.get();
            if (handler != null && handler != SignalHandler.SIG_DFL && handler != SignalHandler.SIG_IGN) {
                handler.handle(arrived);
            }
        });
        displaced.set(current);
        Signal.handle(signal, current);
        return current;
    }

    /**
     * Skips the calling test when this JVM started with {@code name} ignored ({@code nohup ./mvnw}
     * for HUP, a background job for INT): the JVM then lets no Java code handle it.
     */
    static void assumeHandleable(String name) {
        Assumptions.assumeFalse(current(name) == SignalHandler.SIG_IGN, () -> "this JVM started with SIG" + name
                + " ignored, and the JVM does not let Java code handle an ignored HUP, INT or TERM");
    }

    /** Whether {@code handler} is Trio's own. */
    static boolean isTrio(SignalHandler handler) {
        return handler.getClass().getEnclosingClass() == SignalTable.class;
    }

    /** Whether {@code handler} is one the JDK installed (the JVM's shutdown handler for HUP/INT/TERM). */
    static boolean isJdk(SignalHandler handler) {
        return handler != SignalHandler.SIG_IGN && handler != SignalHandler.SIG_DFL
                && handler.getClass().getClassLoader() == null;
    }

    /** A Java handler that records what reaches it: the "previous handler" the tests install. */
    static final class Recorder implements SignalHandler {
        private final List<String> received = new ArrayList<>();
        private Runnable listener;

        @Override
        public void handle(Signal signal) {
            Runnable notify;
            synchronized (this) {
                received.add(signal.getName());
                notify = listener;
            }
            if (notify != null) {
                notify.run();
            }
        }

        synchronized List<String> received() {
            return List.copyOf(received);
        }

        synchronized void clear() {
            received.clear();
        }

        /** Waits (a Trio wait) until {@code expected.size()} signals arrived here, then checks them. */
        void await(List<String> expected) {
            awaitCount(expected.size());
            assertEquals(expected, received());
        }

        /** Waits (a Trio wait) until {@code count} signals arrived here. */
        void awaitCount(int count) {
            TrioToken token = Lowlevel.currentTrioToken();
            try {
                while (true) {
                    Event next = new Event();
                    synchronized (this) {
                        if (received.size() >= count) {
                            break;
                        }
                        listener = () -> token.runSyncSoon(next::set);
                    }
                    next.await();
                }
            } finally {
                synchronized (this) {
                    listener = null;
                }
            }
        }
    }

    /**
     * Installs a {@link Recorder} as the handler of each of {@code names} (so that nothing a test
     * raises can reach the JVM's defaults), and on {@link #close()} checks that it is still the
     * installed handler, i.e. that Trio restored it, then puts the old handlers back.
     */
    static final class PreviousHandlers implements AutoCloseable {
        final Recorder recorder = new Recorder();
        private final List<Signal> signals = new ArrayList<>();
        private final List<SignalHandler> before = new ArrayList<>();

        PreviousHandlers(String... names) {
            for (String name : names) {
                Signal signal = new Signal(name);
                signals.add(signal);
                before.add(Signal.handle(signal, recorder));
            }
        }

        @Override
        public void close() {
            List<String> notRestored = new ArrayList<>();
            for (int i = 0; i < signals.size(); i++) {
                SignalHandler current = Signal.handle(signals.get(i), before.get(i));
                if (current != recorder) {
                    notRestored.add(signals.get(i).getName() + " -> " + current);
                }
            }
            assertEquals(List.of(), notRestored, "handlers not restored");
        }
    }
}
