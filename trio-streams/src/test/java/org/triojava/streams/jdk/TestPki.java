package org.triojava.streams.jdk;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A throwaway public key infrastructure made in the test itself: an ECDSA P-256 CA and a server
 * certificate it signs, encoded by a small DER writer and parsed back by the JDK's
 * {@link CertificateFactory}. No files, no network, no keytool child process (milliseconds).
 */
final class TestPki {
    static final String HOST = "trio-test-1.example.org";
    private static final char[] PASSWORD = "changeit".toCharArray();
    private static TestPki shared;

    final KeyPair caKeys;
    final X509Certificate ca;
    final KeyPair serverKeys;
    final X509Certificate server;

    private TestPki(String caName, List<String> dnsNames, List<String> ipAddresses) throws Exception {
        caKeys = newKeys();
        ca = sign(caName, caName, caKeys.getPublic().getEncoded(), caKeys.getPrivate(), true, List.of(), List.of());
        serverKeys = newKeys();
        server = sign(caName, dnsNames.get(0), serverKeys.getPublic().getEncoded(), caKeys.getPrivate(), false,
                dnsNames, ipAddresses);
    }

    /** The PKI most tests share: a CA and a server certificate for {@link #HOST} and 127.0.0.1. */
    static synchronized TestPki shared() throws Exception {
        if (shared == null) {
            shared = create("Trio test CA");
        }
        return shared;
    }

    /** A fresh, unrelated PKI (for "untrusted CA" tests). */
    static TestPki create(String caName) throws Exception {
        return new TestPki(caName, List.of(HOST), List.of("127.0.0.1"));
    }

    /** A server context presenting the server certificate (and its CA), any protocol the JDK enables. */
    SSLContext serverContext() throws Exception {
        return serverContext("TLS");
    }

    /** A server context of {@code protocol} ("DTLS" for a DtlsEndpoint) presenting the server certificate. */
    SSLContext serverContext(String protocol) throws Exception {
        SSLContext context = SSLContext.getInstance(protocol);
        context.init(keyManagers(), null, null);
        return context;
    }

    /**
     * A context with both the certificate (as its own, for a client: its extended key usage also
     * allows client authentication) and trust in this CA (to check the other side's): for mutual TLS.
     */
    SSLContext mutualContext() throws Exception {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keyManagers(), trustManagers(), null);
        return context;
    }

    /** Writes the server's chain, its private key (PKCS#8) and the CA certificate as PEM files into {@code dir}. */
    void writePem(java.nio.file.Path dir) throws Exception {
        java.nio.file.Files.writeString(dir.resolve("server.pem"),
                pem("CERTIFICATE", server.getEncoded()) + pem("CERTIFICATE", ca.getEncoded()));
        java.nio.file.Files.writeString(dir.resolve("key.pem"), pem("PRIVATE KEY", serverKeys.getPrivate().getEncoded()));
        java.nio.file.Files.writeString(dir.resolve("ca.pem"), pem("CERTIFICATE", ca.getEncoded()));
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + java.util.Base64.getMimeEncoder(64, "\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                        .encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    private javax.net.ssl.KeyManager[] keyManagers() throws Exception {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        keys.setKeyEntry("server", serverKeys.getPrivate(), PASSWORD, new Certificate[] {server, ca});
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, PASSWORD);
        return kmf.getKeyManagers();
    }

    private javax.net.ssl.TrustManager[] trustManagers() throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("ca", ca);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        return tmf.getTrustManagers();
    }

    /** A client context trusting only this CA. */
    SSLContext clientContext() throws Exception {
        return clientContext("TLS");
    }

    /** A client context trusting only this CA, of {@code protocol} ("TLSv1.2" offers at most TLS 1.2). */
    SSLContext clientContext(String protocol) throws Exception {
        SSLContext context = SSLContext.getInstance(protocol);
        context.init(null, trustManagers(), null);
        return context;
    }

    // ---- a tiny X.509 v3 writer ----

    private static KeyPair newKeys() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    private static X509Certificate sign(String issuer, String subject, byte[] subjectPublicKeyInfo, PrivateKey signer,
            boolean isCa, List<String> dnsNames, List<String> ipAddresses) throws Exception {
        byte[] ecdsaWithSha256 = seq(oid(1, 2, 840, 10045, 4, 3, 2));
        ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
        byte[] validity = seq(utcTime(now.minusDays(1)), utcTime(now.plusDays(30)));
        ByteArrayOutputStream extensions = new ByteArrayOutputStream();
        extensions.write(extension(oid(2, 5, 29, 19), true, isCa ? seq(bool(true)) : seq()));
        // keyUsage: keyCertSign+cRLSign for the CA, digitalSignature for the server
        extensions.write(extension(oid(2, 5, 29, 15), true,
                isCa ? tlv(0x03, new byte[] {1, 0x06}) : tlv(0x03, new byte[] {7, (byte) 0x80})));
        if (!isCa) {
            extensions.write(extension(oid(2, 5, 29, 37), false,
                    seq(oid(1, 3, 6, 1, 5, 5, 7, 3, 1), oid(1, 3, 6, 1, 5, 5, 7, 3, 2))));
            ByteArrayOutputStream names = new ByteArrayOutputStream();
            for (String dns : dnsNames) {
                names.write(tlv(0x82, dns.getBytes(StandardCharsets.US_ASCII)));
            }
            for (String ip : ipAddresses) {
                names.write(tlv(0x87, InetAddress.getByName(ip).getAddress()));
            }
            extensions.write(extension(oid(2, 5, 29, 17), false, tlv(0x30, names.toByteArray())));
        }
        byte[] serial = new BigInteger(64, new SecureRandom()).add(BigInteger.ONE).toByteArray();
        byte[] tbs = seq(
                tlv(0xA0, tlv(0x02, new byte[] {2})),
                tlv(0x02, serial),
                ecdsaWithSha256,
                name(issuer),
                validity,
                name(subject),
                subjectPublicKeyInfo,
                tlv(0xA3, tlv(0x30, extensions.toByteArray())));
        Signature signature = Signature.getInstance("SHA256withECDSA");
        signature.initSign(signer);
        signature.update(tbs);
        byte[] signatureBits = prepend((byte) 0, signature.sign());
        byte[] der = seq(tbs, ecdsaWithSha256, tlv(0x03, signatureBits));
        return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(der));
    }

    private static byte[] name(String commonName) {
        return seq(tlv(0x31, seq(oid(2, 5, 4, 3), tlv(0x0C, commonName.getBytes(StandardCharsets.UTF_8)))));
    }

    private static byte[] extension(byte[] oid, boolean critical, byte[] value) {
        return critical ? seq(oid, bool(true), tlv(0x04, value)) : seq(oid, tlv(0x04, value));
    }

    private static byte[] utcTime(ZonedDateTime time) {
        return tlv(0x17, time.format(DateTimeFormatter.ofPattern("yyMMddHHmmss'Z'")).getBytes(StandardCharsets.US_ASCII));
    }

    private static byte[] bool(boolean value) {
        return tlv(0x01, new byte[] {(byte) (value ? 0xFF : 0)});
    }

    private static byte[] oid(int... arcs) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(arcs[0] * 40 + arcs[1]);
        for (int i = 2; i < arcs.length; i++) {
            int arc = arcs[i];
            int shift = 28;
            while (shift > 0 && (arc >>> shift) == 0) {
                shift -= 7;
            }
            for (; shift > 0; shift -= 7) {
                out.write(0x80 | ((arc >>> shift) & 0x7F));
            }
            out.write(arc & 0x7F);
        }
        return tlv(0x06, out.toByteArray());
    }

    private static byte[] seq(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return tlv(0x30, out.toByteArray());
    }

    private static byte[] tlv(int tag, byte[] value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(tag);
        int length = value.length;
        if (length < 0x80) {
            out.write(length);
        } else if (length < 0x100) {
            out.write(0x81);
            out.write(length);
        } else if (length < 0x10000) {
            out.write(0x82);
            out.write(length >> 8);
            out.write(length);
        } else {
            out.write(0x83);
            out.write(length >> 16);
            out.write(length >> 8);
            out.write(length);
        }
        out.writeBytes(value);
        return out.toByteArray();
    }

    private static byte[] prepend(byte first, byte[] rest) {
        byte[] out = new byte[rest.length + 1];
        out[0] = first;
        System.arraycopy(rest, 0, out, 1, rest.length);
        return out;
    }
}
