/**
 * NIO socket backend of Trio for Java: TCP, UDP and Unix-domain sockets on the run loop, and
 * the system resolver. Exports nothing; provides {@link org.triojava.spi.SocketProvider}
 * (named {@code "nio"}), which {@code org.triojava.socket.Sockets} in trio-api finds by
 * ServiceLoader.
 */
module org.triojava.socket {
    requires org.triojava.api;
    requires static biz.aQute.bnd.annotation;
    requires static org.osgi.annotation.bundle;

    provides org.triojava.spi.SocketProvider with org.triojava.socket.nio.NioSocketProvider;
}
