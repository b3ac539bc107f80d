package org.triojava.abc;

/** A bidirectional byte stream (Trio's {@code trio.abc.Stream}). */
public interface Stream extends SendStream, ReceiveStream {
}
