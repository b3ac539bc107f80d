package org.triojava.core;

import java.nio.channels.SelectableChannel;
import java.util.Collection;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where the run reports to the JDK Flight Recorder ({@link FlightEvents}): every hook does nothing
 * when {@code jdk.jfr} is absent (an OSGi framework that does not export it, a runtime image built
 * without it), and reads one flag while the JVM has not started the Flight Recorder, so a program
 * that never records loads only the few classes that tell it when a recording starts (eight, against
 * over a hundred for registering the events); with a recording, an event not enabled in it costs
 * one more check.
 */
final class Flight {
    static final boolean AVAILABLE = available();
    private static final Set<Runner> LIVE = ConcurrentHashMap.newKeySet();
    private static boolean listening;
    /** Whether the JVM's Flight Recorder has started (set once, by the listener in {@link FlightEvents}). */
    private static volatile boolean recording;

    private Flight() {
    }

    private static boolean available() {
        try {
            Class.forName("jdk.jfr.FlightRecorder", false, Flight.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /** The live runs, for the periodic events (statistics, task trees). */
    static Collection<Runner> liveRuns() {
        return LIVE;
    }

    static void runStarted(Runner runner) {
        if (AVAILABLE) {
            listenOnce();
            LIVE.add(runner);
        }
    }

    static void runEnded(Runner runner) {
        if (AVAILABLE) {
            LIVE.remove(runner);
        }
    }

    /** Once per JVM: have {@link FlightEvents} registered when the Flight Recorder starts (at once if it has). */
    private static synchronized void listenOnce() {
        if (!listening) {
            listening = true;
            FlightEvents.listen();
        }
    }

    /** Called once the Flight Recorder runs: from now on the hooks build events. */
    static void recorderStarted() {
        recording = true;
    }

    static void taskSpawned(TaskImpl task, TaskImpl spawner) {
        if (recording) {
            FlightEvents.taskSpawned(task, spawner);
        }
    }

    static void taskExited(TaskImpl task, Throwable error) {
        if (recording) {
            FlightEvents.taskExited(task, error);
        }
    }

    static void scopeCancelled(CancelInfo info, double deadline) {
        if (recording) {
            FlightEvents.scopeCancelled(info, deadline);
        }
    }

    static void slowStep(SlowSteps.Report report) {
        if (recording) {
            FlightEvents.slowStep(report);
        }
    }

    /** Starts timing an I/O wait: a token for {@link #ioWaitEnd}, or null if nobody records it. */
    static Object ioWaitBegin() {
        return recording ? FlightEvents.ioWaitBegin() : null;
    }

    static void ioWaitEnd(Object started, TaskImpl task, SelectableChannel channel, boolean forWrite,
                          boolean cancelled) {
        if (started != null) {
            FlightEvents.ioWaitEnd(started, task, channel, forWrite, cancelled);
        }
    }
}
