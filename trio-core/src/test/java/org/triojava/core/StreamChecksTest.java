package org.triojava.core;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.ByteBuffer;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.triojava.BrokenResourceError;
import org.triojava.BusyResourceError;
import org.triojava.ClosedResourceError;
import org.triojava.EndOfChannel;
import org.triojava.Trio;
import org.triojava.TrioCallable;
import org.triojava.WouldBlock;
import org.triojava.abc.HalfCloseableStream;
import org.triojava.abc.ReceiveStream;
import org.triojava.abc.SendStream;
import org.triojava.channel.MemoryChannel;
import org.triojava.channel.MemoryReceiveChannel;
import org.triojava.channel.MemorySendChannel;
import org.triojava.stream.StapledStream;
import org.triojava.sync.Lock;
import org.triojava.testing.MemoryReceiveStream;
import org.triojava.testing.MemorySendStream;
import org.triojava.testing.MemoryStreams;
import org.triojava.testing.OneWayPair;
import org.triojava.testing.StreamChecks;
import org.triojava.testing.StreamPair;

/**
 * The stream checkers pass on correct streams (Trio's {@code test_*_with_generic_tests}) and
 * fail, naming the rule, on streams broken on purpose: the checkers are proven to catch things.
 */
class StreamChecksTest {

    // ---- correct streams pass ----

    @Test
    void memoryOneWayPairPasses() throws Exception {
        Trio.run(() -> StreamChecks.checkOneWayStream(MemoryStreams::oneWayPair, null));
    }

    @Test
    void memoryPairPassesTheHalfCloseableChecks() throws Exception {
        Trio.run(() -> StreamChecks.checkHalfCloseableStream(MemoryStreams::pair, null));
    }

    @Test
    void lockstepOneWayPairPassesWithItselfAsTheCloggedStream() throws Exception {
        Trio.run(() -> StreamChecks.checkOneWayStream(MemoryStreams::lockstepOneWayPair,
                MemoryStreams::lockstepOneWayPair));
    }

    @Test
    void lockstepPairPassesTheTwoWayChecks() throws Exception {
        Trio.run(() -> StreamChecks.checkTwoWayStream(MemoryStreams::lockstepPair, MemoryStreams::lockstepPair));
    }

    @Test
    void stapledMemoryStreamsPassWithLockstepAsTheCloggedStream() throws Exception {
        // A stapled stream of hand-wired memory halves, clogged by stapling lockstep halves.
        TrioCallable<StreamPair<StapledStream>> maker = () -> {
            MemorySendStream aOut = new MemorySendStream();
            MemoryReceiveStream bIn = new MemoryReceiveStream();
            aOut.setSendAllHook(() -> MemoryStreams.pump(aOut, bIn));
            aOut.setCloseHook(() -> MemoryStreams.pump(aOut, bIn));
            OneWayPair<MemorySendStream, MemoryReceiveStream> bToA = MemoryStreams.oneWayPair();
            return new StreamPair<>(new StapledStream(aOut, bToA.receive()), new StapledStream(bToA.send(), bIn));
        };
        Trio.run(() -> {
            StreamChecks.checkHalfCloseableStream(maker, null);
            StreamChecks.checkTwoWayStream(maker, MemoryStreams::lockstepPair);
        });
    }

    @Test
    void checkersRejectAMissingMakerAndANullPair() throws Exception {
        Trio.run(() -> {
            assertThrows(NullPointerException.class, () -> StreamChecks.checkOneWayStream(null, null));
            AssertionError e = assertThrows(AssertionError.class,
                    () -> StreamChecks.checkOneWayStream(() -> null, null));
            assertTrue(e.getMessage().contains("returned null"), e.getMessage());
        });
    }

    // ---- broken streams fail ----

    /** What is wrong with a {@link FaultySend} / {@link FaultyReceive} pair, and the rule a checker must name. */
    enum Fault {
        SEND_NO_CHECKPOINT("ST1: sendAll must be a checkpoint"),
        RECEIVE_NO_CHECKPOINT("ST1: receiveSome must be a checkpoint"),
        RECEIVE_NO_ARG_CHECK("ST1: receiveSome(-1) must throw IllegalArgumentException"),
        SEND_IGNORES_POSITION("ST1: sendAll of a heap buffer with position 2 and limit 3 must move its position"),
        SEND_DIRECT_UNSUPPORTED("ST1: sendAll(ByteBuffer) sends exactly the bytes between position and limit"),
        RECEIVE_NOT_BUSY("ST2: two tasks in receiveSome at once must make one throw BusyResourceError"),
        RECEIVE_AFTER_CLOSE_EOF("ST3: receiveSome after close() must throw ClosedResourceError"),
        SEND_AFTER_CLOSE_OK("ST3: sendAll after close() must throw ClosedResourceError"),
        CLOSE_NOT_IDEMPOTENT("ST3: closing the receive stream: unexpected java.lang.IllegalStateException"),
        CLOSE_NOT_CHECKPOINT("ST3: close() of the receive stream must be a checkpoint"),
        CANCELLED_CLOSE_KEEPS_SENDER_OPEN("ST3: sendAll after closeForcefully must throw ClosedResourceError"),
        CLOSE_DOES_NOT_WAKE_RECEIVER("ST3: a task blocked in receiveSome must throw ClosedResourceError when "
                + "another task closes the stream, but it stayed blocked"),
        NEVER_BROKEN("ST4: after the receiver is closed, sendAll must eventually throw BrokenResourceError"),
        EOF_TOO_EARLY("ST1: receiveSome(1) must return b\"x\", but returned b\"\"");

        final String rule;

        Fault(String rule) {
            this.rule = rule;
        }
    }

    @ParameterizedTest
    @EnumSource(Fault.class)
    void oneWayCheckerCatchesEachFault(Fault fault) throws Exception {
        AssertionError e = assertThrows(AssertionError.class, () -> Trio.run(
                () -> StreamChecks.checkOneWayStream(() -> faulty(EnumSet.of(fault)), null)));
        assertTrue(e.getMessage().startsWith(fault.rule), () -> "for " + fault + ": " + e);
    }

    @Test
    void aFaultlessFaultyStreamPassesSoTheFaultsAreWhatFails() throws Exception {
        Trio.run(() -> {
            StreamChecks.checkOneWayStream(() -> faulty(EnumSet.noneOf(Fault.class)), null);
            StreamChecks.checkHalfCloseableStream(StreamChecksTest::faultlessPair, null);
        });
    }

    @Test
    void twoWayCheckerCatchesReceiveSomeReturningMoreThanMaxBytes() throws Exception {
        AssertionError e = assertThrows(AssertionError.class, () -> Trio.run(() -> StreamChecks.checkTwoWayStream(
                () -> {
                    OneWayPair<FaultySend, FaultyReceive> aToB = faulty(EnumSet.of(FaultOnlyInTwoWay.IGNORE_MAX));
                    OneWayPair<FaultySend, FaultyReceive> bToA = faulty(EnumSet.noneOf(Fault.class));
                    return new StreamPair<>(new StapledStream(aToB.send(), bToA.receive()),
                            new StapledStream(bToA.send(), aToB.receive()));
                }, null)));
        assertTrue(e.getMessage().startsWith("ST1: receiveSome("), e::toString);
        assertTrue(e.getMessage().contains("duplex transfer"), e::toString);
    }

    @Test
    void twoWayCheckerCatchesABrokenReverseDirection() throws Exception {
        AssertionError e = assertThrows(AssertionError.class, () -> Trio.run(() -> StreamChecks.checkTwoWayStream(
                () -> {
                    OneWayPair<FaultySend, FaultyReceive> aToB = faulty(EnumSet.noneOf(Fault.class));
                    OneWayPair<FaultySend, FaultyReceive> bToA = faulty(EnumSet.of(Fault.SEND_AFTER_CLOSE_OK));
                    return new StreamPair<>(new StapledStream(aToB.send(), bToA.receive()),
                            new StapledStream(bToA.send(), aToB.receive()));
                }, null)));
        assertTrue(e.getMessage().startsWith(Fault.SEND_AFTER_CLOSE_OK.rule), e::toString);
    }

    /** What is wrong with a {@link GuardedHalfClose}, and the rule a checker must name. */
    enum HalfCloseFault {
        NONE(null),
        EOF_NO_CHECKPOINT("ST6: sendEof must be a checkpoint"),
        SEND_AFTER_EOF_OK("ST6: sendAll after sendEof must throw ClosedResourceError"),
        EOF_NOT_IDEMPOTENT("ST6: send_eof: unexpected"),
        EOF_NOT_BUSY("ST2: sendEof while another task is blocked in sendAll must throw BusyResourceError"),
        WAIT_DOES_NOT_BLOCK("ST5: on a clogged stream, waitSendAllMightNotBlock must block until the receiver reads"),
        SENDERS_QUEUE("ST2: two tasks in waitSendAllMightNotBlock at once must make one throw BusyResourceError, "
                + "but neither task threw it"),
        CLOSE_DOES_NOT_WAKE_SENDER("ST3: a task blocked in sendAll must throw ClosedResourceError when another "
                + "task closes the stream, but it stayed blocked");

        final String rule;

        HalfCloseFault(String rule) {
            this.rule = rule;
        }
    }

    @ParameterizedTest
    @EnumSource(HalfCloseFault.class)
    void halfCloseCheckerCatchesEachFault(HalfCloseFault fault) throws Exception {
        TrioCallable<StreamPair<GuardedHalfClose>> clogged = () -> {
            StreamPair<StapledStream> pair = MemoryStreams.lockstepPair();
            return new StreamPair<>(new GuardedHalfClose(pair.a(), fault), new GuardedHalfClose(pair.b(), fault));
        };
        // The faults of sendEof show on the unclogged stream too: guarded faultless halves.
        TrioCallable<StreamPair<GuardedHalfClose>> maker = () -> {
            StreamPair<StapledStream> pair = faultlessPair();
            HalfCloseFault plain = fault.ordinal() <= HalfCloseFault.EOF_NOT_IDEMPOTENT.ordinal()
                    ? fault : HalfCloseFault.NONE;
            return new StreamPair<>(new GuardedHalfClose(pair.a(), plain), new GuardedHalfClose(pair.b(), plain));
        };
        if (fault == HalfCloseFault.NONE) {
            Trio.run(() -> StreamChecks.checkHalfCloseableStream(maker, clogged));
            return;
        }
        AssertionError e = assertThrows(AssertionError.class,
                () -> Trio.run(() -> StreamChecks.checkHalfCloseableStream(maker, clogged)));
        assertTrue(e.getMessage().startsWith(fault.rule), () -> "for " + fault + ": " + e);
    }

    /**
     * A half-closeable stream over a stapled stream, with one conflict check across sendAll,
     * waitSendAllMightNotBlock and sendEof (correct when its fault is NONE; clogged over lockstep
     * halves, since its sendEof closes the send half).
     */
    static final class GuardedHalfClose implements HalfCloseableStream {
        private final StapledStream inner;
        private final HalfCloseFault fault;
        private final Lock queue = new Lock();
        private boolean sending;
        private boolean eofSent;
        private boolean closed;

        GuardedHalfClose(StapledStream inner, HalfCloseFault fault) {
            this.inner = inner;
            this.fault = fault;
        }

        private void enter() {
            if (fault == HalfCloseFault.SENDERS_QUEUE) {
                queue.acquire();
            } else if (sending) {
                throw new BusyResourceError("another task is sending");
            }
            sending = true;
        }

        private void exit() {
            sending = false;
            if (fault == HalfCloseFault.SENDERS_QUEUE) {
                queue.release();
            }
        }

        @Override
        public void sendAll(ByteBuffer data) {
            enter();
            try {
                if (eofSent && fault == HalfCloseFault.SEND_AFTER_EOF_OK) {
                    Trio.checkpoint();
                    data.position(data.limit());
                    return;
                }
                inner.sendAll(data);
            } finally {
                exit();
            }
        }

        @Override
        public void waitSendAllMightNotBlock() {
            enter();
            try {
                if (fault == HalfCloseFault.WAIT_DOES_NOT_BLOCK) {
                    Trio.checkpoint();
                } else {
                    inner.waitSendAllMightNotBlock();
                }
            } finally {
                exit();
            }
        }

        @Override
        public void sendEof() {
            if (eofSent && fault == HalfCloseFault.EOF_NOT_IDEMPOTENT) {
                throw new IllegalStateException("sendEof twice");
            }
            if (fault != HalfCloseFault.EOF_NOT_BUSY) {
                enter();
            }
            try {
                eofSent = true;
                if (fault == HalfCloseFault.EOF_NO_CHECKPOINT) {
                    ((FaultySend) inner.sendStream()).closeWithoutCheckpoint();
                } else {
                    inner.sendEof();
                }
            } finally {
                if (fault != HalfCloseFault.EOF_NOT_BUSY) {
                    exit();
                }
            }
        }

        @Override
        public byte[] receiveSome(int maxBytes) {
            return inner.receiveSome(maxBytes);
        }

        @Override
        public byte[] receiveSome() {
            return inner.receiveSome();
        }

        @Override
        public void close() {
            if (fault == HalfCloseFault.CLOSE_DOES_NOT_WAKE_SENDER && !closed) {
                // Closes its receiving half but leaves a blocked sender where it is.
                closed = true;
                inner.receiveStream().close();
                return;
            }
            closed = true;
            inner.close();
        }
    }

    // ---- the faulty streams ----

    static StreamPair<StapledStream> faultlessPair() {
        OneWayPair<FaultySend, FaultyReceive> aToB = faulty(EnumSet.noneOf(Fault.class));
        OneWayPair<FaultySend, FaultyReceive> bToA = faulty(EnumSet.noneOf(Fault.class));
        return new StreamPair<>(new StapledStream(aToB.send(), bToA.receive()),
                new StapledStream(bToA.send(), aToB.receive()));
    }

    /** Marker for the two-way-only fault. */
    enum FaultOnlyInTwoWay {
        IGNORE_MAX
    }

    static OneWayPair<FaultySend, FaultyReceive> faulty(Set<?> faults) {
        MemoryChannel<byte[]> channel = MemoryChannel.openUnbounded();
        return new OneWayPair<>(new FaultySend(channel.sendChannel(), faults),
                new FaultyReceive(channel.receiveChannel(), faults));
    }

    /** A correct send stream over a memory channel of chunks, unless told to be faulty. */
    static final class FaultySend implements SendStream {
        private final MemorySendChannel<byte[]> tx;
        private final Set<?> faults;
        private boolean busy;
        private boolean closed;

        FaultySend(MemorySendChannel<byte[]> tx, Set<?> faults) {
            this.tx = tx;
            this.faults = faults;
        }

        @Override
        public void sendAll(ByteBuffer data) {
            if (busy) {
                throw new BusyResourceError("another task is sending");
            }
            busy = true;
            try {
                if (!faults.contains(Fault.SEND_NO_CHECKPOINT)) {
                    Trio.checkpoint();
                }
                if (closed) {
                    if (faults.contains(Fault.SEND_AFTER_CLOSE_OK)) {
                        data.position(data.limit());
                        return;
                    }
                    throw new ClosedResourceError("closed");
                }
                byte[] bytes;
                if (faults.contains(Fault.SEND_IGNORES_POSITION)) {
                    bytes = new byte[data.capacity()];
                    data.duplicate().clear().get(bytes);
                } else if (faults.contains(Fault.SEND_DIRECT_UNSUPPORTED) && data.isDirect()) {
                    throw new UnsupportedOperationException("direct buffers");
                } else {
                    bytes = new byte[data.remaining()];
                    data.get(bytes);
                }
                if (bytes.length > 0) {
                    try {
                        tx.sendNowait(bytes);
                    } catch (BrokenResourceError e) {
                        if (!faults.contains(Fault.NEVER_BROKEN)) {
                            throw e;
                        }
                    }
                }
            } finally {
                busy = false;
            }
        }

        @Override
        public void waitSendAllMightNotBlock() {
            if (busy) {
                throw new BusyResourceError("another task is sending");
            }
            Trio.checkpoint();
            if (closed) {
                throw new ClosedResourceError("closed");
            }
        }

        /** Closes without a checkpoint (for a faulty sendEof). */
        void closeWithoutCheckpoint() {
            closed = true;
            tx.close();
        }

        @Override
        public void close() {
            if (faults.contains(Fault.CANCELLED_CLOSE_KEEPS_SENDER_OPEN)) {
                Trio.checkpoint();
            }
            closed = true;
            tx.close();
            Trio.checkpoint();
        }
    }

    /** A correct receive stream over a memory channel of chunks, unless told to be faulty. */
    static final class FaultyReceive implements ReceiveStream {
        private final MemoryReceiveChannel<byte[]> rx;
        private final Set<?> faults;
        private byte[] leftover;
        private boolean busy;
        private boolean closed;

        FaultyReceive(MemoryReceiveChannel<byte[]> rx, Set<?> faults) {
            this.rx = rx;
            this.faults = faults;
        }

        @Override
        public byte[] receiveSome(int maxBytes) {
            if (maxBytes < 1) {
                if (faults.contains(Fault.RECEIVE_NO_ARG_CHECK)) {
                    return new byte[0];
                }
                throw new IllegalArgumentException("maxBytes must be >= 1");
            }
            return receive(maxBytes);
        }

        @Override
        public byte[] receiveSome() {
            return receive(Integer.MAX_VALUE);
        }

        private byte[] receive(int maxBytes) {
            if (busy && !faults.contains(Fault.RECEIVE_NOT_BUSY)) {
                throw new BusyResourceError("another task is receiving");
            }
            busy = true;
            try {
                if (faults.contains(Fault.EOF_TOO_EARLY) && leftover == null) {
                    Trio.checkpoint();
                    return new byte[0];
                }
                if (closed) {
                    if (faults.contains(Fault.RECEIVE_AFTER_CLOSE_EOF)) {
                        Trio.checkpoint();
                        return new byte[0];
                    }
                    throw new ClosedResourceError("closed");
                }
                if (leftover == null) {
                    try {
                        if (faults.contains(Fault.RECEIVE_NO_CHECKPOINT)) {
                            try {
                                leftover = rx.receiveNowait();
                            } catch (WouldBlock empty) {
                                leftover = rx.receive();
                            }
                        } else {
                            leftover = rx.receive();
                        }
                    } catch (EndOfChannel end) {
                        Trio.checkpoint();
                        return new byte[0];
                    } catch (ClosedResourceError closedMeanwhile) {
                        if (faults.contains(Fault.CLOSE_DOES_NOT_WAKE_RECEIVER)) {
                            Trio.sleepForever();
                        }
                        throw closedMeanwhile;
                    }
                } else if (!faults.contains(Fault.RECEIVE_NO_CHECKPOINT)) {
                    Trio.checkpoint();
                }
                int n = faults.contains(FaultOnlyInTwoWay.IGNORE_MAX) ? leftover.length
                        : Math.min(maxBytes, leftover.length);
                byte[] chunk = java.util.Arrays.copyOf(leftover, n);
                leftover = n == leftover.length ? null : java.util.Arrays.copyOfRange(leftover, n, leftover.length);
                return chunk;
            } finally {
                busy = false;
            }
        }

        @Override
        public void close() {
            if (closed && faults.contains(Fault.CLOSE_NOT_IDEMPOTENT)) {
                throw new IllegalStateException("closed twice");
            }
            closed = true;
            rx.close();
            if (!faults.contains(Fault.CLOSE_NOT_CHECKPOINT)) {
                Trio.checkpoint();
            }
        }
    }
}
