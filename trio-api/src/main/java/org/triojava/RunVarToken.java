package org.triojava;

/**
 * What {@link RunVar#set} returns: undoes that set through {@link RunVar#reset}, once
 * (Trio's {@code RunVarToken}).
 *
 * @param <T> the type of the variable's value
 */
public final class RunVarToken<T> {
    private final RunVar<T> variable;
    private final Object previous;
    private boolean redeemed;

    RunVarToken(RunVar<T> variable, Object previous) {
        this.variable = variable;
        this.previous = previous;
    }

    RunVar<T> variable() {
        return variable;
    }

    Object previous() {
        return previous;
    }

    void redeem() {
        if (redeemed) {
            throw new IllegalArgumentException("token has already been used");
        }
        redeemed = true;
    }

    /** Whether the variable had a value before the set. */
    public boolean hadPreviousValue() {
        return !RunVar.isMissing(previous);
    }

    /** Whether {@link RunVar#reset} has used this token. */
    public boolean redeemed() {
        return redeemed;
    }
}
