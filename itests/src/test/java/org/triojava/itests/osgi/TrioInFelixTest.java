package org.triojava.itests.osgi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.Version;
import org.osgi.framework.namespace.PackageNamespace;
import org.osgi.framework.wiring.BundleCapability;
import org.osgi.framework.wiring.BundleRevision;
import org.osgi.framework.wiring.BundleWire;
import org.osgi.framework.wiring.BundleWiring;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.junit5.context.BundleContextExtension;
import org.osgi.test.junit5.service.ServiceExtension;
import org.triojava.Nursery;
import org.triojava.RunOptions;
import org.triojava.SchedulingMode;
import org.triojava.Trio;
import org.triojava.junit5.TrioExtension;
import org.triojava.junit5.TrioTest;
import org.triojava.lowlevel.Lowlevel;
import org.triojava.socket.Accepted;
import org.triojava.socket.ShutdownHow;
import org.triojava.socket.SocketKind;
import org.triojava.socket.SocketPair;
import org.triojava.socket.Sockets;
import org.triojava.socket.TrioSocket;
import org.triojava.spi.Kernel;
import org.triojava.spi.RuntimeProvider;
import org.triojava.spi.SocketProvider;
import org.triojava.sync.Event;
import org.triojava.testing.MockClock;

/**
 * Runs inside a real Apache Felix with the real Trio bundles and Apache Aries SPI Fly (the OSGi
 * Service Loader Mediator); see itests.bndrun. Symbolic names are the JPMS module names.
 */
@ExtendWith(BundleContextExtension.class)
@ExtendWith(ServiceExtension.class)
public class TrioInFelixTest {
    static final String API = "org.triojava.api";
    static final String CORE = "org.triojava.core";
    static final List<String> IMPLEMENTATIONS = List.of(CORE, "org.triojava.socket", "org.triojava.streams",
            "org.triojava.signals", "org.triojava.process");
    static final String SOCKET = "org.triojava.socket";
    static final Set<String> API_EXPORTS = Set.of("org.triojava", "org.triojava.abc", "org.triojava.channel",
            "org.triojava.file", "org.triojava.lowlevel", "org.triojava.process", "org.triojava.stream", "org.triojava.sync", "org.triojava.thread",
            "org.triojava.signals", "org.triojava.socket", "org.triojava.spi", "org.triojava.testing");
    static final String SPI_FLY = "org.apache.aries.spifly.dynamic.bundle";
    static final String JUNIT5 = "org.triojava.junit5";

    @InjectBundleContext
    BundleContext context;

    private Bundle bundle(String symbolicName) {
        List<Bundle> found = Arrays.stream(context.getBundles())
                .filter(b -> symbolicName.equals(b.getSymbolicName()))
                .toList();
        assertEquals(1, found.size(), () -> "bundles named " + symbolicName + ": " + found);
        return found.get(0);
    }

    @Test
    void theFrameworkIsApacheFelix7() {
        Bundle framework = context.getBundle(Constants.SYSTEM_BUNDLE_ID);
        assertEquals("org.apache.felix.framework", framework.getSymbolicName());
        assertEquals(7, framework.getVersion().getMajor(), framework.getVersion()::toString);
    }

    @Test
    void everyTrioBundleIsInstalledAndActive() {
        List<String> all = new ArrayList<>();
        all.add(API);
        all.addAll(IMPLEMENTATIONS);
        all.add(JUNIT5);
        for (String name : all) {
            Bundle bundle = bundle(name);
            assertEquals(Bundle.ACTIVE, bundle.getState(), () -> name + " is in state " + bundle.getState());
            assertEquals(name, bundle.getHeaders().get(Constants.BUNDLE_SYMBOLICNAME));
        }
        assertEquals(Bundle.ACTIVE, bundle(SPI_FLY).getState());
    }

    @Test
    void apiExportsItsPublicPackagesVersionedAndNotInternal() {
        Bundle api = bundle(API);
        Map<String, Version> exports = new TreeMap<>();
        for (BundleCapability export : api.adapt(BundleRevision.class)
                .getDeclaredCapabilities(PackageNamespace.PACKAGE_NAMESPACE)) {
            Map<String, Object> attributes = export.getAttributes();
            exports.put((String) attributes.get(PackageNamespace.PACKAGE_NAMESPACE),
                    (Version) attributes.get(PackageNamespace.CAPABILITY_VERSION_ATTRIBUTE));
        }
        assertEquals(API_EXPORTS, exports.keySet(), () -> "Export-Package: " + exports);
        exports.forEach((pkg, version) -> assertTrue(version.compareTo(Version.emptyVersion) > 0,
                () -> pkg + " is exported without a version"));
        String header = api.getHeaders().get(Constants.EXPORT_PACKAGE);
        assertNotNull(header);
        assertFalse(header.contains("org.triojava.internal"), header);
    }

    @Test
    void implementationBundlesExportNothing() {
        for (String name : IMPLEMENTATIONS) {
            Bundle bundle = bundle(name);
            assertNull(bundle.getHeaders().get(Constants.EXPORT_PACKAGE), name);
            assertEquals(List.of(), bundle.adapt(BundleRevision.class)
                    .getDeclaredCapabilities(PackageNamespace.PACKAGE_NAMESPACE), name);
        }
    }

    @Test
    void withJavaLangOpenedRunsAreConfinedAndTheSharedModeStillWorks() throws Exception {
        // the framework JVM runs with --add-opens java.base/java.lang=ALL-UNNAMED (itests.bndrun)
        assertEquals(SchedulingMode.CONFINED, Trio.run(Lowlevel::currentSchedulingMode));
        for (SchedulingMode mode : List.of(SchedulingMode.CONFINED, SchedulingMode.SHARED)) {
            List<String> log = new ArrayList<>();
            Trio.run(RunOptions.defaults().withScheduling(mode), () -> Trio.openNursery(nursery -> {
                nursery.startSoon(() -> {
                    Trio.sleep(0.001);
                    log.add("sleeper " + Lowlevel.currentSchedulingMode());
                });
                nursery.startSoon(() -> log.add("other " + Lowlevel.currentSchedulingMode()));
            }));
            assertEquals(List.of("other " + mode, "sleeper " + mode), log);
        }
    }

    @Test
    void trioRunFindsTheCoreBackendThroughServiceLoaderWovenBySpiFly() throws Exception {
        List<String> log = new ArrayList<>();
        Class<?> kernelClass = Trio.run(() -> {
            Trio.openNursery(nursery -> {
                nursery.startSoon(() -> {
                    log.add("sleeper starts");
                    Trio.sleep(0.01);
                    log.add("sleeper wakes");
                });
                nursery.startSoon(() -> {
                    log.add("other starts");
                    Trio.checkpoint();
                    log.add("other passed a checkpoint");
                });
            });
            return Kernel.current().getClass();
        });
        assertEquals(List.of("sleeper starts", "other starts", "other passed a checkpoint", "sleeper wakes"), log);

        // the run was executed by the core bundle's kernel...
        Bundle runner = FrameworkUtil.getBundle(kernelClass);
        assertNotNull(runner, kernelClass::getName);
        assertEquals(CORE, runner.getSymbolicName());

        // ...which the api bundle found through java.util.ServiceLoader, woven by SPI Fly:
        // the weaving adds an import of SPI Fly's package to the api bundle's wiring
        BundleWiring apiWiring = bundle(API).adapt(BundleWiring.class);
        List<BundleWire> toSpiFly = apiWiring.getRequiredWires(null).stream()
                .filter(wire -> SPI_FLY.equals(wire.getProvider().getBundle().getSymbolicName()))
                .toList();
        assertTrue(toSpiFly.stream().anyMatch(wire ->
                        PackageNamespace.PACKAGE_NAMESPACE.equals(wire.getCapability().getNamespace())
                                && "org.apache.aries.spifly".equals(wire.getCapability().getAttributes()
                                .get(PackageNamespace.PACKAGE_NAMESPACE))),
                () -> "wires of " + API + " to SPI Fly: " + toSpiFly);

        // the api bundle itself cannot see the backend's classes: only ServiceLoader connects them
        assertThrows(ClassNotFoundException.class,
                () -> bundle(API).loadClass("org.triojava.core.CoreRuntimeProvider"));
    }

    @Test
    void spiFlyAlsoRegistersTheCoreProviderAsAnOsgiService(
            @InjectService(timeout = 5000) RuntimeProvider provider) {
        assertEquals("core", provider.name());
        assertEquals(CORE, FrameworkUtil.getBundle(provider.getClass()).getSymbolicName());
    }

    /** A TCP echo over loopback through the socket facade: trio-socket's provider, found through SPI Fly. */
    @Test
    void aTcpEchoOverLoopbackRunsOnTheSocketBundle() throws Exception {
        String[] echoed = new String[1];
        Class<?> socketClass = Trio.run(() -> {
            try (TrioSocket listener = Sockets.socket(java.net.StandardProtocolFamily.INET, SocketKind.STREAM);
                 TrioSocket client = Sockets.socket()) {
                listener.bind(listener.resolveLocalAddress("127.0.0.1", 0));
                listener.listen();
                Trio.openNursery(nursery -> {
                    nursery.startSoon(() -> {
                        Accepted accepted = listener.accept();
                        try (TrioSocket server = accepted.socket()) {
                            while (true) {
                                byte[] chunk = server.recv(1024);
                                if (chunk.length == 0) {
                                    return;
                                }
                                server.sendall(chunk);
                            }
                        }
                    });
                    client.connect(listener.getsockname());
                    client.sendall("hello from Felix".getBytes());
                    client.shutdown(ShutdownHow.WRITE);
                    StringBuilder text = new StringBuilder();
                    for (byte[] chunk = client.recv(1024); chunk.length > 0; chunk = client.recv(1024)) {
                        text.append(new String(chunk));
                    }
                    echoed[0] = text.toString();
                });
                return client.getClass();
            }
        });
        assertEquals("hello from Felix", echoed[0]);
        assertEquals(SOCKET, FrameworkUtil.getBundle(socketClass).getSymbolicName());
        assertThrows(ClassNotFoundException.class,
                () -> bundle(API).loadClass("org.triojava.socket.nio.NioSocketProvider"));
    }

    @Test
    void theApiBundleRequiresTheSocketProviderThroughTheServiceLoaderMediator() {
        List<String> filters = bundle(API).adapt(BundleRevision.class).getDeclaredRequirements("osgi.serviceloader")
                .stream().map(r -> r.getDirectives().get("filter")).toList();
        assertTrue(filters.contains("(osgi.serviceloader=org.triojava.spi.SocketProvider)"), filters::toString);
        assertTrue(filters.contains("(osgi.serviceloader=org.triojava.spi.RuntimeProvider)"), filters::toString);
    }

    @Test
    void spiFlyAlsoRegistersTheSocketProviderAsAnOsgiService(
            @InjectService(timeout = 5000) SocketProvider provider) {
        assertEquals("nio", provider.name());
        assertEquals(SOCKET, FrameworkUtil.getBundle(provider.getClass()).getSymbolicName());
    }

    @Test
    void stoppingTheSocketBundleMakesSocketsNameTheMissingArtifact() throws Exception {
        Bundle socket = bundle(SOCKET);
        socket.stop();
        try {
            IllegalStateException error = assertThrows(IllegalStateException.class,
                    () -> Trio.run(() -> Sockets.socketpair()));
            assertTrue(error.getMessage().contains("org.triojava:trio-socket"), error::getMessage);
        } finally {
            socket.start();
        }
        Trio.run(() -> {
            try (SocketPair pair = Sockets.socketpair()) {
                pair.a().sendall(new byte[] {42});
                assertEquals(42, pair.b().recv(1)[0]);
            }
            return null;
        });
    }

    @Test
    void theJUnitExtensionBundleExportsItsOnePackageAndWiresToTheJUnitBundles() {
        Bundle junit5 = bundle(JUNIT5);
        Map<String, Version> exports = new TreeMap<>();
        for (BundleCapability export : junit5.adapt(BundleRevision.class)
                .getDeclaredCapabilities(PackageNamespace.PACKAGE_NAMESPACE)) {
            exports.put((String) export.getAttributes().get(PackageNamespace.PACKAGE_NAMESPACE),
                    (Version) export.getAttributes().get(PackageNamespace.CAPABILITY_VERSION_ATTRIBUTE));
        }
        assertEquals(Set.of("org.triojava.junit5"), exports.keySet());
        assertTrue(exports.get("org.triojava.junit5").compareTo(Version.emptyVersion) > 0, exports::toString);
        // its imports are wired to the API bundle and to JUnit's own bundles
        Map<String, String> providers = new TreeMap<>();
        for (BundleWire wire : junit5.adapt(BundleWiring.class).getRequiredWires(PackageNamespace.PACKAGE_NAMESPACE)) {
            providers.put((String) wire.getCapability().getAttributes().get(PackageNamespace.PACKAGE_NAMESPACE),
                    wire.getProvider().getBundle().getSymbolicName());
        }
        assertEquals(API, providers.get("org.triojava"), providers::toString);
        assertEquals("junit-jupiter-api", providers.get("org.junit.jupiter.api.extension"), providers::toString);
        // the extension running this bundle's @TrioTest below is the one of the org.triojava.junit5 bundle
        assertEquals(junit5, FrameworkUtil.getBundle(TrioExtension.class));
    }

    /** The extension itself, inside Felix: the test body is a Trio task on an autojumping mock clock. */
    @TrioTest(autojumpThreshold = 0)
    void aTrioTestRunsInsideFelix(MockClock clock, Nursery nursery) throws Exception {
        assertTrue(Lowlevel.inTrioTask());
        assertSame(clock, Lowlevel.currentClock());
        Event woke = new Event();
        nursery.startSoon(() -> {
            Trio.sleep(3600);
            woke.set();
        });
        woke.await();
        assertEquals(3600.0, Trio.currentTime());
        nursery.startSoon(Trio::sleepForever); // cancelled when the test returns
    }

    @Test
    void stoppingTheCoreBundleMakesTrioRunNameTheMissingArtifact() throws Exception {
        Bundle core = bundle(CORE);
        core.stop();
        try {
            assertEquals(Bundle.RESOLVED, core.getState());
            IllegalStateException error = assertThrows(IllegalStateException.class, () -> Trio.run(() -> 1));
            assertTrue(error.getMessage().contains("org.triojava:trio-core"), error::getMessage);
        } finally {
            core.start();
        }
        assertEquals(Bundle.ACTIVE, core.getState());
        assertEquals(42, Trio.run(() -> {
            Trio.checkpoint();
            return 42;
        }));
    }
}
