package org.triojava;

import org.triojava.internal.Blocking;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.triojava.abc.SendChannel;
import org.triojava.internal.Checks;
import org.triojava.lowlevel.Abort;
import org.triojava.lowlevel.Lowlevel;
import org.triojava.lowlevel.Outcome;
import org.triojava.lowlevel.Task;

/**
 * One send handle of a memory channel (Trio's {@code MemorySendChannel}). Each handle is closed
 * separately; the channel's receivers see {@link EndOfChannel} once every send handle is closed.
 *
 * @param <T> the type of the values
 */
public final class MemorySendChannel<T> implements SendChannel<T> {
    private final MemoryChannelState<T> state;
    /** Tasks blocked on this handle, in the order they blocked (a close wakes them in that order). */
    private final Set<Task> tasks = new LinkedHashSet<>();
    private boolean closed;

    MemorySendChannel(MemoryChannelState<T> state) {
        this.state = state;
        state.openSendChannels++;
    }

    /**
     * Sends without waiting: straight to the longest-waiting receiver, else into the buffer.
     *
     * @throws WouldBlock if the buffer is full
     * @throws BrokenResourceError if every receive handle is closed
     * @throws ClosedResourceError if this handle is closed
     */
    public void sendNowait(T value) {
        Checks.notNull(value, "value");
        if (closed) {
            throw new ClosedResourceError("this send channel handle was closed");
        }
        if (state.openReceiveChannels == 0) {
            throw new BrokenResourceError("every receive handle of this channel is closed");
        }
        if (!state.receiveTasks.isEmpty()) {
            Map.Entry<Task, Boolean> oldest = state.receiveTasks.pollFirstEntry();
            Task task = oldest.getKey();
            ((MemoryReceiveChannel<?>) task.customSleepData()).forget(task);
            Lowlevel.reschedule(task, Outcome.value(value));
        } else if (state.data.size() < state.maxBufferSize) {
            state.data.add(value);
            state.peakBufferUsed = Math.max(state.peakBufferUsed, state.data.size());
        } else {
            throw new WouldBlock();
        }
    }

    @Override
    public void send(T value) {
        Checks.notNull(value, "value");
        Blocking.run(() -> sendNowait(value), () -> {
            Task task = Lowlevel.currentTask();
            tasks.add(task);
            state.sendTasks.put(task, value);
            task.setCustomSleepData(this);
            Lowlevel.waitTaskRescheduled(raiseCancel -> {
                tasks.remove(task);
                state.sendTasks.remove(task);
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
    public MemorySendChannel<T> clone() {
        if (closed) {
            throw new ClosedResourceError("cannot clone a closed send channel handle");
        }
        return new MemorySendChannel<>(state);
    }

    /**
     * Closes this handle (idempotent; not a checkpoint). Tasks blocked sending through it get
     * {@link ClosedResourceError}; closing the last send handle ends the channel for receivers.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (Task task : tasks) {
            state.sendTasks.remove(task);
            Lowlevel.reschedule(task, Outcome.error(new ClosedResourceError("the send channel handle was closed")));
        }
        tasks.clear();
        state.openSendChannels--;
        if (state.openSendChannels == 0) {
            for (Task task : state.receiveTasks.keySet()) {
                ((MemoryReceiveChannel<?>) task.customSleepData()).forget(task);
                Lowlevel.reschedule(task, Outcome.error(new EndOfChannel()));
            }
            state.receiveTasks.clear();
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

    boolean hasReceivers() {
        return state.openReceiveChannels > 0;
    }

    @Override
    public String toString() {
        return "MemorySendChannel[" + (closed ? "closed, " : "") + state.statistics() + "]";
    }
}
