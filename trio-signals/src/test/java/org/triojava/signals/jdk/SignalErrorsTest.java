package org.triojava.signals.jdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.triojava.signals.jdk.SignalTesting.current;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.triojava.RunOptions;
import org.triojava.Trio;
import org.triojava.lowlevel.Lowlevel;
import org.triojava.signals.Signals;

/** Misuse and signals that cannot be handled: clear errors naming the mistake, and nothing left installed. */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // a broken signal path would wait forever
class SignalErrorsTest {
    private SignalTesting.PreviousHandlers previous;

    @BeforeEach
    void installRecorders() {
        previous = new SignalTesting.PreviousHandlers("URG", "WINCH");
    }

    @AfterEach
    void checkRestored() {
        previous.close();
    }

    private static IllegalArgumentException refused(String... names) throws Exception {
        return Trio.run(() -> assertThrows(IllegalArgumentException.class, () -> Signals.openSignalReceiver(names)));
    }

    @Test
    void noSignals() throws Exception {
        assertEquals("No signals were provided", refused().getMessage());
        Trio.run(() -> {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Signals.catchSignals(Set.of()));
            assertEquals("No signals were provided", e.getMessage());
        });
    }

    @Test
    void nulls() throws Exception {
        Trio.run(() -> {
            NullPointerException e = assertThrows(NullPointerException.class,
                    () -> Signals.openSignalReceiver("URG", null));
            assertEquals("signal name must not be null", e.getMessage());
            assertThrows(NullPointerException.class, () -> Signals.openSignalReceiver((String[]) null));
            assertThrows(NullPointerException.class, () -> Signals.catchSignals(null));
            assertThrows(NullPointerException.class,
                    () -> Signals.catchSignals(new HashSet<>(Arrays.asList("URG", null))));
        });
        assertSame(previous.recorder, current("URG"));
    }

    @Test
    void unknownNames() throws Exception {
        IllegalArgumentException e = refused("NOSUCHSIGNAL");
        assertTrue(e.getMessage().startsWith("Unknown signal name 'NOSUCHSIGNAL'"), e::getMessage);
        assertTrue(e.getMessage().contains("INT, TERM, HUP, USR2"), e::getMessage);

        e = refused("hup");
        assertTrue(e.getMessage().startsWith("Unknown signal name 'hup'"), e::getMessage);
    }

    @Test
    void theSigPrefixIsPointedOut() throws Exception {
        IllegalArgumentException e = refused("SIGHUP");
        assertEquals("Unknown signal name 'SIGHUP': write it without the SIG prefix, as the JVM spells it: 'HUP'",
                e.getMessage());
    }

    @Test
    void killAndStopCannotBeCaught() throws Exception {
        assertEquals("SIGKILL cannot be caught: no process can handle SIGKILL or SIGSTOP",
                refused("KILL").getMessage());
        assertEquals("SIGSTOP cannot be caught: no process can handle SIGKILL or SIGSTOP",
                refused("STOP").getMessage());
    }

    @Test
    void signalsTheJvmKeepsForItselfAreRefusedByName() throws Exception {
        for (String name : List.of("QUIT", "SEGV", "FPE", "ILL")) {
            IllegalArgumentException e = refused(name);
            assertTrue(e.getMessage().startsWith("SIG" + name + " cannot be handled in this JVM"), e::getMessage);
        }
    }

    @Test
    void aRefusedSignalLeavesNoHandlerInstalled() throws Exception {
        // SG1: all or nothing; the handlers installed before the bad one are restored
        IllegalArgumentException e = refused("URG", "WINCH", "QUIT");
        assertTrue(e.getMessage().startsWith("SIGQUIT"), e::getMessage);
        assertSame(previous.recorder, current("URG"));
        assertSame(previous.recorder, current("WINCH"));
        e = refused("URG", "NOSUCHSIGNAL");
        assertSame(previous.recorder, current("URG"));
    }

    @Test
    void onlyInsideARun() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Signals.openSignalReceiver("URG"));
        assertTrue(e.getMessage().startsWith("Signals.openSignalReceiver must be called from inside Trio.run"),
                e::getMessage);
        e = assertThrows(IllegalStateException.class, () -> Signals.catchSignals(Set.of("URG")));
        assertTrue(e.getMessage().startsWith("Signals.catchSignals must be called from inside Trio.run"),
                e::getMessage);
        assertSame(previous.recorder, current("URG"));
    }

    @Test
    void notFromARunSyncSoonCallback() throws Exception {
        Trio.run(() -> {
            org.triojava.sync.Event done = new org.triojava.sync.Event();
            Throwable[] error = new Throwable[1];
            Lowlevel.currentTrioToken().runSyncSoon(() -> {
                try {
                    Signals.openSignalReceiver("URG");
                } catch (IllegalStateException e) {
                    error[0] = e;
                }
                done.set();
            });
            done.await();
            assertTrue(error[0].getMessage().contains("must be called from a Trio task"), error[0]::getMessage);
        });
    }

    @Test
    void theSystemPropertySelectsTheBackendByNameAndTheErrorListsWhatThereIs() throws Exception {
        System.setProperty("org.triojava.signals", "nosuch");
        try {
            // Trio.run itself looks the backend up, to arm Ctrl-C: an explicit wrong choice is an error
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> Trio.run(() -> 1));
            assertEquals("No Trio signal backend named 'nosuch' (selected by org.triojava.signals); available:"
                    + " jdk (priority 0)", e.getMessage());
            e = assertThrows(IllegalStateException.class, () -> Trio.run(RunOptions.defaults().withKeyboardInterrupt(false),
                    () -> Signals.openSignalReceiver("URG")));
            assertEquals("No Trio signal backend named 'nosuch' (selected by org.triojava.signals); available:"
                    + " jdk (priority 0)", e.getMessage());
            System.setProperty("org.triojava.signals", "jdk");
            Trio.run(() -> Signals.openSignalReceiver("URG").close());
        } finally {
            System.clearProperty("org.triojava.signals");
        }
        assertSame(previous.recorder, current("URG"));
    }
}
