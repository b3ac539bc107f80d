package org.triojava.stream;

import java.time.Duration;
import org.triojava.internal.Checks;

/**
 * Options of {@link Net#openTcpStream(String, int, TcpConnectOptions)} (the keyword arguments of
 * Trio's {@code open_tcp_stream}): the happy-eyeballs delay between connection attempts (RFC 8305;
 * default 250 ms) and an optional local address to bind before connecting. Immutable.
 *
 * @param happyEyeballsDelay how long an attempt runs before the next one starts alongside it
 * @param localAddress a numeric local IP address to connect from, or null for any
 */
public record TcpConnectOptions(Duration happyEyeballsDelay, String localAddress) {
    /** The default delay between attempts: 250 ms. */
    public static final Duration DEFAULT_HAPPY_EYEBALLS_DELAY = Duration.ofMillis(250);

    /** Checks the values. */
    public TcpConnectOptions {
        Checks.seconds(Checks.notNull(happyEyeballsDelay, "happyEyeballsDelay"), "happyEyeballsDelay");
        if (localAddress != null) {
            try {
                java.net.InetAddress.ofLiteral(localAddress); // a literal only: no lookup
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("localAddress must be a numeric IP address (Trio's local_address"
                        + " is never looked up), not \"" + localAddress + "\"", e);
            }
        }
    }

    /** The defaults: 250 ms between attempts, no local address. */
    public static TcpConnectOptions defaults() {
        return new TcpConnectOptions(DEFAULT_HAPPY_EYEBALLS_DELAY, null);
    }

    /** A copy with another delay between attempts (zero: all attempts start at once). */
    public TcpConnectOptions withHappyEyeballsDelay(Duration delay) {
        return new TcpConnectOptions(delay, localAddress);
    }

    /**
     * A copy with another delay between attempts, in seconds (zero: all attempts start at once;
     * +infinity: each attempt waits for the previous one to fail).
     *
     * @throws IllegalArgumentException if {@code seconds} is negative or NaN
     */
    public TcpConnectOptions withHappyEyeballsDelay(double seconds) {
        return new TcpConnectOptions(Checks.duration(seconds, "happyEyeballsDelay"), localAddress);
    }

    /** A copy that binds to {@code address} (a numeric IP address) before connecting. */
    public TcpConnectOptions withLocalAddress(String address) {
        return new TcpConnectOptions(happyEyeballsDelay, Checks.notNull(address, "address"));
    }
}
