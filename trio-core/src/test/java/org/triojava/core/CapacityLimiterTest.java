package org.triojava.core;

import static org.junit.jupiter.api.Assertions.*;
import static org.triojava.core.TestSupport.assertCheckpoints;
import static org.triojava.core.TestSupport.assertNoCheckpoints;
import static org.triojava.core.TestSupport.waitAllTasksBlocked;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.triojava.CancelScope;
import org.triojava.Trio;
import org.triojava.WouldBlock;
import org.triojava.lowlevel.Lowlevel;
import org.triojava.lowlevel.Task;
import org.triojava.sync.CapacityLimiter;
import org.triojava.sync.CapacityLimiterStatistics;

/**
 * SY5: {@link CapacityLimiter} (Trio's {@code test_CapacityLimiter}, {@code _inf},
 * {@code _change_total_tokens}, {@code _memleak_548} and {@code _zero_limit_tokens}).
 */
class CapacityLimiterTest {
    private static final double INF = Double.POSITIVE_INFINITY;
    private static final String ALREADY = "this borrower is already holding one of this CapacityLimiter's tokens";
    private static final String NOT_HOLDING = "this borrower isn't holding any of this CapacityLimiter's tokens";

    @Test
    void totalTokensMustBeANonNegativeIntegerOrInfinity() {
        assertEquals(0.0, new CapacityLimiter(0).totalTokens());
        assertEquals(INF, new CapacityLimiter(INF).totalTokens());
        assertEquals("total tokens must be an integer or +infinity, got 1.5",
                assertThrows(IllegalArgumentException.class, () -> new CapacityLimiter(1.5)).getMessage());
        assertEquals("total tokens must be an integer or +infinity, got NaN",
                assertThrows(IllegalArgumentException.class, () -> new CapacityLimiter(Double.NaN)).getMessage());
        assertEquals("total tokens must be >= 0, got -1.0",
                assertThrows(IllegalArgumentException.class, () -> new CapacityLimiter(-1)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> new CapacityLimiter(Double.NEGATIVE_INFINITY));

        CapacityLimiter c = new CapacityLimiter(2);
        assertEquals("total tokens must be >= 0, got -10.0",
                assertThrows(IllegalArgumentException.class, () -> c.setTotalTokens(-10)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> c.setTotalTokens(1.0000001));
        assertEquals(2.0, c.totalTokens(), "a refused total changes nothing");
        assertEquals("CapacityLimiter[0/2.0 borrowed, waiting=0]", c.toString());
    }

    @Test
    void basicsLikeTriosTest() throws Exception {
        Trio.run(() -> {
            Task me = Lowlevel.currentTask();
            CapacityLimiter c = new CapacityLimiter(2);
            assertEquals(2.0, c.totalTokens());
            assertEquals(0, c.borrowedTokens());
            assertEquals(2.0, c.availableTokens());
            assertEquals(NOT_HOLDING, assertThrows(IllegalStateException.class, c::release).getMessage());
            assertEquals(0, c.borrowedTokens());
            assertNoCheckpoints(c::acquireNowait);
            assertEquals(1, c.borrowedTokens());
            assertEquals(1.0, c.availableTokens());
            assertEquals(new CapacityLimiterStatistics(1, 2.0, List.of(me), 0), c.statistics());

            // the same borrower cannot hold two tokens, blocking or not
            assertEquals(ALREADY, assertThrows(IllegalStateException.class, c::acquireNowait).getMessage());
            assertEquals(ALREADY, assertThrows(IllegalStateException.class, c::acquire).getMessage());
            assertEquals(1, c.borrowedTokens());

            // but it can acquire on behalf of someone else
            assertCheckpoints(() -> c.acquireOnBehalfOf("someone"));
            assertEquals(2, c.borrowedTokens());
            assertThrows(WouldBlock.class, () -> c.acquireOnBehalfOfNowait("third party"));
            assertEquals(List.of(me, "someone"), c.statistics().borrowers(), "borrowers in the order they got a token");

            assertNoCheckpoints(() -> c.releaseOnBehalfOf(me));
            assertEquals(List.of("someone"), c.statistics().borrowers());
            c.releaseOnBehalfOf("someone");
            assertEquals(0, c.borrowedTokens());
            assertEquals(NOT_HOLDING,
                    assertThrows(IllegalStateException.class, () -> c.releaseOnBehalfOf("someone")).getMessage());

            assertCheckpoints(() -> c.withToken(() -> {
                assertEquals(1, c.borrowedTokens());
                return null;
            }));
            assertEquals(0, c.borrowedTokens());
            assertThrows(IllegalStateException.class, () -> c.withToken(() -> {
                throw new IllegalStateException("body");
            }));
            assertEquals(0, c.borrowedTokens(), "withToken releases when the body throws");
            assertThrows(NullPointerException.class, () -> c.acquireOnBehalfOfNowait(null));
            assertThrows(NullPointerException.class, () -> c.releaseOnBehalfOf(null));
        });
    }

    @Test
    void releaseHandsTheTokenToTheOldestWaiter() throws Exception {
        Trio.run(() -> {
            CapacityLimiter c = new CapacityLimiter(2);
            Trio.openNursery(n -> {
                c.acquireOnBehalfOf("value 1");
                c.acquireOnBehalfOf("value 2");
                n.startSoon(() -> c.acquireOnBehalfOf("value 3"));
                waitAllTasksBlocked();
                assertEquals(2, c.borrowedTokens());
                assertEquals(1, c.statistics().tasksWaiting());
                c.releaseOnBehalfOf("value 2");
                // fairness: the freed token went straight to the waiter
                assertEquals(new CapacityLimiterStatistics(2, 2.0, List.of("value 1", "value 3"), 0), c.statistics());
                assertThrows(WouldBlock.class, c::acquireNowait);
            });
            c.releaseOnBehalfOf("value 3");
            c.releaseOnBehalfOf("value 1");
            assertEquals(0, c.borrowedTokens());
        });
    }

    @Test
    void aTokenMayBeReleasedByAnotherTaskOnBehalfOfTheBorrower() throws Exception {
        Trio.run(() -> {
            CapacityLimiter c = new CapacityLimiter(1);
            Object job = new Object();
            Trio.openNursery(n -> n.startSoon(() -> c.acquireOnBehalfOf(job)));
            assertEquals(List.of(job), c.statistics().borrowers(), "the borrower, not the task, holds the token");
            assertThrows(IllegalStateException.class, c::release, "the current task holds nothing");
            c.releaseOnBehalfOf(job);
            assertEquals(0, c.borrowedTokens());
        });
    }

    @Test
    void infiniteTotal() throws Exception {
        Trio.run(() -> {
            CapacityLimiter c = new CapacityLimiter(INF);
            assertEquals(INF, c.totalTokens());
            assertEquals(0, c.borrowedTokens());
            assertEquals(INF, c.availableTokens());
            assertThrows(IllegalStateException.class, c::release);
            c.acquireNowait();
            for (int i = 0; i < 1000; i++) {
                c.acquireOnBehalfOfNowait(i);
            }
            assertEquals(1001, c.borrowedTokens());
            assertEquals(INF, c.availableTokens());
            assertEquals("CapacityLimiter[1001/Infinity borrowed, waiting=0]", c.toString());
        });
    }

    @Test
    void raisingTheTotalWakesWaitersInOrderAndLoweringItNeverRevokes() throws Exception {
        List<String> log = new ArrayList<>();
        Trio.run(() -> {
            CapacityLimiter c = new CapacityLimiter(2);
            Trio.openNursery(n -> {
                for (int i = 0; i < 5; i++) {
                    int id = i;
                    n.startSoon(() -> {
                        c.acquireOnBehalfOf(id);
                        log.add("got " + id);
                    });
                    waitAllTasksBlocked();
                }
                assertEquals(List.of(0, 1), c.statistics().borrowers());
                assertEquals(3, c.statistics().tasksWaiting());
                assertNoCheckpoints(() -> c.setTotalTokens(4));
                assertEquals(List.of(0, 1, 2, 3), c.statistics().borrowers(), "woken at once, oldest first");
                assertEquals(1, c.statistics().tasksWaiting());
                c.setTotalTokens(1);
                assertEquals(4, c.borrowedTokens(), "lowering the total takes nothing back");
                assertEquals(1.0, c.totalTokens());
                assertEquals(-3.0, c.availableTokens());
                c.releaseOnBehalfOf(0);
                c.releaseOnBehalfOf(1);
                c.releaseOnBehalfOf(2);
                assertEquals(List.of(3), c.statistics().borrowers());
                assertEquals(1, c.statistics().tasksWaiting());
                c.releaseOnBehalfOf(3);
                assertEquals(List.of(4), c.statistics().borrowers());
                assertEquals(0, c.statistics().tasksWaiting());
            });
            c.releaseOnBehalfOf(4);
        });
        assertEquals(List.of("got 0", "got 1", "got 2", "got 3", "got 4"), log);
    }

    @Test
    void aCancelledWaiterLeavesNoResidue() throws Exception {
        // Trio's test_CapacityLimiter_memleak_548, checked through behaviour: the cancelled
        // borrower is neither granted a token later nor considered to be holding one.
        Trio.run(() -> {
            CapacityLimiter c = new CapacityLimiter(1);
            c.acquire();
            Trio.openNursery(n -> {
                n.startSoon(() -> c.acquireOnBehalfOf("ghost"));
                waitAllTasksBlocked();
                assertEquals(1, c.statistics().tasksWaiting());
                n.cancelScope().cancel();
            });
            assertEquals(0, c.statistics().tasksWaiting());
            c.setTotalTokens(5);
            assertEquals(List.of(Lowlevel.currentTask()), c.statistics().borrowers());
            c.acquireOnBehalfOfNowait("ghost");
            c.releaseOnBehalfOf("ghost");
            c.release();
            assertEquals(new CapacityLimiterStatistics(0, 5.0, List.of(), 0), c.statistics());
        });
    }

    @Test
    void aCancelledAcquireDidNotAcquireAndTheTokenGoesToTheNextWaiter() throws Exception {
        List<String> log = new ArrayList<>();
        Trio.run(() -> {
            CapacityLimiter c = new CapacityLimiter(1);
            c.acquire();
            CancelScope scope = new CancelScope();
            Trio.openNursery(n -> {
                n.startSoon(() -> {
                    scope.run(() -> c.acquireOnBehalfOf("first"));
                    log.add("first cancelled " + scope.cancelledCaught());
                });
                n.startSoon(() -> {
                    c.acquireOnBehalfOf("second");
                    log.add("second got it");
                });
                waitAllTasksBlocked();
                scope.cancel();
                assertEquals(1, c.statistics().tasksWaiting());
                c.release();
                assertEquals(List.of("second"), c.statistics().borrowers());
            });
        });
        assertEquals(List.of("first cancelled true", "second got it"), log);
    }

    @Test
    void aPreCancelledAcquireWithFreeTokensRaisesAndTakesNone() throws Exception {
        Trio.run(() -> {
            CapacityLimiter c = new CapacityLimiter(3);
            CancelScope scope = new CancelScope();
            scope.run(() -> {
                scope.cancel();
                c.acquireOnBehalfOf("x");
                fail("must raise");
            });
            assertTrue(scope.cancelledCaught());
            assertEquals(0, c.borrowedTokens());
        });
    }

    @Test
    void aWaiterHandedATokenKeepsItEvenIfCancelledBeforeItRuns() throws Exception {
        Trio.run(() -> {
            CapacityLimiter c = new CapacityLimiter(1);
            c.acquireOnBehalfOf("holder");
            CancelScope scope = new CancelScope();
            boolean[] returned = {false};
            Trio.openNursery(n -> {
                n.startSoon(() -> scope.run(() -> {
                    c.acquireOnBehalfOf("waiter");
                    returned[0] = true;
                }));
                waitAllTasksBlocked();
                c.releaseOnBehalfOf("holder");
                scope.cancel();
            });
            assertTrue(returned[0]);
            assertEquals(List.of("waiter"), c.statistics().borrowers());
        });
    }

    @Test
    void zeroTotalTokens() throws Exception {
        // Trio's test_CapacityLimiter_zero_limit_tokens
        Trio.run(() -> {
            CapacityLimiter c = new CapacityLimiter(5);
            Trio.openNursery(n -> {
                c.setTotalTokens(0);
                for (int i = 0; i < 5; i++) {
                    int id = i;
                    n.startSoon(() -> c.acquireOnBehalfOf(id));
                    waitAllTasksBlocked();
                }
                assertEquals(List.of(), c.statistics().borrowers());
                assertEquals(5, c.statistics().tasksWaiting());
                c.setTotalTokens(5);
                assertEquals(List.of(0, 1, 2, 3, 4), c.statistics().borrowers());

                n.startSoon(() -> c.acquireOnBehalfOf(5));
                waitAllTasksBlocked();
                assertEquals(1, c.statistics().tasksWaiting());
                for (int i = 0; i < 5; i++) {
                    c.releaseOnBehalfOf(i);
                }
                assertEquals(0, c.statistics().tasksWaiting());
                c.releaseOnBehalfOf(5);

                // a zero limit lets nobody through
                c.setTotalTokens(0);
                assertThrows(WouldBlock.class, c::acquireNowait);
                n.startSoon(() -> c.acquireOnBehalfOf(6));
                waitAllTasksBlocked();
                assertEquals(1, c.statistics().tasksWaiting());
                assertEquals(List.of(), c.statistics().borrowers());
                c.setTotalTokens(1);
                assertEquals(0, c.statistics().tasksWaiting());
                assertEquals(List.of(6), c.statistics().borrowers());
                c.releaseOnBehalfOf(6);

                c.acquireOnBehalfOf(0); // total is 1
                n.startSoon(() -> c.acquireOnBehalfOf(1));
                waitAllTasksBlocked();
                c.setTotalTokens(0);
                assertEquals(List.of(0), c.statistics().borrowers());
                c.releaseOnBehalfOf(0);
                waitAllTasksBlocked();
                assertEquals(List.of(), c.statistics().borrowers());
                assertEquals(1, c.statistics().tasksWaiting());
                c.setTotalTokens(1);
                waitAllTasksBlocked();
                assertEquals(List.of(1), c.statistics().borrowers());
                assertEquals(0, c.statistics().tasksWaiting());
                c.releaseOnBehalfOf(1);

                c.setTotalTokens(0);
                n.startSoon(() -> c.acquireOnBehalfOf(7));
                waitAllTasksBlocked();
                n.cancelScope().cancel();
            });
            assertEquals(new CapacityLimiterStatistics(0, 0.0, List.of(), 0), c.statistics());
            c.setTotalTokens(1);
            assertEquals(List.of(), c.statistics().borrowers(), "the cancelled waiter left no pending borrower");
        });
    }

    @Test
    void raisingTheTotalToInfinityWakesEveryWaiter() throws Exception {
        List<String> log = new ArrayList<>();
        Trio.run(() -> {
            CapacityLimiter c = new CapacityLimiter(0);
            Trio.openNursery(n -> {
                for (String name : List.of("a", "b", "c")) {
                    n.startSoon(() -> {
                        c.acquireOnBehalfOf(name);
                        log.add(name);
                    });
                }
                waitAllTasksBlocked();
                c.setTotalTokens(INF);
                assertEquals(List.of("a", "b", "c"), c.statistics().borrowers());
            });
        });
        assertEquals(List.of("a", "b", "c"), log);
    }

    @Test
    void aWaitingBorrowerThatMeanwhileGotATokenElsewhereIsNotDoubleCounted() throws Exception {
        // acquireOnBehalfOf refuses a borrower that already holds a token, even while others wait
        Trio.run(() -> {
            CapacityLimiter c = new CapacityLimiter(1);
            c.acquireOnBehalfOf("held");
            Trio.openNursery(n -> {
                n.startSoon(() -> c.acquireOnBehalfOf("waiting"));
                waitAllTasksBlocked();
                assertEquals(ALREADY,
                        assertThrows(IllegalStateException.class, () -> c.acquireOnBehalfOf("held")).getMessage());
                assertThrows(WouldBlock.class, () -> c.acquireOnBehalfOfNowait("new"));
                c.releaseOnBehalfOf("held");
            });
            assertEquals(List.of("waiting"), c.statistics().borrowers());
        });
    }

    @Test
    void whileNobodyWaitsTheLimiterNeedsNoRun() {
        // only waking a waiter needs the waiters' run; tokens for borrowers that are not tasks
        // (a thread pool's jobs, say) can be taken, counted and given back from plain Java
        CapacityLimiter c = new CapacityLimiter(1);
        c.acquireOnBehalfOfNowait("job");
        c.setTotalTokens(1);
        assertEquals(0.0, c.availableTokens());
        c.setTotalTokens(3);
        c.acquireOnBehalfOfNowait("other job");
        c.releaseOnBehalfOf("job");
        assertEquals(List.of("other job"), c.statistics().borrowers());
        assertEquals(2.0, c.availableTokens());
    }
}
