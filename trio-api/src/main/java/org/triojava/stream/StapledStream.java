package org.triojava.stream;

import java.nio.ByteBuffer;
import org.triojava.abc.HalfCloseableStream;
import org.triojava.abc.ReceiveStream;
import org.triojava.abc.SendStream;
import org.triojava.internal.Checks;

/**
 * One {@link HalfCloseableStream} made of a {@link SendStream} and a {@link ReceiveStream}
 * (Trio's {@code trio.StapledStream}): sending goes to the send half, receiving comes from the
 * receive half. {@link #sendEof()} uses the send half's own {@code sendEof()} if it is
 * half-closeable, else closes it; {@link #close()} closes the send half, then the receive half
 * even if the first close threw. If both throw, the receive half's error comes out, as in Trio
 * (where it is chained to the first), with the send half's error added to it as suppressed.
 */
public final class StapledStream implements HalfCloseableStream {
    private final SendStream sendStream;
    private final ReceiveStream receiveStream;

    /** Staples {@code sendStream} and {@code receiveStream} together. */
    public StapledStream(SendStream sendStream, ReceiveStream receiveStream) {
        this.sendStream = Checks.notNull(sendStream, "sendStream");
        this.receiveStream = Checks.notNull(receiveStream, "receiveStream");
    }

    /** The half that {@code sendAll} writes to. */
    public SendStream sendStream() {
        return sendStream;
    }

    /** The half that {@code receiveSome} reads from. */
    public ReceiveStream receiveStream() {
        return receiveStream;
    }

    @Override
    public void sendAll(ByteBuffer data) {
        sendStream.sendAll(data);
    }

    @Override
    public void sendAll(byte[] data) {
        sendStream.sendAll(data);
    }

    @Override
    public void waitSendAllMightNotBlock() {
        sendStream.waitSendAllMightNotBlock();
    }

    @Override
    public void sendEof() {
        if (sendStream instanceof HalfCloseableStream halfCloseable) {
            halfCloseable.sendEof();
        } else {
            sendStream.close();
        }
    }

    @Override
    public byte[] receiveSome(int maxBytes) {
        return receiveStream.receiveSome(maxBytes);
    }

    @Override
    public byte[] receiveSome() {
        return receiveStream.receiveSome();
    }

    @Override
    public void close() {
        try {
            sendStream.close();
        } catch (Throwable first) {
            try {
                receiveStream.close();
            } catch (Throwable second) {
                second.addSuppressed(first);
                throw second;
            }
            throw first;
        }
        receiveStream.close();
    }

    @Override
    public String toString() {
        return "StapledStream[send=" + sendStream + ", receive=" + receiveStream + "]";
    }
}
