/**
 * The contract for backend authors, apart from the user API (as SLF4J keeps
 * {@code org.slf4j.spi}); Trio has no such layer, because it has one implementation. Users never
 * need this package.
 *
 * <ul>
 *   <li>The provider interfaces found by {@link java.util.ServiceLoader}:
 *       {@link org.triojava.spi.RuntimeProvider} (the run loop, trio-core),
 *       {@link org.triojava.spi.SocketProvider} (trio-socket),
 *       {@link org.triojava.spi.StreamsProvider} (trio-streams) and
 *       {@link org.triojava.spi.SignalProvider} (trio-signals); each is a
 *       {@link org.triojava.spi.Provider} with a name and a priority.</li>
 *   <li>{@link org.triojava.spi.Kernel}: one run, as the API's facades see it.</li>
 *   <li>{@link org.triojava.spi.ApiBridge}: how a backend makes API objects that have no public
 *       constructor ({@code Cancelled}, {@code CancelScope}).</li>
 *   <li>Shared helpers: {@link org.triojava.spi.Addresses} (loopback, wildcard and IPv4-mapped
 *       addresses), {@link org.triojava.spi.TaskNames}, {@link org.triojava.spi.ActiveRuns}.</li>
 * </ul>
 *
 * <p>A backend module {@code requires org.triojava.api}, {@code provides} one of the provider
 * interfaces, and lists it in {@code META-INF/services} for the class path:
 *
 * <pre>{@code
 * module com.example.fakenet {
 *     requires org.triojava.api;
 *     provides org.triojava.spi.SocketProvider with com.example.fakenet.FakeSocketProvider;
 * }
 * }</pre>
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("0.2.0")
package org.triojava.spi;
