package org.triojava.abc;

/** A stream whose sending side can be closed on its own (Trio's {@code trio.abc.HalfCloseableStream}). */
public interface HalfCloseableStream extends Stream {
    /**
     * Closes the sending side: the peer reads what was sent and then the end of the stream,
     * while this side can still receive. A checkpoint and idempotent; {@code sendAll} afterwards
     * throws {@link org.triojava.ClosedResourceError}.
     */
    void sendEof();
}
