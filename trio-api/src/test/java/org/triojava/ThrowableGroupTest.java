package org.triojava;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

class ThrowableGroupTest {
    private final IllegalArgumentException value = new IllegalArgumentException("v");
    private final IOException io = new IOException("io");
    private final AssertionError error = new AssertionError("e");

    @Test
    void kindFollowsTheMembers() {
        assertInstanceOf(ExceptionGroup.class, ThrowableGroup.of("m", List.of(value, io)));
        assertInstanceOf(BaseExceptionGroup.class, ThrowableGroup.of("m", List.of(value, error)));
        assertInstanceOf(RuntimeException.class, ThrowableGroup.of("m", List.of(value)).asThrowable());
        assertInstanceOf(Error.class, ThrowableGroup.of("m", List.of(error)).asThrowable());
    }

    @Test
    void exceptionGroupRefusesErrors() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ExceptionGroup("m", List.of(error)));
        assertTrue(e.getMessage().contains("BaseExceptionGroup"));
    }

    @Test
    void emptyOrNullMembersAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new ExceptionGroup("m", List.of()));
        assertThrows(NullPointerException.class, () -> new ExceptionGroup("m", null));
    }

    @Test
    void messageCountsMembersAndMembersPrintAsSuppressed() {
        ExceptionGroup group = new ExceptionGroup("Exceptions from Trio nursery", List.of(value, io));
        assertEquals("Exceptions from Trio nursery (2 sub-exceptions)", group.getMessage());
        assertEquals("Exceptions from Trio nursery", group.message());
        assertArrayEquals(new Throwable[] {value, io}, group.getSuppressed());
        assertEquals("x (1 sub-exception)", new ExceptionGroup("x", List.of(io)).getMessage());
    }

    @Test
    void splitKeepsNestingAndMessage() {
        ExceptionGroup inner = new ExceptionGroup("inner", List.of(value, io));
        ExceptionGroup outer = new ExceptionGroup("outer", List.of(inner, new IllegalStateException("s")));
        ThrowableGroup.Split parts = outer.split(t -> t instanceof IllegalArgumentException);
        ThrowableGroup matching = parts.matching().orElseThrow();
        assertEquals("outer", matching.message());
        ThrowableGroup matchedInner = (ThrowableGroup) matching.exceptions().get(0);
        assertEquals("inner", matchedInner.message());
        assertEquals(List.of(value), matchedInner.exceptions());
        ThrowableGroup rest = parts.rest().orElseThrow();
        assertEquals(2, rest.exceptions().size());
        assertEquals(List.of(io), ((ThrowableGroup) rest.exceptions().get(0)).exceptions());
    }

    @Test
    void splitThatMatchesNothingOrEverythingReturnsTheGroupItself() {
        ExceptionGroup group = new ExceptionGroup("g", List.of(value, io));
        assertSame(group, group.split(t -> true).matching().orElseThrow());
        assertTrue(group.split(t -> true).rest().isEmpty());
        assertSame(group, group.split(t -> t instanceof ArithmeticException).rest().orElseThrow());
        assertTrue(group.subgroup(t -> t instanceof ArithmeticException).isEmpty());
    }

    @Test
    void splittingAnErrorOutTurnsTheRestIntoAnExceptionGroup() {
        BaseExceptionGroup group = new BaseExceptionGroup("g", List.of(value, error));
        // like Python, the condition also sees the groups themselves, so test the leaf type
        ThrowableGroup.Split parts = group.split(t -> t instanceof AssertionError);
        assertInstanceOf(BaseExceptionGroup.class, parts.matching().orElseThrow());
        assertInstanceOf(ExceptionGroup.class, parts.rest().orElseThrow());
    }

    @Test
    void leavesFlattenDepthFirst() {
        ExceptionGroup inner = new ExceptionGroup("inner", List.of(value, io));
        BaseExceptionGroup outer = new BaseExceptionGroup("outer", List.of(inner, error));
        assertEquals(List.of(value, io, error), outer.leaves().toList());
    }

    @Test
    void asGroupSeesBothKindsAndNothingElse() {
        ThrowableGroup exceptions = ThrowableGroup.of("m", List.of(value));
        ThrowableGroup errors = ThrowableGroup.of("m", List.of(error));
        assertSame(exceptions, ThrowableGroup.asGroup(exceptions.asThrowable()).orElseThrow());
        assertSame(errors, ThrowableGroup.asGroup(errors.asThrowable()).orElseThrow());
        assertTrue(ThrowableGroup.asGroup(io).isEmpty());
        assertTrue(ThrowableGroup.asGroup(error).isEmpty());
        assertEquals("t must not be null", assertThrows(NullPointerException.class,
                () -> ThrowableGroup.asGroup(null)).getMessage());
    }

    @Test
    void leavesOfFlattensGroupsAndKeepsABareThrowable() {
        ThrowableGroup inner = ThrowableGroup.of("inner", List.of(io, error));
        ThrowableGroup outer = ThrowableGroup.of("outer", List.of(value, inner.asThrowable()));
        assertEquals(List.of(value, io, error), ThrowableGroup.leavesOf(outer.asThrowable()).toList());
        assertEquals(List.of(io), ThrowableGroup.leavesOf(io).toList());
    }

    @Test
    void rethrowUnlessGroupReturnsAGroupAndRethrowsAnythingElseUnchanged() {
        ThrowableGroup errors = ThrowableGroup.of("m", List.of(error));
        assertSame(errors, ThrowableGroup.rethrowUnlessGroup(errors.asThrowable()));
        assertSame(io, assertThrows(IOException.class, () -> ThrowableGroup.rethrowUnlessGroup(io)));
        assertSame(error, assertThrows(AssertionError.class, () -> ThrowableGroup.rethrowUnlessGroup(error)));
    }

    @Test
    void catchAnyGroupHandleSomeRethrowTheRest() {
        ThrowableGroup thrown = ThrowableGroup.of("nursery", List.of(io, value));
        List<Throwable> handled = new java.util.ArrayList<>();
        ExceptionGroup rest = assertThrows(ExceptionGroup.class, () -> {
            try {
                thrown.rethrow();
            } catch (Throwable t) {
                ThrowableGroup group = ThrowableGroup.rethrowUnlessGroup(t);
                ThrowableGroup.Split split = group.split(IOException.class::isInstance);
                split.matching().ifPresent(matching -> handled.addAll(matching.leaves().toList()));
                split.rest().ifPresent(ThrowableGroup::rethrow);
            }
        });
        assertEquals(List.of(io), handled);
        assertEquals(List.of(value), rest.exceptions());
        assertEquals("nursery", rest.message());
        assertSame(thrown, assertThrows(ExceptionGroup.class, thrown::rethrow));
    }
}
