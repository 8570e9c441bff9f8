package io.tunstack.stack.wire;

/**
 * IPv6 addresses as two {@code long}s, the upper and the lower 64 bits in network order (the address
 * {@code fd00:172:21:22::23} is {@code high = 0xfd00_0172_0021_0022L}, {@code low = 0x23L}), so that views and
 * tables handle them without allocating: text in the RFC 5952 canonical form.
 */
public final class Ipv6Address {

    /** An address has eight 16-bit groups (RFC 4291 section 2.2). */
    private static final int GROUPS = 8;
    /** The upper 32 bits of the low half of an IPv4-mapped address {@code ::ffff:a.b.c.d} (RFC 4291 2.5.5.2). */
    private static final long IPV4_MAPPED_MARKER = 0xFFFFL;

    private Ipv6Address() {
    }

    /**
     * The RFC 5952 canonical text: lower-case hexadecimal without leading zeros (4.1, 4.3); the longest run of two or
     * more zero groups, the first on a tie, shortened to {@code ::} (4.2.1 to 4.2.3); an IPv4-mapped address with its
     * last 32 bits as a dotted quad (section 5), as tcpdump prints it.
     */
    public static String format(long high, long low) {
        if (high == 0 && low >>> 32 == IPV4_MAPPED_MARKER) {
            return "::ffff:" + Ipv4Address.format((int) low);
        }
        int bestStart = -1;
        int bestLength = 1; // 4.2.2: "::" MUST NOT be used to shorten just one 16-bit 0 field
        for (int start = 0; start < GROUPS; start++) {
            int end = start;
            while (end < GROUPS && group(high, low, end) == 0) {
                end++;
            }
            if (end - start > bestLength) {
                bestStart = start;
                bestLength = end - start;
            }
        }
        StringBuilder text = new StringBuilder(39);
        for (int i = 0; i < GROUPS; i++) {
            if (i == bestStart) {
                text.append("::");
                i += bestLength - 1;
                continue;
            }
            if (text.length() > 0 && text.charAt(text.length() - 1) != ':') {
                text.append(':');
            }
            text.append(Integer.toHexString(group(high, low, i)));
        }
        return text.toString();
    }

    /** The 16-bit group {@code index} (0..7, from the left) of the address. */
    public static int group(long high, long low, int index) {
        long half = index < GROUPS / 2 ? high : low;
        int shift = (GROUPS / 2 - 1 - index % (GROUPS / 2)) * Short.SIZE;
        return (int) (half >>> shift) & 0xFFFF;
    }

    /** ff00::/8, multicast (RFC 4291 2.7). */
    public static boolean isMulticast(long high, long low) {
        return high >>> 56 == 0xFF;
    }
}
