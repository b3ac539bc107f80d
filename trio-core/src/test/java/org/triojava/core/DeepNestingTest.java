package org.triojava.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.triojava.BaseExceptionGroup;
import org.triojava.CancelScope;
import org.triojava.Trio;

/**
 * Nesting cancel scopes inside one task is bounded by the task's stack (-Xss). Past that bound the
 * user gets Java's own StackOverflowError — wherever the overflow strikes, including in the middle
 * of a scope's enter or exit — and the run stays usable.
 */
class DeepNestingTest {

    private static void nestForever(int depth) throws Exception {
        new CancelScope().run(() -> nestForever(depth + 1));
    }

    @RepeatedTest(5)
    void nestingWithoutBoundEndsInAStackOverflowErrorFromTheMainTask() throws Exception {
        assertThrows(StackOverflowError.class, () -> Trio.run(() -> nestForever(0)));
        assertEquals(42, Trio.run(() -> 42), "a later run works");
    }

    @RepeatedTest(3)
    void aChildTaskThatOverflowsFailsItsNurseryWithTheStackOverflowError() throws Exception {
        BaseExceptionGroup group = assertThrows(BaseExceptionGroup.class, () -> Trio.run(() -> Trio.openNursery(n -> {
            n.startSoon(() -> nestForever(0));
            n.startSoon(Trio::sleepForever); // cancelled when its sibling fails
        })));
        assertEquals(1, group.exceptions().size());
        assertInstanceOf(StackOverflowError.class, group.exceptions().get(0));
    }

    /**
     * Where the overflow strikes is up to the JVM, so this makes the one case the tests above cannot
     * force: an inner scope whose exit never ran. The outer exit then lets the StackOverflowError
     * through instead of reporting a corrupted scope stack; any other error still gets the report.
     */
    @Test
    void anOuterExitAfterAnInnerExitWasCutShortLetsTheStackOverflowErrorThrough() throws Exception {
        Trio.run(() -> {
            Runner runner = Runner.require("test");
            TaskImpl task = runner.running("test");
            ScopeState outer = new ScopeState(Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY, false);
            ScopeState inner = new ScopeState(Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY, false);
            outer.enter(runner, task);
            inner.enter(runner, task);
            StackOverflowError overflow = new StackOverflowError();
            assertSame(overflow, outer.exit(task, overflow));
            IllegalStateException corrupted = assertThrows(IllegalStateException.class,
                    () -> outer.exit(task, new IllegalArgumentException("not an overflow")));
            assertTrue(corrupted.getMessage().startsWith("Cancel scope stack corrupted"), corrupted.getMessage());
            inner.exit(task, null); // put the task back as it was, for the run's own exit
            outer.exit(task, null);
        });
    }
}
