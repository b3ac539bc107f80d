package org.triojava.core;

/**
 * Something with a deadline in the run's {@link Deadlines} heap: a cancel scope or a sleeping
 * task. Sleeps and scope deadlines share this one timer structure.
 */
abstract class Timed {
    /** Position in the heap, or -1 when not registered. */
    int heapIndex = -1;
    /** The deadline this entry is registered with. */
    double registeredDeadline;
    /** Registration order: breaks ties so that equal deadlines fire in a reproducible order. */
    long sequence;

    /** Called by the run loop when the clock has reached the deadline (the entry is already unregistered). */
    abstract void expire(Runner runner);
}
