package org.triojava.internal;

import java.net.UnknownHostException;
import java.text.Normalizer;
import java.util.Locale;

/**
 * Host names to ASCII for the resolver, as Trio does with the {@code idna} package (IDNA 2008
 * with UTS #46 mapping, non-transitional): ASCII names pass unchanged; otherwise each label is
 * mapped (compatibility normalization, lower case) and, if still not ASCII, Punycode-encoded
 * with the {@code xn--} prefix (RFC 3492). Unlike {@link java.net.IDN} (IDNA 2003), deviation
 * characters such as {@code ß} are kept, so {@code faß.de} becomes {@code xn--fa-hia.de}, not
 * {@code fass.de}. This is the mapping part of UTS #46 only: it does not reject every label
 * IDNA 2008 disallows.
 */
public final class Idna {
    private static final int BASE = 36;
    private static final int TMIN = 1;
    private static final int TMAX = 26;
    private static final int SKEW = 38;
    private static final int DAMP = 700;
    private static final int INITIAL_BIAS = 72;
    private static final int INITIAL_N = 128;

    private Idna() {
    }

    /**
     * The ASCII form of {@code host}.
     *
     * @throws UnknownHostException if a label is empty in the middle of the name or too long
     *     once encoded (more than 63 characters)
     */
    public static String toAscii(String host) throws UnknownHostException {
        if (isAscii(host)) {
            return host;
        }
        String mapped = Normalizer.normalize(host, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT)
                .replace('\u3002', '.').replace('\uff61', '.');
        mapped = Normalizer.normalize(mapped, Normalizer.Form.NFC);
        String[] labels = mapped.split("\\.", -1);
        StringBuilder out = new StringBuilder(mapped.length() + 8);
        for (int i = 0; i < labels.length; i++) {
            String label = labels[i];
            if (label.isEmpty() && i != labels.length - 1) {
                throw new UnknownHostException(host + ": not a valid host name (empty label)");
            }
            String encoded = isAscii(label) ? label : "xn--" + punycode(label);
            if (encoded.length() > 63) {
                throw new UnknownHostException(host + ": not a valid host name (label '" + label
                        + "' is longer than 63 characters once encoded)");
            }
            if (i > 0) {
                out.append('.');
            }
            out.append(encoded);
        }
        return out.toString();
    }

    private static boolean isAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }

    /** RFC 3492 encoding of one label (without the prefix). */
    static String punycode(String label) throws UnknownHostException {
        int[] input = label.codePoints().toArray();
        StringBuilder out = new StringBuilder();
        for (int c : input) {
            if (c < 0x80) {
                out.append((char) c);
            }
        }
        int basic = out.length();
        int handled = basic;
        if (basic > 0) {
            out.append('-');
        }
        int n = INITIAL_N;
        long delta = 0;
        int bias = INITIAL_BIAS;
        while (handled < input.length) {
            int next = Integer.MAX_VALUE;
            for (int c : input) {
                if (c >= n && c < next) {
                    next = c;
                }
            }
            delta += (long) (next - n) * (handled + 1);
            n = next;
            for (int c : input) {
                if (c < n) {
                    delta++;
                }
                if (c == n) {
                    long q = delta;
                    for (int k = BASE; ; k += BASE) {
                        int t = k <= bias ? TMIN : Math.min(TMAX, k - bias);
                        if (q < t) {
                            break;
                        }
                        out.append(digit((int) (t + (q - t) % (BASE - t))));
                        q = (q - t) / (BASE - t);
                    }
                    out.append(digit((int) q));
                    bias = adapt(delta, handled + 1, handled == basic);
                    delta = 0;
                    handled++;
                }
            }
            if (delta > Integer.MAX_VALUE) {
                throw new UnknownHostException(label + ": not a valid host name (too long to encode)");
            }
            delta++;
            n++;
        }
        return out.toString();
    }

    private static int adapt(long delta, int points, boolean first) {
        delta = first ? delta / DAMP : delta / 2;
        delta += delta / points;
        int k = 0;
        while (delta > ((BASE - TMIN) * TMAX) / 2) {
            delta /= BASE - TMIN;
            k += BASE;
        }
        return (int) (k + (BASE - TMIN + 1) * delta / (delta + SKEW));
    }

    private static char digit(int d) {
        return (char) (d < 26 ? 'a' + d : '0' + d - 26);
    }
}
