package org.triojava.examples.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.triojava.Trio;

class ComposedAnnotationTest {
    @AutojumpTest
    void aDayPassesAtOnce() throws Exception {
        Trio.sleep(86_400);
        assertEquals(86_400.0, Trio.currentTime());
    }
}
