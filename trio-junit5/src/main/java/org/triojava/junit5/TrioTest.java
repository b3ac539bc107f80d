package org.triojava.junit5;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A JUnit Jupiter test whose body runs as the main task of its own {@code Trio.run}
 * (pytest-trio's {@code @pytest.mark.trio}). It is a {@link Test @Test} with the
 * {@link TrioExtension} registered, so no other annotation is needed:
 *
 * <pre>{@code
 * @TrioTest(autojumpThreshold = 0)
 * void anHourPassesInAnInstant(MockClock clock) throws Exception {
 *     Trio.sleep(3600);
 *     assertEquals(3600.0, Trio.currentTime());
 * }
 * }</pre>
 *
 * <p>The test method may declare parameters of these types, in any order, besides those that
 * other extensions resolve:
 *
 * <ul>
 *   <li>{@link org.triojava.testing.MockClock} — the run's clock (pytest-trio's {@code mock_clock}
 *       and {@code autojump_clock} fixtures), made with {@link #rate()} and
 *       {@link #autojumpThreshold()}. Asking for it is what installs it; without it the run has
 *       the system clock, unless {@code rate} or {@code autojumpThreshold} is set. A
 *       {@code @BeforeEach} or {@code @AfterEach} method of the test may ask for the same clock.
 *   <li>{@link org.triojava.Nursery} — a nursery that lives as long as the test (pytest-trio's
 *       {@code nursery} fixture): the test body runs inside it, and when the body returns the
 *       nursery is cancelled, so background tasks started in it need no clean-up. If one of them
 *       fails, the test body is cancelled and the test fails with the nursery's exception group.
 *   <li>{@link org.triojava.lowlevel.TrioToken} — the run's token, for other threads.
 * </ul>
 *
 * <p>As with Trio's {@code trio_test}, arguments that other resolvers supply (for example a
 * {@code @ParameterizedTest}'s {@code @MethodSource} under {@code @ExtendWith(TrioExtension.class)})
 * and that are an {@link org.triojava.abc.Clock} or an {@link org.triojava.abc.Instrument} become
 * the run's clock and instruments; more than one clock (counting the mock clock above) fails the
 * test with {@link IllegalArgumentException}.
 *
 * <p>The {@code Nursery} and {@code TrioToken} arguments are views that JUnit receives before the
 * run starts; they act on the real nursery and token of the run while the test runs (compare
 * them by what they do, not by identity).
 *
 * <p><b>Scheduling seed.</b> Each test runs with a {@link
 * org.triojava.RunOptions#withSchedulingSeed(long) scheduling seed}, which shuffles the order in
 * which runnable tasks run, so that tests do not come to depend on one order by accident. The
 * seed is {@link #seed()} if set, else the configuration parameter or system property
 * {@value TrioExtension#SEED_PROPERTY}, else a new random seed for every run of every test. It
 * is published as the report entry {@value TrioExtension#SEED_REPORT_KEY}, and when the test
 * fails it is attached to the failure (as a suppressed exception that reads
 * {@code "Trio scheduling seed 42: replay with @TrioTest(seed = 42L) or -Dorg.triojava.junit5.seed=42"})
 * and printed to {@code System.err} with the test's name (and the members of an exception
 * group), so a failure that depends on the order can be replayed.
 *
 * <p><b>Leaks.</b> The test fails if, when its body (and the nursery parameter) has finished, a
 * system task it spawned with {@code Lowlevel.spawnSystemTask} is still running, or a
 * {@code ToThread} worker thread is still busy (for example one abandoned on cancellation). A
 * test that leaves them on purpose must wait for them before it returns
 * ({@code Testing.waitAllThreadsCompleted()}).
 *
 * <p>Exceptions of the test body propagate unchanged: checked exceptions as they are, and the
 * exception group of a nursery with every member printed as a suppressed exception.
 *
 * <p>To compose your own annotation, put this one on it (for example
 * {@code @TrioTest(autojumpThreshold = 0) @interface AutojumpTest {}}). To run every test of a
 * class in Trio — including {@code @RepeatedTest} and {@code @ParameterizedTest} methods, which
 * then get a new seed per invocation — register the extension on the class with
 * {@code @ExtendWith(TrioExtension.class)}; methods without {@code @TrioTest} use its defaults.
 *
 * @see TrioExtension
 */
@Target({ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Test
@ExtendWith(TrioExtension.class)
public @interface TrioTest {
    /** The value of {@link #seed()} that means "not fixed": a random seed for every run (the default). */
    long RANDOM_SEED = Long.MIN_VALUE;

    /**
     * The mock clock's {@link org.triojava.testing.MockClock#rate() rate}: 0 (the default) stands
     * still, 1 is real time. A non-zero rate installs a mock clock even if no parameter asks
     * for it.
     */
    double rate() default 0;

    /**
     * The mock clock's {@link org.triojava.testing.MockClock#autojumpThreshold() autojump
     * threshold} in real seconds: 0 jumps to the next deadline as soon as every task is
     * blocked; the default, +infinity, never jumps. A finite threshold installs a mock clock
     * even if no parameter asks for it.
     */
    double autojumpThreshold() default Double.POSITIVE_INFINITY;

    /**
     * A fixed scheduling seed, to replay a run (the seed a failure reported). The default,
     * {@link #RANDOM_SEED}, takes the seed from the configuration parameter or system property
     * {@value TrioExtension#SEED_PROPERTY} if set, else a random one.
     */
    long seed() default RANDOM_SEED;

    /**
     * A watchdog, in real seconds (0, the default: none): a test still running after this long is
     * cancelled and fails, and the run's task tree at that moment ({@code Lowlevel.dumpTaskTree()},
     * what every task was waiting for) is printed to {@code System.err} and attached to the
     * failure. Real time, not the run's clock: a hung test on a mock clock never reaches a deadline.
     * If a task holds the run (a blocking call, see {@code RunOptions.withSlowStepThreshold}),
     * the run cannot answer; the watchdog then says so on {@code System.err} and the test goes on.
     */
    double timeout() default 0;
}
