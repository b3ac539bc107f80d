package org.triojava.examples;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Keeps the demo honest: it runs on trio-core and prints its story in the expected order. */
class DemoTest {
    @Test
    void theDemoTellsItsStoryInOrder() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            Demo.run(out);
        }
        String output = bytes.toString(StandardCharsets.UTF_8);
        List<String> expectedInOrder = List.of(
                "1. Trio.openNursery",
                "worker B finished",
                "worker C finished",
                "worker A finished",
                "all three workers are done after",
                "2. Trio.moveOnAfter",
                "download starts",
                "download cancelled",
                "moved on: scope.cancelledCaught() = true",
                "3. Trio.failAfter",
                "caught TooSlowError",
                "4. nursery.start",
                "server: setting up",
                "server: ready",
                "start() returned localhost:8080",
                "server: shutting down",
                "5. Net.serveTcp",
                "server listening on 127.0.0.1:",
                "server: new connection",
                "client sent 'hello', got back 'hello'",
                "client sent 'structured', got back 'structured'",
                "client sent 'concurrency', got back 'concurrency'",
                "client closed its stream",
                "server: connection closed by the client",
                "cancelling the server",
                "server stopped",
                "done: every task finished");
        int from = 0;
        for (String expected : expectedInOrder) {
            int at = output.indexOf(expected, from);
            assertTrue(at >= 0, () -> "'" + expected + "' missing or out of order in:\n" + output);
            from = at + expected.length();
        }
        assertTrue(!output.contains("never printed"), output);
    }
}
