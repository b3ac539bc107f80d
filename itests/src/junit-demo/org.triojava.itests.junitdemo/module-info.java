/**
 * A user's test module on the module path: its tests use {@code @TrioTest} (it requires
 * org.triojava.junit5, which brings the Trio API and JUnit's API), and its Main runs them with the
 * JUnit Platform launcher. Open, so that JUnit may call the test methods reflectively.
 */
open module org.triojava.itests.junitdemo {
    requires org.triojava.junit5;
    requires org.junit.platform.launcher;
}
