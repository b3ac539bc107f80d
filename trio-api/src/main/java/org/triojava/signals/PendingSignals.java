package org.triojava.signals;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import org.triojava.BusyResourceError;
import org.triojava.RunFinishedError;
import org.triojava.internal.Backend;
import org.triojava.internal.Runtimes;
import org.triojava.lowlevel.ParkingLot;
import org.triojava.lowlevel.TrioToken;
import org.triojava.spi.Kernel;
import org.triojava.spi.SignalRegistration;
import org.triojava.spi.SignalSink;

/**
 * The state behind both kinds of receiver (Trio's {@code SignalReceiver}): an insertion-ordered
 * set of pending signals, filled by the backend from its handler threads, and a parking lot for
 * the one task that iterates.
 */
final class PendingSignals implements SignalSink {
    private final Kernel kernel;
    private final TrioToken token;
    private final Set<String> names;
    /** Guards {@link #pending} and {@link #closed}: the handler threads and the run share them. */
    private final ReentrantLock lock = new ReentrantLock();
    private final LinkedHashSet<String> pending = new LinkedHashSet<>();
    private final ParkingLot waiters = new ParkingLot();
    /** One instance, so that {@code runSyncSoon(wake, true)} collapses repeated wake-ups. */
    private final Runnable wake = this::wakeWaiters;
    private boolean closed;
    /** Only touched by the run's tasks (one at a time). */
    private boolean busy;
    private SignalRegistration registration;

    private PendingSignals(Kernel kernel, Set<String> names) {
        this.kernel = kernel;
        this.token = kernel.token();
        this.names = names;
    }

    /** Opens the registration for {@code names} (distinct, at least one) on behalf of {@code operation}. */
    static PendingSignals open(String operation, Set<String> names) {
        Kernel kernel = Runtimes.kernel(operation);
        if (kernel.currentTask() == null) {
            throw new IllegalStateException(operation + " must be called from a Trio task, not from a"
                    + " TrioToken.runSyncSoon callback");
        }
        PendingSignals signals = new PendingSignals(kernel, Collections.unmodifiableSet(names));
        signals.registration = Backend.SIGNALS.find(null).register(signals.names, signals);
        return signals;
    }

    // ---------------------------------------------------------------- the backend's side

    @Override
    public boolean offer(String name) {
        lock.lock();
        try {
            boolean added = pending.add(name);
            try {
                token.runSyncSoon(wake, true);
            } catch (RunFinishedError e) {
                if (added) {
                    pending.remove(name);
                }
                return false;
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public List<String> drainUndelivered() {
        lock.lock();
        try {
            List<String> undelivered = new ArrayList<>(pending);
            pending.clear();
            return undelivered;
        } finally {
            lock.unlock();
        }
    }

    // ---------------------------------------------------------------- the run's side

    /** The next signal (oldest first), waiting for one if none is pending. */
    String receiveOne() {
        return receive("SignalReceiver.receive", false).iterator().next();
    }

    /** Every pending signal (in order of first arrival), waiting for one if none is pending. */
    Set<String> receiveAll() {
        return receive("SignalBatches.receive", true);
    }

    /**
     * Trio's {@code __anext__}: a checkpoint if a signal is pending, else parks until one
     * arrives; then takes the oldest one, or all of them.
     */
    private Set<String> receive(String operation, boolean all) {
        Kernel current = Runtimes.kernel(operation);
        if (current != kernel) {
            throw new IllegalStateException("a signal receiver can only be used by tasks of the Trio run that"
                    + " opened it");
        }
        if (isClosed()) {
            throw closedError();
        }
        if (busy) {
            throw new BusyResourceError("only one task can iterate on a signal receiver at a time");
        }
        busy = true;
        try {
            boolean checkpointed = false;
            while (true) {
                if (isClosed()) {
                    throw closedError();
                }
                if (checkpointed) {
                    Set<String> taken = take(all);
                    if (taken != null) {
                        return taken;
                    }
                }
                if (hasPending()) {
                    kernel.checkpoint();
                } else {
                    waiters.park();
                }
                checkpointed = true;
            }
        } finally {
            busy = false;
        }
    }

    private Set<String> take(boolean all) {
        lock.lock();
        try {
            if (pending.isEmpty()) {
                return null;
            }
            if (!all) {
                Iterator<String> oldest = pending.iterator();
                String name = oldest.next();
                oldest.remove();
                return Set.of(name);
            }
            Set<String> batch = Collections.unmodifiableSet(new LinkedHashSet<>(pending));
            pending.clear();
            return batch;
        } finally {
            lock.unlock();
        }
    }

    private boolean hasPending() {
        lock.lock();
        try {
            return !pending.isEmpty();
        } finally {
            lock.unlock();
        }
    }

    private boolean isClosed() {
        lock.lock();
        try {
            return closed;
        } finally {
            lock.unlock();
        }
    }

    /** Runs in the run (a task or a runSyncSoon callback): the waiting task looks again. */
    private void wakeWaiters() {
        waiters.unparkAll();
    }

    /**
     * Closes: the backend restores the handlers and passes on what is still pending; a task
     * waiting in the iteration wakes up with {@link IllegalStateException}. Idempotent.
     */
    void close() {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
        } finally {
            lock.unlock();
        }
        try {
            registration.close();
        } finally {
            if (Kernel.current() == kernel) {
                wakeWaiters();
            } else {
                try {
                    token.runSyncSoon(wake, true);
                } catch (RunFinishedError e) {
                    // the run is over: nobody can be waiting
                }
            }
        }
    }

    private static IllegalStateException closedError() {
        return new IllegalStateException("this signal receiver is closed (its try-with-resources block already"
                + " exited)");
    }

    @Override
    public String toString() {
        return names + (isClosed() ? " (closed)" : "");
    }
}
