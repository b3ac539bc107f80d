package org.triojava.stream;

import org.triojava.Nursery;
import org.triojava.TaskStatus;

/**
 * Options of {@link Net#serveTcp(StreamHandler, int, ServeOptions, TaskStatus)} and friends (the
 * keyword arguments of Trio's {@code serve_tcp} / {@code serve_listeners}). Immutable.
 *
 * @param host the host to listen on, or null for every interface
 * @param backlog the listen backlog, or 0 for the default (Trio's {@code None}: 65535, the OS caps it)
 * @param handlerNursery the nursery the connection handlers run in, or null for the server's own
 */
public record ServeOptions(String host, int backlog, Nursery handlerNursery) {
    /** Checks the values. */
    public ServeOptions {
        if (backlog < 0) {
            throw new IllegalArgumentException("backlog must be >= 0 (0 = default), not " + backlog);
        }
    }

    /** All interfaces, default backlog, handlers in the server's own nursery. */
    public static ServeOptions defaults() {
        return new ServeOptions(null, 0, null);
    }

    /** A copy listening on {@code host} only. */
    public ServeOptions withHost(String host) {
        return new ServeOptions(host, backlog, handlerNursery);
    }

    /** A copy with another listen backlog. */
    public ServeOptions withBacklog(int backlog) {
        return new ServeOptions(host, backlog, handlerNursery);
    }

    /** A copy whose handlers run in {@code nursery}. */
    public ServeOptions withHandlerNursery(Nursery nursery) {
        return new ServeOptions(host, backlog, nursery);
    }
}
