package org.triojava.examples.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.triojava.junit5.TrioTest;

/** A Trio test on an autojumping mock clock: {@code @AutojumpTest void test() { ... }}. */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@TrioTest(autojumpThreshold = 0)
@interface AutojumpTest {
}
