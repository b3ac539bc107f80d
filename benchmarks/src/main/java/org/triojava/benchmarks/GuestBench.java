package org.triojava.benchmarks;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.triojava.TaskStatus;
import org.triojava.Trio;
import org.triojava.TrioCallable;
import org.triojava.lowlevel.GuestOptions;
import org.triojava.lowlevel.Lowlevel;
import org.triojava.stream.Net;
import org.triojava.stream.SocketListener;
import org.triojava.stream.SocketStream;

/**
 * Guest mode (issue 18) next to {@code Trio.run} in the same JVM: task switches (two tasks taking
 * turns at checkpoints) and TCP echo round trips to a server in another run, each as a plain
 * {@code Trio.run} and as a guest run on a single-thread executor. Prints
 * {@code RESULT <name> <median> <unit>} lines.
 *
 * <pre>{@code java -cp benchmarks.jar org.triojava.benchmarks.GuestBench}</pre>
 */
public final class GuestBench {
    private static final int ROUNDS = 5;
    private static final int SWITCHES = 500_000;
    private static final int ECHOES = 20_000;

    private GuestBench() {
    }

    public static void main(String[] args) throws Exception {
        String mode = Trio.run(() -> Lowlevel.currentSchedulingMode().toString().toLowerCase(Locale.ROOT));
        System.out.println("# GuestBench: JDK " + System.getProperty("java.version") + ", scheduling " + mode);
        int port = startEchoServer();
        ExecutorService host = Executors.newSingleThreadExecutor(runnable -> new Thread(runnable, "host"));
        try {
            FilesBench.measure("switch-run@" + mode, "switches/s", ROUNDS, () -> Trio.run(GuestBench::switches));
            FilesBench.measure("switch-guest@" + mode, "switches/s", ROUNDS, () -> guest(host, GuestBench::switches));
            FilesBench.measure("echo-run@" + mode, "round trips/s", ROUNDS, () -> Trio.run(() -> echoes(port)));
            FilesBench.measure("echo-guest@" + mode, "round trips/s", ROUNDS, () -> guest(host, () -> echoes(port)));
        } finally {
            host.shutdown();
        }
    }

    /** Runs {@code main} as a guest run hosted by {@code host} and waits for its value. */
    private static double guest(ExecutorService host, TrioCallable<Double> main) throws Exception {
        CompletableFuture<org.triojava.lowlevel.Outcome> done = new CompletableFuture<>();
        host.execute(() -> Lowlevel.startGuestRun(main, GuestOptions.of(host, done::complete)));
        return (Double) done.get().unwrap();
    }

    /** Two tasks taking turns at checkpoints: switches per second. */
    static double switches() throws Exception {
        long start = System.nanoTime();
        Trio.openNursery(nursery -> {
            for (int t = 0; t < 2; t++) {
                nursery.startSoon(() -> {
                    for (int i = 0; i < SWITCHES / 2; i++) {
                        Trio.checkpoint();
                    }
                });
            }
        });
        return SWITCHES / ((System.nanoTime() - start) / 1e9);
    }

    /** One-byte round trips over TCP to the echo server: round trips per second. */
    static double echoes(int port) throws Exception {
        try (SocketStream stream = Net.openTcpStream("127.0.0.1", port)) {
            byte[] message = {42};
            long start = System.nanoTime();
            for (int i = 0; i < ECHOES; i++) {
                stream.sendAll(message);
                stream.receiveSome();
            }
            return ECHOES / ((System.nanoTime() - start) / 1e9);
        }
    }

    /** An echo server in a Trio run of its own (a daemon thread); returns its port. */
    private static int startEchoServer() throws Exception {
        CompletableFuture<Integer> port = new CompletableFuture<>();
        Thread.ofPlatform().daemon().name("echo server").start(() -> {
            try {
                Trio.run(() -> {
                    SocketListener listener = Net.openTcpListeners(0, "127.0.0.1").get(0);
                    port.complete(((InetSocketAddress) listener.socket().getsockname()).getPort());
                    Net.serveListeners(stream -> {
                        for (byte[] chunk : stream) {
                            stream.sendAll(chunk);
                        }
                    }, List.of(listener), TaskStatus.ignored());
                });
            } catch (Exception e) {
                port.completeExceptionally(e);
            }
        });
        return port.get();
    }
}
