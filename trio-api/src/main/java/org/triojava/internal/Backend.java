package org.triojava.internal;

import aQute.bnd.annotation.Cardinality;
import aQute.bnd.annotation.Resolution;
import aQute.bnd.annotation.spi.ServiceConsumer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.stream.Collectors;
import org.triojava.spi.ProcessProvider;
import org.triojava.spi.Provider;
import org.triojava.spi.RuntimeProvider;
import org.triojava.spi.SignalProvider;
import org.triojava.spi.SocketProvider;
import org.triojava.spi.StreamsProvider;

/**
 * One kind of backend and the one lookup every facade uses for it: {@link ServiceLoader}
 * (module path, class path, and OSGi through the Service Loader Mediator), selection by name
 * through a system property, else the highest priority. Nothing is cached, so OSGi bundles may
 * come and go.
 *
 * @param spi the provider interface
 * @param description what users call it, for messages ("Trio runtime")
 * @param property the system property that selects a provider by name
 * @param artifact the Maven coordinates to add when no provider exists
 */
@ServiceConsumer(value = ProcessProvider.class, cardinality = Cardinality.MULTIPLE, resolution = Resolution.OPTIONAL)
@ServiceConsumer(value = RuntimeProvider.class, cardinality = Cardinality.MULTIPLE, resolution = Resolution.OPTIONAL)
@ServiceConsumer(value = SignalProvider.class, cardinality = Cardinality.MULTIPLE, resolution = Resolution.OPTIONAL)
@ServiceConsumer(value = SocketProvider.class, cardinality = Cardinality.MULTIPLE, resolution = Resolution.OPTIONAL)
@ServiceConsumer(value = StreamsProvider.class, cardinality = Cardinality.MULTIPLE, resolution = Resolution.OPTIONAL)
public record Backend<S extends Provider>(Class<S> spi, String description, String property, String artifact) {

    /** The runtime backend (trio-core). */
    public static final Backend<RuntimeProvider> RUNTIME = new Backend<>(
            RuntimeProvider.class, "Trio runtime", "org.triojava.runtime", "org.triojava:trio-core");

    /** The subprocess backend (trio-process). */
    public static final Backend<ProcessProvider> PROCESS = new Backend<>(
            ProcessProvider.class, "Trio subprocess backend", "org.triojava.process", "org.triojava:trio-process");

    /** The signal backend (trio-signals): signal receivers and Ctrl-C delivery. */
    public static final Backend<SignalProvider> SIGNALS = new Backend<>(
            SignalProvider.class, "Trio signal backend", "org.triojava.signals", "org.triojava:trio-signals");

    /** The socket backend (trio-socket). */
    public static final Backend<SocketProvider> SOCKET = new Backend<>(
            SocketProvider.class, "Trio socket backend", "org.triojava.socket", "org.triojava:trio-socket");

    /** The stream layer (trio-streams): socket streams, TLS, open/serve TCP. */
    public static final Backend<StreamsProvider> STREAMS = new Backend<>(
            StreamsProvider.class, "Trio stream layer", "org.triojava.streams", "org.triojava:trio-streams");

    /**
     * Finds the provider: the one named {@code wanted} if not null, else the one the system
     * property names, else the highest priority.
     *
     * @throws IllegalStateException when none (or not the selected one) is found
     */
    public S find(String wanted) {
        return select(load(), wanted != null ? wanted : System.getProperty(property));
    }

    /**
     * Like {@link #find(String)} with the system property's choice, for an optional backend:
     * null when no provider is present at all.
     *
     * @throws IllegalStateException when the system property names a provider that is not there
     */
    public S findOptional() {
        List<S> candidates = load();
        return candidates.isEmpty() ? null : select(candidates, System.getProperty(property));
    }

    private List<S> load() {
        List<S> candidates = new ArrayList<>();
        try {
            for (S candidate : ServiceLoader.load(spi, Backend.class.getClassLoader())) {
                candidates.add(candidate);
            }
        } catch (ServiceConfigurationError e) {
            throw new IllegalStateException("A " + description + " provider (" + spi.getName()
                    + ") could not be loaded: " + e.getMessage(), e);
        }
        return candidates;
    }

    /** The selection rule on its own: by {@code name} if given, else the highest priority (ties: by name). */
    S select(List<S> candidates, String name) {
        if (candidates.isEmpty()) {
            throw new IllegalStateException("No " + description + " found: add " + artifact
                    + " to the runtime class path or module path (no provider of " + spi.getName()
                    + " was found by ServiceLoader; inside OSGi, install its bundle and the Service Loader"
                    + " Mediator, Apache Aries SPI Fly)");
        }
        if (name != null && !name.isBlank()) {
            for (S candidate : candidates) {
                if (candidate.name().equals(name)) {
                    return candidate;
                }
            }
            throw new IllegalStateException("No " + description + " named '" + name + "' (selected by "
                    + property + (spi == RuntimeProvider.class ? " or the run options" : "") + "); available: "
                    + names(candidates));
        }
        return candidates.stream()
                .max(Comparator.comparingInt(Provider::priority)
                        .thenComparing(Provider::name, Comparator.reverseOrder()))
                .orElseThrow();
    }

    private static String names(List<? extends Provider> candidates) {
        return candidates.stream().map(p -> p.name() + " (priority " + p.priority() + ")")
                .collect(Collectors.joining(", "));
    }
}
