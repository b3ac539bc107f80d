package org.triojava.core;

import java.lang.reflect.Constructor;
import java.util.Locale;
import java.util.concurrent.Executor;
import org.triojava.SchedulingMode;

/**
 * Which {@link TaskCarrier} a run gets: the run option, else the system property
 * {@value #PROPERTY}, else confined scheduling where the JVM allows it.
 *
 * <p>Confined scheduling needs a virtual-thread builder that takes a scheduler. The JDK has one,
 * {@code java.lang.ThreadBuilders.VirtualThreadBuilder(Executor)}, but not in its public API: it
 * is reachable when {@code java.base/java.lang} is opened to this module
 * ({@code --add-opens java.base/java.lang=org.triojava.core}, or {@code =ALL-UNNAMED} on the
 * class path). Without that, {@link SchedulingMode#AUTO} falls back to shared carriers.
 */
final class Scheduling {
    /** The system property that picks the mode when the run option is {@link SchedulingMode#AUTO}. */
    static final String PROPERTY = "org.triojava.scheduling";
    /** The JVM option that makes confined scheduling possible, as users should write it. */
    static final String JVM_OPTION = "--add-opens java.base/java.lang=org.triojava.core"
            + " (on the class path: --add-opens java.base/java.lang=ALL-UNNAMED)";

    private static final System.Logger LOG = System.getLogger("org.triojava.core");
    private static final Constructor<?> BUILDER;
    private static final String UNAVAILABLE;

    static {
        Constructor<?> builder = null;
        String unavailable = null;
        try {
            builder = Class.forName("java.lang.ThreadBuilders$VirtualThreadBuilder")
                    .getDeclaredConstructor(Executor.class);
            builder.setAccessible(true);
        } catch (ReflectiveOperationException | RuntimeException e) {
            builder = null;
            unavailable = e.toString();
        }
        BUILDER = builder;
        UNAVAILABLE = unavailable;
    }

    private Scheduling() {
    }

    /** Whether this JVM allows confined scheduling. */
    static boolean confinedAvailable() {
        return BUILDER != null;
    }

    /**
     * The mode a run with option {@code requested} uses: {@code CONFINED} or {@code SHARED}.
     *
     * @throws IllegalStateException if confined scheduling is asked for and the JVM does not allow
     *     it, or if the system property has a value it does not know
     */
    static SchedulingMode resolve(SchedulingMode requested) {
        return resolve(requested, System.getProperty(PROPERTY), UNAVAILABLE);
    }

    /**
     * {@link #resolve(SchedulingMode)} with its inputs spelled out: the run option, the system
     * property's value (or null), and why confined scheduling is unavailable (null if it is).
     */
    static SchedulingMode resolve(SchedulingMode requested, String property, String unavailable) {
        SchedulingMode mode = requested;
        String source = "RunOptions.withScheduling";
        if (mode == SchedulingMode.AUTO) {
            mode = fromProperty(property);
            source = "-D" + PROPERTY + "=" + property;
        }
        if (mode == SchedulingMode.AUTO) {
            mode = unavailable == null ? SchedulingMode.CONFINED : SchedulingMode.SHARED;
        } else if (mode == SchedulingMode.CONFINED && unavailable != null) {
            throw new IllegalStateException("confined scheduling (" + source + ") needs the JVM option " + JVM_OPTION
                    + "; without it: " + unavailable);
        }
        return mode;
    }

    static SchedulingMode fromProperty(String value) {
        if (value == null || value.isBlank()) {
            return SchedulingMode.AUTO;
        }
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "auto" -> SchedulingMode.AUTO;
            case "confined" -> SchedulingMode.CONFINED;
            case "shared" -> SchedulingMode.SHARED;
            default -> throw new IllegalArgumentException("-D" + PROPERTY + "=" + value
                    + " is not a scheduling mode: use auto, confined or shared");
        };
    }

    /** The carrier for a run in {@code mode} (resolved) whose loop runs on {@code loopThread}. */
    static TaskCarrier carrier(SchedulingMode mode, Thread loopThread) {
        TaskCarrier carrier = mode == SchedulingMode.CONFINED
                ? new ConfinedCarrier(loopThread) : new SharedCarriers(loopThread);
        if (LOG.isLoggable(System.Logger.Level.DEBUG)) {
            LOG.log(System.Logger.Level.DEBUG, "Trio.run on " + loopThread + ": " + describe(carrier));
        }
        return carrier;
    }

    static String describe(TaskCarrier carrier) {
        if (carrier.mode() == SchedulingMode.CONFINED) {
            return "confined scheduling (the loop thread carries the tasks)";
        }
        return "shared-carrier scheduling" + (confinedAvailable() ? "" : " (confined scheduling needs " + JVM_OPTION + ")");
    }

    /** A virtual-thread builder whose threads are scheduled by {@code scheduler}. */
    static Thread.Builder.OfVirtual confinedBuilder(Executor scheduler) {
        if (BUILDER == null) {
            throw new IllegalStateException("confined scheduling needs the JVM option " + JVM_OPTION);
        }
        try {
            return (Thread.Builder.OfVirtual) BUILDER.newInstance(scheduler);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot make a virtual-thread builder with a scheduler", e);
        }
    }
}
