package org.triojava;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Stream;

/** The logic both kinds of {@link ThrowableGroup} share. */
final class GroupSupport {
    private GroupSupport() {
    }

    static List<Throwable> checkedMembers(String message, List<? extends Throwable> exceptions) {
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(exceptions, "exceptions");
        if (exceptions.isEmpty()) {
            throw new IllegalArgumentException("an exception group needs at least one exception");
        }
        for (Throwable t : exceptions) {
            Objects.requireNonNull(t, "exceptions must not contain null");
        }
        return List.copyOf(exceptions);
    }

    static boolean allExceptions(List<? extends Throwable> exceptions) {
        for (Throwable t : exceptions) {
            if (!(t instanceof Exception)) {
                return false;
            }
        }
        return true;
    }

    static String describe(String message, int count) {
        return message + " (" + count + " sub-exception" + (count == 1 ? "" : "s") + ")";
    }

    static void attachForPrinting(Throwable group, List<Throwable> members) {
        for (Throwable member : members) {
            if (member != group) {
                group.addSuppressed(member);
            }
        }
    }

    static Stream<Throwable> leaves(ThrowableGroup group) {
        return group.exceptions().stream()
                .flatMap(t -> t instanceof ThrowableGroup inner ? leaves(inner) : Stream.of(t));
    }

    static ThrowableGroup.Split split(ThrowableGroup group, Predicate<? super Throwable> condition) {
        Objects.requireNonNull(condition, "condition");
        if (condition.test(group.asThrowable())) {
            return new ThrowableGroup.Split(Optional.of(group), Optional.empty());
        }
        List<Throwable> matching = new ArrayList<>();
        List<Throwable> rest = new ArrayList<>();
        for (Throwable member : group.exceptions()) {
            if (member instanceof ThrowableGroup inner) {
                ThrowableGroup.Split parts = split(inner, condition);
                parts.matching().ifPresent(g -> matching.add(g.asThrowable()));
                parts.rest().ifPresent(g -> rest.add(g.asThrowable()));
            } else if (condition.test(member)) {
                matching.add(member);
            } else {
                rest.add(member);
            }
        }
        return new ThrowableGroup.Split(derive(group, matching), derive(group, rest));
    }

    /** A copy of {@code group} holding {@code members}: the group itself if nothing changed. */
    private static Optional<ThrowableGroup> derive(ThrowableGroup group, List<Throwable> members) {
        if (members.isEmpty()) {
            return Optional.empty();
        }
        if (members.equals(group.exceptions())) {
            return Optional.of(group);
        }
        ThrowableGroup derived = ThrowableGroup.of(group.message(), members);
        Throwable original = group.asThrowable();
        if (original.getCause() != null) {
            derived.asThrowable().initCause(original.getCause());
        }
        derived.asThrowable().setStackTrace(original.getStackTrace());
        return Optional.of(derived);
    }

    @SuppressWarnings("unchecked")
    static <E extends Throwable> E sneaky(Throwable t) throws E {
        throw (E) t;
    }
}
