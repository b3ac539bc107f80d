package org.triojava.socketbench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.triojava.Trio;
import org.triojava.stream.Net;
import org.triojava.stream.SocketStream;

/**
 * Bulk transfer over one loopback TCP connection, in MB/s (10^6 bytes): a {@link SocketStream}
 * ({@code sendAll} of 64 KiB arrays, or {@code receiveSome()}) against a plain blocking
 * {@link SocketChannel} doing the same copy with a 64 KiB heap buffer. The other end is always
 * a blocking {@code SocketChannel} on a platform thread that discards (or produces) data, so
 * only the measured side differs. Each case runs {@code --repeat} times, interleaved, after a
 * warm-up; the table shows the median.
 *
 * <p>Options: {@code --duration 3} {@code --warmup 1} (seconds) {@code --repeat 3}
 * {@code --chunk 65536}.
 */
public final class BulkTransfer {
    private BulkTransfer() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        double duration = Double.parseDouble(options.getOrDefault("duration", "3"));
        double warmup = Double.parseDouble(options.getOrDefault("warmup", "1"));
        int repeat = Integer.parseInt(options.getOrDefault("repeat", "3"));
        int chunk = Integer.parseInt(options.getOrDefault("chunk", "65536"));
        List<String> cases = List.of("stream-send", "channel-send", "stream-receive", "channel-receive");
        Map<String, List<Double>> results = new LinkedHashMap<>();
        for (String c : cases) {
            run(c, chunk, warmup); // warm-up round, not recorded
        }
        for (int round = 0; round < repeat; round++) {
            for (String c : cases) {
                double mbps = run(c, chunk, duration);
                results.computeIfAbsent(c, k -> new ArrayList<>()).add(mbps);
                System.err.printf(Locale.ROOT, "%-16s %,10.0f MB/s%n", c, mbps);
            }
        }
        System.out.println();
        System.out.println("| direction | SocketStream (MB/s) | blocking SocketChannel (MB/s) | ratio |");
        System.out.println("| --- | ---: | ---: | ---: |");
        for (String direction : List.of("send", "receive")) {
            double stream = median(results.get("stream-" + direction));
            double channel = median(results.get("channel-" + direction));
            System.out.printf(Locale.ROOT, "| %s | %,.0f | %,.0f | %.2f |%n", direction, stream, channel, stream / channel);
        }
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }

    /** One measurement: the measured side sends or receives for {@code seconds}; returns MB/s. */
    private static double run(String which, int chunk, double seconds) throws Exception {
        boolean send = which.endsWith("-send");
        try (ServerSocketChannel server = ServerSocketChannel.open()) {
            server.bind(new InetSocketAddress("127.0.0.1", 0));
            int port = ((InetSocketAddress) server.getLocalAddress()).getPort();
            // the fixed other end: a platform thread with a blocking channel
            Thread peer = Thread.ofPlatform().name("peer").start(() -> {
                try (SocketChannel other = server.accept()) {
                    ByteBuffer buffer = ByteBuffer.allocateDirect(1 << 18);
                    if (send) {
                        while (other.read(buffer.clear()) >= 0) {
                            // discard
                        }
                    } else {
                        while (true) {
                            other.write(buffer.clear());
                        }
                    }
                } catch (IOException e) {
                    // the measured side closed: done
                }
            });
            long bytes;
            long start;
            long[] elapsed = new long[1];
            if (which.startsWith("stream")) {
                long[] counted = new long[1];
                Trio.run(() -> {
                    try (SocketStream stream = Net.openTcpStream("127.0.0.1", port)) {
                        byte[] data = new byte[chunk];
                        long begin = System.nanoTime();
                        long end = begin + (long) (seconds * 1e9);
                        long n = 0;
                        while (System.nanoTime() < end) {
                            if (send) {
                                stream.sendAll(data);
                                n += chunk;
                            } else {
                                n += stream.receiveSome(chunk).length;
                            }
                        }
                        elapsed[0] = System.nanoTime() - begin;
                        counted[0] = n;
                    }
                });
                bytes = counted[0];
            } else {
                try (SocketChannel channel = SocketChannel.open(new InetSocketAddress("127.0.0.1", port))) {
                    channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
                    ByteBuffer buffer = ByteBuffer.allocate(chunk);
                    start = System.nanoTime();
                    long end = start + (long) (seconds * 1e9);
                    long n = 0;
                    while (System.nanoTime() < end) {
                        buffer.clear();
                        if (send) {
                            while (buffer.hasRemaining()) {
                                n += channel.write(buffer);
                            }
                        } else {
                            n += channel.read(buffer);
                        }
                    }
                    elapsed[0] = System.nanoTime() - start;
                    bytes = n;
                }
            }
            peer.join();
            return bytes / (elapsed[0] / 1e9) / 1e6;
        }
    }
}
