package org.triojava.testing;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.triojava.Cancelled;
import org.triojava.TrioCallable;
import org.triojava.TrioRunnable;
import org.triojava.internal.Checks;
import org.triojava.sync.Event;

/**
 * Forces blocks of code in different tasks to run in an explicit linear order (Trio's
 * {@code trio.testing.Sequencer}). Each block names its position in the sequence: block 0 starts
 * at once, and block <i>n</i> starts only once block <i>n</i>−1 has finished (returned or thrown).
 *
 * <p>An elaborate way to log 0 to 5 in order:
 *
 * <pre>{@code
 * Sequencer seq = new Sequencer();
 * Trio.openNursery(nursery -> {
 *     nursery.startSoon(() -> {
 *         seq.run(0, () -> log.add(0));
 *         seq.run(4, () -> log.add(4));
 *     });
 *     nursery.startSoon(() -> {
 *         seq.run(2, () -> log.add(2));
 *         seq.run(5, () -> log.add(5));
 *     });
 *     nursery.startSoon(() -> {
 *         seq.run(1, () -> log.add(1));
 *         seq.run(3, () -> log.add(3));
 *     });
 * });
 * }</pre>
 *
 * <p>Rules (Trio's, rule TC4): each position may be used once; reusing one throws
 * {@link IllegalStateException} (Trio's {@code RuntimeError}). If a task is cancelled while it
 * waits for its turn, the sequence is <em>broken</em>: that task, every task already waiting and
 * every later caller get an {@link IllegalStateException} instead of running their block. Waiting
 * for one's turn is a checkpoint (even for a turn that has already come), except at position 0,
 * which never waits.
 *
 * <p>Unlike Trio, a negative position is rejected with {@link IllegalArgumentException}: nothing
 * could ever come before it, so it would wait forever.
 *
 * <p>A sequencer belongs to one {@code Trio.run} and, like the other synchronisation primitives,
 * may only be used from that run's tasks.
 */
public final class Sequencer {
    private final Map<Integer, Event> sequencePoints = new HashMap<>();
    private final Set<Integer> claimed = new HashSet<>();
    private boolean broken;

    /** Creates a sequencer whose position 0 is free to run. */
    public Sequencer() {
    }

    /**
     * Waits until every block at positions 0 to {@code position}−1 has finished, then runs
     * {@code body}; when it finishes (normally or not), position {@code position}+1 may run
     * (Trio's {@code async with seq(position):}). Exceptions of the body propagate unchanged.
     *
     * @throws IllegalStateException if {@code position} was used before ("Attempted to reuse
     *     sequence point n"), if the sequence is broken ("sequence broken!"), or if this call
     *     was cancelled while waiting, which breaks the sequence ("Sequencer wait cancelled --
     *     sequence broken")
     * @throws IllegalArgumentException if {@code position} is negative
     */
    public void run(int position, TrioRunnable body) throws Exception {
        Checks.notNull(body, "body");
        call(position, () -> {
            body.run();
            return null;
        });
    }

    /** Like {@link #run(int, TrioRunnable)}, returning the body's value. */
    public <T> T call(int position, TrioCallable<T> body) throws Exception {
        Checks.notNull(body, "body");
        if (position < 0) {
            throw new IllegalArgumentException("sequence positions start at 0, got " + position);
        }
        if (claimed.contains(position)) {
            throw new IllegalStateException("Attempted to reuse sequence point " + position);
        }
        if (broken) {
            throw new IllegalStateException("sequence broken!");
        }
        claimed.add(position);
        if (position != 0) {
            try {
                point(position).await();
            } catch (Cancelled cancelled) {
                broken = true;
                for (Event event : sequencePoints.values()) {
                    event.set();
                }
                // as Trio's "raise RuntimeError(...) from None": the cancellation is replaced
                throw new IllegalStateException("Sequencer wait cancelled -- sequence broken");
            }
            if (broken) {
                throw new IllegalStateException("sequence broken!");
            }
        }
        try {
            return body.call();
        } finally {
            if (position < Integer.MAX_VALUE) {
                point(position + 1).set();
            }
        }
    }

    private Event point(int position) {
        return sequencePoints.computeIfAbsent(position, p -> new Event());
    }

    @Override
    public String toString() {
        return "Sequencer[claimed=" + claimed.size() + (broken ? ", broken" : "") + "]";
    }
}
