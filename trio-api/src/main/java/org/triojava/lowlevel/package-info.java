/**
 * The low-level API that every blocking primitive is built on (Trio's {@code trio.lowlevel}), for
 * writing new primitives and for looking inside a run.
 *
 * <ul>
 *   <li>{@link org.triojava.lowlevel.Lowlevel}: {@code current_task}, {@code current_root_task},
 *       {@code current_clock}, {@code current_trio_token}, {@code current_statistics},
 *       {@code in_trio_run}, {@code in_trio_task}, {@code spawn_system_task},
 *       {@code checkpoint_if_cancelled}, {@code cancel_shielded_checkpoint}, instruments,
 *       parking-lot breakers, and the I/O readiness waits {@code wait_readable},
 *       {@code wait_writable}, {@code notify_closing} on any {@code SelectableChannel}.</li>
 *   <li>{@link org.triojava.lowlevel.Lowlevel#startGuestRun} with
 *       {@link org.triojava.lowlevel.GuestOptions} and {@link org.triojava.lowlevel.GuestRun}:
 *       {@code start_guest_run}, a run hosted by another event loop (Swing, Netty, an executor).</li>
 *   <li>The one primitive: {@link org.triojava.lowlevel.Lowlevel#waitTaskRescheduled} with an
 *       {@link org.triojava.lowlevel.AbortFunction} returning an {@link org.triojava.lowlevel.Abort},
 *       and {@link org.triojava.lowlevel.Lowlevel#reschedule} with an
 *       {@link org.triojava.lowlevel.Outcome} (Python's {@code outcome} library).</li>
 *   <li>{@link org.triojava.lowlevel.ParkingLot}: {@code trio.lowlevel.ParkingLot}, the queue of
 *       waiting tasks that every lock, event and channel uses.</li>
 *   <li>{@link org.triojava.lowlevel.Task}, {@link org.triojava.lowlevel.TrioToken},
 *       {@link org.triojava.lowlevel.RunStatistics}: {@code Task}, {@code TrioToken},
 *       {@code RunStatistics}.</li>
 *   <li>{@link org.triojava.lowlevel.ConflictDetector}: Trio's internal {@code ConflictDetector},
 *       public here for authors of streams ("two tasks in one {@code receiveSome}" →
 *       {@link org.triojava.BusyResourceError}).</li>
 * </ul>
 *
 * <pre>{@code
 * // a one-shot wake-up, as Event builds it
 * Task waiter = Lowlevel.currentTask();
 * Lowlevel.spawnSystemTask("waker", () -> { Trio.sleep(1); Lowlevel.reschedule(waiter, Outcome.value("hi")); });
 * Object value = Lowlevel.waitTaskRescheduled(raiseCancel -> Abort.SUCCEEDED);   // "hi"
 * }</pre>
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("0.2.0")
package org.triojava.lowlevel;
