package org.triojava;

/**
 * Ctrl-C (SIGINT) delivered to the main task of a run (Python's {@code KeyboardInterrupt}).
 * Like {@link Cancelled} it extends {@link Error}, so ordinary {@code catch (Exception e)}
 * blocks let it unwind the task tree; {@code Trio.run} then rethrows it.
 */
public class KeyboardInterrupt extends Error {
    private static final long serialVersionUID = 1L;

    /** Creates the exception with the message {@code "KeyboardInterrupt"}. */
    public KeyboardInterrupt() {
        super("KeyboardInterrupt");
    }
}
