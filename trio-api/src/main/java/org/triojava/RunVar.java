package org.triojava;

import java.util.NoSuchElementException;
import org.triojava.internal.Checks;
import org.triojava.internal.Runtimes;

/**
 * A variable with one value per {@code Trio.run}, shared by all of its tasks (Trio's
 * {@code trio.lowlevel.RunVar}). Each run starts with the variable unset. Typically a
 * {@code static final} field.
 *
 * @param <T> the type of the value
 */
public final class RunVar<T> {
    private static final Object MISSING = new Object();

    private final String name;
    private final Object defaultValue;

    /** A variable without a default: {@link #get()} throws until it is set in the run. */
    public RunVar(String name) {
        this.name = Checks.notNull(name, "name");
        this.defaultValue = MISSING;
    }

    /** A variable whose value is {@code defaultValue} until it is set in the run. */
    public RunVar(String name, T defaultValue) {
        this.name = Checks.notNull(name, "name");
        this.defaultValue = defaultValue;
    }

    /**
     * The value in the current run, else the variable's default.
     *
     * @throws NoSuchElementException if unset and without a default
     * @throws IllegalStateException outside {@code Trio.run}
     */
    public T get() {
        Object value = Runtimes.kernel("RunVar.get").runLocals().getOrDefault(this, defaultValue);
        if (value == MISSING) {
            throw new NoSuchElementException("RunVar '" + name + "' has no value in this run and no default");
        }
        return cast(value);
    }

    /** The value in the current run, else {@code fallback} (the variable's own default is ignored). */
    public T get(T fallback) {
        Object value = Runtimes.kernel("RunVar.get").runLocals().getOrDefault(this, MISSING);
        return value == MISSING ? fallback : cast(value);
    }

    /** Sets the value for the current run; the token undoes it with {@link #reset}. */
    public RunVarToken<T> set(T value) {
        var locals = Runtimes.kernel("RunVar.set").runLocals();
        Object previous = locals.containsKey(this) ? locals.get(this) : MISSING;
        locals.put(this, value);
        return new RunVarToken<>(this, previous);
    }

    /**
     * Restores the value that was current before the {@link #set} that made {@code token}.
     *
     * @throws IllegalArgumentException if the token was already used (checked first) or belongs to another variable
     */
    public void reset(RunVarToken<T> token) {
        Checks.notNull(token, "token");
        if (token.redeemed()) {
            throw new IllegalArgumentException("token has already been used");
        }
        if (token.variable() != this) {
            throw new IllegalArgumentException("token is not for us");
        }
        var locals = Runtimes.kernel("RunVar.reset").runLocals();
        token.redeem();
        if (token.previous() == MISSING) {
            locals.remove(this);
        } else {
            locals.put(this, token.previous());
        }
    }

    /** The variable's name. */
    public String name() {
        return name;
    }

    @SuppressWarnings("unchecked")
    private T cast(Object value) {
        return (T) value;
    }

    static boolean isMissing(Object value) {
        return value == MISSING;
    }

    @Override
    public String toString() {
        return "RunVar[" + name + "]";
    }
}
