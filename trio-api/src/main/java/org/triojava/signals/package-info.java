/**
 * Catching Unix signals inside a run (Trio's {@code trio.open_signal_receiver} and early Trio's
 * {@code trio.catch_signals}): {@link org.triojava.signals.Signals#openSignalReceiver(String...)}
 * hands out one signal at a time, {@link org.triojava.signals.Signals#catchSignals(java.util.Set)}
 * the set of signals received since the last iteration. Both need the signal backend,
 * trio-signals, at run time; with it present, {@code Trio.run} also turns Ctrl-C into a
 * {@link org.triojava.KeyboardInterrupt} (see {@code docs/SIGNALS.md}).
 *
 * <p>Signal names are spelled as the JVM spells them ({@code sun.misc.Signal}): without the
 * {@code SIG} prefix, in upper case: {@code "INT"}, {@code "TERM"}, {@code "HUP"}, {@code "USR2"}.
 *
 * <pre>{@code
 * try (SignalReceiver signals = Signals.openSignalReceiver("HUP", "TERM")) {
 *     for (String signal : signals) {
 *         if (signal.equals("HUP")) reloadConfiguration(); else break;
 *     }
 * }
 * }</pre>
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("0.1.0")
package org.triojava.signals;
