/**
 * Passing values between tasks of one run: Trio's memory channels ("Using channels to pass
 * values between tasks" in Trio's manual).
 *
 * <ul>
 *   <li>{@link org.triojava.channel.MemoryChannel#open(int)}: {@code trio.open_memory_channel}
 *       (0 is a rendezvous; {@link org.triojava.channel.MemoryChannel#openUnbounded()} is
 *       {@code math.inf}).</li>
 *   <li>{@link org.triojava.channel.MemorySendChannel} and
 *       {@link org.triojava.channel.MemoryReceiveChannel}: {@code MemorySendChannel},
 *       {@code MemoryReceiveChannel} with {@code clone()} and {@code close()}; a receive channel is
 *       {@link java.lang.Iterable} ({@code async for}).</li>
 *   <li>{@link org.triojava.channel.MemoryChannelStatistics}: {@code statistics()}.</li>
 *   <li>{@link org.triojava.channel.MemoryChannel#asSafeChannel}: {@code trio.as_safe_channel}, a
 *       producer that runs only while its consumer asks.</li>
 * </ul>
 *
 * <p>The interfaces the two ends implement, {@link org.triojava.abc.SendChannel} and
 * {@link org.triojava.abc.ReceiveChannel}, are in {@link org.triojava.abc}; the errors (
 * {@link org.triojava.EndOfChannel}, {@link org.triojava.ClosedResourceError},
 * {@link org.triojava.BrokenResourceError}, {@link org.triojava.WouldBlock}) are in the core
 * package, because streams and sockets raise them too.
 *
 * <pre>{@code
 * MemoryChannel<String> channel = MemoryChannel.open(0);
 * Trio.openNursery(nursery -> {
 *     nursery.startSoon(() -> {
 *         try (var send = channel.sendChannel()) {
 *             send.send("hello");
 *         }
 *     });
 *     try (var receive = channel.receiveChannel()) {
 *         for (String message : receive) {        // ends when every send side is closed
 *             System.out.println(message);
 *         }
 *     }
 * });
 * }</pre>
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("0.2.0")
package org.triojava.channel;
