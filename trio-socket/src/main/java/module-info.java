/**
 * NIO socket backend of Trio for Java (TCP, UDP, Unix-domain). Its SocketProvider arrives with the sockets capability; until then it provides nothing.
 */
module org.triojava.socket {
    requires org.triojava.api;
    requires static biz.aQute.bnd.annotation;
    requires static org.osgi.annotation.bundle;
}
