package org.triojava;

/**
 * Ctrl-C (SIGINT) delivered to the main task of a run (Python's {@code KeyboardInterrupt}), at its
 * next checkpoint, when the signal backend (trio-signals) is present at run time and the run did
 * not turn it off ({@link RunOptions#withKeyboardInterrupt(boolean)}). Like {@link Cancelled} it
 * extends {@link Error}, so ordinary {@code catch (Exception e)} blocks let it unwind the task
 * tree; {@code Trio.run} then rethrows it (inside a {@link BaseExceptionGroup} when the main task
 * was waiting in a nursery). See {@link Trio#run(TrioCallable)}.
 */
public class KeyboardInterrupt extends Error {
    private static final long serialVersionUID = 1L;

    /** Creates the exception with the message {@code "KeyboardInterrupt"}. */
    public KeyboardInterrupt() {
        super("KeyboardInterrupt");
    }
}
