package org.triojava.lowlevel;

import java.util.List;
import java.util.Locale;
import org.triojava.SchedulingMode;
import org.triojava.internal.Checks;

/**
 * A snapshot of one run's task tree, from {@link Lowlevel#dumpTaskTree()}: every task with its state,
 * what it waits for and its stack, the cancel scopes it has open and the nurseries among them with
 * their children. It answers "what is each task waiting for?" (Trio has no such dump; its issue
 * #927 asks for one). {@link #toString()} is the indented text form, {@link #toJson()} the
 * machine-readable one (schema {@value #SCHEMA_VERSION}, described in docs/DEBUGGING.md).
 *
 * @param schemaVersion {@link #SCHEMA_VERSION} when this snapshot was made
 * @param time the run's clock when the snapshot was taken ({@code Trio.currentTime()})
 * @param scheduling the run's scheduling mode
 * @param root the root task (Trio's {@code <init>}, whose system nursery holds the main task)
 */
public record TaskTree(int schemaVersion, double time, SchedulingMode scheduling, TaskNode root) {
    /** The version of {@link #toJson()}'s schema; raised whenever a field changes meaning or goes away. */
    public static final int SCHEMA_VERSION = 1;

    /** Checks the values. */
    public TaskTree {
        Checks.notNull(scheduling, "scheduling");
        Checks.notNull(root, "root");
    }

    /** Where a task stands. */
    public enum State {
        /** The task that took the snapshot. */
        RUNNING,
        /** Scheduled to run, waiting for its turn. */
        RUNNABLE,
        /** Parked until something reschedules it: see {@link TaskNode#waitingFor()}. */
        PARKED
    }

    /**
     * One task.
     *
     * @param id the task's number in its run, 0 for the root task, in spawn order
     * @param name the task's name
     * @param system whether it is a system task
     * @param state where it stands
     * @param waitingFor for a parked task, what it waits for ("sleep until 12.5", "readable
     *     sun.nio.ch.SocketChannelImpl[...]", "Lock.acquire", "nursery exit: 2 children left", ...);
     *     null otherwise
     * @param stack the task's stack, innermost frame first, the scheduler's own frames left out
     * @param scopes the cancel scopes the task has open, outermost first (each inside the one
     *     before it); a nursery's scope lists the nursery's children
     */
    public record TaskNode(long id, String name, boolean system, State state, String waitingFor,
                           List<String> stack, List<ScopeNode> scopes) {
        /** Checks the values and copies the lists. */
        public TaskNode {
            Checks.notNull(name, "name");
            Checks.notNull(state, "state");
            stack = List.copyOf(stack);
            scopes = List.copyOf(scopes);
        }
    }

    /**
     * One open cancel scope of a task.
     *
     * @param nursery whether this is a nursery's scope (then {@code children} are its tasks)
     * @param deadline the absolute deadline (+infinity for none)
     * @param shield whether the scope shields its inside from outer cancellation
     * @param cancelCalled whether the scope was cancelled (explicitly, by its deadline, by its nursery)
     * @param cancelled whether code inside the scope is cancelled now (by this scope or one outside it)
     * @param children the nursery's tasks in spawn order; empty for a plain scope
     */
    public record ScopeNode(boolean nursery, double deadline, boolean shield, boolean cancelCalled,
                            boolean cancelled, List<TaskNode> children) {
        /** Copies the list. */
        public ScopeNode {
            children = List.copyOf(children);
        }
    }

    /** The tree as JSON (schema {@value #SCHEMA_VERSION}): one object, keys in a fixed order. */
    public String toJson() {
        StringBuilder out = new StringBuilder(1024);
        out.append("{\"schemaVersion\":").append(schemaVersion)
                .append(",\"time\":").append(number(time))
                .append(",\"scheduling\":").append(string(scheduling.name()))
                .append(",\"root\":");
        task(out, root);
        return out.append('}').toString();
    }

    private static void task(StringBuilder out, TaskNode task) {
        out.append("{\"id\":").append(task.id())
                .append(",\"name\":").append(string(task.name()))
                .append(",\"system\":").append(task.system())
                .append(",\"state\":").append(string(task.state().name()))
                .append(",\"waitingFor\":").append(task.waitingFor() == null ? "null" : string(task.waitingFor()))
                .append(",\"stack\":[");
        for (int i = 0; i < task.stack().size(); i++) {
            out.append(i == 0 ? "" : ",").append(string(task.stack().get(i)));
        }
        out.append("],\"scopes\":[");
        for (int i = 0; i < task.scopes().size(); i++) {
            ScopeNode scope = task.scopes().get(i);
            out.append(i == 0 ? "" : ",")
                    .append("{\"nursery\":").append(scope.nursery())
                    .append(",\"deadline\":").append(number(scope.deadline()))
                    .append(",\"shield\":").append(scope.shield())
                    .append(",\"cancelCalled\":").append(scope.cancelCalled())
                    .append(",\"cancelled\":").append(scope.cancelled())
                    .append(",\"children\":[");
            for (int j = 0; j < scope.children().size(); j++) {
                out.append(j == 0 ? "" : ",");
                task(out, scope.children().get(j));
            }
            out.append("]}");
        }
        out.append("]}");
    }

    /** JSON has no infinity: an absent deadline is {@code null}. */
    private static String number(double value) {
        if (Double.isInfinite(value) || Double.isNaN(value)) {
            return "null";
        }
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value) : Double.toString(value);
    }

    private static String string(String value) {
        StringBuilder out = new StringBuilder(value.length() + 2).append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    /**
     * The tree as indented text, one line per task and scope, a task's stack under it:
     * <pre>
     * Trio run at t=0.0 (CONFINED)
     * task 0 &lt;init&gt; [system] PARKED: nursery exit: 1 child left
     *   nursery
     *     nursery
     *       task 1 main PARKED: nursery exit: 1 child left
     *           at ...
     *         nursery
     *           task 2 worker PARKED: Lock.acquire (ParkingLot[parked=1])
     *               at ...
     * </pre>
     */
    @Override
    public String toString() {
        StringBuilder out = new StringBuilder(1024);
        out.append("Trio run at t=").append(time).append(" (").append(scheduling).append(")\n");
        text(out, root, "");
        return out.toString();
    }

    private static void text(StringBuilder out, TaskNode task, String indent) {
        out.append(indent).append("task ").append(task.id()).append(' ').append(task.name())
                .append(task.system() ? " [system] " : " ").append(task.state());
        if (task.waitingFor() != null) {
            out.append(": ").append(task.waitingFor());
        }
        out.append('\n');
        for (String frame : task.stack()) {
            out.append(indent).append("    at ").append(frame).append('\n');
        }
        String inner = indent + "  ";
        for (ScopeNode scope : task.scopes()) {
            out.append(inner).append(scope.nursery() ? "nursery" : "cancel scope");
            if (scope.deadline() != Double.POSITIVE_INFINITY) {
                out.append(" deadline=").append(scope.deadline());
            }
            if (scope.shield()) {
                out.append(" shielded");
            }
            if (scope.cancelCalled()) {
                out.append(" cancel called");
            } else if (scope.cancelled()) {
                out.append(" cancelled from outside");
            }
            out.append('\n');
            inner += "  ";
            for (TaskNode child : scope.children()) {
                text(out, child, inner);
            }
        }
    }
}
