package org.triojava.itests.jpms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A user program module ({@code org.triojava.itests.demo}, source in src/demo, which
 * {@code requires org.triojava.api} and nothing else) compiled against trio-api.jar and run in
 * child JVMs with the real jars: on the module path, without trio-core, and on the class path.
 */
class ModulePathIT {
    static final String DEMO = "org.triojava.itests.demo";
    static final String MAIN = DEMO + ".Main";

    static Path demo;
    static Path work;

    @BeforeAll
    static void compileTheDemoModuleAgainstTheApiOnly() throws IOException {
        work = Jars.work("module-path");
        demo = work.resolve("demo");
        Jars.Run javac = Jars.javac(Path.of(Jars.property("trio.itests.demo.sources"), DEMO), demo,
                "--module-path", Jars.jar("trio-api").toString());
        assertEquals(0, javac.exitCode(), javac::all);
        // a consumer of the API compiles cleanly: no warnings about the API's compile-only annotations
        assertEquals("", javac.out() + javac.err(), javac::all);
    }

    private static String path(Path... entries) {
        StringBuilder path = new StringBuilder();
        for (Path entry : entries) {
            path.append(path.isEmpty() ? "" : File.pathSeparator).append(entry);
        }
        return path.toString();
    }

    @Test
    void onTheModulePathServiceBindingResolvesTheCoreBackendWithoutAddModules() throws Exception {
        // nothing requires org.triojava.core and there is no --add-modules: only service binding brings it in
        Jars.Run run = Jars.java(work, "--module-path", path(Jars.jar("trio-api"), Jars.jar("trio-core"), demo),
                "-m", DEMO + "/" + MAIN);
        assertEquals(0, run.exitCode(), run::all);
        assertEquals("checkpointer,sleeper", Jars.line(run, "tasks"), run::all);
        assertEquals("SHARED", Jars.line(run, "scheduling"), run::all); // java.lang is not opened
        assertEquals("org.triojava.core", Jars.line(run, "runtime-module"), run::all);
        assertTrue(Jars.line(run, "runtime-class").startsWith("org.triojava.core."), run::all);
        assertEquals(DEMO, Jars.line(run, "demo-module"), run::all);
        assertEquals("true", Jars.line(run, "boot-layer-has-core"), run::all);
        // no signal backend: Trio.run still works (Ctrl-C stays the JVM's), receivers name what is missing
        assertTrue(Jars.line(run, "signals").startsWith(
                "IllegalStateException: No Trio signal backend found: add org.triojava:trio-signals"), run::all);
        assertEquals("false", Jars.line(run, "boot-layer-has-signals"), run::all);
    }

    @Test
    void onTheModulePathJavaLangOpenedToTheCoreModuleMakesRunsConfined() throws Exception {
        Jars.Run run = Jars.java(work, "--add-opens", "java.base/java.lang=org.triojava.core",
                "--module-path", path(Jars.jar("trio-api"), Jars.jar("trio-core"), demo), "-m", DEMO + "/" + MAIN);
        assertEquals(0, run.exitCode(), run::all);
        assertEquals("checkpointer,sleeper", Jars.line(run, "tasks"), run::all);
        assertEquals("CONFINED", Jars.line(run, "scheduling"), run::all);
    }

    @Test
    void confinedSchedulingAskedForWithoutTheJvmOptionFailsNamingIt() throws Exception {
        Jars.Run run = Jars.java(work, "-Dorg.triojava.scheduling=confined",
                "--module-path", path(Jars.jar("trio-api"), Jars.jar("trio-core"), demo), "-m", DEMO + "/" + MAIN);
        assertNotEquals(0, run.exitCode(), run::all);
        assertTrue(run.err().contains("IllegalStateException: confined scheduling (-Dorg.triojava.scheduling=confined)"
                + " needs the JVM option --add-opens java.base/java.lang=org.triojava.core"), run::all);
    }

    @Test
    void onTheModulePathServiceBindingAlsoResolvesTheSignalBackend() throws Exception {
        // org.triojava.api uses SignalProvider, org.triojava.signals provides it (and requires jdk.unsupported)
        Jars.Run run = Jars.java(work, "--module-path", path(Jars.jar("trio-api"), Jars.jar("trio-core"),
                Jars.jar("trio-signals"), demo), "-m", DEMO + "/" + MAIN);
        assertEquals(0, run.exitCode(), run::all);
        assertEquals("receiver opened", Jars.line(run, "signals"), run::all);
        assertEquals("true", Jars.line(run, "boot-layer-has-signals"), run::all);
    }

    @Test
    void onTheModulePathTheCorePackageIsEncapsulated() throws Exception {
        Jars.Run run = Jars.java(work, "--module-path", path(Jars.jar("trio-api"), Jars.jar("trio-core"), demo),
                "-m", DEMO + "/" + MAIN);
        assertEquals(0, run.exitCode(), run::all);
        String reflectiveNew = Jars.line(run, "reflective-new");
        assertTrue(reflectiveNew.startsWith("IllegalAccessException: ")
                && reflectiveNew.contains("module org.triojava.core does not export org.triojava.core to module "
                + DEMO), run::all);
        String setAccessible = Jars.line(run, "set-accessible");
        // the wording of the JDK's message varies ("exports" for public members, "opens" otherwise)
        assertTrue(setAccessible.startsWith("InaccessibleObjectException: ")
                && setAccessible.contains("module org.triojava.core does not ")
                && setAccessible.contains(" org.triojava.core\" to module " + DEMO), run::all);
    }

    @Test
    void withAllShippedModulesOnTheModulePathTheProgramStillRunsOnCore() throws Exception {
        Path[] entries = Jars.SHIPPED.keySet().stream().map(Jars::jar).toArray(Path[]::new);
        Path[] withDemo = java.util.Arrays.copyOf(entries, entries.length + 1);
        withDemo[entries.length] = demo;
        Jars.Run run = Jars.java(work, "--module-path", path(withDemo), "-m", DEMO + "/" + MAIN);
        assertEquals(0, run.exitCode(), run::all);
        assertEquals("org.triojava.core", Jars.line(run, "runtime-module"), run::all);
        assertEquals("receiver opened", Jars.line(run, "signals"), run::all);
        // service binding also brings in the socket backend, which the demo uses through the API only
        assertEquals("ping via org.triojava.socket", Jars.line(run, "socket"), run::all);
        // and the stream layer: Net finds org.triojava.streams, which runs on the socket backend
        assertEquals("echo via org.triojava.streams", Jars.line(run, "streams"), run::all);
        // and the subprocess backend
        assertEquals("child exited 0", Jars.line(run, "process"), run::all);
    }

    @Test
    void withoutTrioSocketSocketsFailNamingTheMissingArtifact() throws Exception {
        Jars.Run run = Jars.java(work, "--module-path", path(Jars.jar("trio-api"), Jars.jar("trio-core"), demo),
                "-m", DEMO + "/" + MAIN);
        assertEquals(0, run.exitCode(), run::all);
        assertEquals("missing, the error names org.triojava:trio-socket", Jars.line(run, "socket"), run::all);
        assertEquals("missing, the error names org.triojava:trio-process", Jars.line(run, "process"), run::all);
    }

    @Test
    void withoutTrioCoreTheRunFailsNamingTheMissingArtifact() throws Exception {
        Jars.Run run = Jars.java(work, "--module-path", path(Jars.jar("trio-api"), demo), "-m", DEMO + "/" + MAIN);
        assertNotEquals(0, run.exitCode(), run::all);
        assertTrue(run.err().contains("java.lang.IllegalStateException"), run::all);
        assertTrue(run.err().contains("org.triojava:trio-core"), run::all);
        assertTrue(run.out().isEmpty(), run::all);
    }

    @Test
    void onTheClassPathTheBackendIsFoundThroughMetaInfServices() throws Exception {
        Jars.Run run = Jars.java(work, "-cp",
                path(Jars.jar("trio-api"), Jars.jar("trio-core"), Jars.jar("trio-socket"), demo), MAIN);
        assertEquals(0, run.exitCode(), run::all);
        assertEquals("checkpointer,sleeper", Jars.line(run, "tasks"), run::all);
        assertEquals("ping via unnamed", Jars.line(run, "socket"), run::all);
        assertEquals("SHARED", Jars.line(run, "scheduling"), run::all);
        assertEquals("missing, the error names org.triojava:trio-streams", Jars.line(run, "streams"), run::all);
        assertEquals("unnamed", Jars.line(run, "runtime-module"), run::all);
        assertTrue(Jars.line(run, "runtime-class").startsWith("org.triojava.core."), run::all);
        assertEquals("unnamed", Jars.line(run, "demo-module"), run::all);
        // no module encapsulation on the class path
        assertEquals("allowed", Jars.line(run, "reflective-new"), run::all);
        assertEquals("allowed", Jars.line(run, "set-accessible"), run::all);
    }

    @Test
    void onTheClassPathJavaLangOpenedToAllUnnamedMakesRunsConfined() throws Exception {
        Jars.Run run = Jars.java(work, "--add-opens", "java.base/java.lang=ALL-UNNAMED", "-cp",
                path(Jars.jar("trio-api"), Jars.jar("trio-core"), Jars.jar("trio-socket"), demo), MAIN);
        assertEquals(0, run.exitCode(), run::all);
        assertEquals("checkpointer,sleeper", Jars.line(run, "tasks"), run::all);
        assertEquals("CONFINED", Jars.line(run, "scheduling"), run::all);
        assertEquals("ping via unnamed", Jars.line(run, "socket"), run::all);
    }

    @Test
    void onTheClassPathTheSignalBackendIsFoundThroughMetaInfServices() throws Exception {
        Jars.Run run = Jars.java(work, "-cp", path(Jars.jar("trio-api"), Jars.jar("trio-core"),
                Jars.jar("trio-signals"), demo), MAIN);
        assertEquals(0, run.exitCode(), run::all);
        assertEquals("receiver opened", Jars.line(run, "signals"), run::all);
    }

    @Test
    void onTheClassPathTheProcessBackendIsFoundThroughMetaInfServices() throws Exception {
        Jars.Run run = Jars.java(work, "-cp", path(Jars.jar("trio-api"), Jars.jar("trio-core"),
                Jars.jar("trio-process"), demo), MAIN);
        assertEquals(0, run.exitCode(), run::all);
        assertEquals("child exited 0", Jars.line(run, "process"), run::all);
    }

    @Test
    void onTheClassPathWithoutTrioCoreTheRunFailsNamingTheMissingArtifact() throws Exception {
        Jars.Run run = Jars.java(work, "-cp", path(Jars.jar("trio-api"), demo), MAIN);
        assertNotEquals(0, run.exitCode(), run::all);
        assertTrue(run.err().contains("org.triojava:trio-core"), run::all);
    }

    @Test
    void codeOutsideTheApiCannotCompileAgainstInternalOrBackendPackages() throws Exception {
        Path sources = work.resolve("sneaky-src/org.triojava.itests.sneaky");
        Files.createDirectories(sources.resolve("sneaky"));
        Files.writeString(sources.resolve("module-info.java"), """
                module org.triojava.itests.sneaky {
                    requires org.triojava.api;
                    requires org.triojava.core;
                }
                """);
        Files.writeString(sources.resolve("sneaky/Sneaky.java"), """
                package sneaky;

                public class Sneaky {
                    Object internal = org.triojava.internal.Runtimes.class;
                    Object backend = org.triojava.core.CoreRuntimeProvider.class;
                }
                """);
        Jars.Run javac = Jars.javac(sources, work.resolve("sneaky-out"),
                "--module-path", path(Jars.jar("trio-api"), Jars.jar("trio-core")));
        assertNotEquals(0, javac.exitCode(), javac::all);
        String errors = javac.out() + javac.err();
        assertTrue(errors.contains("package org.triojava.internal is not visible"), javac::all);
        assertTrue(errors.contains("package org.triojava.core is not visible"), javac::all);
        assertTrue(errors.contains("does not export it"), javac::all);
    }
}
