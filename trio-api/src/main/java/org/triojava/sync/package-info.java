/**
 * Synchronizing and communicating between tasks of one run: the primitives of the
 * "Synchronizing and communicating between tasks" chapter of Trio's manual. Every blocking
 * method is a checkpoint; every {@code ...Nowait} method is not and throws
 * {@link org.triojava.WouldBlock} instead of waiting.
 *
 * <ul>
 *   <li>{@link org.triojava.sync.Event}: {@code trio.Event} ({@code wait()} is {@code await()}).</li>
 *   <li>{@link org.triojava.sync.Lock} and {@link org.triojava.sync.StrictFifoLock}:
 *       {@code trio.Lock}, {@code trio.StrictFIFOLock}.</li>
 *   <li>{@link org.triojava.sync.Semaphore}: {@code trio.Semaphore}.</li>
 *   <li>{@link org.triojava.sync.CapacityLimiter}: {@code trio.CapacityLimiter}, also what bounds
 *       {@link org.triojava.thread.ToThread worker threads}.</li>
 *   <li>{@link org.triojava.sync.Condition}: {@code trio.Condition} ({@code wait}, {@code notify},
 *       {@code notify_all} are {@code await}, {@code signal}, {@code signalAll}, because
 *       {@link java.lang.Object} owns the Python names).</li>
 *   <li>Statistics records, one per primitive: Trio's {@code statistics()}.</li>
 * </ul>
 *
 * <p>To pass values between tasks, use {@link org.triojava.channel memory channels}.
 *
 * <pre>{@code
 * CapacityLimiter limiter = new CapacityLimiter(3);   // at most three downloads at once
 * Trio.openNursery(nursery -> {
 *     for (String url : urls) {
 *         nursery.startSoon(() -> limiter.withToken(() -> download(url)));
 *     }
 * });
 * }</pre>
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("0.2.0")
package org.triojava.sync;
