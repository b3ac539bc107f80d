package org.triojava.core;

import java.util.Arrays;

/** A binary min-heap of {@link Timed} entries with O(log n) insert, remove and update. */
final class Deadlines {
    private Timed[] heap = new Timed[64];
    private int size;
    private long nextSequence;

    int size() {
        return size;
    }

    /** Registers {@code entry} at {@code deadline}, or moves it there if it is registered already. */
    void set(Timed entry, double deadline) {
        if (entry.heapIndex >= 0) {
            double old = entry.registeredDeadline;
            entry.registeredDeadline = deadline;
            if (deadline < old) {
                siftUp(entry.heapIndex);
            } else if (deadline > old) {
                siftDown(entry.heapIndex);
            }
            return;
        }
        if (size == heap.length) {
            heap = Arrays.copyOf(heap, size * 2);
        }
        entry.registeredDeadline = deadline;
        entry.sequence = nextSequence++;
        entry.heapIndex = size;
        heap[size++] = entry;
        siftUp(entry.heapIndex);
    }

    /** Unregisters {@code entry} if it is registered. */
    void remove(Timed entry) {
        int index = entry.heapIndex;
        if (index < 0) {
            return;
        }
        entry.heapIndex = -1;
        Timed last = heap[--size];
        heap[size] = null;
        if (index < size) {
            heap[index] = last;
            last.heapIndex = index;
            siftDown(index);
            siftUp(last.heapIndex);
        }
        if (heap.length > 64 && size < heap.length / 4) {
            heap = Arrays.copyOf(heap, heap.length / 2);
        }
    }

    /** The earliest registered deadline, or +infinity. */
    double next() {
        return size == 0 ? Double.POSITIVE_INFINITY : heap[0].registeredDeadline;
    }

    /** Expires every entry whose deadline is at or before {@code now}; returns whether any did. */
    boolean expire(double now, Runner runner) {
        boolean expired = false;
        while (size > 0 && heap[0].registeredDeadline <= now) {
            Timed first = heap[0];
            remove(first);
            first.expire(runner);
            expired = true;
        }
        return expired;
    }

    private boolean less(Timed a, Timed b) {
        return a.registeredDeadline < b.registeredDeadline
                || (a.registeredDeadline == b.registeredDeadline && a.sequence < b.sequence);
    }

    private void siftUp(int index) {
        Timed entry = heap[index];
        while (index > 0) {
            int parent = (index - 1) >>> 1;
            Timed above = heap[parent];
            if (!less(entry, above)) {
                break;
            }
            heap[index] = above;
            above.heapIndex = index;
            index = parent;
        }
        heap[index] = entry;
        entry.heapIndex = index;
    }

    private void siftDown(int index) {
        Timed entry = heap[index];
        int half = size >>> 1;
        while (index < half) {
            int child = 2 * index + 1;
            int right = child + 1;
            if (right < size && less(heap[right], heap[child])) {
                child = right;
            }
            if (!less(heap[child], entry)) {
                break;
            }
            heap[index] = heap[child];
            heap[index].heapIndex = index;
            index = child;
        }
        heap[index] = entry;
        entry.heapIndex = index;
    }
}
