package org.triojava.internal;

import org.triojava.RunVar;
import org.triojava.lowlevel.ParkingLot;
import org.triojava.spi.Kernel;

/** Per run: the tasks waiting for every {@code ToThread} worker to finish (Trio's {@code wait_all_threads_completed}). */
public final class WorkerIdle {
    private static final RunVar<ParkingLot> WAITERS = new RunVar<>("trio.worker-threads-idle");

    private WorkerIdle() {
    }

    /** Parks until no worker thread of the run is busy (a checkpoint). */
    public static void await(Kernel kernel) {
        kernel.checkpoint();
        while (kernel.workerThreads() > 0) {
            ParkingLot waiters = WAITERS.get(null);
            if (waiters == null) {
                waiters = new ParkingLot();
                WAITERS.set(waiters);
            }
            waiters.park();
        }
    }

    /** Called in the run when a worker's result is back: wakes the waiters once none is busy. */
    public static void workerFinished(Kernel kernel) {
        kernel.adjustWorkerThreads(-1);
        if (kernel.workerThreads() == 0) {
            ParkingLot waiters = WAITERS.get(null);
            if (waiters != null) {
                waiters.unparkAll();
            }
        }
    }
}
