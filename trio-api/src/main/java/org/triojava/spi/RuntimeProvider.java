package org.triojava.spi;

import org.triojava.RunOptions;
import org.triojava.TrioCallable;

/**
 * The runtime backend: the scheduler behind {@code Trio.run} (trio-core provides it). Found by
 * {@link java.util.ServiceLoader}; implementations need a public no-argument constructor.
 */
public interface RuntimeProvider extends Provider {
    /**
     * Runs {@code main} as the main task (named {@code mainTaskName}) of a new run and returns its
     * value or throws its exception unwrapped. While the run lasts, every task thread has a {@link Kernel} bound
     * (see {@link Kernel#current()}).
     */
    <T> T run(RunOptions options, String mainTaskName, TrioCallable<T> main) throws Exception;

    /**
     * Creates the state of a cancel scope made outside any run. Inside a run the facade uses
     * {@link Kernel#newCancelScope} instead.
     */
    CancelScopeState newCancelScope(double deadline, double relativeDeadline, boolean shield);

    /**
     * Starts a guest run ({@link org.triojava.lowlevel.Lowlevel#startGuestRun}): its main task is
     * {@code main} (named {@code mainTaskName}), its loop steps run on {@code host}, and
     * {@code done} gets its outcome once. The facade has armed Ctrl-C if asked and disarms it in
     * {@code done}.
     *
     * @throws java.util.concurrent.RejectedExecutionException (or whatever the host throws) if
     *     the host refuses the first step; nothing has started then
     */
    org.triojava.lowlevel.GuestRun startGuestRun(RunOptions options, String mainTaskName, TrioCallable<?> main,
            java.util.concurrent.Executor host, java.util.function.Consumer<org.triojava.lowlevel.Outcome> done);
}
