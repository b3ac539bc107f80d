package org.triojava;

/**
 * A task body or block body that returns nothing and may throw any exception
 * (Trio: an async function called for its effect).
 */
@FunctionalInterface
public interface TrioRunnable {
    /** Runs the body. */
    void run() throws Exception;
}
