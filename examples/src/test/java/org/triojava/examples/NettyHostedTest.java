package org.triojava.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.triojava.lowlevel.Outcome;

/** The Netty example of docs/GUEST.md: a Trio client hosted by the Netty event loop of the echo server it talks to. */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class NettyHostedTest {
    @Test
    void aTrioRunHostedByANettyEventLoopTalksToANettyServerOnTheSameLoop() throws Exception {
        EventLoopGroup group = new NioEventLoopGroup(1);
        try {
            NettyHosted.Echo echo = new NettyHosted.Echo();
            Channel server = NettyHosted.startEchoServer(group, echo);
            int port = ((InetSocketAddress) server.localAddress()).getPort();
            EventLoop loop = group.next();
            CompletableFuture<Outcome> done = new CompletableFuture<>();
            CompletableFuture<String> loopThread = new CompletableFuture<>();
            loop.execute(() -> {
                loopThread.complete(Thread.currentThread().getName());
                NettyHosted.startClient(loop, port, 50, done::complete);
            });
            @SuppressWarnings("unchecked")
            List<String> carriers = (List<String>) done.get().unwrap();
            assertEquals(50, carriers.size());
            CompletableFuture<List<String>> handlerThreads = new CompletableFuture<>();
            loop.execute(() -> handlerThreads.complete(List.copyOf(echo.threads)));
            assertTrue(handlerThreads.get().stream().allMatch(loopThread.get()::equals), handlerThreads.get()::toString);
            if ("confined".equals(System.getProperty("org.triojava.scheduling"))) {
                assertEquals(List.of(loopThread.get()), carriers.stream().distinct().toList());
            }
            server.close().sync();
        } finally {
            group.shutdownGracefully().sync();
        }
    }
}
