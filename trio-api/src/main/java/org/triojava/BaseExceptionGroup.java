package org.triojava;

import java.util.List;

/**
 * A group of exceptions of which at least one is not an {@link Exception} — typically a
 * {@link Cancelled} travelling to the scope that catches it (Python's {@code BaseExceptionGroup}
 * that is not an {@code ExceptionGroup}). It extends {@link Error} so {@code catch (Exception e)}
 * does not swallow it. See {@link ThrowableGroup} for the shared operations.
 */
public final class BaseExceptionGroup extends Error implements ThrowableGroup {
    private static final long serialVersionUID = 1L;

    private final String message;
    private final transient List<Throwable> exceptions;

    /**
     * Creates a group.
     *
     * @param message what the group is about, for example {@code "Exceptions from Trio nursery"}
     * @param exceptions the members; at least one
     */
    public BaseExceptionGroup(String message, List<? extends Throwable> exceptions) {
        super(GroupSupport.describe(message, exceptions.size()));
        this.message = message;
        this.exceptions = GroupSupport.checkedMembers(message, exceptions);
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
