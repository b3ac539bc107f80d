package org.triojava;

import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Several exceptions raised together, as nurseries raise them (Python's
 * {@code BaseExceptionGroup}, the common face of both kinds of group).
 *
 * <p>As in Python there are two kinds: an {@link ExceptionGroup} (a {@link RuntimeException})
 * when every member is an {@link Exception}, and a {@link BaseExceptionGroup} (an {@link Error})
 * when some member is not — for example a {@link Cancelled} on its way to the scope that will
 * catch it — so that {@code catch (Exception e)} does not swallow cancellation.
 * {@link #of(String, List)} picks the right kind. Every member is also attached as a suppressed
 * exception, so a printed stack trace shows all of them.
 */
public sealed interface ThrowableGroup permits ExceptionGroup, BaseExceptionGroup {

    /** The group's own message, without the member count that {@code getMessage()} adds. */
    String message();

    /** The direct members, in the order they were raised. */
    List<Throwable> exceptions();

    /** This group as a throwable, ready to {@code throw}. */
    default Throwable asThrowable() {
        return (Throwable) this;
    }

    /**
     * The members (at any depth) that match, keeping the nesting; empty when none match.
     * A group that matches as a whole is returned as is.
     */
    default Optional<ThrowableGroup> subgroup(Predicate<? super Throwable> condition) {
        return split(condition).matching();
    }

    /** Splits the members (at any depth) into those that match and the rest, keeping the nesting. */
    default Split split(Predicate<? super Throwable> condition) {
        return GroupSupport.split(this, condition);
    }

    /** Every non-group member, at any depth, depth first. */
    default Stream<Throwable> leaves() {
        return GroupSupport.leaves(this);
    }

    /**
     * A group of the right kind for these members: an {@link ExceptionGroup} if all are
     * {@link Exception}s, else a {@link BaseExceptionGroup}.
     *
     * @throws IllegalArgumentException if {@code exceptions} is empty
     */
    static ThrowableGroup of(String message, List<? extends Throwable> exceptions) {
        return GroupSupport.allExceptions(exceptions)
                ? new ExceptionGroup(message, exceptions)
                : new BaseExceptionGroup(message, exceptions);
    }

    /** The two parts of a {@link #split(Predicate)}; each is empty when it would have no members. */
    record Split(Optional<ThrowableGroup> matching, Optional<ThrowableGroup> rest) {
    }
}
