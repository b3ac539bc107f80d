package org.triojava.spi;

/** Holds the per-thread binding behind {@link Kernel#current()}. */
final class KernelBinding {
    static final ThreadLocal<Kernel> CURRENT = new ThreadLocal<>();

    private KernelBinding() {
    }
}
