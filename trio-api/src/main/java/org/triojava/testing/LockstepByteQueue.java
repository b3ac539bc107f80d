package org.triojava.testing;

import java.nio.ByteBuffer;
import java.util.function.BooleanSupplier;
import org.triojava.BrokenResourceError;
import org.triojava.ClosedResourceError;
import org.triojava.Trio;
import org.triojava.abc.ReceiveStream;
import org.triojava.abc.SendStream;
import org.triojava.lowlevel.ConflictDetector;
import org.triojava.lowlevel.ParkingLot;

/**
 * The shared state of a lockstep stream (Trio's {@code _LockstepByteQueue}): no buffering at all,
 * {@code sendAll} returns only once a receiver has taken every byte.
 */
final class LockstepByteQueue {
    private final ByteFifo data = new ByteFifo();
    private final ParkingLot waiters = new ParkingLot();
    private final ConflictDetector sendConflict = new ConflictDetector("another task is already sending");
    private final ConflictDetector receiveConflict = new ConflictDetector("another task is already receiving");
    private boolean senderClosed;
    private boolean receiverClosed;
    private boolean receiverWaiting;

    private void somethingHappened() {
        waiters.unparkAll();
    }

    /** Waits until {@code condition} holds or either side is closed, then a checkpoint. */
    private void waitFor(BooleanSupplier condition) {
        while (!condition.getAsBoolean() && !senderClosed && !receiverClosed) {
            waiters.park();
        }
        Trio.checkpoint();
    }

    void closeSender() {
        senderClosed = true;
        somethingHappened();
    }

    void closeReceiver() {
        receiverClosed = true;
        somethingHappened();
    }

    void sendAll(ByteBuffer bytes) {
        sendConflict.enter();
        try {
            if (senderClosed) {
                throw new ClosedResourceError("this lockstep send stream was closed");
            }
            if (receiverClosed) {
                throw new BrokenResourceError("the lockstep receive stream was closed");
            }
            data.put(bytes);
            somethingHappened();
            try {
                waitFor(() -> data.size() == 0);
            } catch (Throwable t) {
                // Cancelled: what the receiver has not taken was never sent.
                data.clear();
                throw t;
            }
            if (senderClosed) {
                throw new ClosedResourceError("this lockstep send stream was closed");
            }
            if (data.size() > 0 && receiverClosed) {
                throw new BrokenResourceError("the lockstep receive stream was closed");
            }
        } finally {
            sendConflict.exit();
        }
    }

    void waitSendAllMightNotBlock() {
        sendConflict.enter();
        try {
            if (senderClosed) {
                throw new ClosedResourceError("this lockstep send stream was closed");
            }
            if (receiverClosed) {
                Trio.checkpoint();
                return;
            }
            waitFor(() -> receiverWaiting);
            if (senderClosed) {
                throw new ClosedResourceError("this lockstep send stream was closed");
            }
        } finally {
            sendConflict.exit();
        }
    }

    byte[] receiveSome(int maxBytes) {
        receiveConflict.enter();
        try {
            if (receiverClosed) {
                throw new ClosedResourceError("this lockstep receive stream was closed");
            }
            // Wake waitSendAllMightNotBlock, then wait for data.
            receiverWaiting = true;
            somethingHappened();
            try {
                waitFor(() -> data.size() > 0);
            } finally {
                receiverWaiting = false;
            }
            if (receiverClosed) {
                throw new ClosedResourceError("this lockstep receive stream was closed");
            }
            if (data.size() > 0) {
                byte[] got = data.take(maxBytes);
                somethingHappened();
                return got;
            }
            return ByteFifo.EMPTY; // the sender closed
        } finally {
            receiveConflict.exit();
        }
    }

    /** The sending half of a lockstep stream. */
    static final class Sender implements SendStream {
        private final LockstepByteQueue queue;

        Sender(LockstepByteQueue queue) {
            this.queue = queue;
        }

        @Override
        public void sendAll(ByteBuffer data) {
            if (data == null) {
                throw new NullPointerException("data must not be null");
            }
            queue.sendAll(data);
        }

        @Override
        public void waitSendAllMightNotBlock() {
            queue.waitSendAllMightNotBlock();
        }

        @Override
        public void close() {
            queue.closeSender();
            Trio.checkpoint();
        }

        @Override
        public String toString() {
            return "LockstepSendStream";
        }
    }

    /** The receiving half of a lockstep stream. */
    static final class Receiver implements ReceiveStream {
        private final LockstepByteQueue queue;

        Receiver(LockstepByteQueue queue) {
            this.queue = queue;
        }

        @Override
        public byte[] receiveSome(int maxBytes) {
            return queue.receiveSome(UnboundedByteQueue.checkMaxBytes(maxBytes));
        }

        @Override
        public byte[] receiveSome() {
            return queue.receiveSome(UnboundedByteQueue.ALL);
        }

        @Override
        public void close() {
            queue.closeReceiver();
            Trio.checkpoint();
        }

        @Override
        public String toString() {
            return "LockstepReceiveStream";
        }
    }
}
