package org.triojava.core;

import java.util.function.BooleanSupplier;
import org.triojava.SchedulingMode;

/**
 * How the virtual threads of one run's tasks get a carrier: the one seam between the two
 * scheduling modes ({@link SharedCarriers}, {@link ConfinedCarrier}). Everything else of the run —
 * the baton, the batches, the loop — is the same code in both.
 */
sealed interface TaskCarrier permits SharedCarriers, ConfinedCarrier {
    /** The mode this carrier implements: {@link SchedulingMode#SHARED} or {@link SchedulingMode#CONFINED}. */
    SchedulingMode mode();

    /** Gives {@code task} its virtual thread ({@code task.thread}), running {@code body}, and starts it. */
    void start(TaskImpl task, Runnable body);

    /** Lets {@code task}'s parked thread continue (it has just been handed the baton). */
    void resume(TaskImpl task);

    /** {@code task}'s thread is ending: it will not be resumed again. */
    void exited(TaskImpl task);

    /**
     * The loop thread's side of a hand-off: called after the loop handed the baton to a task, it
     * returns once a task has handed it back ({@code handedBack} true). An interrupt of the loop
     * thread does not end the wait: it is consumed and reported by the result.
     *
     * @return whether the loop thread was interrupted meanwhile
     */
    boolean awaitLoopBaton(BooleanSupplier handedBack);

    /** A task's side: the baton has just been handed back to the loop (the flag is set); wake the loop. */
    void wakeLoop();

    /**
     * From now on {@code thread} does the loop's work (and waits in {@link #awaitLoopBaton}): a
     * guest run moves its loop to whichever host thread runs each tick.
     */
    void moveLoopTo(Thread thread);
}
