/**
 * The testing toolkit: a mock clock with autojump, waiting until all tasks are blocked, and
 * checkpoint assertions (Trio's {@code trio.testing}).
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("0.1.0")
package org.triojava.testing;
