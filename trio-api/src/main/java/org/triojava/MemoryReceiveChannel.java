package org.triojava;

import org.triojava.internal.Blocking;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.triojava.abc.ReceiveChannel;
import org.triojava.lowlevel.Abort;
import org.triojava.lowlevel.Lowlevel;
import org.triojava.lowlevel.Outcome;
import org.triojava.lowlevel.Task;

/**
 * One receive handle of a memory channel (Trio's {@code MemoryReceiveChannel}). Iterate it to
 * receive until every send handle is closed and the buffer is drained.
 *
 * @param <T> the type of the values
 */
public final class MemoryReceiveChannel<T> implements ReceiveChannel<T> {
    private final MemoryChannelState<T> state;
    /** Tasks blocked on this handle, in the order they blocked (a close wakes them in that order). */
    private final Set<Task> tasks = new LinkedHashSet<>();
    private boolean closed;

    MemoryReceiveChannel(MemoryChannelState<T> state) {
        this.state = state;
        state.openReceiveChannels++;
    }

    /**
     * Receives without waiting: from a waiting sender or the buffer.
     *
     * @throws WouldBlock if nothing is available
     * @throws EndOfChannel if every send handle is closed and the buffer is empty
     * @throws ClosedResourceError if this handle is closed
     */
    public T receiveNowait() {
        if (closed) {
            throw new ClosedResourceError("this receive channel handle was closed");
        }
        if (!state.sendTasks.isEmpty()) {
            Map.Entry<Task, T> oldest = state.sendTasks.pollFirstEntry();
            Task task = oldest.getKey();
            ((MemorySendChannel<?>) task.customSleepData()).forget(task);
            Lowlevel.reschedule(task);
            state.data.add(oldest.getValue());
        }
        if (!state.data.isEmpty()) {
            return state.data.poll();
        }
        if (state.openSendChannels == 0) {
            throw new EndOfChannel();
        }
        throw new WouldBlock();
    }

    @Override
    @SuppressWarnings("unchecked")
    public T receive() {
        return Blocking.call(this::receiveNowait, () -> {
            Task task = Lowlevel.currentTask();
            tasks.add(task);
            state.receiveTasks.put(task, Boolean.TRUE);
            task.setCustomSleepData(this);
            return (T) Lowlevel.waitTaskRescheduled(raiseCancel -> {
                tasks.remove(task);
                state.receiveTasks.remove(task);
                return Abort.SUCCEEDED;
            });
        });
    }

    void forget(Task task) {
        tasks.remove(task);
    }

    /**
     * Another handle on the same channel, open until closed itself.
     *
     * @throws ClosedResourceError if this handle is closed
     */
    @Override
    public MemoryReceiveChannel<T> clone() {
        if (closed) {
            throw new ClosedResourceError("cannot clone a closed receive channel handle");
        }
        return new MemoryReceiveChannel<>(state);
    }

    /**
     * Closes this handle (idempotent; not a checkpoint). Tasks blocked receiving through it get
     * {@link ClosedResourceError}; closing the last receive handle discards the buffer and makes
     * senders fail with {@link BrokenResourceError}.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (Task task : tasks) {
            state.receiveTasks.remove(task);
            Lowlevel.reschedule(task, Outcome.error(new ClosedResourceError("the receive channel handle was closed")));
        }
        tasks.clear();
        state.openReceiveChannels--;
        if (state.openReceiveChannels == 0) {
            for (Task task : state.sendTasks.keySet()) {
                ((MemorySendChannel<?>) task.customSleepData()).forget(task);
                Lowlevel.reschedule(task, Outcome.error(
                        new BrokenResourceError("every receive handle of this channel was closed")));
            }
            state.sendTasks.clear();
            state.data.clear();
        }
    }

    /** Whether this handle is closed. */
    public boolean isClosed() {
        return closed;
    }

    /** The channel's statistics. */
    public MemoryChannelStatistics statistics() {
        return state.statistics();
    }

    @Override
    public String toString() {
        return "MemoryReceiveChannel[" + (closed ? "closed, " : "") + state.statistics() + "]";
    }
}
