/**
 * The stream layer of Trio for Java: socket streams and listeners, happy-eyeballs TCP connect,
 * TCP listeners and servers, Unix-domain streams, and TLS over the JDK's {@code SSLEngine}.
 * Exports nothing; provides {@link org.triojava.spi.StreamsProvider} (named {@code "jdk"}), which
 * {@code org.triojava.stream.Net} and friends in trio-api find by ServiceLoader.
 */
module org.triojava.streams {
    requires org.triojava.api;
    requires static biz.aQute.bnd.annotation;
    requires static org.osgi.annotation.bundle;

    provides org.triojava.spi.StreamsProvider with org.triojava.streams.jdk.JdkStreamsProvider;
}
