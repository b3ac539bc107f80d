package org.triojava.streams.jdk;

import org.triojava.BrokenResourceError;
import org.triojava.ClosedResourceError;
import org.triojava.WouldBlock;
import org.triojava.stream.StapledStream;
import org.triojava.testing.MemoryReceiveStream;
import org.triojava.testing.MemorySendStream;
import org.triojava.testing.MemoryStreams;
import org.triojava.testing.StreamPair;

/**
 * A {@link MemoryStreams#pair()} whose send hooks count the bytes each end sends and how often
 * its transport is closed, can hold back what an end sends (and release it later as one chunk),
 * and can make an end's next send or receive fail. End 0 is {@code a}, end 1 is {@code b}.
 */
final class Wire {
    private final StapledStream[] ends = new StapledStream[2];
    private final MemorySendStream[] out = new MemorySendStream[2];
    private final MemoryReceiveStream[] in = new MemoryReceiveStream[2];
    private final long[] sent = new long[2];
    private final int[] closes = new int[2];
    private final boolean[] held = new boolean[2];
    private final RuntimeException[] failSend = new RuntimeException[2];
    private final RuntimeException[] failReceive = new RuntimeException[2];

    Wire() {
        StreamPair<StapledStream> pair = MemoryStreams.pair();
        ends[0] = pair.a();
        ends[1] = pair.b();
        for (int i = 0; i < 2; i++) {
            int end = i;
            out[i] = (MemorySendStream) ends[i].sendStream();
            in[i] = (MemoryReceiveStream) ends[i].receiveStream();
            out[i].setSendAllHook(() -> {
                RuntimeException e = failSend[end];
                if (e != null) {
                    failSend[end] = null;
                    throw e;
                }
                if (!held[end]) {
                    pump(end);
                }
            });
            out[i].setCloseHook(() -> {
                closes[end]++;
                if (!held[end]) {
                    pump(end);
                }
            });
            in[i].setReceiveSomeHook(() -> {
                RuntimeException e = failReceive[end];
                if (e != null) {
                    failReceive[end] = null;
                    throw e;
                }
            });
        }
    }

    StapledStream a() {
        return ends[0];
    }

    StapledStream b() {
        return ends[1];
    }

    long sent(int end) {
        return sent[end];
    }

    int closes(int end) {
        return closes[end];
    }

    void hold(int end) {
        held[end] = true;
    }

    /** Delivers everything held back at once, and stops holding. */
    void release(int end) {
        held[end] = false;
        pump(end);
    }

    void failNextSend(int end, RuntimeException e) {
        failSend[end] = e;
    }

    void failNextReceive(int end, RuntimeException e) {
        failReceive[end] = e;
    }

    private void pump(int end) {
        byte[] data;
        try {
            data = out[end].getDataNowait();
        } catch (WouldBlock nothing) {
            return;
        }
        try {
            if (data.length == 0) {
                in[1 - end].putEof();
            } else {
                sent[end] += data.length;
                in[1 - end].putData(data);
            }
        } catch (ClosedResourceError closed) {
            throw new BrokenResourceError("the other end was closed", closed);
        }
    }
}
