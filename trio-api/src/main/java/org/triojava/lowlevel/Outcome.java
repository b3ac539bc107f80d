package org.triojava.lowlevel;

import java.util.Objects;

/**
 * The result handed to a parked task by {@link Lowlevel#reschedule(Task, Outcome)}: a value to
 * return or an error to throw (Python's {@code outcome.Value} / {@code outcome.Error}; the failed kind is called
 * {@link Failure} here, so that it does not shadow {@link java.lang.Error}).
 */
public sealed interface Outcome permits Outcome.Value, Outcome.Failure {

    /** An outcome that returns {@code value} (which may be null). */
    static Outcome value(Object value) {
        return value == null ? Value.NULL : new Value(value);
    }

    /** An outcome that throws {@code error}. */
    static Outcome error(Throwable error) {
        return new Failure(error);
    }

    /** Runs {@code action} and captures what it threw or returned. */
    static Outcome capture(java.util.concurrent.Callable<?> action) {
        try {
            return value(action.call());
        } catch (Throwable t) {
            return error(t);
        }
    }

    /**
     * Returns the value or throws the error. A checked exception is thrown as it is, without
     * wrapping, so the caller sees exactly what was captured.
     */
    Object unwrap();

    /** A successful outcome. */
    record Value(Object value) implements Outcome {
        static final Value NULL = new Value(null);

        @Override
        public Object unwrap() {
            return value;
        }
    }

    /** A failed outcome (Python's {@code outcome.Error}). */
    record Failure(Throwable error) implements Outcome {
        /** Creates the outcome; {@code error} must not be null. */
        public Failure {
            Objects.requireNonNull(error, "error");
        }

        @Override
        public Object unwrap() {
            throw Failure.<RuntimeException>sneaky(error);
        }

        @SuppressWarnings("unchecked")
        private static <E extends Throwable> E sneaky(Throwable t) throws E {
            throw (E) t;
        }
    }
}
