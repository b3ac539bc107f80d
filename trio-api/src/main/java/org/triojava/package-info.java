/**
 * Trio's core: entering Trio, tasks and nurseries, cancellation and timeouts, time, task-local
 * storage, and the exceptions every other chapter shares (the "Core functionality" chapter of
 * Trio's manual, the top-level {@code trio} namespace).
 *
 * <p>What is here, with the Trio names it mirrors:
 * <ul>
 *   <li>{@link org.triojava.Trio}: {@code trio.run}, {@code open_nursery}, {@code sleep},
 *       {@code sleep_until}, {@code sleep_forever}, {@code current_time},
 *       {@code current_effective_deadline}, {@code move_on_after/at}, {@code fail_after/at},
 *       {@code checkpoint}; {@link org.triojava.RunOptions} holds {@code run}'s keyword arguments.</li>
 *   <li>{@link org.triojava.Nursery}, {@link org.triojava.TaskStatus},
 *       {@link org.triojava.StartFunction}, {@link org.triojava.NurseryBody}: Trio's
 *       {@code Nursery}, {@code task_status} and the body of {@code async with open_nursery()}.</li>
 *   <li>{@link org.triojava.CancelScope} and {@link org.triojava.CancelReason}: {@code trio.CancelScope}
 *       and the source of a {@link org.triojava.Cancelled}.</li>
 *   <li>{@link org.triojava.RunVar} and {@link org.triojava.ContextVar}: {@code trio.lowlevel.RunVar}
 *       and Python's {@code contextvars.ContextVar}, as task-locals.</li>
 *   <li>Exceptions: {@link org.triojava.Cancelled}, {@link org.triojava.TooSlowError},
 *       {@link org.triojava.KeyboardInterrupt}, the groups a nursery raises
 *       ({@link org.triojava.ThrowableGroup}: {@link org.triojava.ExceptionGroup} and
 *       {@link org.triojava.BaseExceptionGroup}), and the resource errors that channels, streams and
 *       sockets raise alike: {@link org.triojava.WouldBlock}, {@link org.triojava.EndOfChannel},
 *       {@link org.triojava.BusyResourceError}, {@link org.triojava.ClosedResourceError},
 *       {@link org.triojava.BrokenResourceError}, {@link org.triojava.RunFinishedError},
 *       {@link org.triojava.TrioInternalError}.</li>
 * </ul>
 *
 * <p>The other chapters have packages of their own: {@link org.triojava.sync synchronization},
 * {@link org.triojava.channel memory channels}, {@link org.triojava.thread threads},
 * {@link org.triojava.stream streams and networking}, {@link org.triojava.socket sockets},
 * {@link org.triojava.signals signals}, {@link org.triojava.testing testing},
 * {@link org.triojava.lowlevel the low-level API} and {@link org.triojava.abc the interfaces}.
 *
 * <pre>{@code
 * Trio.run(() -> {
 *     Trio.openNursery(nursery -> {
 *         nursery.startSoon(() -> { Trio.sleep(1); System.out.println("one"); });
 *         nursery.startSoon(() -> { Trio.sleep(1); System.out.println("two"); });
 *     });
 *     CancelScope scope = Trio.moveOnAfter(Duration.ofMillis(100), () -> Trio.sleepForever());
 *     System.out.println("gave up waiting: " + scope.cancelledCaught());
 * });
 * }</pre>
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("0.2.0")
package org.triojava;
