package io.tunstack.stack.trace;

import io.netty.buffer.ByteBuf;

/**
 * IPv6 addresses as text in the RFC 5952 canonical form: lower-case hex, no leading zeros, and the longest run of two
 * or more zero groups (the first, on a tie) shortened to {@code ::}.
 */
final class Ipv6Text {

    private static final int GROUPS = 8;

    private Ipv6Text() {
    }

    /** The address of 16 bytes at absolute {@code index}. */
    static String format(ByteBuf buffer, int index) {
        int[] groups = new int[GROUPS];
        for (int i = 0; i < GROUPS; i++) {
            groups[i] = buffer.getUnsignedShort(index + 2 * i);
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
}
