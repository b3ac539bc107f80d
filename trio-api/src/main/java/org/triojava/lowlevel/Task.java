package org.triojava.lowlevel;

import java.util.List;
import org.triojava.Nursery;

/**
 * A running task of a {@code Trio.run} (Trio's {@code trio.lowlevel.Task}); each task is a
 * virtual thread. There is no public constructor: tasks come from nurseries and from
 * {@link Lowlevel#spawnSystemTask}.
 */
public interface Task {
    /** The task's name: the one given at spawn, else derived from the function's class. */
    String name();

    /** The nursery this task lives in (before {@code started()}: the hidden nursery of {@code start}); null for the root task. */
    Nursery parentNursery();

    /** While a task started with {@code Nursery.start} has not called {@code started()}: the nursery it will move to; else null. */
    Nursery eventualParentNursery();

    /** The nurseries this task has open, outermost first. */
    List<Nursery> childNurseries();

    /** Free storage for the code that parks this task; reset to null each time the task is rescheduled. */
    Object customSleepData();

    /** Sets {@link #customSleepData()}. */
    void setCustomSleepData(Object data);
}
