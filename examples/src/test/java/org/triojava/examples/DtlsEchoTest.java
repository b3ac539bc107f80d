package org.triojava.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The DTLS echo of docs/DTLS.md, with a certificate keytool makes for the test. */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class DtlsEchoTest {
    @Test
    void everyDatagramComesBackThroughDtls() throws Exception {
        assertEquals(List.of("one", "two", "three"),
                DtlsEcho.echo(DtlsEcho.selfSignedKeyStore(), List.of("one", "two", "three")));
    }
}
