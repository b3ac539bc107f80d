/**
 * The scheduler backend of Trio for Java: run loop, tasks, nurseries, cancel scopes, time and
 * I/O readiness. Exports nothing; provides {@link org.triojava.spi.RuntimeProvider}.
 */
module org.triojava.core {
    requires org.triojava.api;
    requires jdk.jfr; // the run's Flight Recorder events (optional in OSGi: see bnd.bnd)
    requires static biz.aQute.bnd.annotation;
    requires static org.osgi.annotation.bundle;

    provides org.triojava.spi.RuntimeProvider with org.triojava.core.CoreRuntimeProvider;
}
