package org.triojava.process.jdk;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.triojava.RunOptions;
import org.triojava.process.ProcessOptions;
import org.triojava.process.Redirect;
import org.triojava.testing.MockClock;

/** Shared bits of the subprocess tests. */
final class ProcessTesting {
    /** Pipes for all three standard streams. */
    static final ProcessOptions PIPES = ProcessOptions.defaults().withStdin(Redirect.PIPE)
            .withStdout(Redirect.PIPE).withStderr(Redirect.PIPE);

    private ProcessTesting() {
    }

    static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** {@code sh -c script}. */
    static List<String> sh(String script) {
        return List.of("sh", "-c", script);
    }

    /** A run on a mock clock that jumps as soon as every task waits. */
    static RunOptions autojump() {
        return RunOptions.defaults().withClock(new MockClock(0, 0));
    }
}
