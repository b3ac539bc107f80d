package org.triojava.testing;

import org.triojava.BrokenResourceError;
import org.triojava.ClosedResourceError;
import org.triojava.WouldBlock;
import org.triojava.abc.ReceiveStream;
import org.triojava.abc.SendStream;
import org.triojava.internal.Checks;
import org.triojava.stream.StapledStream;

/**
 * Connected in-memory streams for tests, with no operating system involved (Trio's
 * {@code memory_stream_pump}, {@code memory_stream_one_way_pair}, {@code memory_stream_pair},
 * {@code lockstep_stream_one_way_pair} and {@code lockstep_stream_pair}).
 *
 * <p>A two-way pair in a test:
 *
 * <pre>{@code
 * StreamPair<StapledStream> pair = MemoryStreams.pair();
 * pair.a().sendAll("123".getBytes());
 * byte[] got = pair.b().receiveSome(10);   // "123"
 * }</pre>
 *
 * <p>All the pieces are public, so a test can rewire them: to make the data from {@code a} to
 * {@code b} trickle one byte per second, replace the send-all hook of {@code a}'s send half:
 *
 * <pre>{@code
 * MemorySendStream out = (MemorySendStream) pair.a().sendStream();
 * MemoryReceiveStream in = (MemoryReceiveStream) pair.b().receiveStream();
 * out.setSendAllHook(() -> {
 *     while (MemoryStreams.pump(out, in, 1)) {
 *         Trio.sleep(1);
 *     }
 * });
 * }</pre>
 */
public final class MemoryStreams {
    private MemoryStreams() {
    }

    /**
     * Moves everything buffered in {@code send} into {@code receive} (Trio's
     * {@code memory_stream_pump}); see {@link #pump(MemorySendStream, MemoryReceiveStream, int)}.
     */
    public static boolean pump(MemorySendStream send, MemoryReceiveStream receive) {
        return transfer(send, receive, UnboundedByteQueue.ALL);
    }

    /**
     * Moves up to {@code maxBytes} buffered bytes from {@code send} into {@code receive}; if
     * {@code send} is closed and drained, puts the end of the stream into {@code receive} instead
     * (Trio's {@code memory_stream_pump(..., max_bytes=)}). Not a checkpoint.
     *
     * @return whether anything (data or the end of the stream) was moved; {@code false} if
     *     {@code send} is open and has nothing buffered
     * @throws BrokenResourceError if {@code receive} is closed
     * @throws IllegalArgumentException if {@code maxBytes < 1}
     */
    public static boolean pump(MemorySendStream send, MemoryReceiveStream receive, int maxBytes) {
        return transfer(send, receive, UnboundedByteQueue.checkMaxBytes(maxBytes));
    }

    private static boolean transfer(MemorySendStream send, MemoryReceiveStream receive, int maxBytes) {
        Checks.notNull(send, "send");
        Checks.notNull(receive, "receive");
        byte[] data;
        try {
            data = send.getDataNowait(maxBytes);
        } catch (WouldBlock nothingYet) {
            return false;
        }
        try {
            if (data.length == 0) {
                receive.putEof();
            } else {
                receive.putData(data);
            }
        } catch (ClosedResourceError closed) {
            throw new BrokenResourceError("MemoryReceiveStream was closed", closed);
        }
        return true;
    }

    /**
     * A connected one-way stream with unbounded buffering (Trio's
     * {@code memory_stream_one_way_pair}): the {@link MemorySendStream}'s send-all hook and close
     * hook both {@link #pump} into the {@link MemoryReceiveStream}, so data and the end of the
     * stream flow through at once. Change or clear the hooks to simulate a stall.
     */
    public static OneWayPair<MemorySendStream, MemoryReceiveStream> oneWayPair() {
        MemorySendStream send = new MemorySendStream();
        MemoryReceiveStream receive = new MemoryReceiveStream();
        send.setSendAllHook(() -> pump(send, receive));
        send.setCloseHook(() -> pump(send, receive));
        return new OneWayPair<>(send, receive);
    }

    /**
     * A connected two-way stream with unbounded buffering, like an in-memory socket pair (Trio's
     * {@code memory_stream_pair}): two {@link #oneWayPair()}s stapled into two
     * {@link StapledStream}s, whose {@code sendEof()} closes their send half.
     */
    public static StreamPair<StapledStream> pair() {
        OneWayPair<MemorySendStream, MemoryReceiveStream> aToB = oneWayPair();
        OneWayPair<MemorySendStream, MemoryReceiveStream> bToA = oneWayPair();
        return staple(aToB, bToA);
    }

    /**
     * A connected one-way stream with no buffering at all (Trio's
     * {@code lockstep_stream_one_way_pair}): each {@code sendAll} returns only once
     * {@code receiveSome} calls have taken all of its data, and {@code waitSendAllMightNotBlock}
     * returns only while a receiver is waiting. For testing flow control in the extreme case, and
     * as the clogged stream for {@link StreamChecks}. A {@code sendAll} cancelled while it waits
     * withdraws what the receiver has not taken yet.
     */
    public static OneWayPair<SendStream, ReceiveStream> lockstepOneWayPair() {
        LockstepByteQueue queue = new LockstepByteQueue();
        return new OneWayPair<>(new LockstepByteQueue.Sender(queue), new LockstepByteQueue.Receiver(queue));
    }

    /**
     * A connected two-way lockstep stream (Trio's {@code lockstep_stream_pair}): two
     * {@link #lockstepOneWayPair()}s stapled into two {@link StapledStream}s.
     */
    public static StreamPair<StapledStream> lockstepPair() {
        return staple(lockstepOneWayPair(), lockstepOneWayPair());
    }

    private static StreamPair<StapledStream> staple(OneWayPair<?, ?> aToB, OneWayPair<?, ?> bToA) {
        return new StreamPair<>(new StapledStream(aToB.send(), bToA.receive()),
                new StapledStream(bToA.send(), aToB.receive()));
    }
}
