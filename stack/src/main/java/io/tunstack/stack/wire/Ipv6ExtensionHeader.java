package io.tunstack.stack.wire;

import io.netty.buffer.ByteBuf;
import io.tunstack.stack.verdict.DropReason;
import java.util.List;
import java.util.function.IntPredicate;

/**
 * A view over an IPv6 extension header of the generic shape that the Hop-by-Hop Options (RFC 8200 section 4.3),
 * Routing (4.4) and Destination Options (4.6) headers share: Next Header, Hdr Ext Len, then data; for the two
 * options headers the data is a sequence of type-length-value options (4.2), which {@link #firstOptionToAct} walks.
 * Routing-specific fields are in {@link Ipv6RoutingHeader}; the Fragment header has a fixed shape of its own,
 * {@link Ipv6FragmentHeader}.
 *
 * <p>The same contract as {@link Ipv4Packet}: {@link #wrap} checks nothing and never moves the buffer's indices;
 * after {@link #checkLength} returned {@code null}, no accessor or setter can throw, and every option index lies
 * within the header.
 */
public final class Ipv6ExtensionHeader {

    /*
     * RFC 8200 section 4.3, Hop-by-Hop Options Header (4.6, Destination Options, is the same):
     *
     *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
     *  |  Next Header  |  Hdr Ext Len  |                               |
     *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+                               +
     *  |                                                               |
     *  .                                                               .
     *  .                            Options                            .
     *  .                                                               .
     *  |                                                               |
     *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
     *
     * "Hdr Ext Len: 8-bit unsigned integer. Length of the Hop-by-Hop Options header in 8-octet units, not including
     * the first 8 octets."
     *
     * Section 4.2, each option:
     *
     *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+- - - - - - - - -
     *  |  Option Type  |  Opt Data Len |  Option Data
     *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+- - - - - - - - -
     *
     * except Pad1, a single zero byte: "the format of the Pad1 option is a special case -- it does not have length
     * and value fields."
     */

    /** Offsets from the start of the header, in bytes. */
    private static final class Field {
        static final int NEXT_HEADER = 0;
        static final int HDR_EXT_LEN = 1;
        static final int DATA = 2;

        private Field() {
        }
    }

    /** Offsets within one option, from its Option Type byte. */
    private static final class OptionField {
        static final int DATA_LENGTH = 1;
        static final int DATA = 2;

        private OptionField() {
        }
    }

    /** Hdr Ext Len counts 8-octet units, the first 8 octets not included. */
    public static final int LENGTH_UNIT = 8;
    /** The shortest extension header: Hdr Ext Len 0 means 8 bytes. */
    public static final int MIN_LENGTH = LENGTH_UNIT;
    /** Option Type of Pad1: one byte of padding, no length field (RFC 8200 4.2). */
    public static final int OPTION_PAD1 = 0;
    /** Option Type of PadN: two or more bytes of padding (RFC 8200 4.2). */
    public static final int OPTION_PADN = 1;
    /** Option Type of Router Alert, a hop-by-hop option (RFC 2711); MLD messages carry it (RFC 3810 section 5). */
    public static final int OPTION_ROUTER_ALERT = 5;
    /** Option Type of Jumbo Payload, a hop-by-hop option (RFC 2675). */
    public static final int OPTION_JUMBO_PAYLOAD = 0xC2;
    /** What {@link #firstOptionToAct} returns when every option is recognized or may be skipped. */
    public static final int NO_OPTION = -1;

    /** Next Header. */
    public static final HeaderField NEXT_HEADER_FIELD =
            HeaderField.bytes("Next Header", Field.NEXT_HEADER, Field.HDR_EXT_LEN - Field.NEXT_HEADER);
    /** Hdr Ext Len. */
    public static final HeaderField HDR_EXT_LEN_FIELD =
            HeaderField.bytes("Hdr Ext Len", Field.HDR_EXT_LEN, Field.DATA - Field.HDR_EXT_LEN);
    /** The fixed fields in header order; options (or a routing header's data) follow at {@link #dataOffset()}. */
    public static final List<HeaderField> FIELDS = List.of(NEXT_HEADER_FIELD, HDR_EXT_LEN_FIELD);

    private ByteBuf buffer;
    private int base;
    private int length;

    /** An empty view; {@link #wrap} it before use. */
    public Ipv6ExtensionHeader() {
    }

    /**
     * Points this view at the header at absolute index {@code base}, with {@code length} bytes from there to the end
     * of the IPv6 payload (the header and everything after it). Checks nothing.
     */
    public Ipv6ExtensionHeader wrap(ByteBuf buffer, int base, int length) {
        this.buffer = buffer;
        this.base = base;
        this.length = length;
        return this;
    }

    /**
     * Checks that the header's 8 bytes and the length its Hdr Ext Len declares lie within the payload.
     *
     * @return {@code null} when every accessor is safe, otherwise {@link DropReason#IPV6_EXTENSION_HEADER_TRUNCATED}
     *     (fewer than 8 bytes) or {@link DropReason#IPV6_EXTENSION_HEADER_LENGTH_BEYOND_PAYLOAD}
     */
    public DropReason checkLength() {
        if (length < MIN_LENGTH) {
            return DropReason.IPV6_EXTENSION_HEADER_TRUNCATED;
        }
        if (headerLength() > length) {
            return DropReason.IPV6_EXTENSION_HEADER_LENGTH_BEYOND_PAYLOAD;
        }
        return null;
    }

    /** The buffer this view reads. */
    public ByteBuf buffer() {
        return buffer;
    }

    /** The absolute index of the Next Header byte. */
    public int base() {
        return base;
    }

    /** The bytes from {@link #base()} to the end of the IPv6 payload, as given to {@link #wrap}. */
    public int length() {
        return length;
    }

    /** Next Header: the header or protocol after this one, see {@link IpProtocol}. */
    public int nextHeader() {
        return buffer.getUnsignedByte(base + Field.NEXT_HEADER);
    }

    /** Hdr Ext Len: the length in 8-octet units, the first 8 octets not included. */
    public int hdrExtLen() {
        return buffer.getUnsignedByte(base + Field.HDR_EXT_LEN);
    }

    /** The header's length in bytes: {@code (hdrExtLen() + 1) * 8}. */
    public int headerLength() {
        return (hdrExtLen() + 1) * LENGTH_UNIT;
    }

    /** The absolute index just after this header, where the next header starts. */
    public int end() {
        return base + headerLength();
    }

    /** The absolute index of the first byte after Hdr Ext Len: the first option, or a routing header's fields. */
    public int dataOffset() {
        return base + Field.DATA;
    }

    /** Sets Next Header. */
    public void setNextHeader(int nextHeader) {
        buffer.setByte(base + Field.NEXT_HEADER, nextHeader);
    }

    /** Sets Hdr Ext Len, in 8-octet units, the first 8 octets not included. */
    public void setHdrExtLen(int hdrExtLen) {
        buffer.setByte(base + Field.HDR_EXT_LEN, hdrExtLen);
    }

    // ---- Options (Hop-by-Hop and Destination Options headers)

    /** The Option Type of the option at absolute {@code index}. */
    public int optionType(int index) {
        return buffer.getUnsignedByte(index);
    }

    /**
     * The option's whole length in bytes, type and length bytes included: 1 for Pad1, otherwise 2 + Opt Data Len.
     * The option may run past the header: see {@link #optionFits}.
     */
    public int optionLength(int index) {
        if (optionType(index) == OPTION_PAD1) {
            return 1;
        }
        if (index + OptionField.DATA_LENGTH >= end()) {
            return OptionField.DATA; // the length byte itself is missing; the option cannot fit
        }
        return OptionField.DATA + buffer.getUnsignedByte(index + OptionField.DATA_LENGTH);
    }

    /** Whether the option at absolute {@code index} ends within the header. */
    public boolean optionFits(int index) {
        return index + optionLength(index) <= end();
    }

    /** The absolute index of the option after the one at {@code index}; {@link #end()} after the last. */
    public int nextOption(int index) {
        return index + optionLength(index);
    }

    /** The absolute index of the option data of the option at {@code index} (not for Pad1). */
    public int optionDataOffset(int index) {
        return index + OptionField.DATA;
    }

    /**
     * Walks the options as RFC 8200 section 4.2 says a node processes them, and returns the absolute index of the
     * Option Type of the first option that stops processing: one that does not fit in the header (malformed, see
     * {@link #optionFits}), or one that is not recognized and whose action ({@link Ipv6OptionAction#of}) is not
     * {@link Ipv6OptionAction#SKIP}. Pad1 and PadN are always recognized. Returns {@link #NO_OPTION} when every option
     * fits and is recognized or skipped. Only for a header that passed {@link #checkLength()}.
     *
     * <p>Not checked here: Linux's extra rules on padding (ip6_parse_tlv() drops more than 7 consecutive padding
     * bytes and PadN carrying non-zero data); those are the IPv6 layer's policy.
     *
     * @param recognized the option types the caller processes itself, besides Pad1 and PadN
     */
    public int firstOptionToAct(IntPredicate recognized) {
        int end = end();
        for (int index = dataOffset(); index < end; index = nextOption(index)) {
            if (!optionFits(index)) {
                return index;
            }
            int type = optionType(index);
            if (type != OPTION_PAD1 && type != OPTION_PADN && !recognized.test(type)
                    && Ipv6OptionAction.of(type) != Ipv6OptionAction.SKIP) {
                return index;
            }
        }
        return NO_OPTION;
    }

    /** A short name for an option type: {@code Pad1}, {@code PadN}, {@code Router Alert}..., or {@code type 0xNN}. */
    public static String optionName(int optionType) {
        switch (optionType) {
            case OPTION_PAD1:
                return "Pad1";
            case OPTION_PADN:
                return "PadN";
            case OPTION_ROUTER_ALERT:
                return "Router Alert";
            case OPTION_JUMBO_PAYLOAD:
                return "Jumbo Payload";
            default:
                return String.format(java.util.Locale.ROOT, "type 0x%02x", optionType);
        }
    }

    /**
     * One line for a Hop-by-Hop or Destination Options header: its length, what follows and its options, e.g.
     * {@code 8 bytes, next icmpv6, options Router Alert, PadN}. Never throws.
     */
    public String summary() {
        DropReason malformed = checkLength();
        if (malformed != null) {
            return "malformed (" + malformed.label() + "), length " + length;
        }
        StringBuilder text = new StringBuilder(64).append(headerLength()).append(" bytes, next ")
                .append(IpProtocol.summaryName(nextHeader()));
        String separator = ", options ";
        for (int index = dataOffset(); index < end(); index = nextOption(index)) {
            text.append(separator).append(optionName(optionType(index)));
            if (!optionFits(index)) {
                text.append(" (beyond the header)");
                break;
            }
            separator = ", ";
        }
        return text.toString();
    }

    @Override
    public String toString() {
        return buffer == null ? "Ipv6ExtensionHeader[unwrapped]" : "Ipv6ExtensionHeader[" + summary() + "]";
    }
}
