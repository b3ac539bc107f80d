package org.triojava.testing;

import java.nio.ByteBuffer;
import org.triojava.ClosedResourceError;
import org.triojava.Trio;
import org.triojava.WouldBlock;
import org.triojava.lowlevel.ConflictDetector;
import org.triojava.lowlevel.ParkingLot;

/**
 * The unbounded buffer behind the memory streams (Trio's {@code _UnboundedByteQueue}). Closing
 * it is like closing the send side of a channel: {@code put} then throws
 * {@link ClosedResourceError}, and the getters drain what is left, then return empty arrays.
 */
final class UnboundedByteQueue {
    /** The {@code maxBytes} that means "everything there is" (Trio's {@code max_bytes=None}). */
    static final int ALL = Integer.MAX_VALUE;

    private final ByteFifo data = new ByteFifo();
    private final ParkingLot lot = new ParkingLot();
    private final ConflictDetector fetch = new ConflictDetector("another task is already fetching data");
    private boolean closed;

    void close() {
        closed = true;
        lot.unparkAll();
    }

    void closeAndWipe() {
        data.clear();
        close();
    }

    /** Throws {@link ClosedResourceError} if closed. */
    void checkOpen() {
        if (closed) {
            throw new ClosedResourceError("virtual connection closed");
        }
    }

    void put(ByteBuffer bytes) {
        checkOpen();
        data.put(bytes);
        if (data.size() > 0) {
            lot.unparkAll();
        }
    }

    static int checkMaxBytes(int maxBytes) {
        if (maxBytes < 1) {
            throw new IllegalArgumentException("maxBytes must be >= 1, got " + maxBytes);
        }
        return maxBytes;
    }

    byte[] getNowait(int maxBytes) {
        fetch.enter();
        try {
            checkMaxBytes(maxBytes);
            if (!closed && data.size() == 0) {
                throw new WouldBlock("no data to get");
            }
            return data.take(maxBytes);
        } finally {
            fetch.exit();
        }
    }

    byte[] get(int maxBytes) {
        fetch.enter();
        try {
            checkMaxBytes(maxBytes);
            if (!closed && data.size() == 0) {
                do {
                    lot.park();
                } while (!closed && data.size() == 0);
            } else {
                Trio.checkpoint();
            }
            return data.take(maxBytes);
        } finally {
            fetch.exit();
        }
    }
}
