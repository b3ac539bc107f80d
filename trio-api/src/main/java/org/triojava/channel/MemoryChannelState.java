package org.triojava.channel;

import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import org.triojava.lowlevel.Task;

/** The state every handle of one memory channel shares (Trio's {@code MemoryChannelState}). */
final class MemoryChannelState<T> {
    final double maxBufferSize;
    final ArrayDeque<T> data = new ArrayDeque<>();
    int openSendChannels;
    int openReceiveChannels;
    /** Blocked senders and the value each will deliver, oldest first. */
    final LinkedHashMap<Task, T> sendTasks = new LinkedHashMap<>();
    /** Blocked receivers, oldest first. */
    final LinkedHashMap<Task, Boolean> receiveTasks = new LinkedHashMap<>();
    int peakBufferUsed;

    MemoryChannelState(double maxBufferSize) {
        this.maxBufferSize = maxBufferSize;
    }

    MemoryChannelStatistics statistics() {
        return new MemoryChannelStatistics(data.size(), maxBufferSize, openSendChannels, openReceiveChannels,
                sendTasks.size(), receiveTasks.size(), peakBufferUsed);
    }
}
