package org.triojava.itests.jpms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The JUnit extension on the module path: a user's test module ({@code org.triojava.itests.junitdemo},
 * source in src/junit-demo, which requires org.triojava.junit5 and the JUnit launcher) is compiled
 * against the real jars and run in a child JVM where Trio, JUnit and the tests are all named
 * modules. The unit tests of trio-junit5 run on the class path; this is where its module
 * descriptor meets JUnit's.
 */
class JUnitOnModulePathIT {
    static final String MODULE = "org.triojava.itests.junitdemo";

    /** JUnit's jars, found through classes of each (the failsafe class path has them all). */
    private static List<Path> junitJars() throws ClassNotFoundException, URISyntaxException {
        List<Path> jars = new ArrayList<>();
        for (String type : List.of("org.junit.jupiter.api.Test", "org.junit.jupiter.engine.JupiterTestEngine",
                "org.junit.platform.engine.TestEngine", "org.junit.platform.commons.support.AnnotationSupport",
                "org.junit.platform.launcher.Launcher", "org.opentest4j.TestAbortedException",
                "org.apiguardian.api.API")) {
            jars.add(Path.of(Class.forName(type).getProtectionDomain().getCodeSource().getLocation().toURI()));
        }
        return jars;
    }

    private static String path(List<Path> entries) {
        return String.join(File.pathSeparator, entries.stream().map(Path::toString).toList());
    }

    @Test
    void trioTestsRunWithEverythingAsNamedModules() throws Exception {
        Path work = Jars.work("junit-module-path");
        Path classes = work.resolve("classes");
        List<Path> compilePath = new ArrayList<>(List.of(Jars.jar("trio-api"), Jars.jar("trio-junit5")));
        compilePath.addAll(junitJars());
        Jars.Run javac = Jars.javac(Path.of(Jars.property("trio.itests.junitdemo.sources"), MODULE), classes,
                "--module-path", path(compilePath));
        assertEquals(0, javac.exitCode(), javac::all);

        List<Path> modulePath = new ArrayList<>(compilePath);
        modulePath.add(Jars.jar("trio-core"));
        modulePath.add(classes);
        Jars.Run run = Jars.java(work, "--module-path", path(modulePath), "-m", MODULE + "/" + MODULE + ".Main");
        assertEquals(0, run.exitCode(), run::all);
        assertEquals("anHourPassesAtOnce(MockClock),theNurseryAndTheToken(Nursery, TrioToken)",
                Jars.line(run, "succeeded"), run::all);
        assertEquals("1", Jars.line(run, "failures"), run::all);
        String failure = Jars.line(run, "failure");
        assertTrue(failure.startsWith("leavesASystemTaskBehind() java.lang.AssertionError seed attached true | "
                + "the Trio test left work behind when it returned: 1 system task is still running: [forgotten]."),
                run::all);
        assertEquals("3", Jars.line(run, "seeds-reported"), run::all);
        assertEquals("org.triojava.junit5", Jars.line(run, "extension-module"), run::all);
        assertEquals(MODULE, Jars.line(run, "tests-module"), run::all);
        // nothing requires the backend: service binding from org.triojava.api brought it in
        assertEquals("true", Jars.line(run, "core-in-boot-layer"), run::all);
    }
}
