package org.triojava.channel;

import org.triojava.BrokenResourceError;
import org.triojava.ClosedResourceError;
import org.triojava.EndOfChannel;
import org.triojava.WouldBlock;
import org.triojava.abc.SendChannel;
import org.triojava.internal.Blocking;
import org.triojava.internal.Checks;
import org.triojava.lowlevel.Lowlevel;
import org.triojava.lowlevel.Outcome;

/**
 * One send handle of a memory channel (Trio's {@code MemorySendChannel}). Each handle is closed
 * separately; the channel's receivers see {@link EndOfChannel} once every send handle is closed.
 *
 * @param <T> the type of the values
 */
public final class MemorySendChannel<T> extends MemoryChannelHandle<T> implements SendChannel<T> {
    MemorySendChannel(MemoryChannelState<T> state) {
        super(state);
        state.openSendChannels++;
    }

    @Override
    String side() {
        return "send";
    }

    /**
     * Sends without waiting: straight to the longest-waiting receiver, else into the buffer.
     *
     * @throws WouldBlock if the buffer is full
     * @throws BrokenResourceError if every receive handle is closed
     * @throws ClosedResourceError if this handle is closed
     * @throws IllegalStateException if called from outside the run while a receiver waits (nothing changes)
     */
    public void sendNowait(T value) {
        Checks.notNull(value, "value");
        Blocking.orThrow(trySend(value));
    }

    private boolean trySend(T value) {
        checkOpen("send");
        if (state.openReceiveChannels == 0) {
            throw new BrokenResourceError("every receive handle of this channel is closed");
        }
        if (!state.receiveTasks.isEmpty()) {
            Blocking.requireRun("MemorySendChannel.sendNowait (a receiver is waiting)",
                    state.receiveTasks.firstEntry().getKey());
            Lowlevel.reschedule(takeOldest(state.receiveTasks).getKey(), Outcome.value(value));
        } else if (state.data.size() < state.maxBufferSize) {
            state.data.add(value);
            state.peakBufferUsed = Math.max(state.peakBufferUsed, state.data.size());
        } else {
            return false;
        }
        return true;
    }

    @Override
    public void send(T value) {
        Checks.notNull(value, "value");
        Blocking.run(() -> trySend(value), () -> waitIn(state.sendTasks, value));
    }

    /**
     * Another handle on the same channel, open until closed itself.
     *
     * @throws ClosedResourceError if this handle is closed
     */
    @Override
    public MemorySendChannel<T> clone() {
        checkOpen("clone");
        return new MemorySendChannel<>(state);
    }

    /**
     * Closes this handle (idempotent; not a checkpoint). Tasks blocked sending through it get
     * {@link ClosedResourceError}; closing the last send handle ends the channel for receivers.
     *
     * @throws IllegalStateException if called from outside the run while closing would wake tasks
     *     (nothing changes)
     */
    @Override
    public void close() {
        requireRunToClose("MemorySendChannel.close", state.openSendChannels == 1 ? state.receiveTasks : null);
        if (markClosed(state.sendTasks) && --state.openSendChannels == 0) {
            failAll(state.receiveTasks, EndOfChannel::new);
        }
    }

    boolean hasReceivers() {
        return state.openReceiveChannels > 0;
    }

    @Override
    public String toString() {
        return "MemorySendChannel[" + (isClosed() ? "closed, " : "") + state.statistics() + "]";
    }
}
