package org.triojava.junit5;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;
import org.opentest4j.TestAbortedException;
import org.triojava.Cancelled;
import org.triojava.ExceptionGroup;
import org.triojava.Nursery;
import org.triojava.RunOptions;
import org.triojava.Trio;
import org.triojava.abc.Clock;
import org.triojava.abc.Instrument;
import org.triojava.lowlevel.Lowlevel;
import org.triojava.lowlevel.Task;
import org.triojava.testing.MockClock;
import org.triojava.testing.Testing;
import org.triojava.thread.ThreadOptions;
import org.triojava.thread.ToThread;

/**
 * The extension seen from the outside: the fixture classes below are run with JUnit's own
 * {@link EngineTestKit}, and these tests check what JUnit reported (outcomes, exceptions, report
 * entries). The fixtures are nested classes, which Surefire does not run on its own, and
 * {@link Fixture} disables them anywhere but here.
 */
class TrioExtensionTest {
    static final String SELF_TEST = "org.triojava.junit5.selftest";

    // ================================================================== running fixtures

    private static EngineExecutionResults run(Class<?> fixture, String... configuration) {
        EngineTestKit.Builder kit = EngineTestKit.engine("junit-jupiter")
                .configurationParameter(SELF_TEST, "true")
                .selectors(selectClass(fixture));
        for (int i = 0; i < configuration.length; i += 2) {
            kit.configurationParameter(configuration[i], configuration[i + 1]);
        }
        return kit.execute();
    }

    /** The exception of the only test of {@code results}, which must have failed. */
    private static Throwable failure(EngineExecutionResults results) {
        results.testEvents().assertStatistics(s -> s.started(1).failed(1));
        TestExecutionResult result = results.testEvents().failed().list().get(0)
                .getRequiredPayload(TestExecutionResult.class);
        return result.getThrowable().orElseThrow();
    }

    /** The values of every {@code trio.schedulingSeed} report entry, in order. */
    private static List<Long> reportedSeeds(EngineExecutionResults results) {
        List<Long> seeds = new ArrayList<>();
        for (Event event : results.allEvents().reportingEntryPublished().list()) {
            Map<String, String> entry = event.getRequiredPayload(ReportEntry.class).getKeyValuePairs();
            if (entry.containsKey(TrioExtension.SEED_REPORT_KEY)) {
                seeds.add(Long.parseLong(entry.get(TrioExtension.SEED_REPORT_KEY)));
            }
        }
        return seeds;
    }

    private static ReplaySeed replaySeed(Throwable failure) {
        List<ReplaySeed> seeds = Arrays.stream(failure.getSuppressed())
                .filter(ReplaySeed.class::isInstance).map(ReplaySeed.class::cast).toList();
        assertEquals(1, seeds.size(), () -> "suppressed: " + Arrays.toString(failure.getSuppressed()));
        return seeds.get(0);
    }

    /** Runs {@code action} with System.err captured into {@code captured[0]}. */
    private static <T> T captureStandardError(Supplier<T> action, String[] captured) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream original = System.err;
        System.setErr(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        try {
            return action.get();
        } finally {
            System.setErr(original);
            captured[0] = bytes.toString(StandardCharsets.UTF_8);
        }
    }

    private static String printed(Throwable t) {
        StringWriter out = new StringWriter();
        t.printStackTrace(new PrintWriter(out, true));
        return out.toString();
    }

    /** Disables a fixture class unless this class's test kit runs it. */
    @Target(ElementType.TYPE)
    @Retention(RetentionPolicy.RUNTIME)
    @ExtendWith(OnlyInTestKit.class)
    @interface Fixture {
    }

    static final class OnlyInTestKit implements ExecutionCondition {
        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            return context.getConfigurationParameter(SELF_TEST).filter("true"::equals).isPresent()
                    ? ConditionEvaluationResult.enabled("run by TrioExtensionTest")
                    : ConditionEvaluationResult.disabled("a fixture of TrioExtensionTest; it fails on purpose");
        }
    }

    // ================================================================== leaks

    @Fixture
    static class LeaksASystemTask {
        @TrioTest
        void test() {
            Lowlevel.spawnSystemTask("ticker", Trio::sleepForever);
        }
    }

    @Test
    void aTestThatLeavesASystemTaskRunningFails() {
        Throwable failure = failure(run(LeaksASystemTask.class));
        assertInstanceOf(AssertionError.class, failure);
        assertTrue(failure.getMessage().startsWith(
                "the Trio test left work behind when it returned: 1 system task is still running: [ticker]. "),
                failure::getMessage);
        replaySeed(failure);
    }

    @Fixture
    static class LeaksAWorkerThread {
        static final CountDownLatch RELEASE = new CountDownLatch(1);

        @TrioTest
        void test() throws Exception {
            Trio.openNursery(nursery -> {
                nursery.startSoon(() -> ToThread.runSync(ThreadOptions.defaults().withAbandonOnCancel(true), () -> {
                    RELEASE.await();
                    return null;
                }));
                Testing.waitAllTasksBlocked();
                assertEquals(1, Testing.activeThreadCount());
                nursery.cancelScope().cancel(); // abandons the thread, which goes on running
            });
        }
    }

    @Test
    void aTestThatLeavesAWorkerThreadBusyFails() {
        Throwable failure;
        try {
            failure = failure(run(LeaksAWorkerThread.class));
        } finally {
            LeaksAWorkerThread.RELEASE.countDown();
        }
        assertInstanceOf(AssertionError.class, failure);
        assertTrue(failure.getMessage().startsWith(
                "the Trio test left work behind when it returned: 1 ToThread worker thread is still busy. "),
                failure::getMessage);
    }

    @Fixture
    static class WaitsForItsAbandonedThread {
        @TrioTest
        void test() throws Exception {
            CountDownLatch release = new CountDownLatch(1);
            Trio.openNursery(nursery -> {
                nursery.startSoon(() -> ToThread.runSync(ThreadOptions.defaults().withAbandonOnCancel(true), () -> {
                    release.await();
                    return null;
                }));
                Testing.waitAllTasksBlocked();
                nursery.cancelScope().cancel();
            });
            release.countDown();
            Testing.waitAllThreadsCompleted();
        }
    }

    @Test
    void aTestThatWaitsForItsThreadsPasses() {
        run(WaitsForItsAbandonedThread.class).testEvents().assertStatistics(s -> s.started(1).succeeded(1));
    }

    @Fixture
    static class LeaksAndFails {
        @TrioTest
        void test() {
            Lowlevel.spawnSystemTask("leaker", Trio::sleepForever);
            throw new IllegalStateException("its own failure");
        }
    }

    @Test
    void aLeakOfAFailingTestIsAttachedToItsFailure() {
        Throwable failure = failure(run(LeaksAndFails.class));
        assertInstanceOf(IllegalStateException.class, failure);
        assertEquals("its own failure", failure.getMessage());
        List<Throwable> suppressed = List.of(failure.getSuppressed());
        assertEquals(2, suppressed.size(), suppressed::toString);
        assertTrue(suppressed.get(0).getMessage().contains("1 system task is still running: [leaker]"));
        assertInstanceOf(ReplaySeed.class, suppressed.get(1));
    }

    // ================================================================== the test nursery

    @Fixture
    static class LeavesABackgroundTaskInTheTestNursery {
        static final List<String> LOG = new ArrayList<>();

        @TrioTest
        void test(Nursery nursery) {
            nursery.startSoon(() -> {
                try {
                    Trio.sleepForever();
                } catch (Cancelled cancelled) {
                    LOG.add("background task cancelled");
                    throw cancelled;
                }
            });
            Testing.waitAllTasksBlocked();
            LOG.add("test body returns");
        }
    }

    @Test
    void theTestNurseryIsCancelledWhenTheBodyReturnsAndThatIsNoLeak() {
        LeavesABackgroundTaskInTheTestNursery.LOG.clear();
        run(LeavesABackgroundTaskInTheTestNursery.class).testEvents()
                .assertStatistics(s -> s.started(1).succeeded(1));
        assertEquals(List.of("test body returns", "background task cancelled"),
                LeavesABackgroundTaskInTheTestNursery.LOG);
    }

    @Fixture
    static class ABackgroundTaskFails {
        static final List<String> LOG = new ArrayList<>();

        @TrioTest
        void test(Nursery nursery) {
            nursery.startSoon(() -> {
                throw new IOException("background task failed");
            });
            try {
                Trio.sleepForever();
            } catch (Cancelled cancelled) {
                LOG.add("test body cancelled");
                throw cancelled;
            }
        }
    }

    @Test
    void aFailingBackgroundTaskCancelsTheBodyAndFailsTheTest() {
        ABackgroundTaskFails.LOG.clear();
        Throwable failure = failure(run(ABackgroundTaskFails.class));
        ExceptionGroup group = assertInstanceOf(ExceptionGroup.class, failure);
        assertEquals(1, group.exceptions().size());
        assertInstanceOf(IOException.class, group.exceptions().get(0));
        assertEquals("background task failed", group.exceptions().get(0).getMessage());
        assertEquals(List.of("test body cancelled"), ABackgroundTaskFails.LOG);
        replaySeed(failure);
    }

    @Fixture
    static class FailsWithTheTestNursery {
        @TrioTest
        void test(Nursery nursery) throws IOException {
            nursery.startSoon(Trio::sleepForever);
            throw new IOException("the body's own failure");
        }
    }

    @Test
    void theBodysOwnFailureIsNotWrappedByTheTestNursery() {
        Throwable failure = failure(run(FailsWithTheTestNursery.class));
        assertInstanceOf(IOException.class, failure);
        assertEquals("the body's own failure", failure.getMessage());
    }

    // ================================================================== exceptions

    @Fixture
    static class ThrowsACheckedException {
        @TrioTest
        void test() throws IOException {
            throw new IOException("disk on fire");
        }
    }

    @Test
    void aCheckedExceptionFailsTheTestAsItIsAndCarriesTheSeed() {
        EngineExecutionResults results = run(ThrowsACheckedException.class);
        Throwable failure = failure(results);
        assertSame(IOException.class, failure.getClass());
        assertEquals("disk on fire", failure.getMessage());
        assertEquals(List.of(replaySeed(failure).seed()), reportedSeeds(results));
    }

    @Fixture
    static class ThrowsAGroup {
        @TrioTest
        void test() throws Exception {
            Trio.openNursery(nursery -> {
                nursery.startSoon(() -> {
                    throw new IOException("first member");
                });
                nursery.startSoon(() -> {
                    throw new IllegalStateException("second member");
                });
            });
        }
    }

    @Test
    void anExceptionGroupFailsTheTestWithEveryMemberShown() {
        String[] err = new String[1];
        Throwable failure = failure(captureStandardError(() -> run(ThrowsAGroup.class), err));
        long seed = replaySeed(failure).seed();
        // the line for the console, where a summary shows only the group's message
        String line = err[0].lines().filter(l -> l.contains("ThrowsAGroup")).findFirst().orElseThrow(() ->
                new AssertionError("nothing about the test on System.err: " + err[0]));
        assertTrue(line.startsWith(ThrowsAGroup.class.getName() + ".test() failed (ExceptionGroup of: "), line);
        assertTrue(line.contains("java.io.IOException: first member"), line);
        assertTrue(line.contains("java.lang.IllegalStateException: second member"), line);
        assertTrue(line.endsWith("). Trio scheduling seed " + seed + ": replay with @TrioTest(seed = " + seed
                + "L) or -Dorg.triojava.junit5.seed=" + seed), line);

        ExceptionGroup group = assertInstanceOf(ExceptionGroup.class, failure);
        assertEquals(Set.of(IOException.class, IllegalStateException.class),
                new HashSet<>(group.exceptions().stream().map(Object::getClass).toList()));
        String printed = printed(failure);
        assertTrue(printed.contains("java.io.IOException: first member"), printed);
        assertTrue(printed.contains("java.lang.IllegalStateException: second member"), printed);
        assertTrue(printed.contains("Trio scheduling seed " + replaySeed(failure).seed()), printed);
    }

    @Fixture
    static class IsAborted {
        @TrioTest
        void test() {
            Assumptions.assumeTrue(false, "not today");
        }
    }

    @Test
    void anAbortedTestIsAbortedAndGetsNoSeed() {
        EngineExecutionResults results = run(IsAborted.class);
        results.testEvents().assertStatistics(s -> s.started(1).aborted(1));
        Throwable thrown = results.testEvents().aborted().list().get(0).getRequiredPayload(TestExecutionResult.class)
                .getThrowable().orElseThrow();
        assertInstanceOf(TestAbortedException.class, thrown);
        assertEquals(0, thrown.getSuppressed().length);
    }

    // ================================================================== seeds

    /** Six tasks log their number when they first run: the order depends only on the seed. */
    static List<Integer> startOrder() throws Exception {
        List<Integer> order = new ArrayList<>();
        Trio.openNursery(nursery -> {
            for (int i = 0; i < 6; i++) {
                int number = i;
                nursery.startSoon(() -> order.add(number));
            }
        });
        return order;
    }

    @Fixture
    static class RecordsTheOrderAndFails {
        static final List<List<Integer>> ORDERS = new ArrayList<>();

        @TrioTest
        void test() throws Exception {
            ORDERS.add(startOrder());
            throw new AssertionError("fails so that the seed is reported");
        }
    }

    @Test
    void aFailureReportsItsSeedAndTheSeedReplaysTheSameSchedule() throws Exception {
        RecordsTheOrderAndFails.ORDERS.clear();
        EngineExecutionResults first = run(RecordsTheOrderAndFails.class);
        ReplaySeed seed = replaySeed(failure(first));
        assertEquals(List.of(seed.seed()), reportedSeeds(first));
        assertEquals("Trio scheduling seed " + seed.seed() + ": replay with @TrioTest(seed = " + seed.seed()
                + "L) or -Dorg.triojava.junit5.seed=" + seed.seed(), seed.getMessage());
        assertEquals(0, seed.getStackTrace().length);

        EngineExecutionResults replay = run(RecordsTheOrderAndFails.class,
                TrioExtension.SEED_PROPERTY, Long.toString(seed.seed()));
        assertEquals(seed.seed(), replaySeed(failure(replay)).seed());
        assertEquals(List.of(seed.seed()), reportedSeeds(replay));
        List<List<Integer>> orders = RecordsTheOrderAndFails.ORDERS;
        assertEquals(2, orders.size());
        assertEquals(orders.get(0), orders.get(1));
        // and it is the order a plain run with that seed has
        assertEquals(orders.get(0), Trio.run(RunOptions.defaults().withSchedulingSeed(seed.seed()),
                TrioExtensionTest::startOrder));
    }

    @Fixture
    static class FixedSeed {
        static final List<List<Integer>> ORDERS = new ArrayList<>();

        @TrioTest(seed = 42)
        void test() throws Exception {
            ORDERS.add(startOrder());
        }
    }

    @Test
    void theAnnotationsSeedWinsOverTheConfigurationParameter() throws Exception {
        FixedSeed.ORDERS.clear();
        EngineExecutionResults results = run(FixedSeed.class, TrioExtension.SEED_PROPERTY, "7");
        results.testEvents().assertStatistics(s -> s.started(1).succeeded(1));
        assertEquals(List.of(42L), reportedSeeds(results));
        assertEquals(List.of(Trio.run(RunOptions.defaults().withSchedulingSeed(42), TrioExtensionTest::startOrder)),
                FixedSeed.ORDERS);
    }

    @Test
    void seedsReallyChangeTheSchedule() throws Exception {
        Set<List<Integer>> orders = new HashSet<>();
        for (long seed = 0; seed < 10; seed++) {
            orders.add(Trio.run(RunOptions.defaults().withSchedulingSeed(seed), TrioExtensionTest::startOrder));
        }
        assertTrue(orders.size() > 1, orders::toString);
    }

    @Fixture
    static class Passes {
        @TrioTest
        void test() {
        }
    }

    @Test
    void theConfigurationParameterSetsTheSeedAndAnL_suffixIsAccepted() {
        assertEquals(List.of(-5L), reportedSeeds(run(Passes.class, TrioExtension.SEED_PROPERTY, "-5")));
        assertEquals(List.of(123L), reportedSeeds(run(Passes.class, TrioExtension.SEED_PROPERTY, " 123L ")));
    }

    @Test
    void everyRunGetsANewRandomSeedByDefault() {
        List<Long> seeds = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            EngineExecutionResults results = run(Passes.class);
            results.testEvents().assertStatistics(s -> s.started(1).succeeded(1));
            seeds.addAll(reportedSeeds(results));
        }
        assertEquals(3, seeds.size());
        assertEquals(3, new HashSet<>(seeds).size(), seeds::toString);
        assertFalse(seeds.contains(TrioTest.RANDOM_SEED));
    }

    @Test
    void aMalformedSeedParameterFailsTheTestWithAClearMessage() {
        Throwable failure = failure(run(Passes.class, TrioExtension.SEED_PROPERTY, "banana"));
        assertInstanceOf(IllegalArgumentException.class, failure);
        assertEquals("org.triojava.junit5.seed must be a long, not \"banana\"", failure.getMessage());
    }

    // ================================================================== parameters and registration

    @Fixture
    @ExtendWith(TrioExtension.class)
    static class EveryTestOfTheClassRunsInTrio {
        static final List<String> LOG = new ArrayList<>();

        @Test
        void plain() {
            LOG.add("plain in a Trio task: " + Lowlevel.inTrioTask());
        }

        @RepeatedTest(3)
        void repeated(MockClock clock) {
            assertSame(clock, Lowlevel.currentClock());
            LOG.add("repeated in a Trio task: " + Lowlevel.inTrioTask());
        }

        @ParameterizedTest
        @ValueSource(ints = {1, 2})
        void parameterized(int seconds, MockClock clock, Nursery nursery) {
            clock.jump(seconds);
            nursery.startSoon(Trio::sleepForever);
            LOG.add("parameterized " + seconds + " at " + Trio.currentTime());
        }

        @TrioTest(autojumpThreshold = 0)
        void configured() throws Exception {
            Trio.sleep(5);
            LOG.add("configured at " + Trio.currentTime());
        }
    }

    @Test
    void theExtensionOnAClassRunsEveryTestMethodAndTemplateInvocationInTrio() {
        EveryTestOfTheClassRunsInTrio.LOG.clear();
        EngineExecutionResults results = run(EveryTestOfTheClassRunsInTrio.class);
        results.testEvents().assertStatistics(s -> s.started(7).succeeded(7));
        assertEquals(Set.of("plain in a Trio task: true", "repeated in a Trio task: true", "parameterized 1 at 1.0",
                "parameterized 2 at 2.0", "configured at 5.0"), new HashSet<>(EveryTestOfTheClassRunsInTrio.LOG));
        assertEquals(7, EveryTestOfTheClassRunsInTrio.LOG.size());
        List<Long> seeds = reportedSeeds(results);
        assertEquals(7, seeds.size());
        assertEquals(7, new HashSet<>(seeds).size(), seeds::toString);
    }

    @Fixture
    static class AsksForTheNurseryInBeforeEach {
        @BeforeEach
        void setUp(Nursery nursery) {
        }

        @TrioTest
        void test() {
        }
    }

    @Test
    void theNurseryIsOnlyForTheTestMethodItself() {
        Throwable failure = failure(run(AsksForTheNurseryInBeforeEach.class));
        assertInstanceOf(ParameterResolutionException.class, failure);
        assertTrue(failure.getMessage().contains("No ParameterResolver registered for parameter [org.triojava.Nursery"),
                failure::getMessage);
    }

    @Fixture
    static class AsksForABadClock {
        @TrioTest(rate = -1)
        void test(MockClock clock) {
        }
    }

    @Test
    void badClockSettingsFailTheTestWithTheClocksMessage() {
        Throwable failure = failure(run(AsksForABadClock.class));
        assertInstanceOf(ParameterResolutionException.class, failure);
        assertEquals("bad mock clock settings in @TrioTest: rate must be >= 0, got -1.0", failure.getMessage());
    }

    @Fixture
    static class PlainTestAsksForAClock {
        @Test
        void test(MockClock clock) {
        }
    }

    @Test
    void withoutTheExtensionNothingResolvesTrioParameters() {
        Throwable failure = failure(run(PlainTestAsksForAClock.class));
        assertInstanceOf(ParameterResolutionException.class, failure);
    }

    @Fixture
    @ExtendWith(TrioExtension.class)
    static class ClockAndInstrumentArguments {
        static final List<String> LOG = new ArrayList<>();
        static final MockClock CLOCK = new MockClock();

        static Stream<Arguments> clockAndInstrument() {
            CLOCK.jump(7);
            Instrument instrument = new Instrument() {
                @Override
                public void beforeTaskStep(Task task) {
                    LOG.add("step");
                }
            };
            return Stream.of(Arguments.of(CLOCK, instrument));
        }

        @ParameterizedTest
        @MethodSource("clockAndInstrument")
        void test(Clock clock, Instrument instrument) throws Exception {
            LOG.clear();
            Trio.checkpoint();
            LOG.add("clock is the argument: " + (Lowlevel.currentClock() == clock) + " at " + Trio.currentTime());
        }

        static Stream<Arguments> twoClocks() {
            return Stream.of(Arguments.of(new MockClock(), new MockClock()));
        }

        @ParameterizedTest
        @MethodSource("twoClocks")
        void tooManyClocks(Clock first, Clock second) {
            LOG.add("ran with two clocks (wrong)");
        }
    }

    @Test
    void clockAndInstrumentArgumentsAreInstalledAsTrioTestDoes() {
        EngineExecutionResults results = run(ClockAndInstrumentArguments.class);
        results.testEvents().assertStatistics(s -> s.started(2).succeeded(1).failed(1));
        List<String> log = ClockAndInstrumentArguments.LOG;
        assertEquals("step", log.get(0), log::toString); // the instrument saw the step after the checkpoint
        assertTrue(log.contains("clock is the argument: true at 7.0"), log::toString);
        assertFalse(log.contains("ran with two clocks (wrong)"));
        Throwable failure = results.testEvents().failed().list().get(0)
                .getRequiredPayload(TestExecutionResult.class).getThrowable().orElseThrow();
        assertInstanceOf(IllegalArgumentException.class, failure);
        assertTrue(failure.getMessage().startsWith("a Trio test runs on one clock, but it was given 2"),
                failure::getMessage);
    }

    // ================================================================== timeout

    @Fixture
    static class HangsOnAnEvent {
        @TrioTest(timeout = 0.05, autojumpThreshold = 0)
        void test() throws Exception {
            Trio.openNursery(nursery -> {
                nursery.startSoon("waiter", () -> new org.triojava.sync.Event().await());
                new org.triojava.sync.Event().await();
            });
        }
    }

    @Test
    void aTestPastItsTimeoutFailsWithItsTaskTree() {
        String[] err = new String[1];
        Throwable failure = failure(captureStandardError(() -> run(HangsOnAnEvent.class), err));
        assertInstanceOf(AssertionError.class, failure);
        String message = failure.getMessage();
        assertTrue(message.startsWith(HangsOnAnEvent.class.getName() + ".test() timed out after 0.05 s; its task tree"
                + " then:\nTrio run at t=0.0"), message);
        assertTrue(message.contains(" waiter PARKED: Event.await"), message);
        assertTrue(message.contains("PARKED: nursery exit: 1 child left") || message.contains("PARKED: Event.await"),
                message);
        assertTrue(err[0].contains(message), "printed as well: " + err[0]);
        assertTrue(Arrays.stream(failure.getSuppressed()).noneMatch(s -> s instanceof org.triojava.Cancelled),
                "the watchdog's cancellation is not part of the failure");
    }

    @Fixture
    static class EndsInTime {
        @TrioTest(timeout = 60)
        void test() throws Exception {
            Trio.sleep(0.001);
        }
    }

    @Fixture
    static class NegativeTimeout {
        @TrioTest(timeout = -1)
        void test() {
        }
    }

    @Test
    void aTestWithinItsTimeoutPassesAndABadTimeoutIsNamed() {
        run(EndsInTime.class).testEvents().assertStatistics(s -> s.started(1).succeeded(1));
        Throwable failure = failure(run(NegativeTimeout.class));
        assertEquals("@TrioTest(timeout = -1.0): the timeout must be a finite number of seconds, or 0 for none",
                failure.getMessage());
    }
}
