package org.triojava.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.triojava.core.TestSupport.me;
import static org.triojava.core.TestSupport.autojump;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.triojava.BaseExceptionGroup;
import org.triojava.CancelScope;
import org.triojava.Cancelled;
import org.triojava.KeyboardInterrupt;
import org.triojava.ThrowableGroup;
import org.triojava.Trio;
import org.triojava.lowlevel.Abort;
import org.triojava.lowlevel.Lowlevel;
import org.triojava.spi.Kernel;

/**
 * The cancel status tree (Trio's {@code CancelStatus}) as tasks enter, leave and move between
 * scopes: exited scopes leave no trace in their parent (nor their tasks in it), a group that
 * loses its {@code Cancelled} keeps what it had, and scopes describe themselves as Trio's do.
 * Every wait is bounded and times are read on an autojumping mock clock, so a broken link shows
 * up as a wrong time rather than as a hang.
 */
class CancelStatusTest {
    private static List<TaskImpl> tasksOf(CancelStatus status) {
        List<TaskImpl> tasks = new ArrayList<>();
        for (TaskImpl task = status.firstTask; task != null; task = task.statusNext) {
            tasks.add(task);
        }
        return tasks;
    }

    @Test
    void anExitedScopeIsDetachedFromItsParentStatus() throws Exception {
        Trio.run(autojump(), () -> {
            CancelStatus outer = me().status;
            for (int i = 0; i < 3; i++) {
                new CancelScope().run(() -> {
                    assertSame(outer, me().status.parent);
                    assertSame(me().status, outer.firstChild());
                });
            }
            assertNull(outer.firstChild(), "exited scopes are no longer the outer status's children");
            // and siblings in other tasks, leaving in the middle, the front and the back
            List<String> log = new ArrayList<>();
            Trio.openNursery(nursery -> {
                CancelStatus nurseryStatus = me().status;
                nursery.startSoon(() -> TestSupport.sleepInOwnScope("a", 2, log));
                nursery.startSoon(() -> TestSupport.sleepInOwnScope("b", 1, log));
                nursery.startSoon(() -> TestSupport.sleepInOwnScope("c", 3, log));
                Trio.sleep(1.5); // b has left its scope, a and c hold theirs
                assertEquals(List.of("b woke at 1.0"), log);
                List<ScopeState> open = new ArrayList<>();
                for (CancelStatus child = nurseryStatus.firstChild(); child != null; child = child.nextSibling()) {
                    open.add(child.scope);
                }
                assertEquals(2, open.size(), "the children left are a's and c's scopes");
                assertEquals(List.of(me()), tasksOf(nurseryStatus), "b left the nursery's status as it exited");
                nursery.cancelScope().cancel();
            });
            log.sort(null); // a and c are woken in one batch
            assertEquals(List.of("a cancelled at 1.5", "b woke at 1.0", "c cancelled at 1.5"), log);
            assertNull(outer.firstChild());
            assertEquals(List.of(Lowlevel.currentRootTask(), me()), tasksOf(outer),
                    "the children that exited left the status's task list (the root task opened this nursery)");
        });
    }

    @Test
    void aKeyboardInterruptPendingWhenTheMainTaskParksAbortsThatParkBeforeAnyOtherTaskRuns() {
        List<String> log = new ArrayList<>();
        assertThrows(KeyboardInterrupt.class, () -> Trio.run(autojump(), () -> {
            Lowlevel.spawnSystemTask("other", () -> {
                Trio.sleep(1);
                log.add("other task ran");
            });
            Trio.sleep(1); // registered first: both wake in one batch, this task first
            Kernel.current().deliverKeyboardInterrupt(); // the main task is running: nothing to abort yet
            log.add("interrupt pending");
            Lowlevel.waitTaskRescheduled(raiseCancel -> {
                log.add("park aborted");
                return Abort.SUCCEEDED;
            });
        }));
        assertEquals(List.of("interrupt pending", "park aborted", "other task ran"), log);
    }

    @Test
    void aGroupThatLosesItsCancelledKeepsItsMessageCauseAndStackTrace() throws Exception {
        IllegalStateException cause = new IllegalStateException("the cause");
        IllegalArgumentException kept = new IllegalArgumentException("kept");
        BaseExceptionGroup[] thrown = new BaseExceptionGroup[1];
        Throwable escaped = assertThrows(Throwable.class, () -> Trio.run(autojump(), () -> {
            CancelScope scope = new CancelScope();
            scope.run(() -> {
                scope.cancel();
                Cancelled cancelled = assertThrows(Cancelled.class, Trio::checkpoint);
                thrown[0] = new BaseExceptionGroup("mine", List.of(cancelled, kept));
                thrown[0].initCause(cause);
                throw thrown[0];
            });
        }));
        ThrowableGroup group = assertInstanceOf(ThrowableGroup.class, escaped);
        assertEquals("mine", group.message());
        assertEquals(List.of(kept), group.exceptions());
        assertSame(cause, escaped.getCause());
        assertArrayEquals(thrown[0].getStackTrace(), escaped.getStackTrace());
    }

    @Test
    void aScopesStringSaysItsBindingAndItsDeadlineRelativeToNow() throws Exception {
        // Trio's test_cancel_scope_repr
        CancelScope relative = CancelScope.withRelativeDeadline(1.5);
        assertEquals("CancelScope[unbound, relativeDeadline=1.5]", relative.toString());
        Trio.run(autojump(), () -> {
            Trio.sleep(3);
            CancelScope scope = CancelScope.withDeadline(5);
            scope.setShield(true);
            assertEquals("CancelScope[unbound, deadline is 2.00 seconds from now, shielded]", scope.toString());
            scope.run(() -> {
                assertEquals("CancelScope[active, deadline is 2.00 seconds from now, shielded]", scope.toString());
                scope.setDeadline(3);
                assertEquals("CancelScope[active, deadline is 0.00 seconds from now, shielded]", scope.toString());
                scope.setDeadline(2.75); // passed, but the run has not noticed yet
                assertEquals("CancelScope[active, deadline is 0.25 seconds ago, shielded]", scope.toString());
                scope.cancel();
                assertEquals("CancelScope[active, cancelled, shielded]", scope.toString());
            });
            assertEquals("CancelScope[exited, cancelled, shielded]", scope.toString());
            relative.run(() -> assertEquals("CancelScope[active, deadline is 1.50 seconds from now]",
                    relative.toString()));
            Trio.sleep(3);
            assertEquals("CancelScope[exited, deadline is 1.50 seconds ago]", relative.toString());
        });
    }

    @Test
    void reusingAScopeSaysWhetherItIsStillActiveOrAlreadyUsed() throws Exception {
        Trio.run(autojump(), () -> {
            CancelScope scope = new CancelScope();
            scope.run(() -> {
                IllegalStateException active = assertThrows(IllegalStateException.class, () -> scope.run(() -> { }));
                assertEquals("Each CancelScope may only be used for a single 'with' block (one run or call);"
                        + " this one was entered and is still active", active.getMessage());
            });
            IllegalStateException used = assertThrows(IllegalStateException.class, () -> scope.run(() -> { }));
            assertEquals("Each CancelScope may only be used for a single 'with' block (one run or call);"
                    + " this one was already used", used.getMessage());
        });
    }
}
