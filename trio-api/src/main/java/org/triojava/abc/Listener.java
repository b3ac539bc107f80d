package org.triojava.abc;

/**
 * Accepts incoming connections (Trio's {@code trio.abc.Listener}).
 *
 * @param <T> what a connection is, usually a stream
 */
public interface Listener<T extends AsyncResource> extends AsyncResource {
    /**
     * Waits for the next connection (a checkpoint).
     *
     * @throws org.triojava.ClosedResourceError if this listener was closed, also while waiting
     * @throws org.triojava.BusyResourceError if another task is already waiting here
     */
    T accept() throws java.io.IOException;
}
