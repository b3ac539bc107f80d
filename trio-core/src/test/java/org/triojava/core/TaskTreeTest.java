package org.triojava.core;

import static org.junit.jupiter.api.Assertions.*;
import static org.triojava.core.TestSupport.autojump;
import static org.triojava.core.TestSupport.waitAllTasksBlocked;

import java.nio.channels.Pipe;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.triojava.CancelScope;
import org.triojava.RunOptions;
import org.triojava.SchedulingMode;
import org.triojava.Trio;
import org.triojava.channel.MemoryChannel;
import org.triojava.lowlevel.Lowlevel;
import org.triojava.lowlevel.TaskTree;
import org.triojava.lowlevel.TaskTree.ScopeNode;
import org.triojava.lowlevel.TaskTree.State;
import org.triojava.lowlevel.TaskTree.TaskNode;
import org.triojava.sync.Event;
import org.triojava.sync.Lock;
import org.triojava.testing.MockClock;

/** {@link Lowlevel#dumpTaskTree()}: who is where, waiting for what, inside which scopes. */
class TaskTreeTest extends ChannelFixture {

    @Test
    void everyTaskWithItsStateWhatItWaitsForAndItsScopes() throws Exception {
        Pipe.SourceChannel source = pipe.source();
        TaskTree tree = Trio.run(RunOptions.defaults().withClock(new MockClock()), () -> {
            Lock lock = new Lock();
            lock.acquire();
            MemoryChannel<String> channel = MemoryChannel.open(0);
            Event release = new Event();
            TaskTree[] seen = new TaskTree[1];
            Trio.openNursery(outer -> {
                outer.startSoon("sleeper", () -> Trio.sleep(5));
                outer.startSoon("locker", lock::acquire);
                outer.startSoon("receiver", () -> channel.receiveChannel().receive());
                outer.startSoon("reader", () -> Lowlevel.waitReadable(source));
                outer.startSoon("parent", () -> Trio.openNursery(inner -> {
                    inner.startSoon("shielded", () -> {
                        CancelScope scope = CancelScope.withDeadline(Trio.currentTime() + 30);
                        scope.setShield(true);
                        scope.run(release::await);
                    });
                }));
                waitAllTasksBlocked();
                outer.startSoon("late", () -> { });
                seen[0] = Lowlevel.dumpTaskTree();
                release.set();
                outer.cancelScope().cancel();
            });
            lock.release();
            return seen[0];
        });
        assertEquals(TaskTree.SCHEMA_VERSION, tree.schemaVersion());
        assertEquals(0.0, tree.time());
        assertTrue(tree.scheduling() == SchedulingMode.CONFINED || tree.scheduling() == SchedulingMode.SHARED);

        TaskNode root = tree.root();
        assertEquals("<init>", root.name());
        assertEquals(0, root.id());
        assertTrue(root.system());
        assertEquals(State.PARKED, root.state());
        assertEquals("nursery exit: 1 child left", root.waitingFor());
        assertEquals(2, root.scopes().size(), "the system nursery, and the main task's inside it");
        assertTrue(root.scopes().get(0).nursery());
        TaskNode main = mainOf(tree);
        assertEquals(State.RUNNING, main.state());
        assertNull(main.waitingFor());
        assertTrue(main.stack().get(0).contains("dumpTaskTree"), main.stack().toString());

        ScopeNode outer = single(main.scopes());
        assertTrue(outer.nursery());
        assertEquals(Double.POSITIVE_INFINITY, outer.deadline());
        assertFalse(outer.cancelCalled());
        assertEquals(List.of("sleeper", "locker", "receiver", "reader", "parent", "late"),
                outer.children().stream().map(TaskNode::name).toList());
        assertEquals("sleep until 5.0", child(outer, "sleeper").waitingFor());
        assertEquals("Lock.acquire", child(outer, "locker").waitingFor().split(" ")[0]);
        assertTrue(child(outer, "receiver").waitingFor().startsWith("MemoryReceiveChannel.receive"),
                child(outer, "receiver").waitingFor());
        assertEquals("readable " + source, child(outer, "reader").waitingFor());
        TaskNode late = child(outer, "late");
        assertEquals(State.RUNNABLE, late.state());
        assertNull(late.waitingFor());
        assertEquals(List.of(), late.stack(), "a task that never ran has no stack yet");

        TaskNode parent = child(outer, "parent");
        assertEquals("nursery exit: 1 child left", parent.waitingFor());
        ScopeNode inner = single(parent.scopes());
        TaskNode shielded = single(inner.children());
        assertEquals(State.PARKED, shielded.state());
        assertEquals("Event.await", shielded.waitingFor().split(" ")[0]);
        ScopeNode scope = single(shielded.scopes());
        assertFalse(scope.nursery());
        assertEquals(30.0, scope.deadline());
        assertTrue(scope.shield());
        assertEquals(List.of(), scope.children());
        assertTrue(shielded.stack().stream().anyMatch(frame -> frame.contains("org.triojava.sync.Event.await(")),
                shielded.stack().toString());
        assertFalse(shielded.stack().get(0).contains("org.triojava.core."),
                "the scheduler's own frames are left out: " + shielded.stack());
        assertTrue(tree.root().id() < main.id() && main.id() < child(outer, "sleeper").id());
    }

    @Test
    void cancelledScopesSayByWhomTheirInsideIsCancelled() throws Exception {
        TaskTree tree = Trio.run(autojump(), () -> {
            CancelScope outside = new CancelScope();
            return outside.call(() -> {
                outside.cancel();
                CancelScope shielded = new CancelScope();
                shielded.setShield(true);
                return shielded.call(() -> new CancelScope().call(Lowlevel::dumpTaskTree));
            });
        });
        List<ScopeNode> scopes = mainOf(tree).scopes();
        assertEquals(3, scopes.size());
        assertTrue(scopes.get(0).cancelCalled());
        assertTrue(scopes.get(0).cancelled());
        assertFalse(scopes.get(1).cancelled(), "a shield keeps the outer cancellation out");
        assertTrue(scopes.get(1).shield());
        assertFalse(scopes.get(2).cancelCalled());
        assertFalse(scopes.get(2).cancelled());
    }

    @Test
    void theDumpBelongsToItsRun() throws Exception {
        assertTrue(assertThrows(IllegalStateException.class, Lowlevel::dumpTaskTree).getMessage()
                .startsWith("Lowlevel.dumpTaskTree must be called from inside Trio.run"));
        TaskTree fromCallback = Trio.run(() -> {
            TaskTree[] seen = new TaskTree[1];
            Event done = new Event();
            Lowlevel.currentTrioToken().runSyncSoon(() -> {
                seen[0] = Lowlevel.dumpTaskTree();
                done.set();
            });
            done.await();
            return seen[0];
        });
        TaskNode main = mainOf(fromCallback);
        assertEquals(State.PARKED, main.state(), "a callback runs between steps: no task runs");
        assertEquals("Event.await", main.waitingFor().split(" ")[0]);
    }

    @Test
    void theJsonFormHasAFixedShape() {
        TaskNode child = new TaskNode(2, "wor\"ker\n", false, State.PARKED, "sleep until 5.5",
                List.of("a.B.c(B.java:1)"), List.of());
        ScopeNode nursery = new ScopeNode(true, Double.POSITIVE_INFINITY, false, false, false, List.of(child));
        ScopeNode timeout = new ScopeNode(false, 12.5, true, true, true, List.of());
        TaskNode main = new TaskNode(1, "main", false, State.RUNNING, null, List.of(), List.of(timeout, nursery));
        TaskTree tree = new TaskTree(1, 3.0, SchedulingMode.CONFINED, main);
        assertEquals("{\"schemaVersion\":1,\"time\":3,\"scheduling\":\"CONFINED\",\"root\":"
                + "{\"id\":1,\"name\":\"main\",\"system\":false,\"state\":\"RUNNING\",\"waitingFor\":null,\"stack\":[],"
                + "\"scopes\":[{\"nursery\":false,\"deadline\":12.5,\"shield\":true,\"cancelCalled\":true,"
                + "\"cancelled\":true,\"children\":[]},{\"nursery\":true,\"deadline\":null,\"shield\":false,"
                + "\"cancelCalled\":false,\"cancelled\":false,\"children\":[{\"id\":2,\"name\":\"wor\\\"ker\\n\","
                + "\"system\":false,\"state\":\"PARKED\",\"waitingFor\":\"sleep until 5.5\","
                + "\"stack\":[\"a.B.c(B.java:1)\"],\"scopes\":[]}]}]}}", tree.toJson());
        TaskNode plain = new TaskNode(2, "worker", true, State.PARKED, "sleep until 5.5",
                List.of("a.B.c(B.java:1)"), List.of());
        TaskTree text = new TaskTree(1, 3.0, SchedulingMode.SHARED, new TaskNode(1, "main", false, State.RUNNING,
                null, List.of(), List.of(timeout, new ScopeNode(true, Double.POSITIVE_INFINITY, false, false, true,
                List.of(plain)))));
        assertEquals("""
                Trio run at t=3.0 (SHARED)
                task 1 main RUNNING
                  cancel scope deadline=12.5 shielded cancel called
                    nursery cancelled from outside
                      task 2 worker [system] PARKED: sleep until 5.5
                          at a.B.c(B.java:1)
                """, text.toString());
    }

    private static TaskNode mainOf(TaskTree tree) {
        List<ScopeNode> rootScopes = tree.root().scopes();
        return single(rootScopes.get(rootScopes.size() - 1).children());
    }

    private static <T> T single(List<T> list) {
        assertEquals(1, list.size(), list.toString());
        return list.get(0);
    }

    private static TaskNode child(ScopeNode nursery, String name) {
        return nursery.children().stream().filter(t -> t.name().equals(name)).findFirst().orElseThrow();
    }
}
