package org.triojava;

import java.util.List;

/**
 * A group of exceptions that are all {@link Exception}s, as a nursery raises them when its children fail
 * (Python's {@code ExceptionGroup}). See {@link ThrowableGroup} for the shared operations.
 */
public final class ExceptionGroup extends RuntimeException implements ThrowableGroup {
    private static final long serialVersionUID = 1L;

    private final String message;
    private final transient List<Throwable> exceptions;

    /**
     * Creates a group.
     *
     * @param message what the group is about, for example {@code "Exceptions from Trio nursery"}
     * @param exceptions the members; at least one
     */
    public ExceptionGroup(String message, List<? extends Throwable> exceptions) {
        super(GroupSupport.describe(message, exceptions.size()));
        this.message = message;
        this.exceptions = GroupSupport.checkedMembers(message, exceptions);
        if (!GroupSupport.allExceptions(this.exceptions)) {
            throw new IllegalArgumentException(
                    "an ExceptionGroup holds only Exceptions; use BaseExceptionGroup (or ThrowableGroup.of) for Errors such as Cancelled");
        }
        GroupSupport.attachForPrinting(this, this.exceptions);
    }

    @Override
    public String message() {
        return message;
    }

    @Override
    public List<Throwable> exceptions() {
        return exceptions;
    }
}
