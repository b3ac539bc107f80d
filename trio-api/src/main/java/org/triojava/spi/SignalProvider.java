package org.triojava.spi;

import java.util.Set;

/**
 * The signal backend behind {@code org.triojava.signals.Signals} and Ctrl-C delivery (trio-signals
 * provides it, on {@code sun.misc.Signal}): what Trio does with Python's {@code signal} module in
 * {@code trio._signals} ({@code _signal_handler}) and {@code trio._core._ki} ({@code KIManager}). Found by {@link java.util.ServiceLoader}; the system
 * property {@code org.triojava.signals} selects one by name when several are present.
 * Implementations need a public no-argument constructor; the state they manage (the process's
 * signal handlers) is process-wide, so every instance must share it.
 *
 * <p>The contract, which trio-api's facades rely on:
 * <ul>
 *   <li><b>Layers.</b> For each signal, the open registrations form a stack: the most recently
 *       registered one receives the signal. Below every registration for {@code INT} sits Ctrl-C
 *       delivery while it is {@linkplain #armKeyboardInterrupt() armed}; below everything, the
 *       handler the process had before (the JVM's own, or whatever the application installed).
 *       The backend installs its handler when a signal's first layer arrives and restores the
 *       previous one when its last layer goes.</li>
 *   <li><b>Nothing is lost.</b> When a registration ends, the signals it received but did not
 *       hand out ({@link SignalSink#drainUndelivered()}) go to whatever receives that signal
 *       after it: the next registration down, Ctrl-C delivery, or the previous handler (by
 *       raising the signal in the process again).</li>
 * </ul>
 */
public interface SignalProvider extends Provider {

    /**
     * Starts delivering {@code names} to {@code sink}, all or nothing.
     *
     * @param names signal names as the JVM spells them ({@code "HUP"}, {@code "USR2"}), at least one
     * @param sink where arrivals go; see {@link SignalSink} for the threads and locks involved
     * @return the registration; closing it stops the delivery
     * @throws IllegalArgumentException naming the signal, for an unknown name or a signal that
     *     cannot be handled (SIGKILL, SIGSTOP, one the JVM keeps for itself, one the process
     *     ignores in a way the JVM will not override); no handler stays installed then
     */
    SignalRegistration register(Set<String> names, SignalSink sink);

    /**
     * Arms Ctrl-C delivery for one run: until the returned handle is closed, SIGINT that no
     * registration takes is delivered as {@link Kernel#deliverKeyboardInterrupt()} to the most
     * recently registered run in {@link ActiveRuns}. Calls nest (each run arms and disarms once);
     * delivery stays armed while any handle is open.
     *
     * <p>Like Trio, this leaves SIGINT alone (and returns a handle that {@link
     * KeyboardInterruptArming#armed() is not armed}) when the process's current SIGINT handler
     * is not the JVM's default: the application installed its own, the process ignores SIGINT,
     * or the JVM runs with {@code -Xrs}.
     */
    KeyboardInterruptArming armKeyboardInterrupt();
}
