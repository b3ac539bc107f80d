/**
 * The interfaces that users and backends implement (Trio's {@code trio.abc}): what a clock, an
 * instrument, a channel, a stream or a listener is, apart from any one implementation.
 *
 * <ul>
 *   <li>{@link org.triojava.abc.Clock} and {@link org.triojava.abc.Instrument}: {@code trio.abc.Clock},
 *       {@code trio.abc.Instrument} (every hook a no-op by default), given to a run through
 *       {@link org.triojava.RunOptions}.</li>
 *   <li>{@link org.triojava.abc.AsyncResource}, {@link org.triojava.abc.SendStream},
 *       {@link org.triojava.abc.ReceiveStream}, {@link org.triojava.abc.Stream},
 *       {@link org.triojava.abc.HalfCloseableStream}, {@link org.triojava.abc.Listener}: the
 *       abstract Stream API; {@code aclose()} is {@code close()} here (graceful, a checkpoint,
 *       idempotent). The implementations are in {@link org.triojava.stream} and
 *       {@link org.triojava.testing}.</li>
 *   <li>{@link org.triojava.abc.SendChannel} and {@link org.triojava.abc.ReceiveChannel}:
 *       {@code trio.abc.SendChannel}, {@code ReceiveChannel}; the memory channels of
 *       {@link org.triojava.channel} implement them.</li>
 *   <li>{@link org.triojava.abc.HostnameResolver} and {@link org.triojava.abc.SocketFactory}:
 *       {@code trio.abc.HostnameResolver}, {@code SocketFactory}, installed with
 *       {@link org.triojava.socket.Sockets}.</li>
 * </ul>
 *
 * <pre>{@code
 * // an instrument that counts task steps
 * class StepCounter implements Instrument {
 *     int steps;
 *     public void beforeTaskStep(Task task) { steps++; }
 * }
 * StepCounter counter = new StepCounter();
 * Trio.run(RunOptions.defaults().withInstrument(counter), () -> Trio.sleep(0.1));
 * }</pre>
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("0.1.0")
package org.triojava.abc;
