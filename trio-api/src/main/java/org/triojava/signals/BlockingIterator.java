package org.triojava.signals;

import java.util.Iterator;
import java.util.function.Supplier;

/** An endless iterator over a blocking source: {@code hasNext()} fetches (and waits), {@code next()} hands out. */
final class BlockingIterator<T> implements Iterator<T> {
    private final Supplier<T> source;
    private T next;
    private boolean ready;

    BlockingIterator(Supplier<T> source) {
        this.source = source;
    }

    @Override
    public boolean hasNext() {
        if (!ready) {
            next = source.get();
            ready = true;
        }
        return true;
    }

    @Override
    public T next() {
        hasNext();
        ready = false;
        T value = next;
        next = null;
        return value;
    }
}
