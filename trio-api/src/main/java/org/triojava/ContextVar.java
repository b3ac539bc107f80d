package org.triojava;

import java.util.HashMap;
import java.util.Map;
import java.util.NoSuchElementException;
import org.triojava.internal.Checks;
import org.triojava.internal.Runtimes;
import org.triojava.spi.Kernel;

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
        return new Token<>(this, previous);
    }

    /**
     * Restores the value from before the {@link #set} that made {@code token}.
     *
     * @throws IllegalArgumentException if the token was already used or belongs to another variable
     */
    public void reset(Token<T> token) {
        Checks.notNull(token, "token");
        if (token.variable != this) {
            throw new IllegalArgumentException("token was created by a different ContextVar");
        }
        if (token.used) {
            throw new IllegalArgumentException("token has already been used");
        }
        Map<Object, Object> copy = new HashMap<>(context("ContextVar.reset"));
        token.used = true;
        if (token.previous == MISSING) {
            copy.remove(this);
        } else {
            copy.put(this, token.previous);
        }
        setContext(Map.copyOf(copy));
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
        private boolean used;

        private Token(ContextVar<T> variable, Object previous) {
            this.variable = variable;
            this.previous = previous;
        }

        /** The variable this token belongs to. */
        public ContextVar<T> variable() {
            return variable;
        }
    }
}
