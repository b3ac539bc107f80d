package org.triojava.channel;


/**
 * Statistics of a memory channel, the same from both ends (Trio's {@code MemoryChannelStatistics}).
 *
 * @param currentBufferUsed values buffered now
 * @param maxBufferSize the buffer's capacity (+infinity: unbounded)
 * @param openSendChannels send handles not yet closed
 * @param openReceiveChannels receive handles not yet closed
 * @param tasksWaitingSend tasks blocked in {@code send}
 * @param tasksWaitingReceive tasks blocked in {@code receive}
 * @param peakBufferUsed the most values ever buffered at once
 */
public record MemoryChannelStatistics(int currentBufferUsed, double maxBufferSize, int openSendChannels,
                                      int openReceiveChannels, int tasksWaitingSend, int tasksWaitingReceive,
                                      int peakBufferUsed) {
}
