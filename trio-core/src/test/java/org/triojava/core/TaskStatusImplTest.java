package org.triojava.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.triojava.core.TestSupport.autojump;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.triojava.CancelScope;
import org.triojava.Cancelled;
import org.triojava.Nursery;
import org.triojava.Trio;
import org.triojava.lowlevel.Lowlevel;
import org.triojava.testing.Testing;

/**
 * {@code TaskStatus.started} (Trio's {@code _TaskStatus.started}): it moves every task of the
 * hidden nursery of {@code start}, with every cancel scope they hold open, into the target
 * nursery; tasks moved into a nursery that is already cancelled are woken with {@code Cancelled}.
 * Times are read on an autojumping mock clock and every wait is bounded.
 */
class TaskStatusImplTest {
    @Test
    void startedMovesEveryScopeThatTheHiddenNurserysTasksHoldOpen() throws Exception {
        List<String> log = new ArrayList<>();
        Trio.run(autojump(), () -> Trio.openNursery(target -> {
            target.start(status -> {
                Nursery hidden = Lowlevel.currentTask().parentNursery(); // start's own nursery
                hidden.startSoon(() -> TestSupport.sleepInOwnScope("first helper", 100, log));
                hidden.startSoon(() -> TestSupport.sleepInOwnScope("second helper", 100, log));
                new CancelScope().run(() -> {
                    Testing.waitAllTasksBlocked();
                    status.started(null);
                    try {
                        Trio.sleep(100);
                    } catch (Cancelled cancelled) {
                        log.add("starter cancelled at " + Trio.currentTime());
                        throw cancelled;
                    }
                });
            });
            assertEquals(3, target.childTasks().size(), "the starter and both helpers moved into the target");
            Trio.sleep(1);
            target.cancelScope().cancel();
        }));
        log.sort(null); // the three wake in one batch; which runs first is not the point here
        assertEquals(List.of("first helper cancelled at 1.0", "second helper cancelled at 1.0",
                "starter cancelled at 1.0"), log);
    }

    @Test
    void tasksMovedIntoACancelledNurseryAreWokenWithCancelled() throws Exception {
        List<String> log = new ArrayList<>();
        Trio.run(autojump(), () -> Trio.openNursery(outer -> {
            Nursery[] target = new Nursery[1];
            outer.startSoon(() -> Trio.openNursery(opened -> {
                target[0] = opened;
                Trio.sleep(50); // the target's own body: cancelled with it, then waits for the children
            }));
            Testing.waitAllTasksBlocked();
            Trio.sleep(1);
            // this task is not inside the target, so the start call itself is not cancelled
            target[0].start(status -> {
                Lowlevel.currentTask().parentNursery().startSoon(() -> {
                    try {
                        Trio.sleep(100);
                        log.add("helper woke at " + Trio.currentTime());
                    } catch (Cancelled cancelled) {
                        log.add("helper cancelled at " + Trio.currentTime());
                    }
                });
                Testing.waitAllTasksBlocked();
                target[0].cancelScope().cancel();
                status.started(null);
                log.add("started at " + Trio.currentTime());
                try {
                    Trio.sleep(100);
                } catch (Cancelled cancelled) {
                    log.add("starter cancelled at " + Trio.currentTime());
                }
            });
        }));
        assertEquals(List.of("started at 1.0", "helper cancelled at 1.0", "starter cancelled at 1.0"), log);
    }
}
