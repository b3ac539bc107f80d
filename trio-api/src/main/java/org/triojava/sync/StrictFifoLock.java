package org.triojava.sync;


/**
 * A lock that promises strict first-in-first-out hand-off forever (Trio's {@code StrictFIFOLock}),
 * for code whose correctness depends on it, such as keeping the bytes of concurrent senders in
 * order. Today {@link Lock} behaves the same; only this class makes the promise.
 */
public final class StrictFifoLock extends LockBase {
    /** Creates an unlocked lock. */
    public StrictFifoLock() {
    }
}
