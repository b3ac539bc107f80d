package org.triojava.testing;

import org.triojava.abc.ReceiveStream;
import org.triojava.abc.SendStream;
import org.triojava.internal.Checks;

/**
 * A connected one-way stream: what goes into {@code send} comes out of {@code receive} (Trio's
 * {@code (send_stream, receive_stream)} tuples). The type parameters let a maker keep the
 * concrete types, as {@link MemoryStreams#oneWayPair()} does.
 *
 * @param <S> the type of the sending half
 * @param <R> the type of the receiving half
 * @param send the sending half
 * @param receive the receiving half
 */
public record OneWayPair<S extends SendStream, R extends ReceiveStream>(S send, R receive) {
    /** Checks that neither half is {@code null}. */
    public OneWayPair {
        Checks.notNull(send, "send");
        Checks.notNull(receive, "receive");
    }
}
