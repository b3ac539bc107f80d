package org.triojava.abc;

/**
 * Something that must be closed, and whose closing may take part in the run: a stream, a
 * listener (Trio's {@code trio.abc.AsyncResource}; {@code aclose()} is {@link #close()} here).
 *
 * <p>{@code close()} is graceful where the resource has something graceful to do (a TLS stream
 * sends close_notify), is a checkpoint, and is idempotent. It always closes, even when it is
 * cancelled or fails: cancellation only cuts the graceful part short. To close at once with no
 * graceful part, use {@link org.triojava.stream.AsyncResources#closeForcefully(AsyncResource)}.
 */
public interface AsyncResource extends AutoCloseable {
    /** Closes this resource (graceful, a checkpoint, idempotent; closed even if cancelled). */
    @Override
    void close();
}
