package org.triojava.junit5;

import java.util.Set;
import org.triojava.CancelScope;
import org.triojava.Nursery;
import org.triojava.StartFunction;
import org.triojava.TrioRunnable;
import org.triojava.lowlevel.Task;

/**
 * The {@code Nursery} argument of a Trio test. JUnit resolves arguments before the run starts, so
 * the argument is this view, which the run binds to the real test nursery before the body runs.
 */
final class TestNursery implements Nursery {
    private volatile Nursery nursery;

    void bind(Nursery real) {
        nursery = real;
    }

    private Nursery nursery() {
        Nursery real = nursery;
        if (real == null) {
            throw new IllegalStateException("the test's nursery exists only while the test method runs in Trio");
        }
        return real;
    }

    @Override
    public void startSoon(TrioRunnable fn) {
        nursery().startSoon(fn);
    }

    @Override
    public void startSoon(String name, TrioRunnable fn) {
        nursery().startSoon(name, fn);
    }

    @Override
    public <T> T start(StartFunction<T> fn) throws Exception {
        return nursery().start(fn);
    }

    @Override
    public <T> T start(String name, StartFunction<T> fn) throws Exception {
        return nursery().start(name, fn);
    }

    @Override
    public CancelScope cancelScope() {
        return nursery().cancelScope();
    }

    @Override
    public Set<Task> childTasks() {
        return nursery().childTasks();
    }

    @Override
    public Task parentTask() {
        return nursery().parentTask();
    }

    @Override
    public String toString() {
        Nursery real = nursery;
        return "the test's nursery (" + (real == null ? "not open yet" : real) + ")";
    }
}
