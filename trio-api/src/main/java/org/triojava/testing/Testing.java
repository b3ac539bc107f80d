package org.triojava.testing;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.time.Duration;
import org.triojava.TrioRunnable;
import org.triojava.internal.Checks;
import org.triojava.internal.Runtimes;
import org.triojava.internal.WorkerIdle;
import org.triojava.socket.SocketKind;
import org.triojava.socket.Sockets;
import org.triojava.socket.TrioSocket;
import org.triojava.spi.Addresses;
import org.triojava.spi.Kernel;
import org.triojava.stream.SocketListener;
import org.triojava.stream.SocketStream;

/** Helpers for testing Trio code (Trio's {@code trio.testing} functions). */
public final class Testing {
    private Testing() {
    }

    /** Returns once every other task is blocked (a checkpoint); see {@link #waitAllTasksBlocked(double)}. */
    public static void waitAllTasksBlocked() {
        waitAllTasksBlocked(0);
    }

    /**
     * Returns once no task but the caller is runnable and there has been no I/O for
     * {@code cushion} real seconds. With several waiters, the smallest cushion wakes first and
     * equal cushions wake together. While anyone waits here, a mock clock does not autojump.
     */
    public static void waitAllTasksBlocked(double cushion) {
        Kernel kernel = Runtimes.kernel("Testing.waitAllTasksBlocked");
        kernel.waitAllTasksBlocked(Checks.timeout(cushion, "cushion"));
    }

    /** Like {@link #waitAllTasksBlocked(double)}. */
    public static void waitAllTasksBlocked(Duration cushion) {
        waitAllTasksBlocked(Checks.seconds(cushion, "cushion"));
    }

    /** How many {@code ToThread} worker threads of the current run are busy (Trio's {@code active_thread_count}). */
    public static int activeThreadCount() {
        return Runtimes.kernel("Testing.activeThreadCount").workerThreads();
    }

    /** Waits until no {@code ToThread} worker thread of the current run is busy (a checkpoint). */
    public static void waitAllThreadsCompleted() {
        WorkerIdle.await(Runtimes.kernel("Testing.waitAllThreadsCompleted"));
    }

    /**
     * Runs {@code body} and fails with {@link AssertionError} unless it executed a checkpoint:
     * both a schedule point and a cancel point (Trio's {@code assert_checkpoints}).
     */
    public static void assertCheckpoints(TrioRunnable body) throws Exception {
        Checks.notNull(body, "body");
        Kernel kernel = Runtimes.kernel("Testing.assertCheckpoints");
        long schedule = kernel.schedulePoints();
        long cancel = kernel.cancelPoints();
        body.run();
        if (kernel.schedulePoints() == schedule || kernel.cancelPoints() == cancel) {
            throw new AssertionError("assertCheckpoints block did not yield!");
        }
    }

    /**
     * Runs {@code body} and fails with {@link AssertionError} if it executed a schedule point or a
     * cancel point (Trio's {@code assert_no_checkpoints}); checked even if the body throws.
     */
    public static void assertNoCheckpoints(TrioRunnable body) throws Exception {
        Checks.notNull(body, "body");
        Kernel kernel = Runtimes.kernel("Testing.assertNoCheckpoints");
        long schedule = kernel.schedulePoints();
        long cancel = kernel.cancelPoints();
        try {
            body.run();
        } finally {
            if (kernel.schedulePoints() != schedule || kernel.cancelPoints() != cancel) {
                throw new AssertionError("assertNoCheckpoints block yielded!");
            }
        }
    }

    /**
     * Connects a new socket to {@code listener} and returns it as a stream (Trio's
     * {@code open_stream_to_socket_listener}): a listener on a wildcard address ({@code 0.0.0.0}
     * or {@code ::}) is reached through the loopback address of its family, a Unix-domain one
     * through its path. Handy with {@code nursery.start(status -> Net.serveTcp(handler, 0, status))}.
     * The socket is closed if the connection fails.
     */
    public static SocketStream openStreamToSocketListener(SocketListener listener) throws IOException {
        Checks.notNull(listener, "listener");
        TrioSocket listening = listener.socket();
        SocketAddress address = listening.getsockname();
        if (address instanceof InetSocketAddress inet && inet.getAddress().isAnyLocalAddress()) {
            InetAddress loopback = Addresses.loopback(inet.getAddress() instanceof Inet6Address
                    ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET);
            address = new InetSocketAddress(loopback, inet.getPort());
        }
        TrioSocket socket = Sockets.socket(listening.family(), SocketKind.STREAM);
        try {
            socket.connect(address);
            return SocketStream.of(socket);
        } catch (IOException | RuntimeException | Error e) {
            socket.close();
            throw e;
        }
    }
}
