package org.triojava.junit5;

import java.lang.reflect.Executable;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;
import org.junit.platform.commons.support.AnnotationSupport;
import org.opentest4j.TestAbortedException;
import org.triojava.Nursery;
import org.triojava.RunOptions;
import org.triojava.ThrowableGroup;
import org.triojava.Trio;
import org.triojava.abc.Clock;
import org.triojava.abc.Instrument;
import org.triojava.lowlevel.Lowlevel;
import org.triojava.lowlevel.Task;
import org.triojava.lowlevel.TrioToken;
import org.triojava.testing.MockClock;
import org.triojava.testing.Testing;

/**
 * The JUnit Jupiter extension behind {@link TrioTest @TrioTest} (the Java counterpart of
 * pytest-trio's plugin): it runs each test method it intercepts as the main task of a new
 * {@code Trio.run}, resolves the {@code MockClock}, {@code Nursery} and {@code TrioToken}
 * parameters, chooses and reports the scheduling seed, and fails tests that leave system tasks or
 * worker threads behind. {@link TrioTest} describes the behaviour; this class is what you name
 * in {@code @ExtendWith(TrioExtension.class)} to run every test method of a class (and its
 * {@code @RepeatedTest}, {@code @ParameterizedTest} and other template invocations) in Trio.
 *
 * <p>{@code @BeforeEach}, {@code @AfterEach} and the other lifecycle methods run outside the run,
 * as do {@code @TestFactory} methods and their dynamic tests. Runs use
 * {@code RunOptions.withKeyboardInterrupt(false)}: Ctrl-C stops the test JVM as usual.
 */
public final class TrioExtension implements InvocationInterceptor, ParameterResolver {
    /**
     * The configuration parameter (also read as a system property, or from
     * {@code junit-platform.properties}) that fixes the scheduling seed of every test that has no
     * {@link TrioTest#seed()}: {@value}.
     */
    public static final String SEED_PROPERTY = "org.triojava.junit5.seed";

    /** The key of the report entry that records each test's scheduling seed: {@value}. */
    public static final String SEED_REPORT_KEY = "trio.schedulingSeed";

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(TrioExtension.class);

    /** JUnit makes one per registration; it holds no state of its own (the state lives in the test's store). */
    public TrioExtension() {
    }

    // ------------------------------------------------------------------ parameters

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        Class<?> type = parameterContext.getParameter().getType();
        Optional<Method> testMethod = extensionContext.getTestMethod();
        if (testMethod.isEmpty()) {
            return false;
        }
        Executable declaring = parameterContext.getDeclaringExecutable();
        if (type == MockClock.class) {
            // the test method, or one of its @BeforeEach/@AfterEach methods
            return declaring instanceof Method;
        }
        return (type == Nursery.class || type == TrioToken.class) && declaring.equals(testMethod.get());
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        TestState state = state(extensionContext);
        Class<?> type = parameterContext.getParameter().getType();
        if (type == MockClock.class) {
            try {
                return state.clock(Settings.of(extensionContext));
            } catch (IllegalArgumentException e) {
                throw new ParameterResolutionException("bad mock clock settings in @TrioTest: " + e.getMessage(), e);
            }
        }
        if (type == Nursery.class) {
            state.nurseryRequested = true;
            return state.nursery;
        }
        return state.token;
    }

    // ------------------------------------------------------------------ running

    @Override
    public void interceptTestMethod(Invocation<Void> invocation, ReflectiveInvocationContext<Method> invocationContext,
                                    ExtensionContext extensionContext) throws Throwable {
        runInTrio(invocation, invocationContext.getArguments(), extensionContext);
    }

    @Override
    public void interceptTestTemplateMethod(Invocation<Void> invocation,
                                            ReflectiveInvocationContext<Method> invocationContext,
                                            ExtensionContext extensionContext) throws Throwable {
        runInTrio(invocation, invocationContext.getArguments(), extensionContext);
    }

    private static void runInTrio(Invocation<Void> invocation, List<Object> arguments, ExtensionContext context)
            throws Throwable {
        Settings settings = Settings.of(context);
        TestState state = state(context);
        long seed = seed(settings, context);
        context.publishReportEntry(SEED_REPORT_KEY, Long.toString(seed));
        RunOptions options = RunOptions.defaults().withSchedulingSeed(seed).withKeyboardInterrupt(false);
        String name = context.getTestClass().map(Class::getName).orElse("?") + "." + context.getDisplayName();
        try {
            // as Trio's trio_test: arguments that are clocks or instruments (from other resolvers,
            // such as a @MethodSource) are the run's clock and instruments
            List<Clock> clocks = new ArrayList<>();
            if (state.hasClock() || settings.wantsMockClock()) {
                clocks.add(state.clock(settings));
            }
            for (Object argument : arguments) {
                if (argument instanceof Clock clock && clocks.stream().noneMatch(c -> c == clock)) {
                    clocks.add(clock);
                }
                if (argument instanceof Instrument instrument) {
                    options = options.withInstrument(instrument);
                }
            }
            if (clocks.size() > 1) {
                throw new IllegalArgumentException("a Trio test runs on one clock, but it was given " + clocks.size()
                        + " (arguments and @TrioTest clock settings): " + clocks);
            }
            if (!clocks.isEmpty()) {
                options = options.withClock(clocks.get(0));
            }
            Trio.run(options, () -> Watchdog.within(settings.timeout(), name, () -> runTest(invocation, state)));
        } catch (Throwable failure) {
            if (!(failure instanceof TestAbortedException)) {
                ReplaySeed replay = new ReplaySeed(seed);
                failure.addSuppressed(replay);
                // also where console summaries (which show only the failure's message) leave it visible
                System.err.println(name + " failed" + members(failure) + ". " + replay.getMessage());
            }
            throw failure;
        }
    }

    /** For a group, its leaves as " (ExceptionGroup of: type: message; ...)"; else nothing. */
    private static String members(Throwable failure) {
        if (!(failure instanceof ThrowableGroup group)) {
            return "";
        }
        List<String> leaves = group.leaves().map(Throwable::toString).toList();
        return " (" + failure.getClass().getSimpleName() + " of: " + String.join("; ", leaves) + ")";
    }

    /** The main task: the test body (in the test nursery if asked for), then the leak check. */
    private static void runTest(Invocation<Void> invocation, TestState state) throws Exception {
        Task main = Lowlevel.currentTask();
        List<Task> systemTasksBefore = systemTasks(main);
        state.token.bind(Lowlevel.currentTrioToken());
        Throwable failure = null;
        try {
            if (state.nurseryRequested) {
                runInTestNursery(invocation, state);
            } else {
                proceed(invocation);
            }
        } catch (Throwable t) {
            failure = t;
        }
        AssertionError leak = leaks(main, systemTasksBefore);
        if (failure == null && leak != null) {
            throw leak;
        }
        if (failure != null) {
            if (leak != null) {
                failure.addSuppressed(leak);
            }
            throw Sneaky.<Exception>rethrow(failure);
        }
    }

    /**
     * Runs the body inside the test nursery and cancels the nursery when the body returns. When
     * the body fails alone, its exception comes out as it is, not wrapped in the nursery's group.
     */
    private static void runInTestNursery(Invocation<Void> invocation, TestState state) throws Exception {
        Throwable[] bodyFailure = {null};
        try {
            Trio.openNursery(nursery -> {
                state.nursery.bind(nursery);
                try {
                    proceed(invocation);
                } catch (Throwable t) {
                    bodyFailure[0] = t;
                    throw t;
                }
                nursery.cancelScope().cancel("the test body returned");
            });
        } catch (Throwable t) {
            if (t instanceof ThrowableGroup group && bodyFailure[0] != null
                    && group.exceptions().equals(List.of(bodyFailure[0]))) {
                throw Sneaky.<Exception>rethrow(bodyFailure[0]);
            }
            throw t;
        }
    }

    private static void proceed(Invocation<Void> invocation) throws Exception {
        try {
            invocation.proceed();
        } catch (Throwable t) {
            throw Sneaky.<Exception>rethrow(t);
        }
    }

    // ------------------------------------------------------------------ leaks

    /** The system tasks of the run (every task of the root task's nurseries but the main task). */
    private static List<Task> systemTasks(Task main) {
        List<Task> tasks = new ArrayList<>();
        for (Nursery nursery : Lowlevel.currentRootTask().childNurseries()) {
            for (Task task : nursery.childTasks()) {
                if (task != main) {
                    tasks.add(task);
                }
            }
        }
        return tasks;
    }

    /** What the test left behind, as an assertion error naming it; null when nothing. */
    private static AssertionError leaks(Task main, List<Task> systemTasksBefore) {
        List<String> problems = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (Task task : systemTasks(main)) {
            if (!systemTasksBefore.contains(task)) {
                names.add(task.name());
            }
        }
        if (!names.isEmpty()) {
            problems.add(names.size() + (names.size() == 1 ? " system task is" : " system tasks are")
                    + " still running: " + names);
        }
        int threads = Testing.activeThreadCount();
        if (threads > 0) {
            problems.add(threads + (threads == 1 ? " ToThread worker thread is" : " ToThread worker threads are")
                    + " still busy");
        }
        if (problems.isEmpty()) {
            return null;
        }
        return new AssertionError("the Trio test left work behind when it returned: " + String.join("; ", problems)
                + ". Finish system tasks and worker threads before the test returns (for example with"
                + " Testing.waitAllThreadsCompleted()), or start background tasks in the test's Nursery"
                + " parameter, which is cancelled when the test returns.");
    }

    // ------------------------------------------------------------------ settings and seeds

    private static long seed(Settings settings, ExtensionContext context) {
        if (settings.seed() != TrioTest.RANDOM_SEED) {
            return settings.seed();
        }
        Optional<String> configured = context.getConfigurationParameter(SEED_PROPERTY);
        if (configured.isPresent()) {
            String text = configured.get().trim();
            try {
                return Long.parseLong(text.endsWith("L") || text.endsWith("l")
                        ? text.substring(0, text.length() - 1) : text);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(SEED_PROPERTY + " must be a long, not \"" + configured.get() + "\"",
                        e);
            }
        }
        long seed;
        do {
            seed = ThreadLocalRandom.current().nextLong();
        } while (seed == TrioTest.RANDOM_SEED);
        return seed;
    }

    private static TestState state(ExtensionContext context) {
        return context.getStore(NAMESPACE).getOrComputeIfAbsent(context.getUniqueId(), id -> new TestState(),
                TestState.class);
    }

    /** What one test (one invocation of a test method) shares between parameter resolution and its run. */
    private static final class TestState {
        final TestNursery nursery = new TestNursery();
        final TestToken token = new TestToken();
        volatile boolean nurseryRequested;
        private MockClock clock;

        synchronized boolean hasClock() {
            return clock != null;
        }

        synchronized MockClock clock(Settings settings) {
            if (clock == null) {
                clock = new MockClock(settings.rate(), settings.autojumpThreshold());
            }
            return clock;
        }
    }

    /** The effective {@code @TrioTest} attributes of a test method (the defaults without one). */
    record Settings(double rate, double autojumpThreshold, long seed, double timeout) {
        static final Settings DEFAULTS = new Settings(0, Double.POSITIVE_INFINITY, TrioTest.RANDOM_SEED, 0);

        Settings {
            if (!(timeout >= 0) || Double.isInfinite(timeout)) {
                throw new IllegalArgumentException("@TrioTest(timeout = " + timeout
                        + "): the timeout must be a finite number of seconds, or 0 for none");
            }
        }

        static Settings of(ExtensionContext context) {
            return context.getTestMethod()
                    .flatMap(method -> AnnotationSupport.findAnnotation(method, TrioTest.class))
                    .map(a -> new Settings(a.rate(), a.autojumpThreshold(), a.seed(), a.timeout()))
                    .orElse(DEFAULTS);
        }

        boolean wantsMockClock() {
            return rate != DEFAULTS.rate || autojumpThreshold != DEFAULTS.autojumpThreshold;
        }
    }

    /** Throws any throwable without declaring it (the test body may throw anything). */
    private static final class Sneaky {
        @SuppressWarnings("unchecked")
        static <T extends Throwable> RuntimeException rethrow(Throwable t) throws T {
            throw (T) t;
        }
    }
}
