/**
 * The contract for backend authors, apart from the user API (as SLF4J keeps {@code org.slf4j.spi}): provider interfaces found by {@link java.util.ServiceLoader}, the per-run {@link org.triojava.spi.Kernel}, and the bridge to API objects without public constructors. Users never need this package.
 *
 * <p>A backend module {@code requires org.triojava.api}, {@code provides} one of the provider
 * interfaces, and lists it in {@code META-INF/services} for the class path.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("0.1.0")
package org.triojava.spi;
