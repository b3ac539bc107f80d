package org.triojava.itests.jpms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.module.Configuration;
import java.lang.module.ModuleDescriptor.Exports;
import java.lang.module.ModuleDescriptor.Provides;
import java.lang.module.ModuleDescriptor.Requires;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** The module descriptors, manifests and attached jars of every shipped artifact, read from the real files. */
class ModuleDescriptorsIT {
    static final Set<String> API_EXPORTS = Set.of("org.triojava", "org.triojava.abc", "org.triojava.channel",
            "org.triojava.file", "org.triojava.lowlevel", "org.triojava.process", "org.triojava.stream", "org.triojava.sync", "org.triojava.thread",
            "org.triojava.signals", "org.triojava.socket", "org.triojava.spi", "org.triojava.testing");
    static final String PROCESS_PROVIDER = "org.triojava.spi.ProcessProvider";
    static final String RUNTIME_PROVIDER = "org.triojava.spi.RuntimeProvider";
    static final String SIGNAL_PROVIDER = "org.triojava.spi.SignalProvider";
    static final String SOCKET_PROVIDER = "org.triojava.spi.SocketProvider";
    static final String STREAMS_PROVIDER = "org.triojava.spi.StreamsProvider";

    private static ModuleDescriptor descriptor(String artifact) {
        Set<ModuleReference> found = ModuleFinder.of(Jars.jar(artifact)).findAll();
        assertEquals(1, found.size(), artifact);
        return found.iterator().next().descriptor();
    }

    @Test
    void theBuildCopiedExactlyTheShippedJars() throws IOException {
        Set<String> jars;
        try (Stream<Path> files = Files.list(Jars.mods())) {
            jars = files.map(f -> f.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new));
        }
        Set<String> expected = Jars.SHIPPED.keySet().stream().map(a -> a + ".jar")
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(expected, jars, "a shipped artifact is missing here, or a new one is not covered by these tests");
    }

    @Test
    void theseTestsCoverEveryArtifactTheBomManages() throws Exception {
        Document bom = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(Path.of(Jars.property("trio.itests.bom")).toFile());
        NodeList dependencies = bom.getElementsByTagName("dependency");
        Set<String> managed = new TreeSet<>();
        for (int i = 0; i < dependencies.getLength(); i++) {
            Element dependency = (Element) dependencies.item(i);
            assertEquals("org.triojava", dependency.getElementsByTagName("groupId").item(0).getTextContent());
            managed.add(dependency.getElementsByTagName("artifactId").item(0).getTextContent());
        }
        assertEquals(new TreeSet<>(Jars.SHIPPED.keySet()), managed);
    }

    @Test
    void everyShippedJarIsAnExplicitNamedModuleWhoseNameIsItsBundleSymbolicName() throws IOException {
        for (Map.Entry<String, String> shipped : Jars.SHIPPED.entrySet()) {
            ModuleDescriptor descriptor = descriptor(shipped.getKey());
            assertEquals(shipped.getValue(), descriptor.name());
            assertFalse(descriptor.isAutomatic(), descriptor::name);
            assertFalse(descriptor.isOpen(), descriptor::name);
            assertEquals(Jars.version(), descriptor.rawVersion().orElse(null), descriptor::name);
            try (JarFile jar = new JarFile(Jars.jar(shipped.getKey()).toFile())) {
                assertEquals(shipped.getValue(), jar.getManifest().getMainAttributes().getValue("Bundle-SymbolicName"));
            }
        }
    }

    @Test
    void theApiExportsExactlyItsPublicPackagesAndUsesTheProviderInterfaces() {
        ModuleDescriptor api = descriptor("trio-api");
        for (Exports export : api.exports()) {
            assertFalse(export.isQualified(), export::toString);
        }
        assertEquals(API_EXPORTS, api.exports().stream().map(Exports::source).collect(Collectors.toSet()));
        assertTrue(api.packages().contains("org.triojava.internal"), api.packages()::toString);
        assertEquals(Set.of(), api.opens());
        assertEquals(Set.of(PROCESS_PROVIDER, RUNTIME_PROVIDER, SIGNAL_PROVIDER, SOCKET_PROVIDER, STREAMS_PROVIDER),
                api.uses());
        assertEquals(Set.of(), api.provides());
        assertOnlyStaticRequiresBesidesTheJdk(api, Set.of());
    }

    @Test
    void implementationModulesExportNothingAndNeedOnlyTheApi() {
        for (String artifact : List.of("trio-core", "trio-socket", "trio-streams", "trio-signals", "trio-process")) {
            ModuleDescriptor module = descriptor(artifact);
            assertEquals(Set.of(), module.exports(), module::name);
            assertEquals(Set.of(), module.opens(), module::name);
            assertOnlyStaticRequiresBesidesTheJdk(module, Set.of("org.triojava.api"));
        }
    }

    @Test
    void coreProvidesTheRuntimeProvider() {
        ModuleDescriptor core = descriptor("trio-core");
        assertEquals(1, core.provides().size(), core.provides()::toString);
        Provides provides = core.provides().iterator().next();
        assertEquals(RUNTIME_PROVIDER, provides.service());
        assertEquals(List.of("org.triojava.core.CoreRuntimeProvider"), provides.providers());
    }

    @Test
    void socketProvidesTheSocketProvider() {
        ModuleDescriptor socket = descriptor("trio-socket");
        assertEquals(1, socket.provides().size(), socket.provides()::toString);
        Provides provides = socket.provides().iterator().next();
        assertEquals(SOCKET_PROVIDER, provides.service());
        assertEquals(List.of("org.triojava.socket.nio.NioSocketProvider"), provides.providers());
        // the backend's classes live in a package of its own, not in the API's org.triojava.socket
        assertEquals(Set.of("org.triojava.socket.nio"), socket.packages());
    }

    @Test
    void streamsProvidesTheStreamsProvider() throws IOException {
        ModuleDescriptor streams = descriptor("trio-streams");
        assertEquals(1, streams.provides().size(), streams.provides()::toString);
        Provides provides = streams.provides().iterator().next();
        assertEquals(STREAMS_PROVIDER, provides.service());
        assertEquals(List.of("org.triojava.streams.jdk.JdkStreamsProvider"), provides.providers());
        assertEquals(Set.of("org.triojava.streams.jdk"), streams.packages());
        try (JarFile jar = new JarFile(Jars.jar("trio-streams").toFile())) {
            String provided = jar.getManifest().getMainAttributes().getValue("Provide-Capability");
            assertTrue(provided.contains("osgi.serviceloader;osgi.serviceloader=\"" + STREAMS_PROVIDER + "\""), provided);
            assertTrue(jar.getEntry("META-INF/services/" + STREAMS_PROVIDER) != null, "META-INF/services entry");
        }
    }

    @Test
    void theManifestsCarryTheServiceLoaderCapabilitiesForTheSocketProvider() throws IOException {
        try (JarFile api = new JarFile(Jars.jar("trio-api").toFile());
             JarFile socket = new JarFile(Jars.jar("trio-socket").toFile())) {
            String required = api.getManifest().getMainAttributes().getValue("Require-Capability");
            for (String provider : List.of(PROCESS_PROVIDER, RUNTIME_PROVIDER, SIGNAL_PROVIDER, SOCKET_PROVIDER,
                    STREAMS_PROVIDER)) {
                assertTrue(required.contains("osgi.serviceloader;osgi.serviceloader=\"" + provider + "\""), required);
                assertTrue(required.contains("filter:=\"(osgi.serviceloader=" + provider + ")\""), required);
            }
            String provided = socket.getManifest().getMainAttributes().getValue("Provide-Capability");
            assertTrue(provided.contains("osgi.serviceloader;osgi.serviceloader=\"" + SOCKET_PROVIDER + "\""), provided);
            assertTrue(provided.contains("register:=\"org.triojava.socket.nio.NioSocketProvider\""), provided);
            String socketRequires = socket.getManifest().getMainAttributes().getValue("Require-Capability");
            assertTrue(socketRequires.contains("osgi.serviceloader.registrar"), socketRequires);
        }
    }

    @Test
    void signalsProvidesTheSignalProviderOnJdkUnsupported() throws IOException {
        ModuleDescriptor signals = descriptor("trio-signals");
        assertEquals(1, signals.provides().size(), signals.provides()::toString);
        Provides provides = signals.provides().iterator().next();
        assertEquals(SIGNAL_PROVIDER, provides.service());
        assertEquals(List.of("org.triojava.signals.jdk.JdkSignalProvider"), provides.providers());
        // sun.misc.Signal lives in jdk.unsupported, a module of every standard JDK image
        assertTrue(signals.requires().stream().anyMatch(r -> r.name().equals("jdk.unsupported")
                && r.modifiers().isEmpty()), signals.requires()::toString);
        // its implementation package is its own: org.triojava.signals is trio-api's (the public API)
        assertEquals(Set.of("org.triojava.signals.jdk"), signals.packages());
        try (JarFile jar = new JarFile(Jars.jar("trio-signals").toFile())) {
            String imports = jar.getManifest().getMainAttributes().getValue("Import-Package");
            assertTrue(imports.contains("sun.misc"), imports);
            assertTrue(jar.getEntry("META-INF/services/" + SIGNAL_PROVIDER) != null, "META-INF/services entry");
        }
    }

    @Test
    void processProvidesTheProcessProviderFromAPackageOfItsOwn() throws IOException {
        ModuleDescriptor process = descriptor("trio-process");
        assertEquals(1, process.provides().size(), process.provides()::toString);
        Provides provides = process.provides().iterator().next();
        assertEquals(PROCESS_PROVIDER, provides.service());
        assertEquals(List.of("org.triojava.process.jdk.JdkProcessProvider"), provides.providers());
        // org.triojava.process is trio-api's (the public API); the backend's package is its own
        assertEquals(Set.of("org.triojava.process.jdk"), process.packages());
        try (JarFile jar = new JarFile(Jars.jar("trio-process").toFile())) {
            String provided = jar.getManifest().getMainAttributes().getValue("Provide-Capability");
            assertTrue(provided.contains("osgi.serviceloader;osgi.serviceloader=\"" + PROCESS_PROVIDER + "\""), provided);
            assertTrue(jar.getEntry("META-INF/services/" + PROCESS_PROVIDER) != null, "META-INF/services entry");
        }
    }

    @Test
    void theJUnitExtensionExportsItsOnePackageAndRequiresOnlyTheApiAndJUnitsApi() {
        ModuleDescriptor junit5 = descriptor("trio-junit5");
        assertEquals(Set.of("org.triojava.junit5"), junit5.exports().stream().map(Exports::source)
                .collect(Collectors.toSet()));
        for (Exports export : junit5.exports()) {
            assertFalse(export.isQualified(), export::toString);
        }
        assertEquals(Set.of(), junit5.opens());
        assertEquals(Set.of(), junit5.uses());
        assertEquals(Set.of(), junit5.provides());
        assertOnlyStaticRequiresBesidesTheJdk(junit5, Set.of("org.triojava.api", "org.junit.jupiter.api"));
        // both are part of its API (its types extend JUnit's and name Trio's), so users read them too
        for (Requires requires : junit5.requires()) {
            if (requires.name().startsWith("org.triojava") || requires.name().startsWith("org.junit")) {
                assertTrue(requires.modifiers().contains(Requires.Modifier.TRANSITIVE), requires::toString);
            }
        }
    }

    @Test
    void noOtherShippedModuleNeedsJUnit() {
        for (String artifact : Jars.SHIPPED.keySet()) {
            ModuleDescriptor module = descriptor(artifact);
            boolean needsJUnit = module.requires().stream().anyMatch(r -> r.name().startsWith("org.junit"));
            assertEquals(artifact.equals("trio-junit5"), needsJUnit, () -> module.name() + " requires " + module.requires());
        }
    }

    /** Apart from java.* / jdk.* modules and {@code allowed}, a module may only require compile-time (static) modules. */
    private static void assertOnlyStaticRequiresBesidesTheJdk(ModuleDescriptor module, Set<String> allowed) {
        Set<String> runtime = module.requires().stream()
                .filter(r -> !r.modifiers().contains(Requires.Modifier.STATIC))
                .map(Requires::name)
                .filter(name -> !name.startsWith("java.") && !name.startsWith("jdk."))
                .collect(Collectors.toSet());
        assertEquals(allowed, runtime, () -> module.name() + " requires " + module.requires());
    }

    @Test
    void noPackageIsSplitBetweenModules() {
        Map<String, String> owner = new HashMap<>();
        for (String artifact : Jars.SHIPPED.keySet()) {
            ModuleDescriptor module = descriptor(artifact);
            for (String pkg : module.packages()) {
                String previous = owner.putIfAbsent(pkg, module.name());
                assertEquals(null, previous, () -> pkg + " is in " + previous + " and " + module.name());
            }
        }
    }

    @Test
    void resolvingTheApiAloneBindsTheCoreSignalAndSocketBackends() {
        ModuleFinder finder = ModuleFinder.of(Jars.SHIPPED.keySet().stream().map(Jars::jar).toArray(Path[]::new));
        Configuration configuration = ModuleLayer.boot().configuration()
                .resolveAndBind(finder, ModuleFinder.of(), Set.of("org.triojava.api"));
        assertTrue(configuration.findModule("org.triojava.core").isPresent(), configuration::toString);
        assertTrue(configuration.findModule("org.triojava.signals").isPresent(), configuration::toString);
        assertTrue(configuration.findModule("org.triojava.socket").isPresent(), configuration::toString);
        // plain resolution (no binding) does not bring the backend in
        Configuration plain = ModuleLayer.boot().configuration()
                .resolve(finder, ModuleFinder.of(), Set.of("org.triojava.api"));
        assertFalse(plain.findModule("org.triojava.core").isPresent(), plain::toString);
    }

    @Test
    void everyShippedModuleHasSourcesAndJavadocJars() throws IOException {
        Path attached = Path.of(Jars.property("trio.itests.attached"));
        for (Map.Entry<String, String> shipped : Jars.SHIPPED.entrySet()) {
            String base = shipped.getKey() + "-" + Jars.version();
            Path sources = attached.resolve(base + "-sources.jar");
            Path javadoc = attached.resolve(base + "-javadoc.jar");
            assertTrue(Files.isRegularFile(sources), () -> sources + " is missing");
            assertTrue(Files.isRegularFile(javadoc), () -> javadoc + " is missing");
            try (JarFile jar = new JarFile(sources.toFile())) {
                assertTrue(jar.getEntry("module-info.java") != null, () -> sources + " has no module-info.java");
            }
            try (JarFile jar = new JarFile(javadoc.toFile())) {
                assertTrue(jar.getEntry("index.html") != null, () -> javadoc + " has no index.html");
            }
        }
        try (JarFile jar = new JarFile(attached.resolve("trio-api-" + Jars.version() + "-sources.jar").toFile())) {
            assertTrue(jar.getEntry("org/triojava/Trio.java") != null);
        }
        try (JarFile jar = new JarFile(attached.resolve("trio-api-" + Jars.version() + "-javadoc.jar").toFile())) {
            assertTrue(jar.stream().anyMatch(e -> e.getName().endsWith("org/triojava/Trio.html")),
                    "trio-api's javadoc has no page for org.triojava.Trio");
        }
        try (JarFile jar = new JarFile(attached.resolve("trio-junit5-" + Jars.version() + "-javadoc.jar").toFile())) {
            assertTrue(jar.stream().anyMatch(e -> e.getName().endsWith("org/triojava/junit5/TrioTest.html")),
                    "trio-junit5's javadoc has no page for org.triojava.junit5.TrioTest");
        }
    }
}
