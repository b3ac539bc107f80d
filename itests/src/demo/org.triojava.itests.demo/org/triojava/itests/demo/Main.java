package org.triojava.itests.demo;

import java.lang.reflect.InaccessibleObjectException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.triojava.Trio;
import org.triojava.lowlevel.Lowlevel;
import org.triojava.process.CompletedProcess;
import org.triojava.process.ProcessOptions;
import org.triojava.process.Processes;
import org.triojava.signals.SignalReceiver;
import org.triojava.signals.Signals;
import org.triojava.socket.SocketPair;
import org.triojava.socket.Sockets;
import org.triojava.spi.Kernel;
import org.triojava.stream.Net;
import org.triojava.stream.SocketListener;
import org.triojava.stream.SocketStream;

/**
 * Runs a small Trio program and reports, one "key: value" line each, which module ran it,
 * whether a signal receiver can be opened (the optional signal backend), whether a child process
 * runs (the optional subprocess backend), and whether reflection
 * can reach into the backend; then sends a message over a socket pair if the socket backend is
 * there, and echoes one through a TCP listener and stream of the stream layer (trio-streams) if
 * that is there too. Used by ModulePathIT on the module path and on the class path.
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) throws Exception {
        List<String> log = new ArrayList<>();
        Class<?> kernel = Trio.run(() -> {
            Trio.openNursery(nursery -> {
                nursery.startSoon(() -> {
                    Trio.sleep(0.01);
                    log.add("sleeper");
                });
                nursery.startSoon(() -> {
                    Trio.checkpoint();
                    log.add("checkpointer");
                });
            });
            return Kernel.current().getClass();
        });
        System.out.println("tasks: " + String.join(",", log));
        System.out.println("scheduling: " + Trio.run(Lowlevel::currentSchedulingMode));
        Module runtime = kernel.getModule();
        System.out.println("runtime-module: " + (runtime.isNamed() ? runtime.getName() : "unnamed"));
        System.out.println("runtime-class: " + kernel.getName());
        System.out.println("demo-module: " + (Main.class.getModule().isNamed() ? Main.class.getModule().getName()
                : "unnamed"));
        System.out.println("boot-layer-has-core: " + ModuleLayer.boot().findModule("org.triojava.core").isPresent());

        String signals;
        try {
            signals = Trio.run(() -> {
                SignalReceiver receiver = Signals.openSignalReceiver("WINCH");
                receiver.close();
                return "receiver opened";
            });
        } catch (IllegalStateException e) {
            signals = "IllegalStateException: " + e.getMessage();
        }
        System.out.println("signals: " + signals);
        System.out.println("boot-layer-has-signals: "
                + ModuleLayer.boot().findModule("org.triojava.signals").isPresent());

        String process;
        try {
            process = Trio.run(() -> {
                CompletedProcess done = Processes.run(List.of("echo", "child"),
                        ProcessOptions.defaults().withCaptureStdout(true));
                return new String(done.stdout()).strip() + " exited " + done.returnCode();
            });
        } catch (IllegalStateException e) {
            process = e.getMessage().contains("org.triojava:trio-process")
                    ? "missing, the error names org.triojava:trio-process" : "failed: " + e;
        }
        System.out.println("process: " + process);

        Class<?> provider = Class.forName("org.triojava.core.CoreRuntimeProvider");
        try {
            provider.getConstructor().newInstance();
            System.out.println("reflective-new: allowed");
        } catch (IllegalAccessException e) {
            System.out.println("reflective-new: IllegalAccessException: " + e.getMessage());
        }
        try {
            provider.getDeclaredConstructor().setAccessible(true);
            System.out.println("set-accessible: allowed");
        } catch (InaccessibleObjectException e) {
            System.out.println("set-accessible: InaccessibleObjectException: " + e.getMessage());
        }

        String socket;
        try {
            socket = Trio.run(() -> {
                try (SocketPair pair = Sockets.socketpair()) {
                    pair.a().sendall("ping".getBytes());
                    String got = new String(pair.b().recv(4));
                    Module backend = pair.a().getClass().getModule();
                    return got + " via " + (backend.isNamed() ? backend.getName() : "unnamed");
                }
            });
        } catch (IllegalStateException e) {
            socket = e.getMessage().contains("org.triojava:trio-socket") ? "missing, the error names org.triojava:trio-socket"
                    : "failed: " + e;
        }
        System.out.println("socket: " + socket);

        String streams;
        try {
            streams = Trio.run(() -> {
                try (SocketListener listener = Net.openTcpListeners(0, "127.0.0.1").get(0)) {
                    int port = ((InetSocketAddress) listener.socket().getsockname()).getPort();
                    StringBuilder got = new StringBuilder();
                    Trio.openNursery(nursery -> {
                        nursery.startSoon(() -> {
                            try (SocketStream server = listener.accept()) {
                                for (byte[] chunk : server) {
                                    server.sendAll(chunk);
                                }
                            }
                        });
                        try (SocketStream client = Net.openTcpStream("127.0.0.1", port)) {
                            client.sendAll("echo".getBytes());
                            client.sendEof();
                            for (byte[] chunk : client) {
                                got.append(new String(chunk));
                            }
                        }
                    });
                    Module backend = listener.getClass().getModule();
                    return got + " via " + (backend.isNamed() ? backend.getName() : "unnamed");
                }
            });
        } catch (IllegalStateException e) {
            streams = e.getMessage().contains("org.triojava:trio-streams")
                    ? "missing, the error names org.triojava:trio-streams" : "failed: " + e;
        }
        System.out.println("streams: " + streams);
    }
}
