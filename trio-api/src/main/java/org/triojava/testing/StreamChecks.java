package org.triojava.testing;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.triojava.BrokenResourceError;
import org.triojava.BusyResourceError;
import org.triojava.CancelScope;
import org.triojava.Cancelled;
import org.triojava.ClosedResourceError;
import org.triojava.NurseryBody;
import org.triojava.ThrowableGroup;
import org.triojava.Trio;
import org.triojava.TrioCallable;
import org.triojava.TrioRunnable;
import org.triojava.abc.AsyncResource;
import org.triojava.abc.HalfCloseableStream;
import org.triojava.abc.ReceiveStream;
import org.triojava.abc.SendStream;
import org.triojava.abc.Stream;
import org.triojava.internal.Checks;
import org.triojava.internal.Runtimes;
import org.triojava.stream.AsyncResources;

/**
 * Conformance suites for stream implementations (Trio's {@code check_one_way_stream},
 * {@code check_two_way_stream} and {@code check_half_closeable_stream}): they exercise a stream
 * made fresh by a maker for each group of checks, and throw {@link AssertionError} naming the
 * violated rule of the stream contract (ST1–ST8, see {@link SendStream}, {@link ReceiveStream},
 * {@link HalfCloseableStream}) at the first violation. Call them from inside {@code Trio.run}:
 *
 * <pre>{@code
 * Trio.run(() -> StreamChecks.checkHalfCloseableStream(
 *         () -> new StreamPair<>(connectMyStream(), acceptMyStream()),
 *         null));
 * }</pre>
 *
 * <p>A <em>clogged</em> maker (optional: {@code null} skips those checks) makes streams whose
 * {@code sendAll} and {@code waitSendAllMightNotBlock} block until the receiver calls
 * {@code receiveSome} — for example with the send buffers already full, or a
 * {@link MemoryStreams#lockstepOneWayPair() lockstep} stream; with it the checks also cover
 * {@code waitSendAllMightNotBlock} (ST5), concurrent senders (ST2) and closing a stream under a
 * blocked sender (ST3).
 *
 * <p>Python checks that have no Java meaning (non-integer {@code max_bytes}) are left out; the
 * checks of {@code bytes}, {@code bytearray} and {@code memoryview} become checks of
 * {@code byte[]}, heap, read-only and direct {@link ByteBuffer}s whose position and limit must
 * be honoured. Every stream the checks make is closed with
 * {@link AsyncResources#closeForcefully} at the end of its group.
 */
public final class StreamChecks {
    /** Sends of 100 bytes tried before giving up on a sender that never notices its peer closed. */
    private static final int MAX_SENDS_UNTIL_BROKEN = 100_000;
    private static final int DUPLEX_TEST_SIZE = 1 << 20;
    private static final int CHUNK_SIZE_MAX = 1 << 14;
    private static final byte[] HUNDRED = "x".repeat(100).getBytes(StandardCharsets.US_ASCII);

    private StreamChecks() {
    }

    /**
     * Checks a one-way stream (Trio's {@code check_one_way_stream}): checkpoints and argument
     * rules (ST1), concurrent use (ST2), local close (ST3, also inside a cancelled scope and under
     * a blocked task), peer close (ST4, also by iterating the receive stream to its end),
     * {@code waitSendAllMightNotBlock} (ST5), forceful close (ST8), and that a cancelled operation
     * leaves the stream closable.
     *
     * @param maker makes a fresh connected pair each time it is called
     * @param cloggedMaker makes a fresh pair whose sender blocks until the receiver reads, or
     *     {@code null} to skip the checks that need one
     * @throws AssertionError naming the rule, if the stream breaks one
     */
    public static void checkOneWayStream(TrioCallable<? extends OneWayPair<?, ?>> maker,
            TrioCallable<? extends OneWayPair<?, ?>> cloggedMaker) throws Exception {
        requireMaker(maker, "StreamChecks.checkOneWayStream");
        basicChecks(maker);
        closeChecks(maker);
        if (cloggedMaker != null) {
            cloggedChecks(cloggedMaker);
        }
    }

    /**
     * Checks a bidirectional stream (Trio's {@code check_two_way_stream}): everything
     * {@link #checkOneWayStream} checks, in both directions, then a duplex transfer of 1 MiB of
     * random data each way at once in random chunk sizes, then that closing one end gives the
     * other the end of the stream.
     *
     * @param maker makes a fresh connected pair each time it is called
     * @param cloggedMaker makes a fresh pair whose senders block until their peer reads, or
     *     {@code null}
     * @throws AssertionError naming the rule, if the stream breaks one
     */
    public static void checkTwoWayStream(TrioCallable<? extends StreamPair<?>> maker,
            TrioCallable<? extends StreamPair<?>> cloggedMaker) throws Exception {
        requireMaker(maker, "StreamChecks.checkTwoWayStream");
        checkOneWayStream(forward(maker), cloggedMaker == null ? null : forward(cloggedMaker));
        checkOneWayStream(backward(maker), cloggedMaker == null ? null : backward(cloggedMaker));
        withBoth(maker, pair -> duplexChecks(pair.a(), pair.b()));
    }

    /**
     * Checks a half-closeable stream (Trio's {@code check_half_closeable_stream}): everything
     * {@link #checkTwoWayStream} checks, then the half-close rules (ST6): {@code sendEof} is a
     * checkpoint and idempotent, the peer reads the data then the end of the stream, sending
     * afterwards throws {@link ClosedResourceError}, the other direction keeps working; and with a
     * clogged maker, that {@code sendEof} beside a blocked {@code sendAll} or
     * {@code waitSendAllMightNotBlock} throws {@link BusyResourceError} (ST2).
     *
     * @param maker makes a fresh connected pair each time it is called
     * @param cloggedMaker makes a fresh pair whose senders block until their peer reads, or
     *     {@code null}
     * @throws AssertionError naming the rule, if the stream breaks one
     */
    public static void checkHalfCloseableStream(TrioCallable<? extends StreamPair<? extends HalfCloseableStream>> maker,
            TrioCallable<? extends StreamPair<? extends HalfCloseableStream>> cloggedMaker) throws Exception {
        requireMaker(maker, "StreamChecks.checkHalfCloseableStream");
        checkTwoWayStream(maker, cloggedMaker);
        withBoth(maker, pair -> {
            HalfCloseableStream s1 = pair.a();
            HalfCloseableStream s2 = pair.b();
            step("ST6: send_eof", () -> {
                nursery(n -> {
                    n.startSoon(() -> sendXThenEof(s1));
                    n.startSoon(() -> expectXThenEof(s2));
                });
                expectRaises(ClosedResourceError.class, "ST6: sendAll after sendEof must throw ClosedResourceError",
                        () -> s1.sendAll(bytes("y")));
                checkpointed("ST6: a second sendEof (idempotent)", s1::sendEof);
                nursery(n -> {
                    n.startSoon(() -> sendXThenEof(s2));
                    n.startSoon(() -> expectXThenEof(s1));
                });
            });
        });
        if (cloggedMaker != null) {
            withBoth(cloggedMaker, pair -> step("ST2: sendEof beside a blocked sendAll", () -> {
                HalfCloseableStream s1 = pair.a();
                expectBusy("ST2: sendEof while another task is blocked in sendAll must throw BusyResourceError",
                        () -> s1.sendAll(bytes("x")), s1::sendEof);
            }));
            withBoth(cloggedMaker, pair -> step("ST2: sendEof beside a blocked waitSendAllMightNotBlock", () -> {
                HalfCloseableStream s1 = pair.a();
                expectBusy("ST2: sendEof while another task is blocked in waitSendAllMightNotBlock must throw "
                        + "BusyResourceError", s1::waitSendAllMightNotBlock, s1::sendEof);
            }));
        }
    }

    // ---- the one-way checks ----

    private static void basicChecks(TrioCallable<? extends OneWayPair<?, ?>> maker) throws Exception {
        withOneWay(maker, (s, r) -> {
            step("ST1: simple send and receive", () -> {
                nursery(n -> {
                    n.startSoon(() -> doSendAll(s, bytes("x")));
                    n.startSoon(() -> checkedReceive1(r, "x"));
                });
                // An empty send has no special meaning, and is still a checkpoint.
                nursery(n -> {
                    n.startSoon(() -> {
                        doSendAll(s, new byte[0]);
                        doSendAll(s, bytes("y"));
                    });
                    n.startSoon(() -> checkedReceive1(r, "y"));
                });
            });
            step("ST1: sendAll(ByteBuffer) sends exactly the bytes between position and limit", () -> {
                ByteBuffer heap = ByteBuffer.wrap(bytes("ab1cd"), 2, 1);
                sendAndReceive1(s, r, heap, "1", "a heap buffer with position 2 and limit 3");
                ByteBuffer readOnly = ByteBuffer.wrap(bytes("ab2cd")).position(2).limit(3).asReadOnlyBuffer();
                sendAndReceive1(s, r, readOnly, "2", "a read-only heap buffer");
                ByteBuffer direct = ByteBuffer.allocateDirect(5).put(bytes("ab3cd")).position(2).limit(3);
                sendAndReceive1(s, r, direct, "3", "a direct buffer");
            });
            step("ST1: receiveSome argument checks", () -> {
                expectRaises(IllegalArgumentException.class,
                        "ST1: receiveSome(-1) must throw IllegalArgumentException", () -> r.receiveSome(-1));
                expectRaises(IllegalArgumentException.class,
                        "ST1: receiveSome(0) must throw IllegalArgumentException", () -> r.receiveSome(0));
                nursery(n -> {
                    n.startSoon(() -> doSendAll(s, bytes("x")));
                    byte[] got = checkpointedCall("ST1: receiveSome()", () -> r.receiveSome());
                    assertBytes("ST1: receiveSome() after sending \"x\"", "x", got);
                });
            });
            step("ST2: two tasks in receiveSome at once", () -> expectBusy(
                    "ST2: two tasks in receiveSome at once must make one throw BusyResourceError",
                    () -> doReceiveSome(r, 1), () -> doReceiveSome(r, 1)));
            step("ST5: waitSendAllMightNotBlock with a receiver waiting", () -> nursery(n -> {
                // A stream need not buffer, so a receiver waits meanwhile; then we cancel it.
                n.startSoon(() -> {
                    checkpointed("ST5: waitSendAllMightNotBlock", s::waitSendAllMightNotBlock);
                    n.cancelScope().cancel();
                });
                n.startSoon(() -> doReceiveSome(r, 1));
            }));
            step("ST4: closing the receiver breaks the sender", () -> {
                nursery(n -> {
                    n.startSoon(() -> sendUntilBroken(s));
                    n.startSoon(() -> doClose("ST3: close() of the receive stream", r));
                });
                expectRaises(BrokenResourceError.class,
                        "ST4: once broken, the sender must stay broken (BrokenResourceError)",
                        () -> doSendAll(s, HUNDRED));
            });
            step("ST3: closing the receive stream", () -> {
                expectRaises(ClosedResourceError.class,
                        "ST3: receiveSome after close() must throw ClosedResourceError", () -> doReceiveSome(r, 4096));
                doClose("ST3: close() of a closed receive stream (idempotent)", r);
                doClose("ST3: close() of a closed receive stream (idempotent)", r);
            });
            step("ST3: closing the send stream", () -> {
                doClose("ST3: close() of the send stream", s);
                expectRaises(ClosedResourceError.class,
                        "ST3: sendAll after close() must throw ClosedResourceError", () -> doSendAll(s, HUNDRED));
                expectRaises(ClosedResourceError.class,
                        "ST3: an empty sendAll after close() must throw ClosedResourceError",
                        () -> doSendAll(s, new byte[0]));
                expectRaises(ClosedResourceError.class,
                        "ST3: waitSendAllMightNotBlock after close() must throw ClosedResourceError",
                        () -> checkpointed("ST3: waitSendAllMightNotBlock", s::waitSendAllMightNotBlock));
                doClose("ST3: close() of a closed send stream (idempotent)", s);
                doClose("ST3: close() of a closed send stream (idempotent)", s);
            });
        });
    }

    private static void closeChecks(TrioCallable<? extends OneWayPair<?, ?>> maker) throws Exception {
        withOneWay(maker, (s, r) -> step("ST4: send then graceful close", () -> nursery(n -> {
            n.startSoon(() -> {
                doSendAll(s, bytes("y"));
                doClose("ST3: close() of the send stream", s);
            });
            n.startSoon(() -> {
                // Let the sender get as far as it can before we read anything.
                Testing.waitAllTasksBlocked();
                checkedReceive1(r, "y");
                checkedReceive1(r, "");
                doClose("ST3: close() of the receive stream", r);
            });
        })));
        withOneWay(maker, (s, r) -> step("ST4: iterating yields the data, then stops at the end of the stream",
                () -> {
                    ByteArrayOutputStream got = new ByteArrayOutputStream();
                    nursery(n -> {
                        n.startSoon(() -> {
                            s.sendAll(bytes("abc"));
                            s.close();
                        });
                        for (byte[] chunk : r) {
                            if (chunk == null || chunk.length == 0) {
                                throw new AssertionError("ST1: iterating a receive stream must not yield empty chunks");
                            }
                            got.writeBytes(chunk);
                        }
                    });
                    assertBytes("ST4: iterating the receive stream after the sender sent \"abc\" and closed",
                            "abc", got.toByteArray());
                }));
        withOneWay(maker, (s, r) -> step("ST8: forceful close of the receiver", () -> {
            AsyncResources.closeForcefully(r);
            sendUntilBroken(s);
            expectRaises(ClosedResourceError.class,
                    "ST3: receiveSome after closeForcefully must throw ClosedResourceError",
                    () -> doReceiveSome(r, 4096));
        }));
        withOneWay(maker, (s, r) -> step("ST8: forceful close of the sender", () -> {
            AsyncResources.closeForcefully(s);
            expectRaises(ClosedResourceError.class,
                    "ST3: sendAll after closeForcefully must throw ClosedResourceError",
                    () -> doSendAll(s, bytes("123")));
            // The receiver may see a clean end of stream or a broken one, but nothing else.
            try {
                checkedReceive1(r, "");
            } catch (BrokenResourceError acceptable) {
                // fine
            }
        }));
        withOneWay(maker, (s, r) -> step("ST3: close() inside a cancelled scope still closes", () -> {
            closeCancelled(r);
            closeCancelled(s);
            expectRaises(ClosedResourceError.class,
                    "ST3: sendAll after a cancelled close() must throw ClosedResourceError",
                    () -> doSendAll(s, bytes("123")));
            expectRaises(ClosedResourceError.class,
                    "ST3: receiveSome after a cancelled close() must throw ClosedResourceError",
                    () -> doReceiveSome(r, 4096));
        }));
        withOneWay(maker, (s, r) -> step("ST3: graceful close after cancelled operations", () -> {
            CancelScope scope = new CancelScope();
            scope.run(() -> {
                scope.cancel();
                nursery(n -> {
                    n.startSoon(() -> expectRaises(Cancelled.class,
                            "a sendAll in a cancelled scope must throw Cancelled", () -> doSendAll(s, bytes("x"))));
                    n.startSoon(() -> expectRaises(Cancelled.class,
                            "a receiveSome in a cancelled scope must throw Cancelled", () -> doReceiveSome(r, 1)));
                });
            });
            nursery(n -> {
                n.startSoon(() -> doClose("ST3: close() of the send stream", s));
                n.startSoon(() -> doClose("ST3: close() of the receive stream", r));
            });
        }));
        withOneWay(maker, (s, r) -> step("ST3: closing wakes a blocked receiveSome", () -> expectWokenByClose(
                "ST3: a task blocked in receiveSome must throw ClosedResourceError when another task closes the "
                        + "stream", r, () -> r.receiveSome(10))));
    }

    private static void cloggedChecks(TrioCallable<? extends OneWayPair<?, ?>> cloggedMaker) throws Exception {
        withOneWay(cloggedMaker, (s, r) -> step("ST5: waitSendAllMightNotBlock on a clogged stream", () -> {
            List<String> record = new ArrayList<>();
            nursery(n -> {
                n.startSoon(() -> {
                    record.add("waiter sleeping");
                    checkpointed("ST5: waitSendAllMightNotBlock", s::waitSendAllMightNotBlock);
                    record.add("waiter wokeup");
                    n.cancelScope().cancel();
                });
                Testing.waitAllTasksBlocked();
                n.startSoon(() -> {
                    // Give waitSendAllMightNotBlock a chance to block.
                    Testing.waitAllTasksBlocked();
                    record.add("receiver starting");
                    while (true) {
                        r.receiveSome(16834);
                    }
                });
            });
            List<String> expected = List.of("waiter sleeping", "receiver starting", "waiter wokeup");
            if (!record.equals(expected)) {
                throw new AssertionError("ST5: on a clogged stream, waitSendAllMightNotBlock must block until the "
                        + "receiver reads; expected " + expected + ", got " + record);
            }
        }));
        withOneWay(cloggedMaker, (s, r) -> step("ST2: concurrent senders on a clogged stream", () -> {
            expectBusy("ST2: two tasks in waitSendAllMightNotBlock at once must make one throw BusyResourceError",
                    s::waitSendAllMightNotBlock, s::waitSendAllMightNotBlock);
            expectBusy("ST2: waitSendAllMightNotBlock and sendAll at once must make one throw BusyResourceError",
                    s::waitSendAllMightNotBlock, () -> s.sendAll(bytes("123")));
        }));
        withOneWay(cloggedMaker, (s, r) -> step("ST2: two senders on a clogged stream", () -> expectBusy(
                "ST2: two tasks in sendAll at once must make one throw BusyResourceError",
                () -> s.sendAll(bytes("123")), () -> s.sendAll(bytes("123")))));
        withOneWay(cloggedMaker, (s, r) -> step("ST5: closing the receiver wakes waitSendAllMightNotBlock",
                () -> nursery(n -> {
                    n.startSoon(() -> {
                        try {
                            checkpointed("ST5: waitSendAllMightNotBlock", s::waitSendAllMightNotBlock);
                        } catch (BrokenResourceError acceptable) {
                            // fine
                        }
                    });
                    n.startSoon(() -> {
                        Testing.waitAllTasksBlocked();
                        AsyncResources.closeForcefully(r);
                    });
                })));
        withOneWay(cloggedMaker, (s, r) -> step("ST5: waitSendAllMightNotBlock after the receiver closed", () -> {
            AsyncResources.closeForcefully(r);
            try {
                checkpointed("ST5: waitSendAllMightNotBlock", s::waitSendAllMightNotBlock);
            } catch (BrokenResourceError acceptable) {
                // fine
            }
        }));
        withOneWay(cloggedMaker, (s, r) -> step("ST3: closing wakes a blocked sendAll", () -> expectWokenByClose(
                "ST3: a task blocked in sendAll must throw ClosedResourceError when another task closes the stream",
                s, () -> s.sendAll(bytes("xyzzy")))));
        withOneWay(cloggedMaker, (s, r) -> step("ST3: closing wakes a blocked waitSendAllMightNotBlock",
                () -> expectWokenByClose("ST3: a task blocked in waitSendAllMightNotBlock must throw "
                        + "ClosedResourceError when another task closes the stream", s, s::waitSendAllMightNotBlock)));
    }

    // ---- the two-way and half-close checks ----

    private static void duplexChecks(Stream s1, Stream s2) throws Exception {
        step("ST1: duplex transfer of 1 MiB each way at once", () -> {
            byte[] testData = new byte[DUPLEX_TEST_SIZE];
            new Random(0).nextBytes(testData);
            byte[] reversed = new byte[DUPLEX_TEST_SIZE];
            for (int i = 0; i < DUPLEX_TEST_SIZE; i++) {
                reversed[i] = testData[DUPLEX_TEST_SIZE - 1 - i];
            }
            nursery(n -> {
                n.startSoon(() -> duplexSender(s1, testData, 0));
                n.startSoon(() -> duplexSender(s2, reversed, 1));
                n.startSoon(() -> duplexReceiver(s1, reversed, 2, "second to first"));
                n.startSoon(() -> duplexReceiver(s2, testData, 3, "first to second"));
            });
        });
        step("ST4: closing one end gives the other the end of the stream", () -> nursery(n -> {
            n.startSoon(() -> {
                assertBytes("ST4: receiveSome(10) after the peer closed", "", s2.receiveSome(10));
                s2.close();
            });
            n.startSoon(s1::close);
        }));
    }

    private static void duplexSender(SendStream s, byte[] data, long seed) {
        Random random = new Random(seed);
        int offset = 0;
        while (offset < data.length) {
            int chunk = Math.min(1 + random.nextInt(CHUNK_SIZE_MAX), data.length - offset);
            ByteBuffer buffer = ByteBuffer.wrap(data, offset, chunk);
            s.sendAll(buffer);
            if (buffer.hasRemaining()) {
                throw new AssertionError("ST1: sendAll must leave the buffer's position at its limit");
            }
            offset += chunk;
        }
    }

    private static void duplexReceiver(ReceiveStream r, byte[] expected, long seed, String direction) {
        Random random = new Random(seed);
        byte[] got = new byte[expected.length];
        int length = 0;
        while (length < expected.length) {
            int max = 1 + random.nextInt(CHUNK_SIZE_MAX);
            byte[] chunk = r.receiveSome(max);
            if (chunk == null || chunk.length == 0) {
                throw new AssertionError("ST1: the duplex transfer " + direction + " ended after " + length
                        + " of " + expected.length + " bytes");
            }
            if (chunk.length > max || chunk.length > expected.length - length) {
                throw new AssertionError("ST1: receiveSome(" + max + ") returned " + chunk.length
                        + " bytes in the duplex transfer " + direction + " (" + length + " of "
                        + expected.length + " bytes received before)");
            }
            System.arraycopy(chunk, 0, got, length, chunk.length);
            length += chunk.length;
        }
        if (!Arrays.equals(got, expected)) {
            throw new AssertionError("ST1: the duplex transfer " + direction + " delivered other bytes than were sent");
        }
    }

    private static void sendXThenEof(HalfCloseableStream s) throws Exception {
        s.sendAll(bytes("x"));
        checkpointed("ST6: sendEof", s::sendEof);
    }

    private static void expectXThenEof(ReceiveStream r) {
        Testing.waitAllTasksBlocked();
        assertBytes("ST6: receiveSome(10) after the peer sent \"x\" and sendEof", "x", r.receiveSome(10));
        assertBytes("ST6: receiveSome(10) after the peer's sendEof", "", r.receiveSome(10));
    }

    // ---- helpers ----

    /** The body of a group of checks on one fresh one-way pair. */
    @FunctionalInterface
    private interface OneWayBody {
        void accept(SendStream s, ReceiveStream r) throws Exception;
    }

    /** The body of a group of checks on one fresh two-way pair. */
    @FunctionalInterface
    private interface PairBody<S extends Stream> {
        void accept(StreamPair<S> pair) throws Exception;
    }

    /** The checks run streams through a Trio run's tasks: outside one, say so before blaming the stream. */
    private static void requireMaker(Object maker, String operation) {
        if (maker == null) {
            throw new NullPointerException("maker must not be null");
        }
        Runtimes.kernel(operation);
    }

    private static TrioCallable<OneWayPair<?, ?>> forward(TrioCallable<? extends StreamPair<?>> maker) {
        return () -> {
            StreamPair<?> pair = made(maker);
            return new OneWayPair<>(pair.a(), pair.b());
        };
    }

    private static TrioCallable<OneWayPair<?, ?>> backward(TrioCallable<? extends StreamPair<?>> maker) {
        return () -> {
            StreamPair<?> pair = made(maker);
            return new OneWayPair<>(pair.b(), pair.a());
        };
    }

    private static <P> P made(TrioCallable<? extends P> maker) throws Exception {
        P pair = maker.call();
        if (pair == null) {
            throw new AssertionError("the stream maker returned null");
        }
        return pair;
    }

    private static void withOneWay(TrioCallable<? extends OneWayPair<?, ?>> maker, OneWayBody body) throws Exception {
        OneWayPair<?, ?> pair = made(maker);
        forceCloseBoth(pair.send(), pair.receive(), () -> body.accept(pair.send(), pair.receive()));
    }

    private static <S extends Stream> void withBoth(TrioCallable<? extends StreamPair<? extends S>> maker,
            PairBody<S> body) throws Exception {
        StreamPair<? extends S> made = made(maker);
        StreamPair<S> pair = new StreamPair<>(made.a(), made.b());
        forceCloseBoth(pair.a(), pair.b(), () -> body.accept(pair));
    }

    /** Runs {@code body}, then closes both forcefully, the second even if closing the first fails. */
    private static void forceCloseBoth(AsyncResource first, AsyncResource second, TrioRunnable body) throws Exception {
        Throwable failure = null;
        try {
            body.run();
        } catch (Throwable t) {
            failure = t;
        }
        for (AsyncResource resource : List.of(first, second)) {
            try {
                AsyncResources.closeForcefully(resource);
            } catch (Throwable t) {
                if (failure != null) {
                    failure.addSuppressed(t);
                } else if (isCancellation(t)) {
                    failure = t;
                } else {
                    failure = new AssertionError("ST8: closeForcefully must close quietly, but it threw " + t, t);
                }
            }
        }
        if (failure != null) {
            throw Checks.<Exception>sneaky(failure);
        }
    }

    /**
     * Runs one group of checks; anything unexpected it throws (not an {@link AssertionError}, not
     * a {@link Cancelled} from outside) becomes an {@link AssertionError} naming the group.
     */
    private static void step(String name, TrioRunnable body) throws Exception {
        try {
            body.run();
        } catch (Throwable t) {
            if (t instanceof AssertionError || isCancellation(t)) {
                throw t;
            }
            throw new AssertionError(name + ": unexpected " + t, t);
        }
    }

    /**
     * Opens a nursery; if a task failed an assertion, that {@link AssertionError} comes out
     * instead of the group, so the report names the rule.
     */
    private static void nursery(NurseryBody body) throws Exception {
        try {
            Trio.openNursery(body);
        } catch (Throwable t) {
            if (t instanceof ThrowableGroup group) {
                Optional<Throwable> failed = group.leaves().filter(e -> e instanceof AssertionError).findFirst();
                if (failed.isPresent()) {
                    throw (AssertionError) failed.get();
                }
            }
            throw t;
        }
    }

    /**
     * Runs {@code body} and requires it to throw {@code type}, bare or as the only kind of member
     * of a nursery's group; fails with {@code rule} otherwise.
     */
    private static void expectRaises(Class<? extends Throwable> type, String rule, TrioRunnable body) throws Exception {
        try {
            body.run();
        } catch (Throwable t) {
            if (type.isInstance(t) || t instanceof ThrowableGroup group
                    && group.leaves().findAny().isPresent() && group.leaves().allMatch(type::isInstance)) {
                return;
            }
            if (t instanceof AssertionError || isCancellation(t)) {
                throw t;
            }
            throw new AssertionError(rule + ", but it threw " + t, t);
        }
        throw new AssertionError(rule + ", but nothing was thrown");
    }

    /** A {@link Cancelled}, or a group of nothing else: on its way to the scope that was cancelled. */
    private static boolean isCancellation(Throwable t) {
        return t instanceof Cancelled || t instanceof ThrowableGroup group
                && group.leaves().findAny().isPresent() && group.leaves().allMatch(Cancelled.class::isInstance);
    }

    /** Runs {@code body} and requires it to execute a checkpoint if it returns normally. */
    private static void checkpointed(String what, TrioRunnable body) throws Exception {
        checkpointedCall(what, () -> {
            body.run();
            return null;
        });
    }

    private static <T> T checkpointedCall(String what, TrioCallable<T> body) throws Exception {
        List<T> result = new ArrayList<>(1);
        boolean[] returned = {false};
        try {
            Testing.assertCheckpoints(() -> {
                result.add(body.call());
                returned[0] = true;
            });
        } catch (AssertionError e) {
            if (returned[0]) {
                throw new AssertionError(what + " must be a checkpoint (schedule point and cancel point), "
                        + "but it returned without one");
            }
            throw e;
        }
        return result.get(0);
    }

    private static void doSendAll(SendStream s, byte[] data) throws Exception {
        checkpointed("ST1: sendAll", () -> s.sendAll(data));
    }

    private static byte[] doReceiveSome(ReceiveStream r, int maxBytes) throws Exception {
        byte[] got = checkpointedCall("ST1: receiveSome", () -> r.receiveSome(maxBytes));
        if (got == null || got.length > maxBytes) {
            throw new AssertionError("ST1: receiveSome(" + maxBytes + ") must return between 0 and " + maxBytes
                    + " bytes, but returned " + (got == null ? "null" : got.length + " bytes"));
        }
        return got;
    }

    private static void checkedReceive1(ReceiveStream r, String expected) throws Exception {
        assertBytes("ST1: receiveSome(1)", expected, doReceiveSome(r, 1));
    }

    private static void doClose(String what, AsyncResource resource) throws Exception {
        checkpointed(what, resource::close);
    }

    private static void sendAndReceive1(SendStream s, ReceiveStream r, ByteBuffer buffer, String expected,
            String kind) throws Exception {
        nursery(n -> {
            n.startSoon(() -> {
                checkpointed("ST1: sendAll of " + kind, () -> s.sendAll(buffer));
                if (buffer.position() != 3 || buffer.limit() != 3) {
                    throw new AssertionError("ST1: sendAll of " + kind + " must move its position to its limit "
                            + "(3) and keep its limit, but left position " + buffer.position() + ", limit "
                            + buffer.limit());
                }
            });
            n.startSoon(() -> assertBytes("ST1: receiveSome(1) after sendAll of " + kind, expected,
                    doReceiveSome(r, 1)));
        });
    }

    private static void sendUntilBroken(SendStream s) throws Exception {
        expectRaises(BrokenResourceError.class, "ST4: after the receiver is closed, sendAll must eventually throw "
                + "BrokenResourceError", () -> {
                    for (int i = 0; i < MAX_SENDS_UNTIL_BROKEN; i++) {
                        doSendAll(s, HUNDRED);
                    }
                });
    }

    private static void closeCancelled(AsyncResource resource) throws Exception {
        CancelScope scope = new CancelScope();
        scope.run(() -> {
            scope.cancel();
            resource.close();
        });
    }

    /**
     * Runs {@code first} and {@code second} in two tasks and requires one of them to throw
     * {@link BusyResourceError}; fails instead of hanging if both block (or both return).
     */
    private static void expectBusy(String rule, TrioRunnable first, TrioRunnable second) throws Exception {
        expectRaises(BusyResourceError.class, rule, () -> nursery(n -> {
            n.startSoon(first);
            Testing.waitAllTasksBlocked();
            n.startSoon(second);
            Testing.waitAllTasksBlocked();
            throw new AssertionError(rule + ", but neither task threw it");
        }));
    }

    /**
     * Runs {@code blocked} in a task until it blocks, closes {@code resource} forcefully from
     * another, and requires the first to throw {@link ClosedResourceError} (rather than stay blocked).
     */
    private static void expectWokenByClose(String rule, AsyncResource resource, TrioRunnable blocked)
            throws Exception {
        boolean[] finished = {false};
        nursery(n -> {
            n.startSoon(() -> {
                expectRaises(ClosedResourceError.class, rule, blocked);
                finished[0] = true;
            });
            Testing.waitAllTasksBlocked();
            AsyncResources.closeForcefully(resource);
            Testing.waitAllTasksBlocked();
            if (!finished[0]) {
                throw new AssertionError(rule + ", but it stayed blocked");
            }
        });
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static void assertBytes(String what, String expected, byte[] got) {
        byte[] want = bytes(expected);
        if (got == null || !Arrays.equals(want, got)) {
            throw new AssertionError(what + " must return " + show(want) + ", but returned "
                    + (got == null ? "null" : show(got)));
        }
    }

    private static String show(byte[] data) {
        if (data.length > 40) {
            return data.length + " bytes";
        }
        StringBuilder sb = new StringBuilder("b\"");
        for (byte value : data) {
            if (value >= 32 && value < 127 && value != '"' && value != '\\') {
                sb.append((char) value);
            } else {
                sb.append(String.format("\\x%02x", value & 0xff));
            }
        }
        return sb.append('"').toString();
    }
}
