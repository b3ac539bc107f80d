/**
 * The testing toolkit: a mock clock with autojump, waiting until all tasks are blocked, ordered
 * critical sections across tasks ({@link org.triojava.testing.Sequencer}), and checkpoint
 * assertions (Trio's {@code trio.testing}). The JUnit Jupiter extension that runs tests inside
 * {@code Trio.run} is in the separate artifact {@code trio-junit5}.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("0.1.0")
package org.triojava.testing;
