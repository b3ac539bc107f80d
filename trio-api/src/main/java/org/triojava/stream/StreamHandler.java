package org.triojava.stream;


/**
 * What a server does with each accepted connection ({@code handler} of Trio's
 * {@code serve_listeners} / {@code serve_tcp}). The server closes the stream (forcefully) after
 * the handler returns or throws.
 *
 * @param <S> the type of the accepted connections
 */
@FunctionalInterface
public interface StreamHandler<S> {
    /** Handles one connection. */
    void handle(S stream) throws Exception;
}
