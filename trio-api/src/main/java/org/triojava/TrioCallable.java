package org.triojava;

/**
 * A task body or block body that returns a value and may throw any exception
 * (Trio: an async function called for its value).
 *
 * @param <T> the type of the value
 */
@FunctionalInterface
public interface TrioCallable<T> {
    /** Runs the body and returns its value. */
    T call() throws Exception;
}
