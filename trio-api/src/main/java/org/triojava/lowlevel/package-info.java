/**
 * The low-level API: tasks, the park/reschedule primitive, parking lots, tokens and I/O readiness (Trio's {@code trio.lowlevel}).
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("0.1.0")
package org.triojava.lowlevel;
