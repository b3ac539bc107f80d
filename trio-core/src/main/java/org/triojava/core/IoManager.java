package org.triojava.core;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.Iterator;
import org.triojava.BusyResourceError;
import org.triojava.ClosedResourceError;
import org.triojava.lowlevel.Abort;
import org.triojava.lowlevel.Outcome;

/**
 * I/O readiness on a {@link Selector}: at most one waiting task per channel and direction
 * (Trio's epoll/kqueue I/O manager). The selector is opened on first use, so runs without I/O
 * never pay for it.
 *
 * <p>Interest is dropped lazily: when a waiter is woken, its channel stays registered for that
 * direction, because the typical task (a connection handler) waits on the same channel again
 * soon, and keeping the registration saves the two {@code epoll_ctl} calls of removing and
 * re-adding it each time. Only when the selector reports readiness that nobody waits for is the
 * interest removed, so a ready channel without a waiter never makes the loop spin.
 */
final class IoManager {
    private final Runner runner;
    private volatile Selector selector;
    private int waiters;

    /** The tasks waiting on one channel; the attachment of its selection key. */
    private static final class Waiters {
        TaskImpl reader;
        TaskImpl writer;
    }

    IoManager(Runner runner) {
        this.runner = runner;
    }

    int waiters() {
        return waiters;
    }

    /** What {@code task} waits for here ("readable ..." or "writable ..." and the channel), or null. */
    String waitOf(TaskImpl task) {
        Selector current = selector;
        if (current == null || !current.isOpen()) {
            return null;
        }
        for (SelectionKey key : current.keys()) {
            if (key.attachment() instanceof Waiters slot && (slot.reader == task || slot.writer == task)) {
                return (slot.reader == task ? "readable " : "writable ") + key.channel();
            }
        }
        return null;
    }

    boolean hasWaiters() {
        return waiters > 0;
    }

    void wait(TaskImpl task, SelectableChannel channel, boolean forWrite) {
        if (channel.isBlocking()) {
            throw new IllegalArgumentException("channel " + channel
                    + " is in blocking mode; call configureBlocking(false) before waiting for readiness");
        }
        SelectionKey key = keyFor(channel);
        Waiters slot = (Waiters) key.attachment();
        if ((forWrite ? slot.writer : slot.reader) != null) {
            throw new BusyResourceError("another task is already waiting for this channel to become "
                    + (forWrite ? "writable" : "readable"));
        }
        if (forWrite) {
            slot.writer = task;
        } else {
            slot.reader = task;
        }
        waiters++;
        int direction = key.channel().validOps() & (forWrite ? SelectionKey.OP_WRITE | SelectionKey.OP_CONNECT
                : SelectionKey.OP_READ | SelectionKey.OP_ACCEPT);
        int interest = key.interestOps();
        if ((interest & direction) != direction) {
            key.interestOps(interest | direction);
        }
        Object recorded = Flight.ioWaitBegin();
        boolean cancelled = true;
        try {
            runner.waitTaskRescheduled(raiseCancel -> {
                forget(key, slot, forWrite);
                return Abort.SUCCEEDED;
            });
            cancelled = false;
        } finally {
            Flight.ioWaitEnd(recorded, task, channel, forWrite, cancelled);
        }
    }

    private SelectionKey keyFor(SelectableChannel channel) {
        try {
            if (selector == null) {
                selector = Selector.open();
            }
            SelectionKey key = channel.keyFor(selector);
            if (key != null && !key.isValid()) {
                selector.selectNow(); // flush the cancelled key so the channel can register again
                key = null;
            }
            if (key == null) {
                key = channel.register(selector, 0, new Waiters());
            }
            return key;
        } catch (ClosedChannelException | CancelledKeyException e) {
            throw new ClosedResourceError("the channel is closed", e);
        } catch (IOException e) {
            throw new UncheckedIOException("could not register " + channel + " with the run's selector", e);
        }
    }

    private void forget(SelectionKey key, Waiters slot, boolean forWrite) {
        if (forWrite) {
            slot.writer = null;
        } else {
            slot.reader = null;
        }
        waiters--;
        updateInterest(key, slot);
    }

    private static void updateInterest(SelectionKey key, Waiters slot) {
        if (!key.isValid()) {
            return;
        }
        int valid = key.channel().validOps();
        int ops = (slot.reader != null ? valid & (SelectionKey.OP_READ | SelectionKey.OP_ACCEPT) : 0)
                | (slot.writer != null ? valid & (SelectionKey.OP_WRITE | SelectionKey.OP_CONNECT) : 0);
        key.interestOps(ops);
    }

    /** Wakes the waiters of {@code channel} with {@link ClosedResourceError} and drops its registration. */
    void notifyClosing(SelectableChannel channel) {
        if (selector == null) {
            return;
        }
        SelectionKey key = channel.keyFor(selector);
        if (key == null) {
            return;
        }
        Waiters slot = (Waiters) key.attachment();
        for (TaskImpl task : new TaskImpl[] {slot.reader, slot.writer}) {
            if (task != null) {
                waiters--;
                runner.reschedule(task, Outcome.error(new ClosedResourceError("another task closed this channel")));
            }
        }
        slot.reader = null;
        slot.writer = null;
        key.cancel();
    }

    /**
     * Waits up to {@code timeoutNanos} (0: just polls) for readiness and reschedules the tasks
     * whose channel is ready; returns whether any was.
     */
    boolean poll(long timeoutNanos) {
        try {
            int ready;
            if (timeoutNanos <= 0) {
                ready = selector.selectNow();
            } else {
                ready = selector.select(Math.max(1, (timeoutNanos + 999_999) / 1_000_000));
            }
            // select counts only keys it updated: keys a selectNow() elsewhere (flushing a
            // cancelled key in keyFor) already put in the selected set count 0 but are ready
            if (ready == 0 && selector.selectedKeys().isEmpty()) {
                return false;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("selector failed", e);
        }
        boolean any = false;
        Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
        while (keys.hasNext()) {
            SelectionKey key = keys.next();
            keys.remove();
            if (!key.isValid()) {
                continue;
            }
            Waiters slot = (Waiters) key.attachment();
            int readyOps = key.readyOps();
            boolean stale = false;
            if ((readyOps & (SelectionKey.OP_READ | SelectionKey.OP_ACCEPT)) != 0) {
                if (slot.reader != null) {
                    TaskImpl task = slot.reader;
                    slot.reader = null;
                    waiters--;
                    runner.reschedule(task, Outcome.value(null));
                    any = true;
                } else {
                    stale = true;
                }
            }
            if ((readyOps & (SelectionKey.OP_WRITE | SelectionKey.OP_CONNECT)) != 0) {
                if (slot.writer != null) {
                    TaskImpl task = slot.writer;
                    slot.writer = null;
                    waiters--;
                    runner.reschedule(task, Outcome.value(null));
                    any = true;
                    // a completed connect must not stay registered: on a connected socket OP_CONNECT
                    // readiness is never reported, so the selector would wake for it forever
                    stale |= (readyOps & SelectionKey.OP_CONNECT) != 0;
                } else {
                    stale = true;
                }
            }
            if (stale) {
                // readiness nobody waits for: stop watching that direction (the woken directions stay, see above)
                updateInterest(key, slot);
            }
        }
        return any;
    }

    /** Interrupts a blocking {@link #poll} from another thread. */
    void wakeUp() {
        Selector current = selector;
        if (current != null && current.isOpen()) {
            try {
                current.wakeup();
            } catch (RuntimeException | InternalError closedMeanwhile) {
                // a selector that broke (see Runner.loopFailed) is no longer waited on
            }
        }
    }

    void close() {
        if (selector != null) {
            try {
                selector.close();
            } catch (IOException e) {
                // nothing useful to do: the run is over
            }
        }
    }
}
