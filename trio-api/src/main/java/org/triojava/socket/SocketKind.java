package org.triojava.socket;

/**
 * The type of a socket (Trio's {@code SOCK_STREAM} / {@code SOCK_DGRAM}, the {@code type}
 * argument of {@code trio.socket.socket}).
 */
public enum SocketKind {
    /** A connected byte stream: TCP, or a Unix-domain stream socket ({@code SOCK_STREAM}). */
    STREAM,
    /** Datagrams: UDP ({@code SOCK_DGRAM}). */
    DATAGRAM
}
