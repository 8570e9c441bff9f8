package io.tunstack.stack.wire;

import io.tunstack.stack.address.Ipv6Address;
import io.netty.buffer.ByteBuf;

/**
 * The Internet checksum: the 16-bit one's complement of the one's-complement sum of the data taken as 16-bit
 * big-endian words (RFC 1071), and its incremental update when one word changes (RFC 1624).
 *
 * <p>How it is computed: the 16-bit words are added into a 32-bit accumulator, which leaves the carries out of bit 15
 * in the upper half instead of losing them. A trailing odd byte counts as the high byte of a word whose low byte is
 * zero. Folding then adds the upper half back into the lower half ("end-around carry") until no carry is left, which
 * turns the two's-complement sum into the one's-complement sum. The checksum is its complement. One's-complement
 * addition is commutative and associative, so the order of the words, and where the sum is split, do not matter.
 * A 32-bit accumulator holds 65,537 words of 0xFFFF without overflow: any IPv4 packet (at most 65,535 bytes) fits.
 */
public final class Checksum {

    /** The largest range, in bytes, that {@link #sum} accepts without overflowing its 32-bit accumulator. */
    public static final int MAX_LENGTH = 2 * 0x10001;

    private Checksum() {
    }

    /**
     * The unfolded 32-bit sum of {@code length} bytes from absolute {@code index}, as 16-bit big-endian words, a
     * trailing odd byte padded with a zero byte. Add sums of adjacent even-length ranges, then {@link #fold} once.
     */
    public static int sum(ByteBuf buffer, int index, int length) {
        if (length < 0 || length > MAX_LENGTH) {
            throw new IllegalArgumentException("checksum length: " + length + " (expected: 0.." + MAX_LENGTH + ")");
        }
        int sum = 0;
        int evenEnd = index + (length & ~1);
        for (int i = index; i < evenEnd; i += 2) {
            sum += buffer.getUnsignedShort(i);
        }
        if ((length & 1) != 0) {
            sum += buffer.getUnsignedByte(evenEnd) << 8;
        }
        return sum;
    }

    /** Folds a 32-bit (unsigned) sum into 16 bits, adding each carry back in (the end-around carry). */
    public static int fold(int sum) {
        long folded = Integer.toUnsignedLong(sum);
        while ((folded >>> 16) != 0) {
            folded = (folded & 0xFFFF) + (folded >>> 16);
        }
        return (int) folded;
    }

    /** The checksum to store for {@code length} bytes from absolute {@code index} (the checksum field zeroed). */
    public static int compute(ByteBuf buffer, int index, int length) {
        return ~foldedSum(buffer, index, length, 0) & 0xFFFF;
    }

    /**
     * The checksum to store for {@code length} bytes from absolute {@code index} (the checksum field zeroed) preceded
     * by a pseudo-header whose partial sum is {@code pseudoHeaderSum} ({@link #ipv4PseudoHeaderSum},
     * {@link #ipv6PseudoHeaderSum}).
     */
    public static int compute(ByteBuf buffer, int index, int length, int pseudoHeaderSum) {
        return ~foldedSum(buffer, index, length, pseudoHeaderSum) & 0xFFFF;
    }

    /**
     * Whether {@code length} bytes from absolute {@code index}, checksum field included, carry a valid checksum: their
     * one's-complement sum is 0xFFFF, the "negative zero" (RFC 1071 section 1, "(3) Verify").
     */
    public static boolean isValid(ByteBuf buffer, int index, int length) {
        return foldedSum(buffer, index, length, 0) == 0xFFFF;
    }

    /**
     * Whether {@code length} bytes from absolute {@code index}, checksum field included, preceded by a pseudo-header
     * whose partial sum is {@code pseudoHeaderSum}, carry a valid checksum: the whole sums to 0xFFFF.
     */
    public static boolean isValid(ByteBuf buffer, int index, int length, int pseudoHeaderSum) {
        return foldedSum(buffer, index, length, pseudoHeaderSum) == 0xFFFF;
    }

    /*
     * The pseudo-headers. RFC 8200 section 8.1: "any transport or other upper-layer protocol that includes the
     * addresses from the IP header in its checksum computation must be modified for use over IPv6, to include the
     * 128-bit IPv6 addresses instead of 32-bit IPv4 addresses":
     *
     *  +                         Source Address (128 bits)                     +
     *  +                      Destination Address (128 bits)                   +
     *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
     *  |                   Upper-Layer Packet Length                   |
     *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
     *  |                      zero                     |  Next Header  |
     *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
     *
     * RFC 793 / RFC 768, the IPv4 pseudo-header: source (32), destination (32), zero (8), protocol (8), length (16).
     * Both are never sent: they enter the sum only, so the sums here are computed from values, not from a buffer.
     * Each partial sum is at most 20 words of 0xFFFF: added to the sum of a message of at most 65,535 bytes it cannot
     * overflow 32 bits (unsigned).
     */

    /**
     * The unfolded partial sum of the IPv6 pseudo-header (RFC 8200 section 8.1): the source and destination
     * addresses (each as its upper and lower 64 bits, see {@link Ipv6Address}), the upper-layer packet length as 32
     * bits, three zero bytes and the next header value of the upper-layer protocol. "The Upper-Layer Packet Length
     * in the pseudo-header is the length of the upper-layer header and data", without the extension headers before
     * it. Pass it to {@link #compute(ByteBuf, int, int, int)} or {@link #isValid(ByteBuf, int, int, int)}.
     */
    public static int ipv6PseudoHeaderSum(long sourceHigh, long sourceLow, long destinationHigh,
            long destinationLow, int upperLayerLength, int nextHeader) {
        return sumOfWords(sourceHigh) + sumOfWords(sourceLow) + sumOfWords(destinationHigh)
                + sumOfWords(destinationLow) + (upperLayerLength >>> 16) + (upperLayerLength & 0xFFFF)
                + (nextHeader & 0xFF);
    }

    /**
     * The unfolded partial sum of the IPv4 pseudo-header (RFC 768, RFC 9293 section 3.1): source and destination
     * addresses, a zero byte and the protocol, and the length of the upper-layer header and data (16 bits).
     */
    public static int ipv4PseudoHeaderSum(int source, int destination, int protocol, int upperLayerLength) {
        return (source >>> 16) + (source & 0xFFFF) + (destination >>> 16) + (destination & 0xFFFF)
                + (protocol & 0xFF) + (upperLayerLength & 0xFFFF);
    }

    /** The sum of the four 16-bit words of {@code value}, unfolded. */
    private static int sumOfWords(long value) {
        return (int) ((value >>> 48) + (value >>> 32 & 0xFFFF) + (value >>> 16 & 0xFFFF) + (value & 0xFFFF));
    }

    /**
     * {@code fold(initialSum + sum(buffer, index, length))}, computed eight bytes per read, the way RFC 1071 section 2(C),
     * "Parallel Summation", describes: the 32-bit halves of each 64-bit read are added into a 64-bit accumulator,
     * which keeps every carry, and the total is folded into 16 bits at the end. The result is the same because 2^16 is
     * 1 modulo 0xFFFF: the 32-bit word {@code a << 16 | b} adds {@code a + b} to the folded sum. This is the hot path
     * (every received ICMP message is verified): one bounds-checked {@link ByteBuf#getLong} replaces four
     * {@link ByteBuf#getUnsignedShort} calls, which makes a 1400-byte checksum several times faster (see the
     * benchmarks module).
     */
    private static int foldedSum(ByteBuf buffer, int index, int length, int initialSum) {
        if (length < 0 || length > MAX_LENGTH) {
            throw new IllegalArgumentException("checksum length: " + length + " (expected: 0.." + MAX_LENGTH + ")");
        }
        long sum = Integer.toUnsignedLong(initialSum);
        int i = index;
        int eightByteEnd = index + (length & ~7);
        for (; i < eightByteEnd; i += 8) {
            long eightBytes = buffer.getLong(i);
            sum += (eightBytes >>> 32) + (eightBytes & 0xFFFF_FFFFL);
        }
        int evenEnd = index + (length & ~1);
        for (; i < evenEnd; i += 2) {
            sum += buffer.getUnsignedShort(i);
        }
        if ((length & 1) != 0) {
            sum += buffer.getUnsignedByte(evenEnd) << 8;
        }
        while ((sum >>> 16) != 0) {
            sum = (sum & 0xFFFF) + (sum >>> 16);
        }
        return (int) sum;
    }

    /**
     * The checksum after one 16-bit word of the data changed from {@code oldWord} to {@code newWord}, by RFC 1624
     * eqn. 3: {@code HC' = ~(~HC + ~m + m')}, with the end-around carry.
     *
     * <p>RFC 1624 section 3 prefers eqn. 3 to eqn. 2 because eqn. 2 can yield 0x0000 where the true checksum is
     * 0xFFFF. Eqn. 3 differs from a full recomputation in one case only: when every word of the data is zero after the
     * change, it yields 0x0000 (its folded sum is 0xFFFF, "negative zero"), while recomputation yields 0xFFFF (the
     * folded sum of zero words is 0x0000, "positive zero"), and a receiver rejects the 0x0000. A folded sum of words
     * that are not all zero is never 0x0000, so any other result is exact; a caller whose data may be all zero
     * recomputes when {@link #updateCanBeAmbiguous} says so.
     */
    public static int update(int checksum, int oldWord, int newWord) {
        int sum = (~checksum & 0xFFFF) + (~oldWord & 0xFFFF) + (newWord & 0xFFFF);
        return ~fold(sum) & 0xFFFF;
    }

    /**
     * Whether an {@link #update} result may be the wrong representation of zero and must be recomputed: true only for
     * 0x0000, which eqn. 3 also yields when the data became all zeroes (whose true checksum is 0xFFFF).
     */
    public static boolean updateCanBeAmbiguous(int updatedChecksum) {
        return updatedChecksum == 0x0000;
    }
}
