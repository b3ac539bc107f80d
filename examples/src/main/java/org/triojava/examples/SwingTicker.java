package org.triojava.examples;

import java.awt.GraphicsEnvironment;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import javax.swing.JFrame;
import javax.swing.JLabel;
import javax.swing.SwingConstants;
import javax.swing.SwingUtilities;
import org.triojava.Trio;
import org.triojava.lowlevel.GuestOptions;
import org.triojava.lowlevel.GuestRun;
import org.triojava.lowlevel.Lowlevel;
import org.triojava.lowlevel.Outcome;
import org.triojava.stream.Net;
import org.triojava.stream.SocketListener;
import org.triojava.stream.SocketStream;

/**
 * A Swing window whose label a Trio task keeps up to date from a network feed, with the Trio run
 * hosted by Swing's event dispatch thread (guest mode): the task reads lines from a TCP server and
 * sets the label's text itself, with no {@code invokeLater}, because task code never runs at the
 * same time as other code of the event dispatch thread (in confined scheduling it even runs on
 * that thread). See {@code docs/GUEST.md}.
 *
 * <p>Run it from the repository root with
 * {@code ./mvnw -q -Pdemo -pl examples -am verify -Ddemo.mainClass=org.triojava.examples.SwingTicker};
 * it starts a small time server of its own (a plain {@code Trio.run} on another thread) and opens
 * the window (or, without a display, prints what the label would show).
 */
public final class SwingTicker {
    private SwingTicker() {
    }

    /**
     * Starts the feed: call on the event dispatch thread. Each line from {@code host}:{@code port}
     * becomes the label's text; when the server closes the connection the label says so, and
     * {@code done} gets the run's outcome (on the event dispatch thread).
     */
    public static GuestRun start(JLabel label, String host, int port, Consumer<Outcome> done) {
        return Lowlevel.startGuestRun(() -> {
            try (SocketStream feed = Net.openTcpStream(host, port)) {
                StringBuilder line = new StringBuilder();
                for (byte[] chunk : feed) {
                    for (char c : new String(chunk, StandardCharsets.UTF_8).toCharArray()) {
                        if (c == '\n') {
                            label.setText(line.toString()); // straight from the task
                            line.setLength(0);
                        } else {
                            line.append(c);
                        }
                    }
                }
            }
            label.setText("(the server closed the feed)");
            return null;
        }, GuestOptions.of(SwingUtilities::invokeLater, done));
    }

    /** A server that sends the time of day, once a second, {@code count} times to each client. */
    static void serveTime(SocketListener listener, int count) throws Exception {
        Net.serveListeners(stream -> {
            try (stream) {
                for (int i = 0; i < count; i++) {
                    String now = LocalTime.now().truncatedTo(ChronoUnit.SECONDS) + "\n";
                    stream.sendAll(now.getBytes(StandardCharsets.UTF_8));
                    Trio.sleep(1);
                }
            }
        }, java.util.List.of(listener), org.triojava.TaskStatus.ignored());
    }

    public static void main(String[] args) throws Exception {
        CompletableFuture<Integer> port = new CompletableFuture<>();
        Thread server = Thread.ofPlatform().daemon().name("time server").start(() -> {
            try {
                Trio.run(() -> {
                    SocketListener listener = Net.openTcpListeners(0, "127.0.0.1").get(0);
                    port.complete(((InetSocketAddress) listener.socket().getsockname()).getPort());
                    serveTime(listener, 10);
                });
            } catch (Exception e) {
                port.completeExceptionally(e);
            }
        });
        CompletableFuture<Outcome> finished = new CompletableFuture<>();
        int serverPort = port.get();
        SwingUtilities.invokeAndWait(() -> {
            JLabel label = new JLabel("connecting...", SwingConstants.CENTER);
            if (GraphicsEnvironment.isHeadless()) {
                System.out.println("No display: printing what the label shows instead of opening a window.");
                label.addPropertyChangeListener("text", event -> System.out.println("label: " + event.getNewValue()));
            } else {
                JFrame frame = new JFrame("Trio for Java: guest mode on the Swing event dispatch thread");
                frame.add(label);
                frame.setSize(480, 120);
                frame.setDefaultCloseOperation(JFrame.DISPOSE_ON_CLOSE);
                frame.setVisible(true);
            }
            start(label, "127.0.0.1", serverPort, finished::complete);
        });
        Outcome outcome = finished.get();
        System.out.println("The Trio run ended: " + outcome);
        server.interrupt();
        if (!GraphicsEnvironment.isHeadless()) {
            for (java.awt.Window window : java.awt.Window.getWindows()) {
                SwingUtilities.invokeLater(window::dispose);
            }
        }
        if (outcome instanceof Outcome.Failure failure) {
            throw new IOException("the feed failed", failure.error());
        }
    }
}
