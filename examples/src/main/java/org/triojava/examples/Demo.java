package org.triojava.examples;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Locale;
import org.triojava.CancelScope;
import org.triojava.TooSlowError;
import org.triojava.Trio;
import org.triojava.abc.ReceiveStream;
import org.triojava.stream.Net;
import org.triojava.stream.ServeOptions;
import org.triojava.stream.SocketListener;
import org.triojava.stream.SocketStream;
import org.triojava.sync.Event;

/**
 * A tour of Trio for Java in one program: a nursery with three concurrent workers, a timeout
 * that cancels a slow task ({@code moveOnAfter}), a timeout that fails ({@code failAfter}),
 * a task that reports a value when it is ready ({@code nursery.start}), and a TCP echo server
 * with a client ({@code Net.serveTcp}, {@code Net.openTcpStream}) on the loopback interface.
 *
 * <p>Run it from the repository root with {@code ./mvnw -q -Pdemo -pl examples -am verify}.
 * It needs trio-api to compile, and trio-core, trio-socket and trio-streams on the class path
 * (or module path) to run.
 */
public final class Demo {
    private final PrintStream out;
    private final Event echoConnectionDone = new Event();
    private double startTime;

    private Demo(PrintStream out) {
        this.out = out;
    }

    public static void main(String[] args) throws Exception {
        run(System.out);
    }

    /** Runs the whole tour, printing to {@code out}. */
    public static void run(PrintStream out) throws Exception {
        Demo demo = new Demo(out);
        Trio.run(demo::tour);
    }

    /** Prints a line prefixed with the time since the start of the run. */
    private void say(String format, Object... args) {
        double elapsed = Trio.currentTime() - startTime;
        out.printf(Locale.ROOT, "[%5.2fs] %s%n", elapsed, String.format(Locale.ROOT, format, args));
    }

    private void tour() throws Exception {
        startTime = Trio.currentTime();
        out.println("Trio for Java demo: structured concurrency on virtual threads");
        out.println();
        nurseryWithThreeWorkers();
        out.println();
        moveOnAfterCancelsASlowTask();
        out.println();
        failAfterRaisesTooSlowError();
        out.println();
        startWaitsUntilATaskIsReady();
        out.println();
        echoServerAndClient();
        out.println();
        say("done: every task finished before Trio.run returned");
    }

    /** 1. A nursery runs tasks concurrently and does not let the program go on until all are done. */
    private void nurseryWithThreeWorkers() throws Exception {
        say("1. Trio.openNursery: starting three workers that sleep 0.3 s, 0.1 s and 0.2 s");
        double before = Trio.currentTime();
        Trio.openNursery(nursery -> {
            nursery.startSoon(() -> worker("A", 0.3));
            nursery.startSoon(() -> worker("B", 0.1));
            nursery.startSoon(() -> worker("C", 0.2));
            say("   the nursery block ends here, but it waits for its children...");
        });
        say("   all three workers are done after %.1f s (not 0.6 s: they slept at the same time)",
                Trio.currentTime() - before);
    }

    private void worker(String name, double seconds) {
        say("   worker %s starts (will sleep %.1f s)", name, seconds);
        Trio.sleep(seconds);
        say("   worker %s finished", name);
    }

    /** 2. moveOnAfter: when the time is up, the block is cancelled and the program simply moves on. */
    private void moveOnAfterCancelsASlowTask() throws Exception {
        say("2. Trio.moveOnAfter(0.2 s) around a download that would take 5 s");
        CancelScope scope = Trio.moveOnAfter(0.2, () -> {
            try {
                say("   download starts");
                Trio.sleep(5);
                say("   download finished (this line is never printed)");
            } finally {
                say("   download cancelled: its finally block still runs, so it can clean up");
            }
        });
        say("   moved on: scope.cancelledCaught() = %s", scope.cancelledCaught());
    }

    /** 3. failAfter: the same timeout, but missing it is an error the caller sees. */
    private void failAfterRaisesTooSlowError() throws Exception {
        say("3. Trio.failAfter(0.1 s) around a query that takes 1 s");
        try {
            String answer = Trio.failAfter(0.1, () -> {
                Trio.sleep(1);
                return "42";
            });
            say("   answer: %s (never printed)", answer);
        } catch (TooSlowError e) {
            say("   caught TooSlowError: %s", e.getMessage());
        }
    }

    /** 4. nursery.start: wait until a background task says it is ready, and get a value from it. */
    private void startWaitsUntilATaskIsReady() throws Exception {
        say("4. nursery.start: starting a server task and waiting until it is ready");
        Trio.openNursery(nursery -> {
            String address = nursery.start(status -> {
                say("   server: setting up (0.1 s)");
                Trio.sleep(0.1);
                status.started("localhost:8080");
                say("   server: ready, now serving until cancelled");
                try {
                    Trio.sleepForever();
                } finally {
                    say("   server: shutting down");
                }
            });
            say("   start() returned %s once the server was ready", address);
            Trio.sleep(0.1);
            say("   cancelling the nursery stops the server");
            nursery.cancelScope().cancel();
        });
    }

    /** 5. Streams: a TCP echo server and a client talking to it, each connection in its own task. */
    private void echoServerAndClient() throws Exception {
        say("5. Net.serveTcp: an echo server on a free loopback port, and a client (Net.openTcpStream)");
        Trio.openNursery(nursery -> {
            List<SocketListener> listeners = nursery.start(status ->
                    Net.serveTcp(this::echo, 0, ServeOptions.defaults().withHost("127.0.0.1"), status));
            int port = ((InetSocketAddress) listeners.get(0).socket().getsockname()).getPort();
            say("   server listening on 127.0.0.1:%d", port);
            try (SocketStream client = Net.openTcpStream("127.0.0.1", port)) {
                for (String message : List.of("hello", "structured", "concurrency")) {
                    byte[] bytes = message.getBytes(UTF_8);
                    client.sendAll(bytes);
                    say("   client sent '%s', got back '%s'", message,
                            new String(receiveExactly(client, bytes.length), UTF_8));
                }
            }
            say("   client closed its stream");
            echoConnectionDone.await();
            say("   cancelling the server");
            nursery.cancelScope().cancel();
        });
        say("   server stopped: listener closed, every connection task finished");
    }

    /** The server's handler: runs in a task of its own for each connection, until the client closes. */
    private void echo(SocketStream connection) {
        say("   server: new connection");
        for (byte[] chunk : connection) {
            connection.sendAll(chunk);
        }
        say("   server: connection closed by the client");
        echoConnectionDone.set();
    }

    /** Reads until {@code length} bytes have arrived ({@code receiveSome} may return less than was sent). */
    private static byte[] receiveExactly(ReceiveStream stream, int length) {
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        while (received.size() < length) {
            byte[] chunk = stream.receiveSome(length - received.size());
            if (chunk.length == 0) {
                throw new IllegalStateException("the stream ended after " + received.size() + " of " + length + " bytes");
            }
            received.writeBytes(chunk);
        }
        return received.toByteArray();
    }
}
