package org.triojava.channel;

import java.util.Map;
import org.triojava.BrokenResourceError;
import org.triojava.ClosedResourceError;
import org.triojava.EndOfChannel;
import org.triojava.WouldBlock;
import org.triojava.abc.ReceiveChannel;
import org.triojava.internal.Blocking;
import org.triojava.lowlevel.Lowlevel;
import org.triojava.lowlevel.Task;

/**
 * One receive handle of a memory channel (Trio's {@code MemoryReceiveChannel}). Iterate it to
 * receive until every send handle is closed and the buffer is drained.
 *
 * @param <T> the type of the values
 */
public final class MemoryReceiveChannel<T> extends MemoryChannelHandle<T> implements ReceiveChannel<T> {
    MemoryReceiveChannel(MemoryChannelState<T> state) {
        super(state);
        state.openReceiveChannels++;
    }

    @Override
    String side() {
        return "receive";
    }

    /**
     * Receives without waiting: from a waiting sender or the buffer.
     *
     * @throws WouldBlock if nothing is available
     * @throws EndOfChannel if every send handle is closed and the buffer is empty
     * @throws ClosedResourceError if this handle is closed
     * @throws IllegalStateException if called from outside the run while a sender waits (nothing changes)
     */
    public T receiveNowait() {
        return Blocking.orThrow(tryReceive());
    }

    /** The next value, or {@link Blocking#WOULD_BLOCK}. */
    private Object tryReceive() {
        checkOpen("receive");
        if (!state.sendTasks.isEmpty()) {
            Blocking.requireRun("MemoryReceiveChannel.receiveNowait (a sender is waiting)",
                    state.sendTasks.firstEntry().getKey());
            Map.Entry<Task, T> oldest = takeOldest(state.sendTasks);
            Lowlevel.reschedule(oldest.getKey());
            state.data.add(oldest.getValue());
        }
        if (!state.data.isEmpty()) {
            return state.data.poll();
        }
        if (state.openSendChannels == 0) {
            throw new EndOfChannel();
        }
        return Blocking.WOULD_BLOCK;
    }

    @Override
    @SuppressWarnings("unchecked")
    public T receive() {
        return Blocking.call(this::tryReceive, () -> (T) waitIn(state.receiveTasks, Boolean.TRUE));
    }

    /**
     * Another handle on the same channel, open until closed itself.
     *
     * @throws ClosedResourceError if this handle is closed
     */
    @Override
    public MemoryReceiveChannel<T> clone() {
        checkOpen("clone");
        return new MemoryReceiveChannel<>(state);
    }

    /**
     * Closes this handle (idempotent; not a checkpoint). Tasks blocked receiving through it get
     * {@link ClosedResourceError}; closing the last receive handle discards the buffer and makes
     * senders fail with {@link BrokenResourceError}.
     *
     * @throws IllegalStateException if called from outside the run while closing would wake tasks
     *     (nothing changes)
     */
    @Override
    public void close() {
        requireRunToClose("MemoryReceiveChannel.close", state.openReceiveChannels == 1 ? state.sendTasks : null);
        if (markClosed(state.receiveTasks) && --state.openReceiveChannels == 0) {
            failAll(state.sendTasks, () -> new BrokenResourceError("every receive handle of this channel was closed"));
            state.data.clear();
        }
    }

    @Override
    public String toString() {
        return "MemoryReceiveChannel[" + (isClosed() ? "closed, " : "") + state.statistics() + "]";
    }
}
