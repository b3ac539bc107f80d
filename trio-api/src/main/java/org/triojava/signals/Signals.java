package org.triojava.signals;

import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;
import org.triojava.internal.Checks;

/**
 * Opening signal receivers (Trio's {@code trio.open_signal_receiver}, and early Trio's
 * {@code trio.catch_signals}).
 *
 * <pre>{@code
 * try (SignalReceiver signals = Signals.openSignalReceiver("HUP", "TERM")) {
 *     for (String signal : signals) {
 *         if (signal.equals("HUP")) {
 *             reloadConfiguration();
 *         } else {
 *             break; // TERM: leave the block, then shut down cleanly
 *         }
 *     }
 * }
 * }</pre>
 *
 * <p>Rules common to both kinds of receiver:
 * <ul>
 *   <li>They can only be opened by a task inside {@code Trio.run}, and only used by tasks of
 *       that run. Opening installs the handlers at once; closing (idempotent) restores the
 *       handlers that were there before.</li>
 *   <li>Signals that arrive while nobody iterates are kept, each at most once: repeats of a
 *       signal that is already pending are merged.</li>
 *   <li>Nothing is lost: signals still pending at close are passed on to the handler that
 *       receives the signal once the receiver is gone (the previous receiver, Ctrl-C delivery,
 *       or the handler the process had before, by raising the signal again).</li>
 *   <li>Several receivers for the same signal: the most recently opened one gets it; the
 *       others get it again once it is closed (in any order).</li>
 *   <li>A receiver for {@code "INT"} takes Ctrl-C away from {@code KeyboardInterrupt}
 *       delivery while it is open.</li>
 *   <li>Only one task may iterate a receiver at a time ({@link org.triojava.BusyResourceError}).
 *       Iterating after close, or while another task closes it, throws
 *       {@link IllegalStateException} (Trio's {@code RuntimeError}).</li>
 * </ul>
 *
 * <p>Errors when opening: no names, an unknown name, or a signal that cannot be handled
 * ({@code KILL}, {@code STOP}, the ones the JVM uses itself such as {@code QUIT}, and
 * {@code HUP}/{@code INT}/{@code TERM} when the process started with them ignored) are
 * {@link IllegalArgumentException}s naming the signal, and leave every handler as it was.
 */
public final class Signals {
    private Signals() {
    }

    /**
     * Opens a receiver that yields signals one at a time, oldest first, repeats of a pending
     * signal merged (Trio's {@code with trio.open_signal_receiver(*signals) as receiver}).
     * Duplicate names are fine.
     *
     * @param names signal names as the JVM spells them, such as {@code "HUP"}, {@code "TERM"}
     * @throws IllegalArgumentException if no names are given, or for an unknown or unhandleable signal
     * @throws IllegalStateException outside a task of {@code Trio.run}, or without the signal
     *     backend (org.triojava:trio-signals) at run time
     */
    public static SignalReceiver openSignalReceiver(String... names) {
        Checks.notNull(names, "names");
        return new SignalReceiver(PendingSignals.open("Signals.openSignalReceiver", names(Arrays.asList(names))));
    }

    /**
     * Opens a receiver whose iteration yields the set of signals received since the previous
     * iteration, waiting until there is at least one (early Trio's
     * {@code with trio.catch_signals(signals) as batched_signal_aiter}).
     *
     * @param names signal names as the JVM spells them, such as {@code "HUP"}, {@code "TERM"}
     * @throws IllegalArgumentException if the set is empty, or for an unknown or unhandleable signal
     * @throws IllegalStateException outside a task of {@code Trio.run}, or without the signal
     *     backend (org.triojava:trio-signals) at run time
     */
    public static SignalBatches catchSignals(Set<String> names) {
        Checks.notNull(names, "names");
        return new SignalBatches(PendingSignals.open("Signals.catchSignals", names(names)));
    }

    private static Set<String> names(Collection<String> names) {
        Set<String> distinct = new LinkedHashSet<>();
        for (String name : names) {
            distinct.add(Checks.notNull(name, "signal name"));
        }
        if (distinct.isEmpty()) {
            throw new IllegalArgumentException("No signals were provided");
        }
        return distinct;
    }
}
