package io.tunstack.stack.trace;

import static io.tunstack.stack.trace.FieldMeaning.hex;
import static io.tunstack.stack.trace.FieldMeaning.hex32;

import io.netty.buffer.ByteBuf;
import io.tunstack.stack.wire.Checksum;
import io.tunstack.stack.address.Ipv6Address;
import io.tunstack.stack.wire.Ipv4Packet;
import io.tunstack.stack.wire.Ipv6Packet;
import java.util.Locale;

/**
 * An Internet checksum worked through as RFC 1071 describes it, for {@code --explain}: the 16-bit words (after the
 * pseudo-header's words, for a checksum that covers one), their sum, each fold of the carries, and the complement.
 * The numbers come from {@link Checksum}; this class only lays them out.
 */
final class ChecksumWalkthrough {

    /** Words per line when a checksum's words are listed. */
    private static final int WORDS_PER_LINE = 10;
    /** Longer messages show their first words only: enough to follow the method. */
    private static final int MAX_WORDS_SHOWN = 40;
    /** The label column: two spaces, the label, padded to 12. */
    private static final String FIRST = "  %-10s  ";
    private static final String CONTINUED = "            + ";
    private static final int ADDRESS_WORDS = 8;

    private ChecksumWalkthrough() {
    }

    /** A checksum over {@code length} bytes from absolute {@code index} alone (IPv4 header, ICMP). */
    static void plain(StringBuilder text, String title, String scope, ByteBuf buffer, int index, int length,
            int storedChecksum) {
        text.append(title).append(", ").append(scope).append(":\n");
        rfc1071(text);
        words(text, "words", buffer, index, length);
        result(text, Checksum.sum(buffer, index, length), storedChecksum);
    }

    /**
     * A checksum over the IPv6 pseudo-header of {@code ip} (RFC 8200 8.1) and {@code length} bytes of the upper-layer
     * message (protocol {@code nextHeader}) from absolute {@code index}.
     */
    static void overIpv6PseudoHeader(StringBuilder text, String title, Ipv6Packet ip, int nextHeader,
            ByteBuf buffer, int index, int length, int storedChecksum) {
        text.append(title).append(", over the pseudo-header and the whole message (").append(length)
                .append(" bytes):\n");
        rfc1071(text);
        text.append("  RFC 8200 8.1: the sum starts with a pseudo-header that is never sent: source address,")
                .append(" destination address,\n  upper-layer length (32 bits), three zero bytes, next header.\n");
        address(text, String.format(Locale.ROOT, FIRST, "pseudo"), ip.sourceHigh(), ip.sourceLow(),
                "source address");
        address(text, CONTINUED, ip.destinationHigh(), ip.destinationLow(), "destination address");
        text.append(CONTINUED).append(String.format(Locale.ROOT, "%04x + %04x + %04x + %04x", length >>> 16,
                length & 0xFFFF, 0, nextHeader)).append(" ".repeat(28)).append("  length ").append(length)
                .append(", zeros, next header ").append(nextHeader).append('\n');
        int pseudoHeaderSum = ip.pseudoHeaderSum(length, nextHeader);
        words(text, "message +", buffer, index, length);
        result(text, pseudoHeaderSum + Checksum.sum(buffer, index, length), storedChecksum);
    }

    /**
     * A UDP or TCP checksum over the IPv4 pseudo-header of {@code ip} (RFC 768, RFC 9293 3.1: source address,
     * destination address, a zero byte, the protocol, the upper-layer length) and {@code length} bytes from absolute
     * {@code index}.
     */
    static void overIpv4PseudoHeader(StringBuilder text, String title, Ipv4Packet ip, int protocol, ByteBuf buffer,
            int index, int length, int storedChecksum) {
        text.append(title).append(", over the pseudo-header and the whole message (").append(length)
                .append(" bytes):\n");
        rfc1071(text);
        text.append("  RFC 768, RFC 9293 3.1: the sum starts with a pseudo-header that is never sent: source address,")
                .append(" destination address,\n  a zero byte, the protocol, the length of the header and data.\n");
        int source = ip.sourceAddress();
        int destination = ip.destinationAddress();
        String pad = "  ";
        text.append(String.format(Locale.ROOT, FIRST, "pseudo")).append(String.format(Locale.ROOT, "%04x + %04x",
                source >>> 16, source & 0xFFFF)).append(pad).append("source address\n");
        text.append(CONTINUED).append(String.format(Locale.ROOT, "%04x + %04x", destination >>> 16,
                destination & 0xFFFF)).append(pad).append("destination address\n");
        text.append(CONTINUED).append(String.format(Locale.ROOT, "%04x + %04x", protocol, length)).append(pad)
                .append("zero, protocol ").append(protocol).append(", length ").append(length).append('\n');
        int pseudoHeaderSum = Checksum.ipv4PseudoHeaderSum(source, destination, protocol, length);
        words(text, "message +", buffer, index, length);
        result(text, pseudoHeaderSum + Checksum.sum(buffer, index, length), storedChecksum);
    }

    private static void rfc1071(StringBuilder text) {
        text.append("  RFC 1071: add the 16-bit words, checksum included; fold the carries back in; a correct")
                .append(" message sums to 0xffff.\n");
    }

    private static void address(StringBuilder text, String start, long high, long low, String name) {
        text.append(start);
        for (int i = 0; i < ADDRESS_WORDS; i++) {
            text.append(String.format(Locale.ROOT, "%04x", Ipv6Address.group(high, low, i)));
            if (i + 1 < ADDRESS_WORDS) {
                text.append(" + ");
            }
        }
        text.append("  ").append(name).append('\n');
    }

    private static void words(StringBuilder text, String label, ByteBuf buffer, int index, int length) {
        int words = (length + 1) / 2;
        int shown = Math.min(words, MAX_WORDS_SHOWN);
        String first = label.endsWith("+") ? String.format(Locale.ROOT, "  %-10s+ ", label.substring(0,
                label.length() - 1).trim()) : String.format(Locale.ROOT, FIRST, label);
        for (int word = 0; word < shown; word += WORDS_PER_LINE) {
            text.append(word == 0 ? first : CONTINUED);
            int lineEnd = Math.min(word + WORDS_PER_LINE, shown);
            for (int i = word; i < lineEnd; i++) {
                text.append(String.format(Locale.ROOT, "%04x", wordAt(buffer, index, length, i)));
                if (i + 1 < lineEnd) {
                    text.append(" + ");
                }
            }
            text.append('\n');
        }
        if (shown < words) {
            text.append(CONTINUED).append("... ").append(words - shown).append(" more words\n");
        }
        if ((length & 1) != 0) {
            text.append("              (the odd last byte is padded with a zero byte)\n");
        }
    }

    private static void result(StringBuilder text, int sum, int storedChecksum) {
        text.append("  sum         ").append(hex32(Integer.toUnsignedLong(sum))).append('\n');
        long folding = Integer.toUnsignedLong(sum);
        while ((folding >>> 16) != 0) {
            long next = (folding & 0xFFFF) + (folding >>> 16);
            text.append("  fold        ").append(hex(folding & 0xFFFF)).append(" + ").append(hex32(folding >>> 16))
                    .append(" = ").append(hex32(next)).append('\n');
            folding = next;
        }
        int folded = Checksum.fold(sum);
        int complement = ~folded & 0xFFFF;
        text.append("  complement  ~").append(hex(folded)).append(" = ").append(hex(complement));
        if (folded == 0xFFFF) {
            text.append(": valid (zero: nothing changed on the way)\n");
        } else {
            // The sum without the stored checksum, complemented, is what the checksum should have been.
            int expected = ~Checksum.fold(sum - storedChecksum) & 0xFFFF;
            text.append(": INVALID (stored ").append(hex(storedChecksum)).append(", expected ").append(hex(expected))
                    .append(")\n");
        }
    }

    private static int wordAt(ByteBuf buffer, int index, int length, int word) {
        int at = index + 2 * word;
        return 2 * word + 1 < length ? buffer.getUnsignedShort(at) : buffer.getUnsignedByte(at) << 8;
    }
}
