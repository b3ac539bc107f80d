package org.triojava;

import java.util.List;
import java.util.Objects;
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
 *
 * <p><b>Catching any group.</b> Java has no single type to catch for both kinds (Python's
 * {@code except BaseExceptionGroup}), so catch {@link Throwable} and let
 * {@link #rethrowUnlessGroup(Throwable)} pass everything else on unchanged; then handle what you
 * expect and rethrow the rest, as Python's {@code except*} does:
 *
 * <pre>{@code
 * try {
 *     Trio.openNursery(nursery -> { ... });
 * } catch (Throwable t) {
 *     ThrowableGroup group = ThrowableGroup.rethrowUnlessGroup(t);   // Cancelled and the like go on
 *     ThrowableGroup.Split split = group.split(IOException.class::isInstance);
 *     split.matching().ifPresent(io -> log.warning("I/O failed: " + io.leaves().toList()));
 *     split.rest().ifPresent(ThrowableGroup::rethrow);
 * }
 * }</pre>
 *
 * <p>To ask a question of whatever was thrown, bare or grouped, use {@link #leavesOf(Throwable)}:
 * {@code ThrowableGroup.leavesOf(t).allMatch(KeyboardInterrupt.class::isInstance)}.
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

    /** Throws this group as it is (it is unchecked: a {@link RuntimeException} or an {@link Error}). */
    default void rethrow() {
        throw GroupSupport.<RuntimeException>sneaky(asThrowable());
    }

    /** {@code t} as a group, if it is one of either kind; empty for any other throwable. */
    static Optional<ThrowableGroup> asGroup(Throwable t) {
        return Optional.of(Objects.requireNonNull(t, "t must not be null"))
                .filter(ThrowableGroup.class::isInstance).map(ThrowableGroup.class::cast);
    }

    /**
     * {@code t} as a group if it is one of either kind; any other throwable is rethrown as it is,
     * checked or not. The one way to catch any group: {@code catch (Throwable t)}, then this.
     */
    static ThrowableGroup rethrowUnlessGroup(Throwable t) {
        if (Objects.requireNonNull(t, "t must not be null") instanceof ThrowableGroup group) {
            return group;
        }
        throw GroupSupport.<RuntimeException>sneaky(t);
    }

    /**
     * What {@code t} consists of: a group's non-group members at any depth, depth first; any other
     * throwable alone.
     */
    static Stream<Throwable> leavesOf(Throwable t) {
        return asGroup(t).map(ThrowableGroup::leaves).orElseGet(() -> Stream.of(t));
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
