/**
 * The signal backend of Trio for Java, on {@code sun.misc.Signal} (module {@code jdk.unsupported}):
 * signal receivers and Ctrl-C delivery as {@code KeyboardInterrupt}. Exports nothing; provides
 * {@link org.triojava.spi.SignalProvider} under the name {@code "jdk"}.
 */
module org.triojava.signals {
    requires org.triojava.api;
    requires jdk.unsupported;
    requires static biz.aQute.bnd.annotation;
    requires static org.osgi.annotation.bundle;

    provides org.triojava.spi.SignalProvider with org.triojava.signals.jdk.JdkSignalProvider;
}
