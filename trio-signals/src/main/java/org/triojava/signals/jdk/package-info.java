/**
 * The {@code sun.misc.Signal} implementation of {@link org.triojava.spi.SignalProvider}; not exported.
 */
package org.triojava.signals.jdk;
