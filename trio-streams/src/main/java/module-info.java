/**
 * Stream layer of Trio for Java (socket streams, TLS, high-level TCP). Its provider arrives with the streams capability; until then it provides nothing.
 */
module org.triojava.streams {
    requires org.triojava.api;
    requires static biz.aQute.bnd.annotation;
    requires static org.osgi.annotation.bundle;
}
