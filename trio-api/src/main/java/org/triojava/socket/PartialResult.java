package org.triojava.socket;

/**
 * How far a {@link TrioSocket#sendall(byte[])} got before it failed or was cancelled. Trio
 * itself has no such thing (its {@code SocketStream.send_all} leaves "an unknown prefix" sent);
 * this port follows Trio's early design, where the exception carries the partial result. Read
 * it with {@link Sockets#partialResult(Throwable)}.
 *
 * @param bytesSent how many bytes were handed to the operating system (0 or more)
 */
public record PartialResult(long bytesSent) {
    /** Checks that the count is not negative. */
    public PartialResult {
        if (bytesSent < 0) {
            throw new IllegalArgumentException("bytesSent must not be negative, got " + bytesSent);
        }
    }
}
