package org.triojava.core;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;
import org.triojava.ContextVar;
import org.triojava.RunVar;
import org.triojava.RunVarToken;
import org.triojava.Trio;
import org.triojava.lowlevel.Lowlevel;

class TaskLocalsTest {
    private static final ContextVar<String> USER = new ContextVar<>("user", "nobody");
    private static final RunVar<Integer> COUNTER = new RunVar<>("counter");

    @Test
    void childrenInheritACopyOfTheSpawnersContextAtSpawnTime() throws Exception {
        List<String> log = new ArrayList<>();
        Trio.run(() -> {
            USER.set("alice");
            Trio.openNursery(n -> {
                n.startSoon(() -> {
                    log.add("child sees " + USER.get());
                    USER.set("bob");
                    log.add("child set " + USER.get());
                });
                USER.set("carol"); // after spawn: the child keeps the value it was spawned with
                Trio.checkpoint();
                log.add("parent sees " + USER.get());
            });
            Lowlevel.spawnSystemTask("system", () -> log.add("system task sees " + USER.get()));
            Trio.checkpoint();
        });
        assertEquals(List.of("child sees alice", "child set bob", "parent sees carol", "system task sees nobody"),
                log);
    }

    @Test
    void contextVarTokensRestoreAndAreSingleUse() throws Exception {
        Trio.run(() -> {
            assertEquals("nobody", USER.get());
            ContextVar.Token<String> token = USER.set("dave");
            assertEquals("dave", USER.get());
            USER.reset(token);
            assertEquals("nobody", USER.get());
            // Python's contextvars: a used token is a RuntimeError, unlike RunVar's ValueError
            assertEquals("token has already been used once",
                    assertThrows(IllegalStateException.class, () -> USER.reset(token)).getMessage());
            ContextVar<String> other = new ContextVar<>("other");
            assertThrows(NoSuchElementException.class, other::get);
            assertEquals("fallback", other.get("fallback"));
        });
    }

    @Test
    void runVarIsSharedByAllTasksAndFreshInEachRun() throws Exception {
        Trio.run(() -> {
            assertThrows(NoSuchElementException.class, COUNTER::get);
            RunVarToken<Integer> token = COUNTER.set(1);
            Trio.openNursery(n -> n.startSoon(() -> COUNTER.set(COUNTER.get() + 1)));
            assertEquals(2, COUNTER.get());
            assertTrue(!token.hadPreviousValue());
            COUNTER.reset(token);
            assertEquals(7, COUNTER.get(7));
            assertEquals("token has already been used",
                    assertThrows(IllegalArgumentException.class, () -> COUNTER.reset(token)).getMessage());
            RunVarToken<Integer> foreign = new RunVar<Integer>("x").set(1);
            assertEquals("token is not for us",
                    assertThrows(IllegalArgumentException.class, () -> COUNTER.reset(foreign)).getMessage());
        });
        Trio.run(() -> assertEquals(5, COUNTER.get(5)));
        assertThrows(IllegalStateException.class, COUNTER::get);
    }
}
