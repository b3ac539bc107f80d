package org.triojava.channel;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.triojava.ClosedResourceError;
import org.triojava.Trio;
import org.triojava.internal.Blocking;
import org.triojava.lowlevel.Abort;
import org.triojava.lowlevel.Lowlevel;
import org.triojava.lowlevel.Outcome;
import org.triojava.lowlevel.Task;

/**
 * What a send handle and a receive handle of a memory channel have in common: the shared state,
 * the tasks blocked on this handle (so that closing it wakes exactly those, in the order they
 * blocked), and the closed flag.
 *
 * @param <T> the type of the values
 */
abstract sealed class MemoryChannelHandle<T> permits MemorySendChannel, MemoryReceiveChannel {
    final MemoryChannelState<T> state;
    /** Tasks blocked on this handle, in the order they blocked. */
    private final Set<Task> tasks = new LinkedHashSet<>();
    private boolean closed;

    MemoryChannelHandle(MemoryChannelState<T> state) {
        this.state = state;
    }

    /** "send" or "receive", for messages. */
    abstract String side();

    /**
     * Closes this handle (idempotent; not a checkpoint): Trio's {@code close()} and
     * {@code with channel:}. Trio's {@code await channel.aclose()} is this plus a checkpoint; call
     * {@link Trio#checkpoint()} after it where the checkpoint matters.
     */
    public abstract void close();

    /** Whether this handle is closed. */
    public final boolean isClosed() {
        return closed;
    }

    /** The channel's statistics. */
    public final MemoryChannelStatistics statistics() {
        return state.statistics();
    }

    final void checkOpen(String operation) {
        if (closed) {
            throw new ClosedResourceError(operation + ": this " + side() + " channel handle was closed");
        }
    }

    /**
     * Blocks the current task in {@code queue} (the channel's waiters of this side) with
     * {@code entry}, until another handle reschedules it; a cancellation takes it out again.
     */
    final <V> Object waitIn(LinkedHashMap<Task, V> queue, V entry) {
        Task task = Lowlevel.currentTask();
        if (!queue.isEmpty()) { // one channel's waiters are one run's, or their wakers could strand them
            Blocking.requireRun("waiting on a memory channel", queue.firstEntry().getKey());
        }
        tasks.add(task);
        queue.put(task, entry);
        task.setCustomSleepData(this);
        return Lowlevel.waitTaskRescheduled(raiseCancel -> {
            tasks.remove(task);
            queue.remove(task);
            return Abort.SUCCEEDED;
        });
    }

    /** Takes the longest-waiting task out of {@code queue} (not empty) and of its handle's list. */
    static <V> Map.Entry<Task, V> takeOldest(LinkedHashMap<Task, V> queue) {
        Map.Entry<Task, V> oldest = queue.pollFirstEntry();
        forget(oldest.getKey());
        return oldest;
    }

    /** Wakes every task in {@code queue} with an error from {@code error}, oldest first, and empties it. */
    static void failAll(LinkedHashMap<Task, ?> queue, Supplier<? extends Throwable> error) {
        for (Task task : queue.keySet()) {
            forget(task);
            Lowlevel.reschedule(task, Outcome.error(error.get()));
        }
        queue.clear();
    }

    private static void forget(Task task) {
        ((MemoryChannelHandle<?>) task.customSleepData()).tasks.remove(task);
    }

    /**
     * Before closing: if closing would wake tasks (those blocked on this handle, or, when this is
     * the last handle of its side, {@code wokenIfLast} of the other side; null if it is not), fails
     * unless the calling thread is in their run, so a close from the wrong thread changes nothing.
     */
    final void requireRunToClose(String operation, LinkedHashMap<Task, ?> wokenIfLast) {
        if (closed) {
            return;
        }
        if (!tasks.isEmpty()) {
            Blocking.requireRun(operation, tasks.iterator().next());
        } else if (wokenIfLast != null && !wokenIfLast.isEmpty()) {
            Blocking.requireRun(operation, wokenIfLast.firstEntry().getKey());
        }
    }

    /**
     * Marks this handle closed and wakes the tasks blocked on it with {@link ClosedResourceError}
     * (taking them out of {@code queue}).
     *
     * @return false if it was closed already
     */
    final boolean markClosed(LinkedHashMap<Task, ?> queue) {
        if (closed) {
            return false;
        }
        closed = true;
        for (Task task : tasks) {
            queue.remove(task);
            Lowlevel.reschedule(task, Outcome.error(new ClosedResourceError("the " + side() + " channel handle was closed")));
        }
        tasks.clear();
        return true;
    }
}
