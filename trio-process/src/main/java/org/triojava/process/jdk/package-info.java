/**
 * The {@code ProcessBuilder} implementation of {@link org.triojava.spi.ProcessProvider}; not exported.
 */
package org.triojava.process.jdk;
