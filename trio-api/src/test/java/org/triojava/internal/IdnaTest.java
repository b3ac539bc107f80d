package org.triojava.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.UnknownHostException;
import org.junit.jupiter.api.Test;

/** Host names to ASCII as Trio does (IDNA 2008, UTS #46 mapping); expected values from Python's idna package. */
class IdnaTest {
    @Test
    void asciiNamesPassUnchanged() throws Exception {
        assertEquals("Example.COM", Idna.toAscii("Example.COM"));
        assertEquals("::1", Idna.toAscii("::1"));
        assertEquals("xn--fa-hia.de", Idna.toAscii("xn--fa-hia.de"));
    }

    @Test
    void deviationCharactersAreKeptUnlikeIdna2003() throws Exception {
        assertEquals("xn--fa-hia.de", Idna.toAscii("faß.de"));
        assertEquals("xn--fa-hia.de", Idna.toAscii("FAß.de"), "mapped to lower case first");
    }

    @Test
    void labelsAreEncodedOneByOne() throws Exception {
        assertEquals("xn--f-1gaa", Idna.toAscii("föö"));
        assertEquals("xn--bcher-kva.example", Idna.toAscii("bücher.example"));
        assertEquals("xn--bb-eka.at", Idna.toAscii("ÖBB.at"));
        assertEquals("xn--wgv71a119e.jp", Idna.toAscii("日本語。jp"), "the ideographic full stop separates labels");
        assertEquals("xn--and-6ma2c", Idna.toAscii("ñandú"));
        assertEquals("xn--fa-hia.de.", Idna.toAscii("faß.de."), "a trailing dot stays");
    }

    @Test
    void invalidNamesAreRefused() {
        assertThrows(UnknownHostException.class, () -> Idna.toAscii("a..ß"));
        assertThrows(UnknownHostException.class, () -> Idna.toAscii("ß".repeat(80) + ".de"));
    }

    @Test
    void punycodeOfRfc3492Samples() throws Exception {
        // sample (A) of RFC 3492 section 7.1 (Arabic, Egyptian), in code points
        String arabic = new String(new int[] {0x0644, 0x064A, 0x0647, 0x0645, 0x0627, 0x0628, 0x062A, 0x0643, 0x0644,
                0x0645, 0x0648, 0x0634, 0x0639, 0x0631, 0x0628, 0x064A, 0x061F}, 0, 17);
        assertEquals("egbpdaj6bu4bxfgehfvwxn", Idna.punycode(arabic));
    }
}
