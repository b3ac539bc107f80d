package org.triojava;

/**
 * How a run's tasks get a thread to run on (no Trio equivalent: Python has one thread). Both modes
 * have the same semantics; they differ in speed. Chosen per run with
 * {@link RunOptions#withScheduling(SchedulingMode)}, else by the system property
 * {@code org.triojava.scheduling} ({@code auto}, {@code confined} or {@code shared}).
 */
public enum SchedulingMode {
    /**
     * {@link #CONFINED} where the JVM allows it, else {@link #SHARED} (the default). The choice is
     * logged at DEBUG level through {@code System.Logger} {@code org.triojava.core}.
     */
    AUTO,
    /**
     * The run's loop thread carries its tasks' virtual threads itself: a task switch is an unmount
     * and a mount on one thread, with no hand-off between cores. Needs the JVM option
     * {@code --add-opens java.base/java.lang=org.triojava.core} on the module path
     * ({@code =ALL-UNNAMED} on the class path); asking for it without that option fails the run
     * with an {@link IllegalStateException} that names the option. The loop runs on a platform
     * thread of its own while the caller of {@code Trio.run} waits: a virtual thread cannot carry
     * others, and a platform thread that carries virtual threads loses the interrupts sent to it.
     */
    CONFINED,
    /** Tasks' virtual threads run on the JDK's shared carrier threads, one at a time. */
    SHARED
}
