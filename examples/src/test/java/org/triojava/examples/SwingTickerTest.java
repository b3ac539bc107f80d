package org.triojava.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import javax.swing.JLabel;
import javax.swing.SwingUtilities;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.triojava.Trio;
import org.triojava.lowlevel.Outcome;
import org.triojava.stream.Net;
import org.triojava.stream.SocketListener;
import org.triojava.stream.SocketStream;

/**
 * The Swing example of docs/GUEST.md with Swing's event dispatch thread in headless mode: a Trio
 * run hosted by the EDT reads a feed and sets a label's text from its task.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class SwingTickerTest {
    @BeforeAll
    static void headless() {
        System.setProperty("java.awt.headless", "true");
    }

    /** A feed server in a Trio run of its own thread: the lines, in pieces that split them, then the end. */
    private static Thread feedServer(CompletableFuture<Integer> port, List<String> pieces) {
        return Thread.ofPlatform().name("feed server").start(() -> {
            try {
                Trio.run(() -> {
                    try (SocketListener listener = Net.openTcpListeners(0, "127.0.0.1").get(0)) {
                        port.complete(((InetSocketAddress) listener.socket().getsockname()).getPort());
                        try (SocketStream client = listener.accept()) {
                            for (String piece : pieces) {
                                client.sendAll(piece.getBytes(StandardCharsets.UTF_8));
                                Trio.sleep(0.01);
                            }
                        }
                    }
                });
            } catch (Exception e) {
                port.completeExceptionally(e);
            }
        });
    }

    @Test
    void theLabelFollowsTheFeedSetFromATaskHostedByTheEventDispatchThread() throws Exception {
        CompletableFuture<Integer> port = new CompletableFuture<>();
        Thread server = feedServer(port, List.of("09:00", ":00\n09:00:01\n", "09:00:02\n"));
        List<String> texts = Collections.synchronizedList(new ArrayList<>());
        List<String> setBy = Collections.synchronizedList(new ArrayList<>());
        CompletableFuture<Outcome> done = new CompletableFuture<>();
        CompletableFuture<String> doneOn = new CompletableFuture<>();
        int serverPort = port.get();
        SwingUtilities.invokeAndWait(() -> {
            JLabel label = new JLabel("connecting...");
            label.addPropertyChangeListener("text", event -> {
                texts.add((String) event.getNewValue());
                setBy.add(Thread.currentThread().toString());
            });
            SwingTicker.start(label, "127.0.0.1", serverPort, outcome -> {
                doneOn.complete(Thread.currentThread().getName());
                done.complete(outcome);
            });
        });
        assertInstanceOf(Outcome.Value.class, done.get());
        server.join();
        assertTrue(doneOn.get().startsWith("AWT-EventQueue"), doneOn::join);
        assertEquals(List.of("09:00:00", "09:00:01", "09:00:02", "(the server closed the feed)"), texts);
        // every text was set by the task, a virtual thread; in confined scheduling it was mounted
        // on the event dispatch thread itself ("VirtualThread[#n,name]/runnable@AWT-EventQueue-0")
        assertTrue(setBy.stream().allMatch(thread -> thread.startsWith("VirtualThread")), setBy::toString);
        if ("confined".equals(System.getProperty("org.triojava.scheduling"))) {
            assertTrue(setBy.stream().allMatch(thread -> thread.contains("@AWT-EventQueue")), setBy::toString);
        }
    }
}
