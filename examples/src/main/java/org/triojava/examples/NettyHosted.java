package org.triojava.examples;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.triojava.lowlevel.GuestOptions;
import org.triojava.lowlevel.GuestRun;
import org.triojava.lowlevel.Lowlevel;
import org.triojava.lowlevel.Outcome;
import org.triojava.stream.Net;
import org.triojava.stream.SocketStream;

/**
 * A Netty event loop hosting a Trio run (guest mode): a Netty echo server and a Trio client share
 * one event-loop thread. Every step of the Trio run is a task of the Netty loop, so Trio code and
 * Netty handlers never run at the same time and may share state without locks; in confined
 * scheduling the Trio tasks even run on the Netty loop's thread. See {@code docs/GUEST.md}.
 *
 * <p>Run it from the repository root with
 * {@code ./mvnw -q -Pdemo -pl examples -am verify -Ddemo.mainClass=org.triojava.examples.NettyHosted}.
 */
public final class NettyHosted {
    private NettyHosted() {
    }

    /** Echoes every message back, and notes the thread it runs on. */
    @ChannelHandler.Sharable
    static final class Echo extends ChannelInboundHandlerAdapter {
        final List<String> threads = new ArrayList<>(); // touched on the event loop only

        @Override
        public void channelRead(ChannelHandlerContext context, Object message) {
            threads.add(Thread.currentThread().getName());
            context.writeAndFlush(message);
        }
    }

    /** Starts a Netty echo server on {@code group} (127.0.0.1, a free port). */
    static Channel startEchoServer(EventLoopGroup group, Echo echo) throws InterruptedException {
        return new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new io.netty.channel.ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        channel.pipeline().addLast(echo);
                    }
                })
                .bind("127.0.0.1", 0).sync().channel();
    }

    /**
     * Starts a Trio run hosted by {@code loop}: it connects to {@code port}, sends {@code count}
     * numbered messages one at a time, waits for each echo, and returns the carriers its task ran on
     * (names of the threads, as the task's virtual thread reports them).
     */
    static GuestRun startClient(EventLoop loop, int port, int count, Consumer<Outcome> done) {
        return Lowlevel.startGuestRun(() -> {
            List<String> carriers = new ArrayList<>();
            try (SocketStream stream = Net.openTcpStream("127.0.0.1", port)) {
                for (int i = 0; i < count; i++) {
                    byte[] message = ("message " + i + "\n").getBytes(StandardCharsets.UTF_8);
                    stream.sendAll(message);
                    int received = 0;
                    while (received < message.length) {
                        byte[] chunk = stream.receiveSome();
                        if (chunk.length == 0) {
                            throw new java.io.EOFException("the echo server closed the connection");
                        }
                        received += chunk.length;
                    }
                    String self = Thread.currentThread().toString();
                    carriers.add(self.substring(self.lastIndexOf('@') + 1));
                }
            }
            return carriers;
        }, GuestOptions.of(loop, done));
    }

    public static void main(String[] args) throws Exception {
        EventLoopGroup group = new NioEventLoopGroup(1);
        try {
            Echo echo = new Echo();
            Channel server = startEchoServer(group, echo);
            int port = ((InetSocketAddress) server.localAddress()).getPort();
            CompletableFuture<Outcome> done = new CompletableFuture<>();
            EventLoop loop = group.next();
            long start = System.nanoTime();
            loop.execute(() -> startClient(loop, port, 1000, done::complete));
            @SuppressWarnings("unchecked")
            List<String> carriers = (List<String>) done.get().unwrap();
            System.out.printf("1000 echoes through a Netty server, from a Trio client hosted by the same Netty"
                    + " event loop, in %.0f ms%n", (System.nanoTime() - start) / 1e6);
            System.out.println("Netty's handler ran on: " + echo.threads.stream().distinct().toList());
            System.out.println("the Trio task ran on:   " + carriers.stream().distinct().toList()
                    + " (the event loop's own thread when scheduling is confined)");
            server.close().sync();
        } finally {
            group.shutdownGracefully().sync();
        }
    }
}
