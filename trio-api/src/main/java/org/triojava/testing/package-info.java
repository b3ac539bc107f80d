/**
 * The testing toolkit (Trio's {@code trio.testing}): time under the test's control, waiting until
 * the run is quiet, ordering across tasks, checkpoint assertions, and in-memory streams with the
 * conformance checks every stream should pass. The JUnit Jupiter extension that runs a test
 * method inside {@code Trio.run} is the separate artifact {@code trio-junit5} ({@code @TrioTest},
 * the Java pytest-trio).
 *
 * <ul>
 *   <li>{@link org.triojava.testing.MockClock}: {@code trio.testing.MockClock}, with {@code rate},
 *       {@code autojump_threshold} and {@code jump}.</li>
 *   <li>{@link org.triojava.testing.Testing}: {@code wait_all_tasks_blocked},
 *       {@code assert_checkpoints}, {@code assert_no_checkpoints},
 *       {@code wait_all_threads_completed}, {@code active_thread_count},
 *       {@code open_stream_to_socket_listener}.</li>
 *   <li>{@link org.triojava.testing.Sequencer}: {@code trio.testing.Sequencer}.</li>
 *   <li>{@link org.triojava.testing.MemorySendStream}, {@link org.triojava.testing.MemoryReceiveStream},
 *       {@link org.triojava.testing.MemoryStreams}: {@code MemorySendStream},
 *       {@code MemoryReceiveStream}, {@code memory_stream_pump}, {@code memory_stream_one_way_pair},
 *       {@code memory_stream_pair}, {@code lockstep_stream_one_way_pair},
 *       {@code lockstep_stream_pair}.</li>
 *   <li>{@link org.triojava.testing.StreamChecks}: {@code check_one_way_stream},
 *       {@code check_two_way_stream}, {@code check_half_closeable_stream}.</li>
 * </ul>
 *
 * <pre>{@code
 * MockClock clock = new MockClock();
 * clock.setAutojumpThreshold(0);               // jump to the next deadline whenever all tasks are blocked
 * Trio.run(RunOptions.defaults().withClock(clock), () -> {
 *     Trio.sleep(Duration.ofHours(1));          // returns at once, an hour later on the run's clock
 *     assert Trio.currentTime() >= 3600;
 * });
 * }</pre>
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("0.2.0")
package org.triojava.testing;
