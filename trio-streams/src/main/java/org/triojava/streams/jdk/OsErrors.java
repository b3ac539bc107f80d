package org.triojava.streams.jdk;

import java.util.Set;

/**
 * The few errno values the stream layer must tell apart. Java reports OS errors as
 * {@link java.io.IOException}s whose message is the OS's text for the errno ({@code strerror}),
 * possibly after some context; this matches those texts along the cause chain.
 */
enum OsErrors {
    // resource exhaustion in accept: serveListeners logs and retries (Trio's ACCEPT_CAPACITY_ERRNOS)
    ENFILE("Too many open files in system"),
    EMFILE("Too many open files"),
    ENOMEM("Cannot allocate memory"),
    ENOBUFS("No buffer space available"),
    // transient accept errors that SocketListener skips (Trio's _ignorable_accept_errno_names)
    EPERM("Operation not permitted"),
    ECONNABORTED("Software caused connection abort"),
    EPROTO("Protocol error"),
    ENETDOWN("Network is down"),
    ENOPROTOOPT("Protocol not available"),
    EHOSTDOWN("Host is down"),
    ENONET("Machine is not on the network"),
    EHOSTUNREACH("No route to host"),
    EOPNOTSUPP("Operation not supported"),
    ENETUNREACH("Network is unreachable"),
    ENOSR("Out of streams resources"),
    ESOCKTNOSUPPORT("Socket type not supported"),
    EPROTONOSUPPORT("Protocol not supported"),
    ETIMEDOUT("Connection timed out"),
    ECONNRESET("Connection reset"),
    // socket creation for a family the OS lacks: openTcpListeners skips it
    EAFNOSUPPORT("Address family not supported");

    /** Errors after which {@code accept} is simply tried again (rule ST9). */
    static final Set<OsErrors> TRANSIENT_ACCEPT = Set.of(EPERM, ECONNABORTED, EPROTO, ENETDOWN, ENOPROTOOPT,
            EHOSTDOWN, ENONET, EHOSTUNREACH, EOPNOTSUPP, ENETUNREACH, ENOSR, ESOCKTNOSUPPORT, EPROTONOSUPPORT,
            ETIMEDOUT, ECONNRESET);

    /** Errors of {@code accept} that mean "out of descriptors or memory": wait and retry (rule HN3). */
    static final Set<OsErrors> ACCEPT_CAPACITY = Set.of(EMFILE, ENFILE, ENOMEM, ENOBUFS);

    private final String text;

    OsErrors(String text) {
        this.text = text;
    }

    /** The OS's description of this error. */
    String text() {
        return text;
    }

    /**
     * Whether a failed {@code accept} ran out of descriptors or memory (rule HN3). The OS's text is
     * in the language of the process's locale, so the English texts above are not enough: when
     * none matches, a descriptor opened right now tells (it fails the same way while the table is
     * full, whatever the message says).
     */
    static boolean acceptCapacity(Throwable error) {
        return find(error, ACCEPT_CAPACITY) != null || !descriptorAvailable.getAsBoolean();
    }

    /** Whether a new file descriptor can be opened now; replaceable by tests. */
    static java.util.function.BooleanSupplier descriptorAvailable = () -> {
        try (java.nio.channels.DatagramChannel probe = java.nio.channels.DatagramChannel.open()) {
            return probe.isOpen();
        } catch (java.io.IOException | RuntimeException e) {
            return false;
        }
    };

    /** The first of {@code candidates} whose text occurs in a message along {@code error}'s cause chain, or null. */
    static OsErrors find(Throwable error, Set<OsErrors> candidates) {
        int depth = 0;
        for (Throwable t = error; t != null && depth < 16; t = t.getCause(), depth++) {
            String message = t.getMessage();
            if (message == null) {
                continue;
            }
            // ENFILE's text contains EMFILE's: test in declaration order, longest first
            for (OsErrors candidate : values()) {
                if (candidates.contains(candidate) && message.contains(candidate.text)) {
                    return candidate;
                }
            }
        }
        return null;
    }
}
