/**
 * Signal backend of Trio for Java (sun.misc.Signal). Its provider arrives with the signals capability; until then it provides nothing.
 */
module org.triojava.signals {
    requires org.triojava.api;
    requires static biz.aQute.bnd.annotation;
    requires static org.osgi.annotation.bundle;
}
