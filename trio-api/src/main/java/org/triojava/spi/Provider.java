package org.triojava.spi;

/**
 * What every Trio backend provider has: a name to select it by and a priority. When several
 * providers of one SPI are present, the system property named by the facade (for the runtime:
 * {@code org.triojava.runtime}) selects one by name; otherwise the highest priority wins.
 */
public interface Provider {
    /** A short, stable name, such as {@code "core"}. */
    String name();

    /** Higher wins when no provider is selected by name. The project's own backends use 0. */
    default int priority() {
        return 0;
    }
}
