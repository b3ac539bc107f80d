package org.triojava.signals.jdk;

import aQute.bnd.annotation.spi.ServiceProvider;
import java.util.Set;
import org.triojava.spi.KeyboardInterruptArming;
import org.triojava.spi.SignalProvider;
import org.triojava.spi.SignalRegistration;
import org.triojava.spi.SignalSink;

/**
 * The signal backend of trio-signals, found by {@link java.util.ServiceLoader} under the name
 * {@code "jdk"}: handlers installed with {@code sun.misc.Signal}, where Trio uses Python's
 * {@code signal.signal}. Every instance shares the one process-wide table of handlers.
 */
@ServiceProvider(SignalProvider.class)
public final class JdkSignalProvider implements SignalProvider {
    /** Creates the provider (ServiceLoader calls this). */
    public JdkSignalProvider() {
    }

    @Override
    public String name() {
        return "jdk";
    }

    @Override
    public SignalRegistration register(Set<String> names, SignalSink sink) {
        return SignalTable.INSTANCE.register(names, sink);
    }

    @Override
    public KeyboardInterruptArming armKeyboardInterrupt() {
        return SignalTable.INSTANCE.armKeyboardInterrupt();
    }
}
