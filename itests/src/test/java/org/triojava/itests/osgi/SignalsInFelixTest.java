package org.triojava.itests.osgi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.namespace.PackageNamespace;
import org.osgi.framework.wiring.BundleWire;
import org.osgi.framework.wiring.BundleWiring;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.junit5.context.BundleContextExtension;
import org.osgi.test.junit5.service.ServiceExtension;
import org.triojava.KeyboardInterrupt;
import org.triojava.Trio;
import org.triojava.signals.SignalReceiver;
import org.triojava.signals.Signals;
import org.triojava.spi.SignalProvider;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * The signal backend inside Apache Felix: the bundle resolves with {@code sun.misc} from the
 * system bundle, SPI Fly connects it to the API, a receiver gets a signal this JVM raises to
 * itself, and Ctrl-C becomes a {@link KeyboardInterrupt}.
 */
@ExtendWith(BundleContextExtension.class)
@ExtendWith(ServiceExtension.class)
public class SignalsInFelixTest {
    static final String SIGNALS = "org.triojava.signals";

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
    void theSignalsBundleGetsSunMiscFromTheSystemBundle() {
        Bundle signals = bundle(SIGNALS);
        assertEquals(Bundle.ACTIVE, signals.getState());
        List<BundleWire> sunMisc = signals.adapt(BundleWiring.class).getRequiredWires(PackageNamespace.PACKAGE_NAMESPACE)
                .stream()
                .filter(wire -> "sun.misc".equals(wire.getCapability().getAttributes()
                        .get(PackageNamespace.PACKAGE_NAMESPACE)))
                .toList();
        assertEquals(1, sunMisc.size(), () -> "sun.misc wires: " + sunMisc);
        assertEquals(Constants.SYSTEM_BUNDLE_ID, sunMisc.get(0).getProvider().getBundle().getBundleId());
    }

    @Test
    void spiFlyRegistersTheSignalProviderAsAnOsgiService(@InjectService(timeout = 5000) SignalProvider provider) {
        assertEquals("jdk", provider.name());
        assertEquals(SIGNALS, FrameworkUtil.getBundle(provider.getClass()).getSymbolicName());
    }

    @Test
    void aReceiverGetsAUsr2ThisJvmRaisesToItself() throws Exception {
        String received = Trio.run(() -> {
            try (SignalReceiver receiver = Signals.openSignalReceiver("USR2")) {
                Signal.raise(new Signal("USR2"));
                return receiver.receive();
            }
        });
        assertEquals("USR2", received);
    }

    @Test
    void ctrlCInARunIsAKeyboardInterrupt() {
        assertThrows(KeyboardInterrupt.class, () -> Trio.run(() -> {
            // check that the signals bundle armed Ctrl-C before raising SIGINT in the framework's JVM
            Signal sigint = new Signal("INT");
            SignalHandler handler = Signal.handle(sigint, signal -> { });
            Signal.handle(sigint, handler);
            Bundle owner = FrameworkUtil.getBundle(handler.getClass());
            assertTrue(owner != null && SIGNALS.equals(owner.getSymbolicName()), () -> "SIGINT handler " + handler);
            Signal.raise(sigint);
            Trio.sleepForever();
        }));
    }

    @Test
    void stoppingTheSignalsBundleLeavesTrioRunWorkingAndReceiversNameTheMissingArtifact() throws Exception {
        Bundle signals = bundle(SIGNALS);
        signals.stop();
        try {
            assertEquals(42, Trio.run(() -> 42));
            IllegalStateException error = Trio.run(() -> assertThrows(IllegalStateException.class,
                    () -> Signals.openSignalReceiver("USR2")));
            assertTrue(error.getMessage().contains("org.triojava:trio-signals"), error::getMessage);
        } finally {
            signals.start();
        }
        assertInstanceOf(SignalReceiver.class, Trio.run(() -> {
            SignalReceiver receiver = Signals.openSignalReceiver("USR2");
            receiver.close();
            return receiver;
        }));
    }
}
