package org.triojava.socket.nio;

import java.io.IOException;
import java.net.BindException;
import java.net.ConnectException;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.PortUnreachableException;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.AlreadyBoundException;
import java.nio.channels.AlreadyConnectedException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ConnectionPendingException;
import java.nio.channels.NotYetBoundException;
import java.nio.channels.NotYetConnectedException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.channels.UnsupportedAddressTypeException;
import org.triojava.ClosedResourceError;

/** Turns NIO's exceptions into the ones the socket API documents, with the address and operation named. */
final class Errors {
    private Errors() {
    }

    /** An address as people write it: {@code 127.0.0.1:80}, {@code [::1]:80}, or a Unix path. */
    static String describe(SocketAddress address) {
        if (address instanceof InetSocketAddress inet) {
            String host = inet.isUnresolved() ? inet.getHostString() : inet.getAddress().getHostAddress();
            if (!inet.isUnresolved() && inet.getAddress() instanceof Inet6Address) {
                host = "[" + host + "]";
            }
            return host + ":" + inet.getPort();
        }
        if (address instanceof UnixDomainSocketAddress unix) {
            String path = unix.getPath().toString();
            return path.isEmpty() ? "(unnamed Unix-domain socket)" : "'" + path + "'";
        }
        return String.valueOf(address);
    }

    /**
     * {@code e} with {@code context} (what was done, to which address) in front of its message,
     * keeping its kind of {@link SocketException} where it has one of the usual kinds.
     */
    static IOException withContext(IOException e, String context) {
        String message = context + ": " + (e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName());
        IOException wrapped;
        if (e instanceof BindException) {
            wrapped = new BindException(message);
        } else if (e instanceof ConnectException) {
            wrapped = new ConnectException(message);
        } else if (e instanceof NoRouteToHostException) {
            wrapped = new NoRouteToHostException(message);
        } else if (e instanceof PortUnreachableException) {
            wrapped = new PortUnreachableException(message);
        } else if (e instanceof SocketException) {
            wrapped = new SocketException(message);
        } else {
            wrapped = new IOException(message);
        }
        wrapped.initCause(e);
        return wrapped;
    }

    /**
     * The exception to throw for a failure of {@code operation}: closed channels become
     * {@link ClosedResourceError}, NIO's state exceptions get a message that says what is wrong,
     * other {@link IOException}s get {@code context}; everything else passes unchanged.
     */
    static Throwable translate(Throwable e, String operation, String context) {
        if (e instanceof ClosedChannelException) {
            return new ClosedResourceError(operation + ": the socket is closed", e);
        }
        if (e instanceof IOException io) {
            return context == null ? io : withContext(io, context);
        }
        if (e instanceof NotYetConnectedException) {
            return state(operation + ": the socket is not connected", e);
        }
        if (e instanceof AlreadyConnectedException) {
            return state(operation + ": the socket is already connected", e);
        }
        if (e instanceof ConnectionPendingException) {
            return state(operation + ": a connection attempt is already in progress", e);
        }
        if (e instanceof AlreadyBoundException) {
            return state(operation + ": the socket is already bound", e);
        }
        if (e instanceof NotYetBoundException) {
            return state(operation + ": the socket is not bound", e);
        }
        if (e instanceof UnresolvedAddressException) {
            return argument(operation + ": the address is unresolved", e);
        }
        if (e instanceof UnsupportedAddressTypeException) {
            return argument(operation + ": this socket cannot use addresses of that type", e);
        }
        return e;
    }

    private static IllegalStateException state(String message, Throwable cause) {
        return new IllegalStateException(message, cause);
    }

    private static IllegalArgumentException argument(String message, Throwable cause) {
        return new IllegalArgumentException(message, cause);
    }

    /** Throws {@code t} as it is, checked or not. */
    @SuppressWarnings("unchecked")
    static <E extends Throwable> E sneaky(Throwable t) throws E {
        throw (E) t;
    }
}
