/**
 * The subprocess backend of Trio for Java, on {@code ProcessBuilder}: child processes whose pipes
 * are Trio streams (pumped by threads off the run, since the JDK's pipes only block), exit waits
 * on {@code Process.onExit()}, and cancellation that terminates, then kills. Exports nothing;
 * provides {@link org.triojava.spi.ProcessProvider} under the name {@code "jdk"}.
 */
module org.triojava.process {
    requires org.triojava.api;
    requires static biz.aQute.bnd.annotation;
    requires static org.osgi.annotation.bundle;

    provides org.triojava.spi.ProcessProvider with org.triojava.process.jdk.JdkProcessProvider;
}
