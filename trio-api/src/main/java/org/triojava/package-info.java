/**
 * The user API of Trio for Java: {@link org.triojava.Trio}, nurseries, cancel scopes and Trio's exceptions (Trio's {@code trio} namespace).
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("0.1.0")
package org.triojava;
