package org.triojava.testing;

import java.nio.ByteBuffer;

/** A first-in first-out run of bytes: appended at the tail, taken from the head. */
final class ByteFifo {
    static final byte[] EMPTY = new byte[0];

    private byte[] buf = EMPTY;
    private int head;
    private int tail;

    /** How many bytes are waiting. */
    int size() {
        return tail - head;
    }

    /** Appends the remaining bytes of {@code data}, moving its position to its limit. */
    void put(ByteBuffer data) {
        int n = data.remaining();
        if (n == 0) {
            return;
        }
        int size = size();
        int needed = Math.addExact(size, n);
        if (buf.length - tail < n) {
            byte[] target = needed <= buf.length ? buf : new byte[Math.max(needed, buf.length * 2)];
            System.arraycopy(buf, head, target, 0, size);
            buf = target;
            head = 0;
            tail = size;
        }
        data.get(buf, tail, n);
        tail += n;
    }

    /** Removes and returns up to {@code maxBytes} bytes from the head (empty if there are none). */
    byte[] take(int maxBytes) {
        int n = Math.min(maxBytes, size());
        if (n == 0) {
            return EMPTY;
        }
        byte[] chunk = new byte[n];
        System.arraycopy(buf, head, chunk, 0, n);
        head += n;
        if (head == tail) {
            head = 0;
            tail = 0;
        }
        return chunk;
    }

    /** Drops every waiting byte. */
    void clear() {
        buf = EMPTY;
        head = 0;
        tail = 0;
    }
}
