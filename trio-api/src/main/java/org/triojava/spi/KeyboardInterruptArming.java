package org.triojava.spi;

/**
 * What {@link SignalProvider#armKeyboardInterrupt()} returns: closing it disarms (once). Trio's
 * {@code KIManager.install} / {@code close} around one {@code trio.run}.
 */
public interface KeyboardInterruptArming extends AutoCloseable {

    /** Whether Ctrl-C is delivered to runs because of this handle (false when SIGINT was left alone). */
    boolean armed();

    /**
     * Disarms: when the last armed handle closes, SIGINT goes back to the handler the process had
     * before. A SIGINT that arrived while armed but found no run to deliver to is then raised
     * again, so the JVM's default behaviour still happens. Idempotent; callable from any thread.
     */
    @Override
    void close();
}
