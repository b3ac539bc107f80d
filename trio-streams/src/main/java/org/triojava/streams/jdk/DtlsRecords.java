package org.triojava.streams.jdk;

/**
 * The few facts about DTLS 1.2 records (RFC 6347, section 4.1 and 4.2.2) that an endpoint needs
 * before any engine sees a packet: whether it is a ClientHello, where its cookie is, and
 * whether it carries handshake messages. Untrusted input: every read is bounds-checked, and
 * anything malformed is simply "not a ClientHello".
 */
final class DtlsRecords {
    /** Record header: type, version, epoch, sequence number, length. */
    static final int RECORD_HEADER = 13;
    /** Handshake header: type, length, message_seq, fragment_offset, fragment_length. */
    static final int HANDSHAKE_HEADER = 12;
    static final int CONTENT_HANDSHAKE = 22;
    static final int HANDSHAKE_CLIENT_HELLO = 1;
    static final int HANDSHAKE_SERVER_HELLO = 2;
    static final int HANDSHAKE_HELLO_VERIFY_REQUEST = 3;

    private DtlsRecords() {
    }

    /** Whether {@code packet} starts with a handshake record of epoch 0 holding (the start of) a ClientHello. */
    static boolean isClientHello(byte[] packet) {
        return packet.length >= RECORD_HEADER + HANDSHAKE_HEADER
                && (packet[0] & 0xff) == CONTENT_HANDSHAKE
                && (packet[1] & 0xff) == 0xfe // DTLS versions are 0xfeXX
                && packet[3] == 0 && packet[4] == 0 // epoch 0
                && (packet[RECORD_HEADER] & 0xff) == HANDSHAKE_CLIENT_HELLO
                && uint24(packet, RECORD_HEADER + 6) == 0; // the first fragment
    }

    /**
     * The length of the cookie in a ClientHello that {@link #isClientHello} accepted, or -1 when
     * the first fragment is too short to hold it.
     */
    static int clientHelloCookieLength(byte[] packet) {
        int at = RECORD_HEADER + HANDSHAKE_HEADER + 2 + 32; // client_version, random
        if (packet.length <= at) {
            return -1;
        }
        at += 1 + (packet[at] & 0xff); // session_id
        if (packet.length <= at) {
            return -1;
        }
        return packet[at] & 0xff;
    }

    /**
     * The initial ClientHello that {@code clientHello} (one with a cookie, in one unfragmented
     * record) answers: the same message without its cookie, as message 0 in record 0; or null if
     * the packet is not laid out that way. A fresh JDK engine is primed with it (it answers with
     * a HelloVerifyRequest, which is dropped) so that it then accepts the real one: the JDK's
     * cookie is a function of the context's secret and the hello's fields alone, so the fresh
     * engine's cookie is the one the client got, and the endpoint keeps no state between the two.
     */
    static byte[] withoutCookie(byte[] clientHello) {
        int cookieLength = clientHelloCookieLength(clientHello);
        int length = uint24(clientHello, RECORD_HEADER + 1);
        int recordLength = (clientHello[11] & 0xff) << 8 | clientHello[12] & 0xff;
        if (cookieLength <= 0 || uint24(clientHello, RECORD_HEADER + 9) != length
                || recordLength != HANDSHAKE_HEADER + length || clientHello.length != RECORD_HEADER + recordLength) {
            return null;
        }
        int at = RECORD_HEADER + HANDSHAKE_HEADER + 2 + 32;
        at += 1 + (clientHello[at] & 0xff); // the cookie's length byte
        if (clientHello.length < at + 1 + cookieLength) {
            return null;
        }
        byte[] initial = new byte[clientHello.length - cookieLength];
        System.arraycopy(clientHello, 0, initial, 0, at);
        initial[at] = 0;
        System.arraycopy(clientHello, at + 1 + cookieLength, initial, at + 1, clientHello.length - at - 1 - cookieLength);
        java.util.Arrays.fill(initial, 5, 11, (byte) 0); // record sequence number 0
        putUint16(initial, 11, recordLength - cookieLength);
        putUint24(initial, RECORD_HEADER + 1, length - cookieLength);
        putUint16(initial, RECORD_HEADER + 4, 0); // message_seq 0
        putUint24(initial, RECORD_HEADER + 9, length - cookieLength);
        return initial;
    }

    private static void putUint16(byte[] bytes, int at, int value) {
        bytes[at] = (byte) (value >> 8);
        bytes[at + 1] = (byte) value;
    }

    private static void putUint24(byte[] bytes, int at, int value) {
        bytes[at] = (byte) (value >> 16);
        bytes[at + 1] = (byte) (value >> 8);
        bytes[at + 2] = (byte) value;
    }

    /** The handshake type of the first message in {@code packet} if it is a handshake record of epoch 0, else -1. */
    static int firstHandshakeType(byte[] packet) {
        if (packet.length < RECORD_HEADER + HANDSHAKE_HEADER || (packet[0] & 0xff) != CONTENT_HANDSHAKE
                || packet[3] != 0 || packet[4] != 0) {
            return -1;
        }
        return packet[RECORD_HEADER] & 0xff;
    }

    /** Whether {@code packet} is a handshake record (any epoch): after the handshake, a sign the peer lost our last flight. */
    static boolean isHandshake(byte[] packet) {
        return packet.length >= RECORD_HEADER && (packet[0] & 0xff) == CONTENT_HANDSHAKE;
    }

    private static int uint24(byte[] bytes, int at) {
        return (bytes[at] & 0xff) << 16 | (bytes[at + 1] & 0xff) << 8 | bytes[at + 2] & 0xff;
    }
}
