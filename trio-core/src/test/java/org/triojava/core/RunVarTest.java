package org.triojava.core;

import static org.junit.jupiter.api.Assertions.*;
import static org.triojava.core.TestSupport.waitAllTasksBlocked;

import java.util.NoSuchElementException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.triojava.RunVar;
import org.triojava.RunVarToken;
import org.triojava.Trio;
import org.triojava.thread.ToThread;

/** SY7: {@link RunVar} (Trio's {@code test_local.py}). */
class RunVarTest {

    @Test
    void smokeTest() throws Exception {
        RunVar<String> t1 = new RunVar<>("test1");
        RunVar<String> t2 = new RunVar<>("test2", "catfish");
        assertEquals("RunVar[test1]", t1.toString());
        assertEquals("test2", t2.name());
        Trio.run(() -> {
            NoSuchElementException e = assertThrows(NoSuchElementException.class, t1::get);
            assertEquals("RunVar 'test1' has no value in this run and no default", e.getMessage());
            t1.set("swordfish");
            assertEquals("swordfish", t1.get());
            assertEquals("catfish", t2.get());
            assertEquals("eel", t2.get("eel"), "an explicit fallback wins over the variable's default");
            t2.set("goldfish");
            assertEquals("goldfish", t2.get());
            assertEquals("goldfish", t2.get("tuna"), "a value that is set wins over any fallback");
        });
        Trio.run(() -> {
            assertThrows(NoSuchElementException.class, t1::get, "each run starts empty");
            assertEquals("catfish", t2.get());
        });
    }

    @Test
    void resetting() throws Exception {
        RunVar<String> t1 = new RunVar<>("test1");
        RunVar<String> t2 = new RunVar<>("test2", "dogfish");
        RunVar<String> t3 = new RunVar<>("test3");
        Trio.run(() -> {
            RunVarToken<String> token = t1.set("moonfish");
            assertFalse(token.hadPreviousValue());
            assertFalse(token.redeemed());
            assertEquals("moonfish", t1.get());
            t1.reset(token);
            assertTrue(token.redeemed());
            assertEquals("token must not be null",
                    assertThrows(NullPointerException.class, () -> t1.reset(null)).getMessage());
            assertThrows(NoSuchElementException.class, t1::get, "reset to unset, not to null");

            RunVarToken<String> token2 = t2.set("catdogfish");
            assertEquals("catdogfish", t2.get());
            t2.reset(token2);
            assertEquals("dogfish", t2.get());
            assertEquals("token has already been used",
                    assertThrows(IllegalArgumentException.class, () -> t2.reset(token2)).getMessage());

            RunVarToken<String> token3 = t3.set("basculin");
            assertEquals("basculin", t3.get());
            assertEquals("token is not for us",
                    assertThrows(IllegalArgumentException.class, () -> t1.reset(token3)).getMessage());
            assertFalse(token3.redeemed(), "a refused token can still be used by its own variable");
            t3.reset(token3);
            assertThrows(NoSuchElementException.class, t3::get);
        });
    }

    @Test
    void resetRestoresThePreviousValueIncludingNull() throws Exception {
        RunVar<String> v = new RunVar<>("v", "default");
        Trio.run(() -> {
            RunVarToken<String> first = v.set("one");
            RunVarToken<String> second = v.set(null);
            assertTrue(second.hadPreviousValue());
            assertNull(v.get(), "null is a value, not 'unset'");
            assertNull(v.get("fallback"));
            RunVarToken<String> third = v.set("three");
            v.reset(third);
            assertNull(v.get());
            v.reset(second);
            assertEquals("one", v.get());
            v.reset(first);
            assertEquals("default", v.get());
        });
    }

    @Test
    void oneValueSharedByEveryTaskOfTheRun() throws Exception {
        // Trio's test_runvar_sync
        RunVar<String> t1 = new RunVar<>("test1");
        Trio.run(() -> Trio.openNursery(n -> {
            RunVarToken<String> token = t1.set("cod");
            assertEquals("cod", t1.get());
            n.startSoon(() -> {
                t1.set("plaice");
                assertEquals("plaice", t1.get());
            });
            waitAllTasksBlocked();
            assertEquals("plaice", t1.get());
            n.startSoon(() -> {
                t1.reset(token);
                assertThrows(NoSuchElementException.class, t1::get);
                t1.set("haddock");
            });
            waitAllTasksBlocked();
            assertEquals("haddock", t1.get());
        }));
    }

    @Test
    void accessOutsideARunFails() throws Exception {
        // Trio's test_accessing_runvar_outside_run_call_fails
        RunVar<String> t1 = new RunVar<>("test1", "default");
        assertThrows(IllegalStateException.class, () -> t1.set("asdf"));
        assertThrows(IllegalStateException.class, t1::get);
        assertThrows(IllegalStateException.class, () -> t1.get("fallback"));
        RunVarToken<String> token = Trio.run(() -> t1.set("ok"));
        assertThrows(IllegalStateException.class, () -> t1.reset(token));
        assertFalse(token.redeemed());
        // a worker thread is not inside the run either
        Trio.run(() -> assertThrows(IllegalStateException.class, () -> ToThread.runSync(() -> t1.get())));
    }

    @Test
    void concurrentRunsInDifferentThreadsHaveSeparateValues() throws Exception {
        RunVar<String> shared = new RunVar<>("shared");
        CountDownLatch aHasSet = new CountDownLatch(1);
        CountDownLatch bHasLooked = new CountDownLatch(1);
        CompletableFuture<String> seenByA = new CompletableFuture<>();
        Thread a = Thread.ofPlatform().start(() -> {
            try {
                Trio.run(() -> {
                    shared.set("a");
                    aHasSet.countDown();
                    ToThread.runSync(() -> bHasLooked.await());
                    seenByA.complete(shared.get());
                });
            } catch (Exception e) {
                seenByA.completeExceptionally(e);
            }
        });
        String seenByB = Trio.run(() -> {
            ToThread.runSync(() -> aHasSet.await());
            String seen = shared.get("unset in this run");
            shared.set("b");
            bHasLooked.countDown();
            return seen;
        });
        a.join();
        assertEquals("unset in this run", seenByB);
        assertEquals("a", seenByA.get(60, TimeUnit.SECONDS));
    }
}
