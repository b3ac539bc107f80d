package org.triojava.channel;

import org.triojava.abc.ReceiveChannel;
import org.triojava.sync.Semaphore;

/** The consumer's view in {@link MemoryChannel#asSafeChannel}: each receive first asks the producer for a value. */
final class SafeReceiveChannel<T> implements ReceiveChannel<T> {
    private final MemoryReceiveChannel<T> channel;
    private final Semaphore requests;

    SafeReceiveChannel(MemoryReceiveChannel<T> channel, Semaphore requests) {
        this.channel = channel;
        this.requests = requests;
    }

    @Override
    public T receive() {
        requests.release();
        return channel.receive();
    }

    @Override
    public void close() {
        channel.close();
        requests.release();
    }
}
