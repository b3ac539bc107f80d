package org.triojava;

import java.util.HashMap;
import java.util.Map;
import java.util.NoSuchElementException;
import org.triojava.internal.Checks;
import org.triojava.internal.Runtimes;
import org.triojava.internal.WorkerThreads;
import org.triojava.lowlevel.Lowlevel;
import org.triojava.spi.Kernel;
import org.triojava.thread.FromThread;
import org.triojava.thread.ToThread;

/**
 * A task-local variable: each task sees its own value, and a child task starts with a copy of
 * the values its spawner had when it was spawned (Python's {@code contextvars.ContextVar}, which
 * Trio tasks inherit). Setting a value in a child never affects the parent, and vice versa.
 * Typically a {@code static final} field.
 *
 * @param <T> the type of the value
 */
public final class ContextVar<T> {
    private static final Object MISSING = new Object();

    private final String name;
    private final Object defaultValue;

    /** A variable without a default. */
    public ContextVar(String name) {
        this.name = Checks.notNull(name, "name");
        this.defaultValue = MISSING;
    }

    /** A variable with a default. */
    public ContextVar(String name, T defaultValue) {
        this.name = Checks.notNull(name, "name");
        this.defaultValue = defaultValue;
    }

    /**
     * The current task's value, else the default.
     *
     * @throws NoSuchElementException if there is neither
     */
    public T get() {
        Object value = context("ContextVar.get").getOrDefault(this, defaultValue);
        if (value == MISSING) {
            throw new NoSuchElementException("ContextVar '" + name + "' has no value in this task and no default");
        }
        return cast(value);
    }

    /** The current task's value, else {@code fallback}. */
    public T get(T fallback) {
        Object value = context("ContextVar.get").getOrDefault(this, MISSING);
        return value == MISSING ? fallback : cast(value);
    }

    /** Sets the current task's value; the token undoes it with {@link #reset}. */
    public Token<T> set(T value) {
        Map<Object, Object> context = context("ContextVar.set");
        Object previous = context.getOrDefault(this, MISSING);
        setContext(with(context, value));
        return new Token<>(this, previous, contextOwner());
    }

    /**
     * Restores the value from before the {@link #set} that made {@code token} (Python's
     * {@code ContextVar.reset}, with its checks in its order).
     *
     * @throws IllegalStateException if the token was already used
     * @throws IllegalArgumentException if the token belongs to another variable, or was made in
     *     another context (another task, or a worker thread's copy)
     */
    public void reset(Token<T> token) {
        Checks.notNull(token, "token");
        if (token.used) {
            throw new IllegalStateException("token has already been used once");
        }
        if (token.variable != this) {
            throw new IllegalArgumentException("token was created by a different ContextVar");
        }
        Map<Object, Object> context = context("ContextVar.reset");
        if (token.owner != contextOwner()) {
            throw new IllegalArgumentException("token was created in a different Context");
        }
        Map<Object, Object> copy = new HashMap<>(context);
        token.used = true;
        if (token.previous == MISSING) {
            copy.remove(this);
        } else {
            copy.put(this, token.previous);
        }
        setContext(Map.copyOf(copy));
    }

    /**
     * What identifies the current context, for {@link #reset}: the {@link FromThread#runSync}
     * callback's map, a {@link ToThread} worker's copy, or else the current task.
     */
    private static Object contextOwner() {
        Map<Object, Object> callback = WorkerThreads.CALLBACK_CONTEXT.get();
        if (callback != null) {
            return callback;
        }
        if (Kernel.current() == null) {
            WorkerThreads.Call worker = WorkerThreads.CURRENT.get();
            if (worker != null) {
                return worker.context();
            }
        }
        return Lowlevel.currentTask();
    }

    /**
     * The current task's context, a {@link ToThread} worker's copy of its caller's, or the copy a
     * {@link FromThread#runSync} callback runs with.
     */
    private static Map<Object, Object> context(String operation) {
        Map<Object, Object> callback = WorkerThreads.CALLBACK_CONTEXT.get();
        if (callback != null) {
            return callback;
        }
        Kernel kernel = Kernel.current();
        if (kernel == null) {
            WorkerThreads.Call worker = WorkerThreads.CURRENT.get();
            if (worker != null) {
                return worker.context();
            }
        }
        return Runtimes.kernel(operation).taskContext();
    }

    private static void setContext(Map<Object, Object> context) {
        Map<Object, Object> callback = WorkerThreads.CALLBACK_CONTEXT.get();
        if (callback != null) {
            callback.clear();
            callback.putAll(context);
            return;
        }
        Kernel kernel = Kernel.current();
        WorkerThreads.Call worker = kernel == null ? WorkerThreads.CURRENT.get() : null;
        if (worker != null) {
            worker.context().clear();
            worker.context().putAll(context);
        } else {
            Runtimes.kernel("ContextVar.set").setTaskContext(context);
        }
    }

    private Map<Object, Object> with(Map<Object, Object> context, Object value) {
        Map<Object, Object> copy = new HashMap<>(context);
        copy.put(this, value == null ? NULL : value);
        return Map.copyOf(copy);
    }

    /** Stands for null inside the immutable context map (which refuses null values). */
    private static final Object NULL = new Object();

    @SuppressWarnings("unchecked")
    private T cast(Object value) {
        return value == NULL ? null : (T) value;
    }

    /** The variable's name. */
    public String name() {
        return name;
    }

    @Override
    public String toString() {
        return "ContextVar[" + name + "]";
    }

    /**
     * Undoes one {@link ContextVar#set} (Python's {@code contextvars.Token}).
     *
     * @param <T> the type of the variable's value
     */
    public static final class Token<T> {
        private final ContextVar<T> variable;
        private final Object previous;
        private final Object owner;
        private boolean used;

        private Token(ContextVar<T> variable, Object previous, Object owner) {
            this.variable = variable;
            this.previous = previous;
            this.owner = owner;
        }

        /** The variable this token belongs to. */
        public ContextVar<T> variable() {
            return variable;
        }
    }
}
