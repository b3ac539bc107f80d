package org.triojava.socket.nio;

import java.nio.ByteBuffer;
import org.triojava.RunVar;
import org.triojava.spi.Kernel;

/**
 * One direct buffer per run for receiving and for sending heap data. Only one task of a run
 * executes at a time and a socket never checkpoints between filling this buffer and copying it
 * out, so the whole run can share it: a receive allocates only the array it returns, and a large
 * send never copies more than this much per system call.
 */
final class Scratch {
    /** The buffer's size: larger than any UDP datagram (65,507 bytes), so datagrams are never cut by it. */
    static final int SIZE = 64 * 1024;

    private static final RunVar<ByteBuffer> BUFFER = new RunVar<>("trio.socket.scratch-buffer", null);

    private Scratch() {
    }

    /** The run's buffer, cleared, with its limit at {@code max} (at most {@link #SIZE}). */
    static ByteBuffer get(int max) {
        ByteBuffer buffer = BUFFER.get(null);
        if (buffer == null) {
            buffer = ByteBuffer.allocateDirect(SIZE);
            BUFFER.set(buffer);
        }
        return prepare(buffer, max);
    }

    static ByteBuffer prepare(ByteBuffer buffer, int max) {
        buffer.position(0).limit(Math.min(max, SIZE));
        return buffer;
    }

    /**
     * A socket's memo of its run's buffer, so that the hot path costs one look at the current
     * kernel instead of a run-local lookup. A socket that moves to another run fetches that
     * run's buffer.
     */
    static final class Cache {
        private Kernel kernel;
        private ByteBuffer buffer;

        ByteBuffer get(int max) {
            Kernel current = Kernel.current();
            if (current != kernel || current == null) {
                buffer = Scratch.get(SIZE);
                kernel = current;
            }
            return prepare(buffer, max);
        }
    }
}
