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
        Object value = Runtimes.kernel("ContextVar.get").taskContext().getOrDefault(this, defaultValue);
        if (value == MISSING) {
            throw new NoSuchElementException("ContextVar '" + name + "' has no value in this task and no default");
        }
        return cast(value);
    }

    /** The current task's value, else {@code fallback}. */
    public T get(T fallback) {
        Object value = Runtimes.kernel("ContextVar.get").taskContext().getOrDefault(this, MISSING);
        return value == MISSING ? fallback : cast(value);
    }

    /** Sets the current task's value; the token undoes it with {@link #reset}. */
    public Token<T> set(T value) {
        Kernel kernel = Runtimes.kernel("ContextVar.set");
        Map<Object, Object> context = kernel.taskContext();
        Object previous = context.getOrDefault(this, MISSING);
        kernel.setTaskContext(with(context, value));
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
        Kernel kernel = Runtimes.kernel("ContextVar.reset");
        token.used = true;
        Map<Object, Object> copy = new HashMap<>(kernel.taskContext());
        if (token.previous == MISSING) {
            copy.remove(this);
        } else {
            copy.put(this, token.previous);
        }
        kernel.setTaskContext(Map.copyOf(copy));
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
