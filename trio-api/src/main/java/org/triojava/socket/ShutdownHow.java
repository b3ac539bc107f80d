package org.triojava.socket;

/**
 * Which direction {@link TrioSocket#shutdown(ShutdownHow)} closes (Trio's {@code SHUT_RD},
 * {@code SHUT_WR}, {@code SHUT_RDWR}).
 */
public enum ShutdownHow {
    /** No more receiving ({@code SHUT_RD}): later receives report end of stream. */
    READ,
    /** No more sending ({@code SHUT_WR}): the peer sees end of stream (a TCP FIN). */
    WRITE,
    /** Both directions ({@code SHUT_RDWR}). */
    BOTH
}
