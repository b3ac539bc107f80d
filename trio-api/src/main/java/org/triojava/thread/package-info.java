/**
 * Threads (if you must): running blocking code in worker threads without blocking the run, and
 * calling back into the run from other threads (Trio's {@code trio.to_thread} and
 * {@code trio.from_thread}).
 *
 * <ul>
 *   <li>{@link org.triojava.thread.ToThread#runSync}: {@code to_thread.run_sync}, bounded by the
 *       run's default {@link org.triojava.sync.CapacityLimiter} of 40 threads
 *       ({@link org.triojava.thread.ToThread#currentDefaultThreadLimiter()}).</li>
 *   <li>{@link org.triojava.thread.ThreadOptions}: its keyword arguments ({@code limiter},
 *       {@code abandon_on_cancel}, {@code thread_name}).</li>
 *   <li>{@link org.triojava.thread.FromThread}: {@code from_thread.run}, {@code run_sync} and
 *       {@code check_cancelled}; from a worker thread they re-enter the task that is waiting for
 *       it, from any other thread they need the run's {@link org.triojava.lowlevel.TrioToken}.</li>
 * </ul>
 *
 * <p>A task that calls a blocking JDK method directly (JDBC, {@code Files.readAllBytes},
 * {@code HttpClient.send}) stops every other task of its run until the call returns, exactly as in
 * Trio. Wrap it:
 *
 * <pre>{@code
 * byte[] data = ToThread.runSync(() -> Files.readAllBytes(path));
 * String answer = ToThread.runSync(ThreadOptions.defaults().withAbandonOnCancel(true),
 *         () -> slowService.call());
 * }</pre>
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("0.2.0")
package org.triojava.thread;
