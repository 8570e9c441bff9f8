package io.tunstack.it.hostile;

/**
 * The internet checksum of RFC 1071, written independently of the stack's own so that the tests do not trust the
 * code they test: sum the data as big-endian 16-bit words in a 32-bit accumulator (an odd last byte is padded with
 * a zero), fold the carries back into the low 16 bits, and complement. Shared by the tests that build frames of
 * their own ({@code it.tap}).
 */
public final class InternetChecksum {

    private InternetChecksum() {
    }

    /** The checksum to store in a header whose checksum field is zero while it is computed. */
    public static int of(byte[] data, int offset, int length) {
        return ~sum(data, offset, length) & 0xFFFF;
    }

    /** Whether the region, checksum field included, verifies: its one's complement sum is 0xFFFF. */
    public static boolean verifies(byte[] data, int offset, int length) {
        return sum(data, offset, length) == 0xFFFF;
    }

    private static int sum(byte[] data, int offset, int length) {
        long total = 0;
        int end = offset + length;
        int i = offset;
        for (; i + 1 < end; i += 2) {
            total += ((data[i] & 0xFF) << 8) | (data[i + 1] & 0xFF);
        }
        if (i < end) {
            total += (data[i] & 0xFF) << 8;
        }
        while ((total >>> 16) != 0) {
            total = (total & 0xFFFF) + (total >>> 16);
        }
        return (int) total;
    }
}
