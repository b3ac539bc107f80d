/**
 * Interfaces that users and backends implement: clocks, instruments, channels, the Stream API
 * ({@link org.triojava.abc.AsyncResource}, streams, listeners),
 * hostname resolvers and socket factories (Trio's {@code trio.abc}).
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("0.1.0")
package org.triojava.abc;
