package io.tunstack.stack.address;

/**
 * IPv6 addresses as two longs, {@code high} (bytes 0-7) and {@code low} (bytes 8-15) in network order: the address
 * classes of RFC 4291 section 2 as tests on those longs, and text in both directions. Allocation-free on the packet
 * path; only {@link #parse} and {@link #format} allocate.
 */
public final class Ipv6Address {

    /** Eight 16-bit groups. */
    private static final int GROUPS = 8;
    /** The IPv4-mapped prefix ::ffff:0:0/96 (RFC 4291 2.5.5.2) in the low long's upper half. */
    private static final long V4_MAPPED_LOW_PREFIX = 0x0000_FFFF_0000_0000L;

    private Ipv6Address() {
    }

    /** {@code ::}, RFC 4291 2.5.2: "It must never be assigned to any node." */
    public static boolean isUnspecified(long high, long low) {
        return high == 0 && low == 0;
    }

    /** {@code ::1}, RFC 4291 2.5.3. */
    public static boolean isLoopback(long high, long low) {
        return high == 0 && low == 1;
    }

    /** {@code ff00::/8}, RFC 4291 2.7. */
    public static boolean isMulticast(long high) {
        return high >>> 56 == 0xFF;
    }

    /** {@code ff02::1}, the link-local all-nodes group (RFC 4291 2.7.1), which {@code ping ff02::1%dev} pings. */
    public static boolean isAllNodes(long high, long low) {
        return high == LINK_SCOPE_MULTICAST_HIGH && low == ALL_NODES_LOW;
    }

    /*
     * RFC 4291 2.7.1, the solicited-node multicast address: "formed by taking the low-order 24 bits of an address
     * (unicast or anycast) and appending those bits to the prefix FF02:0:0:0:0:1:FF00::/104", that is
     * FF02:0:0:0:0:1:FFXX:XXXX. Neighbor solicitations for an address go to its group (RFC 4861 7.2.2).
     */

    /** The upper 64 bits of {@code ff02::1} (all-nodes) and of every solicited-node group: {@code ff02::}. */
    public static final long LINK_SCOPE_MULTICAST_HIGH = 0xFF02_0000_0000_0000L;
    /** The lower 64 bits of {@code ff02::1}, the link-local all-nodes group (RFC 4291 2.7.1). */
    public static final long ALL_NODES_LOW = 1;
    /** The lower 64 bits of {@code ff02::1:ff00:0}, the solicited-node prefix (/104) without the 24 low bits. */
    private static final long SOLICITED_NODE_LOW_PREFIX = 0x0000_0001_FF00_0000L;
    /** The 24 low-order bits that a solicited-node group takes from its address. */
    private static final long SOLICITED_NODE_BITS = 0x00FF_FFFFL;

    /** Whether the address is a solicited-node multicast group, {@code ff02::1:ff00:0/104} (RFC 4291 2.7.1). */
    public static boolean isSolicitedNode(long high, long low) {
        return high == LINK_SCOPE_MULTICAST_HIGH && (low & ~SOLICITED_NODE_BITS) == SOLICITED_NODE_LOW_PREFIX;
    }

    /**
     * The lower 64 bits of the solicited-node group of the address whose lower 64 bits are {@code low} (its upper 64
     * bits are {@link #LINK_SCOPE_MULTICAST_HIGH}).
     */
    public static long solicitedNodeLow(long low) {
        return SOLICITED_NODE_LOW_PREFIX | low & SOLICITED_NODE_BITS;
    }

    /** {@code ::ffff:0:0/96}, RFC 4291 2.5.5.2: an IPv4 address seen through an IPv6 API, never on the wire. */
    public static boolean isV4Mapped(long high, long low) {
        return high == 0 && (low & 0xFFFF_FFFF_0000_0000L) == V4_MAPPED_LOW_PREFIX;
    }

    /** {@code fe80::/10}, RFC 4291 2.5.6. */
    public static boolean isLinkLocal(long high) {
        return high >>> 54 == 0xFE80L >>> 6;
    }

    /**
     * Parses RFC 4291 2.2 text: eight groups of 1-4 hex digits, at most one {@code ::} for a run of zero groups, and
     * optionally a dotted-quad IPv4 address as the last 32 bits ({@code ::ffff:192.0.2.1}). No zone ({@code %eth0}).
     *
     * @return {@code {high, low}}
     * @throws IllegalArgumentException naming what is wrong
     */
    public static long[] parse(String text) {
        if (text == null || text.isEmpty()) {
            throw invalid(text, "empty");
        }
        int doubleColon = text.indexOf("::");
        if (doubleColon >= 0 && text.indexOf("::", doubleColon + 1) >= 0) {
            throw invalid(text, "more than one '::'");
        }
        int[] groups = new int[GROUPS];
        int count;
        if (doubleColon < 0) {
            count = parseGroups(text, text, groups, true);
            if (count != GROUPS) {
                throw invalid(text, count + " groups without '::'");
            }
        } else {
            int[] tail = new int[GROUPS];
            int head = doubleColon == 0 ? 0 : parseGroups(text, text.substring(0, doubleColon), groups, false);
            String tailText = text.substring(doubleColon + 2);
            int tailCount = tailText.isEmpty() ? 0 : parseGroups(text, tailText, tail, true);
            if (head + tailCount > GROUPS - 1) {
                throw invalid(text, "too many groups with '::'");
            }
            System.arraycopy(tail, 0, groups, GROUPS - tailCount, tailCount);
            count = GROUPS;
        }
        long high = 0;
        long low = 0;
        for (int i = 0; i < 4; i++) {
            high = high << 16 | groups[i];
            low = low << 16 | groups[i + 4];
        }
        return new long[] {high, low};
    }

    /**
     * Parses ':'-separated groups of {@code part} into {@code groups}; a dotted quad, allowed only as the last field of
     * the address ({@code endsAddress}), fills two.
     */
    private static int parseGroups(String text, String part, int[] groups, boolean endsAddress) {
        String[] fields = part.split(":", -1);
        int count = 0;
        for (int i = 0; i < fields.length; i++) {
            String field = fields[i];
            if (endsAddress && i == fields.length - 1 && field.indexOf('.') >= 0) {
                if (count + 2 > GROUPS) {
                    throw invalid(text, "too many groups");
                }
                int v4 = Ipv4Address.parse(field);
                groups[count++] = v4 >>> 16;
                groups[count++] = v4 & 0xFFFF;
                continue;
            }
            if (field.isEmpty() || field.length() > 4) {
                throw invalid(text, "group '" + field + "' (expected: 1 to 4 hex digits)");
            }
            int value = 0;
            for (int c = 0; c < field.length(); c++) {
                int digit = hexDigit(field.charAt(c));
                if (digit < 0) {
                    throw invalid(text, "group '" + field + "' (expected: 1 to 4 hex digits)");
                }
                value = value << 4 | digit;
            }
            if (count == GROUPS) {
                throw invalid(text, "more than 8 groups");
            }
            groups[count++] = value;
        }
        return count;
    }

    /** The value of an ASCII hex digit, or -1 (RFC 4291 2.2 text is ASCII; Character.digit accepts other scripts). */
    private static int hexDigit(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }

    private static IllegalArgumentException invalid(String text, String why) {
        return new IllegalArgumentException("invalid IPv6 address '" + text + "': " + why
                + " (expected: RFC 4291 text such as fd00:172:21:22::23)");
    }

    /**
     * RFC 5952's canonical text: lower-case hex without leading zeros, the longest run of two or more zero groups (the
     * first on a tie) as {@code ::} (4.2), and an IPv4-mapped address with its last 32 bits dotted (5).
     */
    public static String format(long high, long low) {
        if (isV4Mapped(high, low)) {
            return "::ffff:" + Ipv4Address.format((int) low);
        }
        int[] groups = new int[GROUPS];
        for (int i = 0; i < 4; i++) {
            groups[i] = (int) (high >>> (48 - 16 * i)) & 0xFFFF;
            groups[i + 4] = (int) (low >>> (48 - 16 * i)) & 0xFFFF;
        }
        int bestStart = -1;
        int bestLength = 1; // RFC 5952 4.2.2: "::" MUST NOT shorten just one 16-bit 0 field
        for (int start = 0; start < GROUPS; start++) {
            int end = start;
            while (end < GROUPS && groups[end] == 0) {
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
            text.append(Integer.toHexString(groups[i]));
        }
        return text.toString();
    }

    /** The 16-bit group {@code index} (0..7, from the left) of the address. */
    public static int group(long high, long low, int index) {
        long half = index < GROUPS / 2 ? high : low;
        int shift = (GROUPS / 2 - 1 - index % (GROUPS / 2)) * Short.SIZE;
        return (int) (half >>> shift) & 0xFFFF;
    }

    /** The mask of the high long for a prefix of {@code prefixLength} bits (0..128). */
    public static long highMask(int prefixLength) {
        return prefixLength == 0 ? 0 : prefixLength >= 64 ? -1L : -1L << (64 - prefixLength);
    }

    /** The mask of the low long for a prefix of {@code prefixLength} bits (0..128). */
    public static long lowMask(int prefixLength) {
        return prefixLength <= 64 ? 0 : prefixLength == 128 ? -1L : -1L << (128 - prefixLength);
    }
}
