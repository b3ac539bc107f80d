/**
 * Runs JUnit Jupiter tests inside {@code Trio.run} (the Java counterpart of
 * <a href="https://github.com/python-trio/pytest-trio">pytest-trio</a>): the {@link
 * org.triojava.junit5.TrioTest @TrioTest} annotation and the {@link
 * org.triojava.junit5.TrioExtension} behind it.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("0.1.0")
package org.triojava.junit5;
