/**
 * Trio for Java's JUnit Jupiter extension (the Java counterpart of pytest-trio): {@code @TrioTest}
 * runs a test method inside {@code Trio.run}, with a mock clock, a test nursery and the run's
 * token as parameters, a reported scheduling seed, and leak detection. The only Trio module that
 * depends on JUnit. (The name ends in JUnit's major version, hence the suppressed lint about
 * terminal digits.)
 */
@SuppressWarnings("module")
module org.triojava.junit5 {
    requires transitive org.triojava.api;
    requires transitive org.junit.jupiter.api;
    requires static org.osgi.annotation.bundle;
    requires static org.osgi.annotation.versioning;

    exports org.triojava.junit5;
}
