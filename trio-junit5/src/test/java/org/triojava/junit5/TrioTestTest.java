package org.triojava.junit5;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.triojava.Nursery;
import org.triojava.Trio;
import org.triojava.lowlevel.Lowlevel;
import org.triojava.lowlevel.TrioToken;
import org.triojava.sync.Event;
import org.triojava.testing.MockClock;
import org.triojava.testing.Testing;
import org.triojava.thread.FromThread;
import org.triojava.thread.ToThread;

/** {@code @TrioTest} used directly, as users use it: each of these runs inside Trio (any seed must pass). */
class TrioTestTest {
    @TrioTest
    void theBodyIsTheMainTaskOfARun() {
        assertTrue(Lowlevel.inTrioTask());
        assertSame(Lowlevel.currentRootTask(), Lowlevel.currentTask().parentNursery().parentTask());
    }

    @TrioTest
    void aRequestedMockClockIsTheRunsClockAndStandsStillByDefault(MockClock clock) throws Exception {
        assertSame(clock, Lowlevel.currentClock());
        assertEquals(0.0, Trio.currentTime());
        assertEquals(0.0, clock.rate());
        assertEquals(Double.POSITIVE_INFINITY, clock.autojumpThreshold());
        clock.jump(2.5);
        assertEquals(2.5, Trio.currentTime());
    }

    @TrioTest(autojumpThreshold = 0)
    void autojumpMakesAnHourPassAtOnce(MockClock clock) throws Exception {
        assertEquals(0.0, clock.autojumpThreshold());
        Trio.sleep(3600);
        assertEquals(3600.0, Trio.currentTime());
    }

    @TrioTest(autojumpThreshold = 0)
    void settingTheThresholdInstallsAMockClockWithoutAParameter() throws Exception {
        assertInstanceOf(MockClock.class, Lowlevel.currentClock());
        Trio.sleep(60);
        assertEquals(60.0, Trio.currentTime());
    }

    @TrioTest(rate = 2)
    void theRateIsTakenFromTheAnnotation(MockClock clock) {
        assertEquals(2.0, clock.rate());
    }

    /** Without settings or a parameter, the run has the system clock (Trio's, starting at a random offset). */
    @TrioTest
    void withoutAMockClockTheSystemClockIsUsed() {
        assertFalse(Lowlevel.currentClock() instanceof MockClock);
        assertTrue(Trio.currentTime() >= 10_000, () -> "system clock at " + Trio.currentTime());
    }

    @TrioTest
    void theNurseryParameterRunsBackgroundTasks(Nursery nursery) throws Exception {
        Event started = new Event();
        List<String> log = new ArrayList<>();
        nursery.startSoon(() -> {
            log.add("background runs");
            started.set();
            Trio.sleepForever();
        });
        started.await();
        assertEquals(List.of("background runs"), log);
        assertEquals(1, nursery.childTasks().size());
        assertSame(Lowlevel.currentTask(), nursery.parentTask());
        assertFalse(nursery.cancelScope().cancelCalled());
        // returning with the background task still asleep is fine: the nursery is cancelled
    }

    @TrioTest
    void nurseryStartReturnsTheStartedValue(Nursery nursery) throws Exception {
        int port = nursery.start(status -> {
            status.started(8080);
            Trio.sleepForever();
        });
        assertEquals(8080, port);
    }

    @TrioTest
    void theTokenParameterReentersTheRunFromAnotherThread(TrioToken token) throws Exception {
        Thread loop = Thread.currentThread();
        String fromThread = ToThread.runSync(() -> {
            assertNotSame(loop, Thread.currentThread());
            return FromThread.run(token, () -> {
                assertTrue(Lowlevel.inTrioTask());
                return "back in the run";
            });
        });
        assertEquals("back in the run", fromThread);
        assertEquals(0, Testing.activeThreadCount());
    }

    @TrioTest
    void parametersComeInAnyOrder(TrioToken token, Nursery nursery, MockClock clock) throws Exception {
        assertSame(clock, Lowlevel.currentClock());
        Event ran = new Event();
        nursery.startSoon(() -> token.runSyncSoon(ran::set));
        ran.await();
    }

    /** A composed annotation, as a user would write it. */
    @Target(ElementType.METHOD)
    @Retention(RetentionPolicy.RUNTIME)
    @TrioTest(autojumpThreshold = 0)
    @interface AutojumpTest {
    }

    @AutojumpTest
    void aComposedAnnotationCarriesTheSettings(MockClock clock) throws Exception {
        assertEquals(0.0, clock.autojumpThreshold());
        Trio.sleep(10);
        assertEquals(10.0, clock.currentTime());
    }

    /** Lifecycle methods run outside the run, and may ask for the test's mock clock. */
    @Nested
    class LifecycleMethods {
        private MockClock clockBeforeEach;

        @BeforeEach
        void beforeEach(MockClock clock) {
            assertFalse(Lowlevel.inTrioRun());
            clock.jump(100);
            clockBeforeEach = clock;
        }

        @AfterEach
        void afterEach(MockClock clock) {
            assertFalse(Lowlevel.inTrioRun());
            assertSame(clockBeforeEach, clock);
            assertEquals(101.0, clock.currentTime());
        }

        /** Asking for the clock in {@code @BeforeEach} installs it, even if the test does not ask. */
        @TrioTest
        void theTestRunsOnTheClockTheLifecycleMethodsSee() throws Exception {
            assertSame(clockBeforeEach, Lowlevel.currentClock());
            assertEquals(100.0, Trio.currentTime());
            clockBeforeEach.jump(1);
        }

        @TrioTest
        void andTheTestParameterIsTheSameClock(MockClock clock) {
            assertSame(clockBeforeEach, clock);
            clock.jump(1);
        }
    }
}
