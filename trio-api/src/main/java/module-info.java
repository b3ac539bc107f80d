/**
 * Trio for Java: structured concurrency and async I/O on virtual threads. The only module users
 * compile against; backends (trio-core and friends) are found at run time by ServiceLoader.
 */
module org.triojava.api {
    requires static biz.aQute.bnd.annotation;
    requires static org.osgi.annotation.bundle;
    requires static org.osgi.annotation.versioning;

    exports org.triojava;
    exports org.triojava.abc;
    exports org.triojava.channel;
    exports org.triojava.file;
    exports org.triojava.lowlevel;
    exports org.triojava.process;
    exports org.triojava.signals;
    exports org.triojava.socket;
    exports org.triojava.spi;
    exports org.triojava.stream;
    exports org.triojava.sync;
    exports org.triojava.testing;
    exports org.triojava.thread;

    uses org.triojava.spi.ProcessProvider;
    uses org.triojava.spi.RuntimeProvider;
    uses org.triojava.spi.SignalProvider;
    uses org.triojava.spi.SocketProvider;
    uses org.triojava.spi.StreamsProvider;
}
