package org.triojava.core;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.Consumer;
import org.triojava.abc.Instrument;
import org.triojava.lowlevel.Task;

/**
 * The instruments of one run, kept per hook so that a hook nobody overrides costs one length
 * check. A hook that throws gets its instrument removed and the error logged.
 */
final class Instruments {
    private static final System.Logger LOG = System.getLogger("org.triojava.abc.Instrument");
    private static final Instrument[] NONE = new Instrument[0];

    /** Hook names, in the order of the arrays below. */
    private static final String[] HOOKS = {"beforeRun", "afterRun", "taskSpawned", "taskScheduled",
        "beforeTaskStep", "afterTaskStep", "taskExited", "beforeIoWait", "afterIoWait"};
    static final int BEFORE_RUN = 0;
    static final int AFTER_RUN = 1;
    static final int TASK_SPAWNED = 2;
    static final int TASK_SCHEDULED = 3;
    static final int BEFORE_TASK_STEP = 4;
    static final int AFTER_TASK_STEP = 5;
    static final int TASK_EXITED = 6;
    static final int BEFORE_IO_WAIT = 7;
    static final int AFTER_IO_WAIT = 8;

    private final List<Instrument> all = new ArrayList<>();
    private final Instrument[][] byHook = new Instrument[HOOKS.length][];

    Instruments(List<Instrument> initial) {
        Arrays.fill(byHook, NONE);
        for (Instrument instrument : initial) {
            add(instrument);
        }
    }

    void add(Instrument instrument) {
        if (!all.contains(instrument)) {
            all.add(instrument);
            rebuild();
        }
    }

    void remove(Instrument instrument) {
        if (!all.remove(instrument)) {
            throw new NoSuchElementException("instrument " + instrument + " is not installed in this run");
        }
        rebuild();
    }

    private void rebuild() {
        for (int hook = 0; hook < HOOKS.length; hook++) {
            List<Instrument> users = new ArrayList<>();
            for (Instrument instrument : all) {
                if (overrides(instrument, hook)) {
                    users.add(instrument);
                }
            }
            byHook[hook] = users.isEmpty() ? NONE : users.toArray(NONE);
        }
    }

    private static boolean overrides(Instrument instrument, int hook) {
        for (Method method : instrument.getClass().getMethods()) {
            if (method.getName().equals(HOOKS[hook]) && method.getDeclaringClass() != Instrument.class
                    && !method.isBridge()) {
                return true;
            }
        }
        return false;
    }

    boolean has(int hook) {
        return byHook[hook].length != 0;
    }

    /** Whether a hook is running: Trio calls are refused then (see {@code Runner.blocking}). */
    boolean calling;

    void call(int hook, Consumer<Instrument> invocation) {
        for (Instrument instrument : byHook[hook]) {
            boolean outer = calling;
            calling = true;
            try {
                invocation.accept(instrument);
            } catch (RuntimeException | Error e) {
                LOG.log(System.Logger.Level.ERROR, "Exception raised when calling " + HOOKS[hook] + " on instrument "
                        + instrument + "; it is removed from the run", e);
                if (all.contains(instrument)) {
                    remove(instrument);
                }
            } finally {
                calling = outer;
            }
        }
    }

    void task(int hook, Task task) {
        if (byHook[hook].length != 0) {
            switch (hook) {
                case TASK_SPAWNED -> call(hook, i -> i.taskSpawned(task));
                case TASK_SCHEDULED -> call(hook, i -> i.taskScheduled(task));
                case BEFORE_TASK_STEP -> call(hook, i -> i.beforeTaskStep(task));
                case AFTER_TASK_STEP -> call(hook, i -> i.afterTaskStep(task));
                case TASK_EXITED -> call(hook, i -> i.taskExited(task));
                default -> throw new IllegalArgumentException("not a task hook: " + hook);
            }
        }
    }
}
