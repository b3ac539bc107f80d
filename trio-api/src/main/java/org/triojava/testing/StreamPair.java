package org.triojava.testing;

import org.triojava.abc.Stream;
import org.triojava.internal.Checks;

/**
 * Two connected bidirectional streams: what {@code a} sends, {@code b} receives, and the other
 * way round (Trio's {@code (stream1, stream2)} tuples). The type parameter lets a maker keep the
 * concrete type, as {@link MemoryStreams#pair()} does with {@link org.triojava.stream.StapledStream}.
 *
 * @param <S> the type of both streams
 * @param a one end
 * @param b the other end
 */
public record StreamPair<S extends Stream>(S a, S b) {
    /** Checks that neither end is {@code null}. */
    public StreamPair {
        Checks.notNull(a, "a");
        Checks.notNull(b, "b");
    }
}
