package org.triojava.core;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.triojava.Nursery;
import org.triojava.lowlevel.TaskTree;
import org.triojava.lowlevel.TaskTree.ScopeNode;
import org.triojava.lowlevel.TaskTree.State;
import org.triojava.lowlevel.TaskTree.TaskNode;

/**
 * Builds a run's {@link TaskTree} (for {@code Lowlevel.dumpTaskTree}) from the task tree and the
 * cancel status tree, on a thread of the run, so that nothing moves while it looks.
 */
final class TaskTrees {
    private final IoManager io;
    private final TaskImpl running;

    private TaskTrees(IoManager io, TaskImpl running) {
        this.io = io;
        this.running = running;
    }

    /** The tree under {@code root}; {@code running} is the task that asks (null for a loop callback). */
    static TaskTree build(Runner runner, IoManager io, TaskImpl root, TaskImpl running) {
        return new TaskTree(TaskTree.SCHEMA_VERSION, runner.currentTime(), runner.schedulingMode(),
                new TaskTrees(io, running).task(root));
    }

    private TaskNode task(TaskImpl task) {
        Map<CancelStatus, NurseryImpl> nurseries = new IdentityHashMap<>();
        for (Nursery nursery : task.childNurseries()) {
            nurseries.put(((NurseryImpl) nursery).status, (NurseryImpl) nursery);
        }
        // the task's own scopes: its innermost status up to, not including, its parent nursery's
        CancelStatus outside = task.parentNursery == null ? null : task.parentNursery.status;
        List<CancelStatus> own = new ArrayList<>();
        for (CancelStatus status = task.status; status != null && status != outside; status = status.parent) {
            own.add(0, status);
        }
        List<ScopeNode> scopes = new ArrayList<>(own.size());
        for (CancelStatus status : own) {
            NurseryImpl nursery = nurseries.get(status);
            List<TaskNode> children = new ArrayList<>();
            if (nursery != null) {
                for (TaskImpl child : nursery.children()) {
                    children.add(task(child));
                }
            }
            ScopeState scope = status.scope;
            scopes.add(new ScopeNode(nursery != null, scope.deadline(), scope.shield, scope.cancelCalled,
                    status.effectivelyCancelled, children));
        }
        State state = task == running ? State.RUNNING : task.parked ? State.PARKED : State.RUNNABLE;
        StackTraceElement[] frames = task == running ? new Throwable().getStackTrace()
                : task.thread == null ? new StackTraceElement[0] : task.thread.getStackTrace();
        // the scheduler's frames above the task's code (its park) and below it (its thread's start) say nothing
        int first = 0;
        while (first < frames.length && internal(frames[first].getClassName())) {
            first++;
        }
        int last = frames.length;
        while (last > first && internal(frames[last - 1].getClassName())) {
            last--;
        }
        List<String> stack = new ArrayList<>(last - first);
        for (int i = first; i < last; i++) {
            stack.add(frames[i].toString());
        }
        String waitingFor = state == State.PARKED ? waitingFor(task, frames, nurseries.values()) : null;
        return new TaskNode(task.id, task.name, task.system, state, waitingFor, stack, scopes);
    }

    private String waitingFor(TaskImpl task, StackTraceElement[] frames, Iterable<NurseryImpl> nurseries) {
        if (task.heapIndex >= 0) {
            return "sleep until " + task.registeredDeadline;
        }
        if (task.abortFunction == Runner.ALWAYS_ABORT) {
            return "sleep forever";
        }
        String io = this.io.waitOf(task);
        if (io != null) {
            return io;
        }
        for (NurseryImpl nursery : nurseries) {
            if (nursery.parentWaitingInExit()) {
                int left = nursery.children().size();
                return "nursery exit: " + left + (left == 1 ? " child" : " children") + " left";
            }
        }
        String where = apiCall(frames);
        Object data = task.customSleepData();
        return data == null ? where : where + " (" + data + ")";
    }

    /**
     * The Trio call the task is parked in, as {@code Class.method}: the innermost public method of
     * a public Trio API class on its stack ({@code MemoryReceiveChannel.receive}, {@code Lock.acquire});
     * failing that, the innermost frame that is not the scheduler's ({@code Lowlevel.waitTaskRescheduled}
     * called by the task's own code).
     */
    private static String apiCall(StackTraceElement[] frames) {
        StackTraceElement fallback = null;
        for (StackTraceElement frame : frames) {
            String type = frame.getClassName();
            if (internal(type)) {
                continue;
            }
            if (fallback == null) {
                fallback = frame;
            }
            if (!type.startsWith("org.triojava.")) {
                break; // the task's own code: the Trio call it made is further in, or there is none
            }
            if (!type.startsWith("org.triojava.lowlevel.") && !type.startsWith("org.triojava.internal.")
                    && publicMethod(type, frame.getMethodName())) {
                return shortName(frame);
            }
        }
        return fallback == null ? "a reschedule" : shortName(fallback);
    }

    private static boolean publicMethod(String type, String method) {
        try {
            Class<?> owner = Class.forName(type, false, TaskTrees.class.getClassLoader());
            if (!java.lang.reflect.Modifier.isPublic(owner.getModifiers())) {
                return false; // (a shared base class: the public subclass's frame follows)
            }
            for (java.lang.reflect.Method candidate : owner.getDeclaredMethods()) {
                if (candidate.getName().equals(method) && java.lang.reflect.Modifier.isPublic(candidate.getModifiers())) {
                    return true;
                }
            }
            return false;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    private static String shortName(StackTraceElement frame) {
        String type = frame.getClassName();
        return type.substring(type.lastIndexOf('.') + 1).replace('$', '.') + "." + frame.getMethodName();
    }

    /** The JDK's and the scheduler's own frames, which say nothing about what the task does. */
    private static boolean internal(String className) {
        return className.startsWith("java.") || className.startsWith("jdk.") || className.startsWith("org.triojava.core.");
    }
}
