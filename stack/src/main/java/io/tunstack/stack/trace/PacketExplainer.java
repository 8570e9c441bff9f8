package io.tunstack.stack.trace;

import io.netty.buffer.ByteBuf;
import io.tunstack.stack.verdict.DropReason;
import io.tunstack.stack.wire.Checksum;
import io.tunstack.stack.wire.Icmpv4Packet;
import io.tunstack.stack.wire.Icmpv4Type;
import io.tunstack.stack.wire.IpProtocol;
import io.tunstack.stack.address.Ipv4Address;
import io.tunstack.stack.wire.Ipv4Packet;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToIntFunction;

/**
 * The teaching dump behind {@code --explain}: every IPv4 and ICMP header field with its offset, bytes, name and
 * value; both checksums worked through as RFC 1071 describes them; and, for a reply, what changed from the request
 * and why. Columns are aligned for a terminal.
 *
 * <p>Never throws, whatever the bytes: what cannot be explained field by field is shown as a hex dump with the check
 * that failed. Never moves the buffers' indices.
 */
public final class PacketExplainer {

    /** Words per line when a checksum's words are listed. */
    private static final int WORDS_PER_LINE = 10;
    /** Longer messages show their first words only: enough to follow the method. */
    private static final int MAX_WORDS_SHOWN = 40;
    /** Bytes shown in the "bytes" column; longer fields (data, options) are cut with "..". */
    private static final int MAX_FIELD_BYTES = 4;
    private static final int HEX_DUMP_LIMIT = 64;
    private static final String TABLE_FORMAT = "  %6s  %-14s  %-23s  %s%n";
    private static final String CHANGE_FORMAT = "  %6s  %-23s  %-17s  %s%n";
    /** The "why" of a change goes on its own line, under the field name. */
    private static final String WHY_INDENT = " ".repeat(10);
    private static final int UNCHANGED_LINE_WIDTH = 100;

    private PacketExplainer() {
    }

    /** The field-by-field dump of the readable bytes of {@code packet}, ending in a newline. */
    public static String explain(ByteBuf packet) {
        StringBuilder text = new StringBuilder(4096);
        int length = packet.readableBytes();
        int version = length == 0 ? -1 : packet.getUnsignedByte(packet.readerIndex()) >>> 4;
        if (version != Ipv4Packet.VERSION) {
            text.append("Not an IPv4 packet (").append(PacketFormatter.summary(packet))
                    .append("): tunstack explains IPv4 and ICMP only.\n");
            hexDump(text, packet, packet.readerIndex(), length);
            return text.toString();
        }
        Ipv4Packet ip = Ipv4Packet.newUnchecked(packet);
        DropReason malformed = ip.checkLength();
        if (malformed != null) {
            text.append("IPv4 header cannot be read field by field: ").append(malformed.description())
                    .append(" (").append(malformed.label()).append(", ").append(length).append(" bytes read).\n");
            hexDump(text, packet, packet.readerIndex(), length);
            return text.toString();
        }
        ipv4Fields(text, ip);
        Icmpv4Packet icmp = icmpOf(ip);
        if (icmp != null) {
            icmpFields(text, ip, icmp);
        } else if (ip.fragmentOffset() != 0) {
            text.append("\nPayload: ").append(ip.payloadLength()).append(" bytes of a later fragment at offset ")
                    .append(ip.fragmentOffsetBytes()).append(": only the first fragment has the ")
                    .append(IpProtocol.name(ip.protocol())).append(" header.\n");
        } else {
            text.append("\nPayload: ").append(ip.payloadLength()).append(" bytes of protocol ")
                    .append(IpProtocol.name(ip.protocol())).append(", not explained (tunstack answers ICMP only).\n");
        }
        text.append('\n');
        checksum(text, "IPv4 header checksum", "over the header only (" + ip.headerLength() + " bytes)",
                ip.buffer(), ip.base(), ip.headerLength(), ip.headerChecksum());
        if (icmp != null && icmp.checkLength() == null) {
            text.append('\n');
            checksum(text, "ICMP checksum", "over the whole ICMP message (" + icmp.length() + " bytes)",
                    icmp.buffer(), icmp.base(), icmp.length(), icmp.checksum());
        }
        return text.toString();
    }

    /**
     * What an answer changed from the packet it answers, field by field, and why; then what it kept. Both packets
     * are read as they were on the wire: {@code request} before the stack rewrote it.
     */
    public static String changes(ByteBuf request, ByteBuf reply) {
        StringBuilder text = new StringBuilder(2048);
        Ipv4Packet before = Ipv4Packet.newUnchecked(request);
        Ipv4Packet after = Ipv4Packet.newUnchecked(reply);
        if (!isIpv4(request) || !isIpv4(reply) || before.checkLength() != null || after.checkLength() != null) {
            return text.append("The request and the reply are not both well-formed IPv4: no field comparison.\n")
                    .toString();
        }
        text.append("What the reply changed, and why\n");
        text.append(String.format(Locale.ROOT, CHANGE_FORMAT, "offset", "field", "request", "reply"));
        List<String> kept = new ArrayList<>();
        for (FieldSpec<Ipv4Packet> field : IPV4_FIELDS) {
            compare(text, kept, field, before, after, 0);
        }
        Icmpv4Packet icmpBefore = icmpOf(before);
        Icmpv4Packet icmpAfter = icmpOf(after);
        if (icmpBefore != null && icmpAfter != null && icmpBefore.checkLength() == null
                && icmpAfter.checkLength() == null) {
            int icmpOffset = before.headerLength();
            for (FieldSpec<Icmpv4Packet> field : ICMP_FIELDS) {
                compare(text, kept, field, icmpBefore, icmpAfter, icmpOffset);
            }
            kept.add(dataComparison(icmpBefore, icmpAfter));
        }
        wrap(text, "  Unchanged: " + String.join(", ", kept) + ".");
        return text.toString();
    }

    // ---- The fields, as a table: offset in the header, length, name, value as an int, value as text, why it changes

    /** One header field: where it is, what it is called, how to read it, and why a reply would change it. */
    private record FieldSpec<V>(int offset, int length, String name, ToIntFunction<V> raw, Describer<V> describe,
            String whyChanged) {
    }

    /** Turns a field's value into words. */
    @FunctionalInterface
    private interface Describer<V> {
        String describe(V view);
    }

    private static final List<FieldSpec<Ipv4Packet>> IPV4_FIELDS = List.of(
            new FieldSpec<>(0, 1, "version | IHL", ip -> ip.buffer().getUnsignedByte(ip.base()),
                    ip -> ip.version() + " | " + ip.ihl() + " words = " + ip.headerLength() + " bytes",
                    "a different header length"),
            new FieldSpec<>(1, 1, "DSCP | ECN", ip -> ip.buffer().getUnsignedByte(ip.base() + 1),
                    ip -> ip.dscp() + " | " + ip.ecn() + ecnName(ip.ecn()),
                    "the responder's own traffic class"),
            new FieldSpec<>(2, 2, "total length", Ipv4Packet::totalLength,
                    ip -> ip.totalLength() + " bytes",
                    "a different datagram length"),
            new FieldSpec<>(4, 2, "identification", Ipv4Packet::identification,
                    ip -> ip.identification() + hex16(ip.identification()),
                    "a new datagram gets its own identification (RFC 6864)"),
            new FieldSpec<>(6, 2, "flags | frag offset", ip -> ip.buffer().getUnsignedShort(ip.base() + 6),
                    ip -> flags(ip) + " | " + ip.fragmentOffset() + (ip.fragmentOffset() == 0 ? ""
                            : " x 8 = " + ip.fragmentOffsetBytes() + " bytes"),
                    "the responder's own flags for a new datagram"),
            new FieldSpec<>(8, 1, "time to live", Ipv4Packet::ttl,
                    ip -> ip.ttl() + " hops",
                    "a new datagram starts with the responder's TTL"),
            new FieldSpec<>(9, 1, "protocol", Ipv4Packet::protocol,
                    ip -> ip.protocol() + " (" + IpProtocol.name(ip.protocol()).toUpperCase(Locale.ROOT) + ")",
                    "a different protocol"),
            new FieldSpec<>(10, 2, "header checksum", Ipv4Packet::headerChecksum,
                    ip -> hex(ip.headerChecksum()) + (ip.verifyHeaderChecksum() ? " (valid)" : " (INVALID)"),
                    "recomputed, because the header changed (RFC 791: \"recomputed and verified at each point\")"),
            new FieldSpec<>(12, 4, "source address", Ipv4Packet::sourceAddress,
                    ip -> Ipv4Address.format(ip.sourceAddress()),
                    "swapped (RFC 792: \"the source and destination addresses are simply reversed\")"),
            new FieldSpec<>(16, 4, "destination address", Ipv4Packet::destinationAddress,
                    ip -> Ipv4Address.format(ip.destinationAddress()),
                    "swapped (RFC 792: \"the source and destination addresses are simply reversed\")"));

    private static final List<FieldSpec<Icmpv4Packet>> ICMP_FIELDS = List.of(
            new FieldSpec<>(0, 1, "type", Icmpv4Packet::type,
                    icmp -> icmp.type() + " (" + PacketFormatter.typeName(icmp.type()) + ")",
                    "an echo reply (RFC 792: \"the type code changed to 0\")"),
            new FieldSpec<>(1, 1, "code", Icmpv4Packet::code,
                    icmp -> Integer.toString(icmp.code()),
                    "a different code"),
            new FieldSpec<>(2, 2, "checksum", Icmpv4Packet::checksum,
                    icmp -> hex(icmp.checksum()) + (icmp.verifyChecksum() ? " (valid)" : " (INVALID)"),
                    "recomputed (RFC 792: \"the checksum recomputed\")"),
            new FieldSpec<>(4, 2, "identifier", Icmpv4Packet::identifier,
                    icmp -> icmp.identifier() + hex16(icmp.identifier()),
                    "a different identifier"),
            new FieldSpec<>(6, 2, "sequence number", Icmpv4Packet::sequenceNumber,
                    icmp -> Integer.toString(icmp.sequenceNumber()),
                    "a different sequence number"));

    // ---- Field tables

    private static void ipv4Fields(StringBuilder text, Ipv4Packet ip) {
        text.append("IPv4 header, ").append(ip.headerLength()).append(" bytes (RFC 791)\n");
        tableHeader(text);
        for (FieldSpec<Ipv4Packet> field : IPV4_FIELDS) {
            row(text, field.offset(), ip.buffer(), ip.base() + field.offset(), field.length(), field.name(),
                    field.describe().describe(ip));
        }
        if (ip.optionsLength() > 0) {
            row(text, Ipv4Packet.MIN_HEADER_LENGTH, ip.buffer(), ip.optionsOffset(), ip.optionsLength(), "options",
                    ip.optionsLength() + " bytes");
        }
    }

    private static void icmpFields(StringBuilder text, Ipv4Packet ip, Icmpv4Packet icmp) {
        text.append("\nICMP message, ").append(icmp.length()).append(" bytes (RFC 792)\n");
        if (icmp.checkLength() != null) {
            text.append("  Cannot be read field by field: ").append(icmp.checkLength().description()).append(".\n");
            hexDump(text, icmp.buffer(), icmp.base(), icmp.length());
            return;
        }
        tableHeader(text);
        int offset = ip.headerLength();
        boolean query = icmp.type() == Icmpv4Type.ECHO_REQUEST || icmp.type() == Icmpv4Type.ECHO_REPLY;
        for (FieldSpec<Icmpv4Packet> field : ICMP_FIELDS) {
            if (field.offset() < 4 || query) {
                row(text, offset + field.offset(), icmp.buffer(), icmp.base() + field.offset(), field.length(),
                        field.name(), field.describe().describe(icmp));
            }
        }
        if (!query) {
            row(text, offset + 4, icmp.buffer(), icmp.base() + 4, 4, "rest of header", "depends on the type");
        }
        if (icmp.dataLength() > 0) {
            row(text, offset + Icmpv4Packet.HEADER_LENGTH, icmp.buffer(), icmp.dataOffset(), icmp.dataLength(),
                    "data", icmp.dataLength() + " bytes" + (query ? ", which the reply returns unchanged" : ""));
        }
    }

    private static void tableHeader(StringBuilder text) {
        text.append(String.format(Locale.ROOT, TABLE_FORMAT, "offset", "bytes", "field", "value"));
    }

    private static void row(StringBuilder text, int offset, ByteBuf buffer, int index, int length, String name,
            String value) {
        text.append(String.format(Locale.ROOT, TABLE_FORMAT, offset, hexBytes(buffer, index, length), name, value));
    }

    // ---- Checksums worked through

    private static void checksum(StringBuilder text, String title, String scope, ByteBuf buffer, int index,
            int length, int storedChecksum) {
        int words = (length + 1) / 2;
        text.append(title).append(", ").append(scope).append(":\n")
                .append("  RFC 1071: add the 16-bit words, checksum included; fold the carries back in; a correct")
                .append(" message sums to 0xffff.\n");
        int shown = Math.min(words, MAX_WORDS_SHOWN);
        for (int word = 0; word < shown; word += WORDS_PER_LINE) {
            text.append(word == 0 ? "  words       " : "            + ");
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
            text.append("            + ... ").append(words - shown).append(" more words\n");
        }
        if ((length & 1) != 0) {
            text.append("              (the odd last byte is padded with a zero byte)\n");
        }
        int sum = Checksum.sum(buffer, index, length);
        text.append("  sum         ").append(hex32(sum)).append('\n');
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

    // ---- Changes

    private static <V> void compare(StringBuilder text, List<String> kept, FieldSpec<V> field, V before, V after,
            int offset) {
        int was = field.raw().applyAsInt(before);
        int now = field.raw().applyAsInt(after);
        if (was == now) {
            kept.add(field.name());
            return;
        }
        String why = field.whyChanged();
        if (field.name().equals("checksum") && before instanceof Icmpv4Packet request) {
            why += checksumDelta(request, (Icmpv4Packet) after);
        }
        text.append(String.format(Locale.ROOT, CHANGE_FORMAT, offset + field.offset(),
                field.name(), shortValue(field, before), shortValue(field, after)));
        text.append(WHY_INDENT).append(why).append('\n');
    }

    /**
     * For an echo reply, RFC 1624's view of the checksum: the type word went down by (8 - 0) x 256 = 0x0800, so the
     * complement, the checksum, went up by as much, with the end-around carry.
     */
    private static String checksumDelta(Icmpv4Packet request, Icmpv4Packet reply) {
        int expected = Checksum.update(request.checksum(), request.typeAndCode(), reply.typeAndCode());
        if (expected == reply.checksum() && request.typeAndCode() != reply.typeAndCode()) {
            return ";\n" + WHY_INDENT + "type " + request.type() + " -> " + reply.type() + " lowered the first word by "
                    + hex(request.typeAndCode() - reply.typeAndCode() & 0xFFFF)
                    + ", so the checksum rose by as much (RFC 1624)";
        }
        return "";
    }

    /** The value as the field table shows it, without the checksum verdict. */
    private static <V> String shortValue(FieldSpec<V> field, V view) {
        return field.describe().describe(view).replace(" (valid)", "").replace(" (INVALID)", "");
    }

    /** Appends {@code line}, broken at spaces to fit a terminal, continuation lines indented. */
    private static void wrap(StringBuilder text, String line) {
        String rest = line;
        while (rest.length() > UNCHANGED_LINE_WIDTH) {
            int cut = rest.lastIndexOf(' ', UNCHANGED_LINE_WIDTH);
            if (cut <= WHY_INDENT.length()) {
                break;
            }
            text.append(rest, 0, cut).append('\n');
            rest = WHY_INDENT + rest.substring(cut + 1);
        }
        text.append(rest).append('\n');
    }

    private static String dataComparison(Icmpv4Packet before, Icmpv4Packet after) {
        if (before.dataLength() != after.dataLength()) {
            return "(data length changed: " + before.dataLength() + " -> " + after.dataLength() + " bytes)";
        }
        for (int i = 0; i < before.dataLength(); i++) {
            if (before.buffer().getByte(before.dataOffset() + i) != after.buffer().getByte(after.dataOffset() + i)) {
                return "(data DIFFERS from byte " + i + ": RFC 792 says \"the data received in the echo message must"
                        + " be returned in the echo reply message\")";
            }
        }
        return "all " + before.dataLength() + " data bytes (RFC 792: \"The data received in the echo message must be"
                + " returned in the echo reply message.\")";
    }

    // ---- Small helpers

    private static boolean isIpv4(ByteBuf packet) {
        return packet.isReadable() && packet.getUnsignedByte(packet.readerIndex()) >>> 4 == Ipv4Packet.VERSION;
    }

    /**
     * The ICMP view (not yet length-checked) of an ICMP datagram or of its first fragment, otherwise {@code null}.
     * Only the first fragment holds the ICMP header.
     */
    private static Icmpv4Packet icmpOf(Ipv4Packet ip) {
        if (ip.protocol() != IpProtocol.ICMP || ip.fragmentOffset() != 0) {
            return null;
        }
        return new Icmpv4Packet().wrap(ip.buffer(), ip.payloadOffset(), ip.payloadLength());
    }

    private static String flags(Ipv4Packet ip) {
        List<String> set = new ArrayList<>(3);
        if (ip.reservedFlag()) {
            set.add("reserved bit SET");
        }
        if (ip.dontFragment()) {
            set.add("DF");
        }
        if (ip.moreFragments()) {
            set.add("MF");
        }
        return set.isEmpty() ? "none" : String.join("+", set);
    }

    private static String ecnName(int ecn) {
        switch (ecn) {
            case 0:
                return " (not ECN-capable)";
            case 3:
                return " (congestion experienced)";
            default:
                return " (ECN-capable)";
        }
    }

    private static String hexBytes(ByteBuf buffer, int index, int length) {
        StringBuilder text = new StringBuilder(14);
        for (int i = 0; i < Math.min(length, MAX_FIELD_BYTES); i++) {
            if (i > 0) {
                text.append(' ');
            }
            text.append(String.format(Locale.ROOT, "%02x", buffer.getUnsignedByte(index + i)));
        }
        return length > MAX_FIELD_BYTES ? text.append(" ..").toString() : text.toString();
    }

    private static void hexDump(StringBuilder text, ByteBuf buffer, int index, int length) {
        int shown = Math.min(length, HEX_DUMP_LIMIT);
        for (int line = 0; line < shown; line += 16) {
            text.append(String.format(Locale.ROOT, "  %04x ", line));
            for (int i = line; i < Math.min(line + 16, shown); i++) {
                text.append(i % 2 == 0 ? " " : "").append(String.format(Locale.ROOT, "%02x",
                        buffer.getUnsignedByte(index + i)));
            }
            text.append('\n');
        }
        if (shown < length) {
            text.append("  ... ").append(length - shown).append(" more bytes\n");
        }
    }

    private static String hex(long value) {
        return String.format(Locale.ROOT, "0x%04x", value);
    }

    private static String hex32(long value) {
        return String.format(Locale.ROOT, "0x%x", value);
    }

    private static String hex16(int value) {
        return " (" + hex(value) + ")";
    }
}
