package org.triojava.streams.jdk;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.lang.System.Logger;
import java.time.Duration;
import java.util.List;
import org.triojava.Cancelled;
import org.triojava.Nursery;
import org.triojava.TaskStatus;
import org.triojava.Trio;
import org.triojava.abc.AsyncResource;
import org.triojava.abc.Listener;
import org.triojava.stream.AsyncResources;
import org.triojava.stream.StreamHandler;

/**
 * Trio's {@code serve_listeners} (rule HN3): an accept loop per listener in a nursery of its own,
 * each connection handled in its own task in the handler nursery and closed forcefully after.
 */
final class ServeListeners {
    /** Where accept errors that are retried get logged (Trio's logger {@code "trio.serve_listeners"}). */
    static final String LOGGER_NAME = "org.triojava.serveListeners";
    /** How long to wait before accepting again after running out of descriptors or memory. */
    static final Duration SLEEP_TIME = Duration.ofMillis(100);
    /** The logger of retried accept errors; a test may swap it to see what is logged. */
    static volatile Logger logger = System.getLogger(LOGGER_NAME);

    private ServeListeners() {
    }

    static <S extends AsyncResource, L extends Listener<? extends S>> void serve(StreamHandler<? super S> handler,
            List<L> listeners, Nursery handlerNursery, TaskStatus<? super List<L>> status) throws Exception {
        Throwable failure = null;
        try {
            Trio.openNursery(nursery -> {
                Nursery handlers = handlerNursery != null ? handlerNursery : nursery;
                for (L listener : listeners) {
                    nursery.startSoon("serveListeners: accept on " + listener,
                            () -> serveOne(listener, handlers, handler));
                }
                status.started(listeners);
            });
        } catch (Throwable t) {
            failure = t;
            throw t;
        } finally {
            // each accept loop closed its own listener; this covers any whose loop never started
            for (L listener : listeners) {
                closeQuietly(listener, failure);
            }
        }
        throw new IllegalStateException("serveListeners: every accept loop ended without an error");
    }

    private static <S extends AsyncResource> void serveOne(Listener<? extends S> listener, Nursery handlers,
            StreamHandler<? super S> handler) throws Exception {
        Throwable failure = null;
        try {
            while (true) {
                S stream;
                try {
                    stream = listener.accept();
                } catch (IOException e) {
                    if (!OsErrors.acceptCapacity(e)) {
                        throw e;
                    }
                    OsErrors capacity = OsErrors.find(e, OsErrors.ACCEPT_CAPACITY);
                    String what = capacity != null ? capacity + " (" + capacity.text() + ")"
                            : "out of file descriptors or memory (" + e.getMessage() + ")";
                    logger.log(Level.ERROR, "accept returned " + what + "; retrying in "
                            + SLEEP_TIME.toMillis() / 1000.0 + " seconds", e);
                    Trio.sleep(SLEEP_TIME);
                    continue;
                }
                try {
                    handlers.startSoon("serveListeners: handler", () -> runHandler(stream, handler));
                } catch (RuntimeException | Error e) {
                    AsyncResources.closeForcefully(stream);
                    throw e;
                }
            }
        } catch (Throwable t) {
            failure = t;
            throw t;
        } finally {
            closeQuietly(listener, failure);
        }
    }

    private static <S extends AsyncResource> void runHandler(S stream, StreamHandler<? super S> handler)
            throws Exception {
        try {
            handler.handle(stream);
        } finally {
            AsyncResources.closeForcefully(stream);
        }
    }

    /**
     * Closes {@code listener} (graceful, as Trio's {@code async with listener}); an error from the
     * close is added to {@code failure} if there is one (a repeat of the same cancellation is
     * dropped), else thrown.
     */
    private static void closeQuietly(AsyncResource listener, Throwable failure) {
        try {
            listener.close();
        } catch (Cancelled c) {
            if (failure == null) {
                throw c;
            }
        } catch (RuntimeException | Error e) {
            if (failure == null) {
                throw e;
            }
            if (failure != e) {
                failure.addSuppressed(e);
            }
        }
    }
}
