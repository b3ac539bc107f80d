/**
 * Spawning subprocesses (the "Spawning subprocesses" chapter of Trio's manual): child processes
 * whose pipes are Trio streams and whose cancellation never leaves an orphan.
 *
 * <ul>
 *   <li>{@link org.triojava.process.Processes#run}: {@code trio.run_process}, run a child to
 *       completion (input fed, output captured, status checked), or supervise it as a background
 *       task with {@code nursery.start}.</li>
 *   <li>{@link org.triojava.process.Processes#open}: {@code trio.lowlevel.open_process}, a
 *       {@link org.triojava.process.TrioProcess} ({@code trio.Process}) you manage yourself.</li>
 *   <li>{@link org.triojava.process.ProcessOptions} and {@link org.triojava.process.Redirect}: the
 *       keyword arguments ({@code stdin=}, {@code capture_stdout=}, {@code check=}, {@code cwd=},
 *       {@code env=}); {@link org.triojava.process.DeliverCancel}: {@code deliver_cancel}.</li>
 *   <li>{@link org.triojava.process.CompletedProcess} and
 *       {@link org.triojava.process.CalledProcessError}: Python's {@code subprocess} results.</li>
 * </ul>
 *
 * <pre>{@code
 * // fails with CalledProcessError (status and stderr) if the compiler does
 * CompletedProcess done = Processes.run(List.of("cc", "-o", "hello", "hello.c"),
 *         ProcessOptions.defaults().withCaptureStderr(true));
 *
 * // a timeout stops the child: SIGTERM, SIGKILL 5 s later if need be, then Cancelled
 * Trio.moveOnAfter(Duration.ofSeconds(30), () -> Processes.run("./long-job"));
 * }</pre>
 *
 * <p>Differences from Trio: return codes are the JDK's (a child killed by signal N reports
 * 128+N where Trio reports −N); no {@code shell=}, no file descriptors as redirects, and text
 * mode is yours ({@code new String(bytes, UTF_8)}). POSIX only: on Windows the JDK would stop
 * children with {@code TerminateProcess} and POSIX signal names mean nothing.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("0.2.0")
package org.triojava.process;
