package org.triojava.channel;

import java.util.ArrayList;
import java.util.List;
import org.triojava.BrokenResourceError;
import org.triojava.CancelScope;
import org.triojava.Cancelled;
import org.triojava.KeyboardInterrupt;
import org.triojava.ThrowableGroup;
import org.triojava.Trio;
import org.triojava.abc.ReceiveChannel;
import org.triojava.internal.Checks;
import org.triojava.sync.Semaphore;

/**
 * A channel for sending objects between tasks of one run (Trio's {@code open_memory_channel}):
 * a send side and a receive side, each of which can be cloned and closed separately.
 *
 * <pre>{@code
 * MemoryChannel<String> channel = MemoryChannel.open(0);
 * Trio.openNursery(nursery -> {
 *     nursery.startSoon(() -> {
 *         try (var send = channel.sendChannel()) {
 *             send.send("hello");
 *         }
 *     });
 *     try (var receive = channel.receiveChannel()) {
 *         for (String message : receive) {
 *             System.out.println(message);
 *         }
 *     }
 * });
 * }</pre>
 *
 * @param sendChannel the first send handle
 * @param receiveChannel the first receive handle
 * @param <T> the type of the values
 */
public record MemoryChannel<T>(MemorySendChannel<T> sendChannel, MemoryReceiveChannel<T> receiveChannel) {

    /**
     * Opens a channel buffering up to {@code maxBufferSize} values; 0 makes every send wait for a
     * receiver (a rendezvous).
     *
     * @throws IllegalArgumentException if {@code maxBufferSize} is negative
     */
    public static <T> MemoryChannel<T> open(int maxBufferSize) {
        if (maxBufferSize < 0) {
            throw new IllegalArgumentException("max buffer size must be >= 0, got " + maxBufferSize);
        }
        return create(maxBufferSize);
    }

    /** Opens a channel whose buffer is unbounded: sends never wait. */
    public static <T> MemoryChannel<T> openUnbounded() {
        return create(Double.POSITIVE_INFINITY);
    }

    private static <T> MemoryChannel<T> create(double maxBufferSize) {
        MemoryChannelState<T> state = new MemoryChannelState<>(maxBufferSize);
        return new MemoryChannel<>(new MemorySendChannel<>(state), new MemoryReceiveChannel<>(state));
    }

    /**
     * Runs {@code producer} in a background task feeding a channel that {@code body} reads, and
     * returns the body's value (Trio's {@code as_safe_channel}). The producer only advances when
     * the consumer asks for the next value; when the body ends or closes the channel, the
     * producer is cancelled and cleaned up. A single error (from either side) propagates
     * unwrapped; errors from both come out as a group.
     */
    public static <T, R> R asSafeChannel(Producer<T> producer, ChannelBody<T, R> body) throws Exception {
        Checks.notNull(producer, "producer");
        Checks.notNull(body, "body");
        MemoryChannel<T> channel = open(0);
        Semaphore requests = new Semaphore(0);
        List<R> result = new ArrayList<>(1);
        try {
            Trio.openNursery(true, nursery -> {
                nursery.start(status -> {
                    try (MemorySendChannel<T> send = channel.sendChannel()) {
                        CancelScope producing = new CancelScope();
                        status.started();
                        producing.run(() -> {
                            awaitRequest(requests, send, producing);
                            producer.produce(value -> {
                                try {
                                    send.send(value);
                                } catch (BrokenResourceError consumerLeft) {
                                    // the consumer closed the channel, which also released a request:
                                    // awaitRequest returns at once and stops the producer
                                }
                                awaitRequest(requests, send, producing);
                            });
                        });
                    }
                });
                try (SafeReceiveChannel<T> wrapped = new SafeReceiveChannel<>(channel.receiveChannel(), requests)) {
                    result.add(body.apply(wrapped));
                }
                nursery.cancelScope().cancel("exited the asSafeChannel block");
            });
        } catch (Throwable t) {
            throw Checks.<Exception>sneaky(singleOrGroup(ThrowableGroup.rethrowUnlessGroup(t)));
        }
        return result.get(0);
    }

    private static void awaitRequest(Semaphore requests, MemorySendChannel<?> send, CancelScope producing) {
        requests.acquire();
        if (!send.hasReceivers()) {
            stop(producing);
        }
    }

    /** Ends the producer cleanly: its own scope is cancelled and catches the resulting {@link Cancelled}. */
    private static void stop(CancelScope producing) {
        producing.cancel("the consumer closed the channel");
        Trio.checkpoint();
    }

    /** Trio's {@code raise_single_exception_from_group}: one real error comes out alone. */
    private static Throwable singleOrGroup(ThrowableGroup group) {
        Throwable cancelled = null;
        Throwable single = null;
        for (Throwable member : group.exceptions()) {
            if (member instanceof KeyboardInterrupt) {
                return member;
            }
        }
        for (Throwable member : group.exceptions()) {
            if (member instanceof Cancelled) {
                cancelled = cancelled == null ? member : cancelled;
            } else if (single == null) {
                single = member;
            } else {
                return group.asThrowable();
            }
        }
        return single != null ? single : cancelled;
    }

    /**
     * The producer of {@link #asSafeChannel}: emits values one at a time.
     *
     * @param <T> the type of the values
     */
    @FunctionalInterface
    public interface Producer<T> {
        /** Produces values by calling {@code out.emit(value)}; each call returns once the consumer asks for more. */
        void produce(Emitter<T> out) throws Exception;
    }

    /**
     * Where a {@link Producer} puts its values.
     *
     * @param <T> the type of the values
     */
    @FunctionalInterface
    public interface Emitter<T> {
        /** Hands {@code value} to the consumer and waits until it asks for the next one (a checkpoint). */
        void emit(T value);
    }

    /**
     * The consumer of {@link #asSafeChannel}.
     *
     * @param <T> the type of the values
     * @param <R> the type of the result
     */
    @FunctionalInterface
    public interface ChannelBody<T, R> {
        /** Reads from {@code channel} and returns a result. */
        R apply(ReceiveChannel<T> channel) throws Exception;
    }
}
