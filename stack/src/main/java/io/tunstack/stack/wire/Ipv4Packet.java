package io.tunstack.stack.wire;

import io.tunstack.stack.address.Ipv4Address;
import io.netty.buffer.ByteBuf;
import io.tunstack.stack.verdict.DropReason;
import java.util.List;

/**
 * A view over an IPv4 packet in a {@link ByteBuf}: one accessor and one setter per header field of RFC 791.
 *
 * <p>The view records the buffer, the packet's base index and the number of bytes read once, in {@link #wrap}, and
 * never moves the buffer's reader or writer index. A view is reusable: a worker keeps one and re-wraps it for every
 * packet, so nothing is allocated per packet.
 *
 * <p>Validation contract (as smoltcp's {@code new_unchecked} / {@code check_len}): {@link #wrap} checks nothing.
 * {@link #checkLength} checks that the bytes read hold the whole header and the whole datagram that the header
 * declares. After it returned {@code null}, no accessor or setter of this view can throw, and every index it returns
 * lies within the bytes read. Without it, accessors may throw {@link IndexOutOfBoundsException}. The version, the
 * checksum and the addresses are checked on meaning by the IPv4 layer, not here.
 */
public final class Ipv4Packet {

    /*
     * RFC 791 section 3.1, Internet Header Format:
     *
     *   0                   1                   2                   3
     *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
     *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
     *  |Version|  IHL  |Type of Service|          Total Length         |
     *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
     *  |         Identification        |Flags|      Fragment Offset    |
     *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
     *  |  Time to Live |    Protocol   |         Header Checksum       |
     *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
     *  |                       Source Address                          |
     *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
     *  |                    Destination Address                        |
     *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
     *  |                    Options                    |    Padding    |
     *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
     *
     * The Type of Service byte is DSCP (6 bits, RFC 2474) and ECN (2 bits, RFC 3168).
     * Flags: bit 0 reserved (must be zero), bit 1 DF (Don't Fragment), bit 2 MF (More Fragments).
     */

    /** Offsets of the header fields from the start of the packet, in bytes. */
    private static final class Field {
        static final int VERSION_IHL = 0;
        static final int DSCP_ECN = 1;
        static final int TOTAL_LENGTH = 2;
        static final int IDENTIFICATION = 4;
        static final int FLAGS_FRAGMENT_OFFSET = 6;
        static final int TTL = 8;
        static final int PROTOCOL = 9;
        static final int HEADER_CHECKSUM = 10;
        static final int SOURCE_ADDRESS = 12;
        static final int DESTINATION_ADDRESS = 16;
        static final int OPTIONS = 20;

        private Field() {
        }
    }

    /** The version this view is for. */
    public static final int VERSION = 4;
    /** The header without options: five 32-bit words, 5*4 = 20 bytes. */
    public static final int MIN_HEADER_LENGTH = Field.OPTIONS;
    /** The largest header: IHL is 4 bits, so at most 15 32-bit words, 15*4 = 60 bytes. */
    public static final int MAX_HEADER_LENGTH = 15 * 4;
    /** The largest datagram: Total Length is 16 bits. */
    public static final int MAX_TOTAL_LENGTH = 0xFFFF;
    /** Fragment Offset counts units of 8 bytes (RFC 791: "measured in units of 8 octets (64 bits)"). */
    public static final int FRAGMENT_OFFSET_UNIT = 8;

    private static final int FLAG_RESERVED = 0x8000;
    private static final int FLAG_DONT_FRAGMENT = 0x4000;
    private static final int FLAG_MORE_FRAGMENTS = 0x2000;
    private static final int FRAGMENT_OFFSET_MASK = 0x1FFF;

    /** Version, the upper nibble of the first byte. */
    public static final HeaderField VERSION_FIELD = HeaderField.bits("Version", Field.VERSION_IHL, 0, 4);
    /** Internet Header Length, in 32-bit words, the lower nibble of the first byte. */
    public static final HeaderField IHL_FIELD = HeaderField.bits("IHL", Field.VERSION_IHL, 4, 4);
    /** Differentiated Services Code Point: the upper 6 bits of the former Type of Service (RFC 2474). */
    public static final HeaderField DSCP_FIELD = HeaderField.bits("DSCP", Field.DSCP_ECN, 0, 6);
    /** Explicit Congestion Notification: the lower 2 bits of the former Type of Service (RFC 3168). */
    public static final HeaderField ECN_FIELD = HeaderField.bits("ECN", Field.DSCP_ECN, 6, 2);
    /** Total Length. */
    public static final HeaderField TOTAL_LENGTH_FIELD =
            HeaderField.bytes("Total Length", Field.TOTAL_LENGTH, Field.IDENTIFICATION - Field.TOTAL_LENGTH);
    /** Identification. */
    public static final HeaderField IDENTIFICATION_FIELD = HeaderField.bytes("Identification",
            Field.IDENTIFICATION, Field.FLAGS_FRAGMENT_OFFSET - Field.IDENTIFICATION);
    /** Flags: reserved, DF, MF, the 3 bits above Fragment Offset. */
    public static final HeaderField FLAGS_FIELD = HeaderField.bits("Flags", Field.FLAGS_FRAGMENT_OFFSET, 0,
            Short.SIZE - Integer.bitCount(FRAGMENT_OFFSET_MASK));
    /** Fragment Offset, in units of 8 bytes. */
    public static final HeaderField FRAGMENT_OFFSET_FIELD = HeaderField.bits("Fragment Offset",
            Field.FLAGS_FRAGMENT_OFFSET, Short.SIZE - Integer.bitCount(FRAGMENT_OFFSET_MASK), Integer.bitCount(FRAGMENT_OFFSET_MASK));
    /** Time to Live. */
    public static final HeaderField TTL_FIELD = HeaderField.bytes("Time to Live", Field.TTL, 1);
    /** Protocol. */
    public static final HeaderField PROTOCOL_FIELD = HeaderField.bytes("Protocol", Field.PROTOCOL, 1);
    /** Header Checksum. */
    public static final HeaderField HEADER_CHECKSUM_FIELD = HeaderField.bytes("Header Checksum",
            Field.HEADER_CHECKSUM, Field.SOURCE_ADDRESS - Field.HEADER_CHECKSUM);
    /** Source Address. */
    public static final HeaderField SOURCE_ADDRESS_FIELD = HeaderField.bytes("Source Address",
            Field.SOURCE_ADDRESS, Field.DESTINATION_ADDRESS - Field.SOURCE_ADDRESS);
    /** Destination Address. */
    public static final HeaderField DESTINATION_ADDRESS_FIELD = HeaderField.bytes("Destination Address",
            Field.DESTINATION_ADDRESS, Field.OPTIONS - Field.DESTINATION_ADDRESS);
    /** The fixed header's fields in header order; options, if any, follow at {@link #optionsOffset()}. */
    public static final List<HeaderField> FIELDS = List.of(VERSION_FIELD, IHL_FIELD, DSCP_FIELD, ECN_FIELD,
            TOTAL_LENGTH_FIELD, IDENTIFICATION_FIELD, FLAGS_FIELD, FRAGMENT_OFFSET_FIELD, TTL_FIELD, PROTOCOL_FIELD,
            HEADER_CHECKSUM_FIELD, SOURCE_ADDRESS_FIELD, DESTINATION_ADDRESS_FIELD);

    private ByteBuf buffer;
    private int base;
    private int bytesRead;

    /** An empty view; {@link #wrap} it before use. */
    public Ipv4Packet() {
    }

    /** A new view over the readable bytes of {@code buffer}; see {@link #wrap(ByteBuf)}. */
    public static Ipv4Packet newUnchecked(ByteBuf buffer) {
        return new Ipv4Packet().wrap(buffer);
    }

    /** Points this view at the readable bytes of {@code buffer}: base is its reader index. Checks nothing. */
    public Ipv4Packet wrap(ByteBuf buffer) {
        return wrap(buffer, buffer.readerIndex(), buffer.readableBytes());
    }

    /** Points this view at {@code bytesRead} bytes of {@code buffer} from absolute index {@code base}. */
    public Ipv4Packet wrap(ByteBuf buffer, int base, int bytesRead) {
        this.buffer = buffer;
        this.base = base;
        this.bytesRead = bytesRead;
        return this;
    }

    /**
     * Checks, from cheap to expensive, that the bytes read hold what the header declares.
     *
     * @return {@code null} when every accessor is safe, otherwise the first problem found:
     *     {@link DropReason#IPV4_TRUNCATED} (fewer than 20 bytes), {@link DropReason#IPV4_BAD_IHL} (IHL below 5),
     *     {@link DropReason#IPV4_HEADER_TRUNCATED} (IHL says more bytes than were read),
     *     {@link DropReason#IPV4_TOTAL_LENGTH_BELOW_HEADER}, {@link DropReason#IPV4_TOTAL_LENGTH_BEYOND_BYTES_READ}.
     *     Bytes read beyond Total Length (link padding) are allowed; the datagram ends at {@link #end()}.
     */
    public DropReason checkLength() {
        if (bytesRead < MIN_HEADER_LENGTH) {
            return DropReason.IPV4_TRUNCATED;
        }
        int headerLength = headerLength();
        if (headerLength < MIN_HEADER_LENGTH) {
            return DropReason.IPV4_BAD_IHL;
        }
        if (headerLength > bytesRead) {
            return DropReason.IPV4_HEADER_TRUNCATED;
        }
        int totalLength = totalLength();
        if (totalLength < headerLength) {
            return DropReason.IPV4_TOTAL_LENGTH_BELOW_HEADER;
        }
        if (totalLength > bytesRead) {
            return DropReason.IPV4_TOTAL_LENGTH_BEYOND_BYTES_READ;
        }
        return null;
    }

    /** The buffer this view reads. */
    public ByteBuf buffer() {
        return buffer;
    }

    /** The absolute index of the first header byte. */
    public int base() {
        return base;
    }

    /** How many bytes were read from the link, from {@link #base()}: Total Length plus any link padding. */
    public int bytesRead() {
        return bytesRead;
    }

    /** The absolute index just after the datagram: {@code base() + totalLength()}. */
    public int end() {
        return base + totalLength();
    }

    // ---- Version, IHL, DSCP, ECN, Total Length

    /** Version: 4 for IPv4. */
    public int version() {
        return buffer.getUnsignedByte(base + Field.VERSION_IHL) >>> 4;
    }

    /** Internet Header Length, in 32-bit words (5..15 in a valid packet). */
    public int ihl() {
        return buffer.getUnsignedByte(base + Field.VERSION_IHL) & 0x0F;
    }

    /** The header length in bytes, options included: {@code ihl() * 4}. */
    public int headerLength() {
        return ihl() * 4;
    }

    /** Differentiated Services Code Point, the upper 6 bits of the former Type of Service byte (RFC 2474). */
    public int dscp() {
        return buffer.getUnsignedByte(base + Field.DSCP_ECN) >>> 2;
    }

    /** Explicit Congestion Notification, the lower 2 bits of the former Type of Service byte (RFC 3168). */
    public int ecn() {
        return buffer.getUnsignedByte(base + Field.DSCP_ECN) & 0x03;
    }

    /** Total Length: the datagram's length in bytes, header and data. */
    public int totalLength() {
        return buffer.getUnsignedShort(base + Field.TOTAL_LENGTH);
    }

    // ---- Identification, flags, Fragment Offset

    /** Identification: ties the fragments of one datagram together. */
    public int identification() {
        return buffer.getUnsignedShort(base + Field.IDENTIFICATION);
    }

    /** The reserved flag bit, which RFC 791 says "must be zero". */
    public boolean reservedFlag() {
        return (flagsAndFragmentOffset() & FLAG_RESERVED) != 0;
    }

    /** DF: "Don't Fragment". */
    public boolean dontFragment() {
        return (flagsAndFragmentOffset() & FLAG_DONT_FRAGMENT) != 0;
    }

    /** MF: "More Fragments": this is not the last fragment. */
    public boolean moreFragments() {
        return (flagsAndFragmentOffset() & FLAG_MORE_FRAGMENTS) != 0;
    }

    /** Fragment Offset, in units of 8 bytes. */
    public int fragmentOffset() {
        return flagsAndFragmentOffset() & FRAGMENT_OFFSET_MASK;
    }

    /** Fragment Offset in bytes: {@code fragmentOffset() * 8}. */
    public int fragmentOffsetBytes() {
        return fragmentOffset() * FRAGMENT_OFFSET_UNIT;
    }

    /** Whether this packet is a fragment of a larger datagram: MF set or a non-zero offset. */
    public boolean isFragment() {
        return (flagsAndFragmentOffset() & (FLAG_MORE_FRAGMENTS | FRAGMENT_OFFSET_MASK)) != 0;
    }

    private int flagsAndFragmentOffset() {
        return buffer.getUnsignedShort(base + Field.FLAGS_FRAGMENT_OFFSET);
    }

    // ---- TTL, Protocol, Header Checksum, addresses

    /** Time to Live. */
    public int ttl() {
        return buffer.getUnsignedByte(base + Field.TTL);
    }

    /** Protocol: the next level protocol, see {@link IpProtocol}. */
    public int protocol() {
        return buffer.getUnsignedByte(base + Field.PROTOCOL);
    }

    /** Header Checksum as stored. */
    public int headerChecksum() {
        return buffer.getUnsignedShort(base + Field.HEADER_CHECKSUM);
    }

    /** Whether the header checksum is valid: the header's one's-complement sum, checksum included, is 0xFFFF. */
    public boolean verifyHeaderChecksum() {
        return Checksum.isValid(buffer, base, headerLength());
    }

    /** Source Address, as an int (see {@link Ipv4Address}). */
    public int sourceAddress() {
        return buffer.getInt(base + Field.SOURCE_ADDRESS);
    }

    /** Destination Address, as an int (see {@link Ipv4Address}). */
    public int destinationAddress() {
        return buffer.getInt(base + Field.DESTINATION_ADDRESS);
    }

    // ---- Options and payload

    /** The absolute index of the first option byte (options occupy {@link #optionsLength()} bytes). */
    public int optionsOffset() {
        return base + Field.OPTIONS;
    }

    /** The length of the options and their padding, in bytes: {@code headerLength() - 20} (0..40). */
    public int optionsLength() {
        return headerLength() - MIN_HEADER_LENGTH;
    }

    /** The absolute index of the first payload byte, just after the header. */
    public int payloadOffset() {
        return base + headerLength();
    }

    /** The payload length in bytes, from Total Length: {@code totalLength() - headerLength()}. */
    public int payloadLength() {
        return totalLength() - headerLength();
    }

    // ---- Setters. They write the field only: the header checksum is the caller's, see fillHeaderChecksum().

    /** Sets Version (the upper nibble of the first byte), keeping IHL. */
    public void setVersion(int version) {
        int index = base + Field.VERSION_IHL;
        buffer.setByte(index, (version & 0x0F) << 4 | (buffer.getUnsignedByte(index) & 0x0F));
    }

    /** Sets IHL, in 32-bit words (the lower nibble of the first byte), keeping Version. */
    public void setIhl(int ihl) {
        int index = base + Field.VERSION_IHL;
        buffer.setByte(index, (buffer.getUnsignedByte(index) & 0xF0) | (ihl & 0x0F));
    }

    /** Sets DSCP, keeping ECN. */
    public void setDscp(int dscp) {
        int index = base + Field.DSCP_ECN;
        buffer.setByte(index, (dscp & 0x3F) << 2 | (buffer.getUnsignedByte(index) & 0x03));
    }

    /** Sets ECN, keeping DSCP. */
    public void setEcn(int ecn) {
        int index = base + Field.DSCP_ECN;
        buffer.setByte(index, (buffer.getUnsignedByte(index) & 0xFC) | (ecn & 0x03));
    }

    /** Sets Total Length. */
    public void setTotalLength(int totalLength) {
        buffer.setShort(base + Field.TOTAL_LENGTH, totalLength);
    }

    /** Sets Identification. */
    public void setIdentification(int identification) {
        buffer.setShort(base + Field.IDENTIFICATION, identification);
    }

    /** Sets or clears the reserved flag bit. */
    public void setReservedFlag(boolean set) {
        setFlag(FLAG_RESERVED, set);
    }

    /** Sets or clears DF. */
    public void setDontFragment(boolean set) {
        setFlag(FLAG_DONT_FRAGMENT, set);
    }

    /** Sets or clears MF. */
    public void setMoreFragments(boolean set) {
        setFlag(FLAG_MORE_FRAGMENTS, set);
    }

    /** Sets Fragment Offset, in units of 8 bytes, keeping the flags. */
    public void setFragmentOffset(int offsetInUnits) {
        int flags = flagsAndFragmentOffset() & ~FRAGMENT_OFFSET_MASK;
        buffer.setShort(base + Field.FLAGS_FRAGMENT_OFFSET, flags | (offsetInUnits & FRAGMENT_OFFSET_MASK));
    }

    /**
     * Clears the reserved flag and DF in one read and one write, keeping MF and Fragment Offset: what a host's own
     * datagram needs when it must not carry DF (the same as {@code setReservedFlag(false); setDontFragment(false)}).
     */
    public void clearReservedAndDontFragment() {
        setFlag(FLAG_RESERVED | FLAG_DONT_FRAGMENT, false);
    }

    private void setFlag(int mask, boolean set) {
        int value = flagsAndFragmentOffset();
        buffer.setShort(base + Field.FLAGS_FRAGMENT_OFFSET, set ? value | mask : value & ~mask);
    }

    /** Sets Time to Live. */
    public void setTtl(int ttl) {
        buffer.setByte(base + Field.TTL, ttl);
    }

    /** Sets Protocol. */
    public void setProtocol(int protocol) {
        buffer.setByte(base + Field.PROTOCOL, protocol);
    }

    /** Stores {@code checksum} as the Header Checksum. */
    public void setHeaderChecksum(int checksum) {
        buffer.setShort(base + Field.HEADER_CHECKSUM, checksum);
    }

    /** Computes the header checksum over {@link #headerLength()} bytes and stores it. */
    public void fillHeaderChecksum() {
        setHeaderChecksum(0);
        setHeaderChecksum(Checksum.compute(buffer, base, headerLength()));
    }

    /** Sets Source Address. */
    public void setSourceAddress(int address) {
        buffer.setInt(base + Field.SOURCE_ADDRESS, address);
    }

    /** Sets Destination Address. */
    public void setDestinationAddress(int address) {
        buffer.setInt(base + Field.DESTINATION_ADDRESS, address);
    }

    /**
     * One line for this layer alone, in tcpdump's shape: {@code IP 10.0.0.1 > 10.0.0.2: icmp, length 64}, the
     * fragment appended as {@link #fragmentSummary()}; a later fragment shows no length, as tcpdump does
     * ({@code IP 10.0.0.1 > 10.0.0.2: icmp (frag 38157:64@1480)}). A packet that fails {@link #checkLength()} is
     * named with the check's label. Never throws.
     */
    public String summary() {
        DropReason malformed = checkLength();
        if (malformed != null) {
            return "IP malformed (" + malformed.label() + "), length " + bytesRead;
        }
        String protocol = IpProtocol.summaryName(protocol());
        if (fragmentOffset() != 0) {
            return addressSummary() + protocol + fragmentSummary();
        }
        return addressSummary() + protocol + ", length " + payloadLength() + fragmentSummary();
    }

    /** {@code IP source > destination: }, the start of every {@link #summary()} line, for composing summaries. */
    public String addressSummary() {
        return "IP " + Ipv4Address.format(sourceAddress()) + " > " + Ipv4Address.format(destinationAddress()) + ": ";
    }

    /**
     * tcpdump's fragment note, {@code " (frag ID:LENGTH@OFFSET+)"} ({@code +} when MF is set), or {@code ""} for a
     * datagram that is not a fragment.
     */
    public String fragmentSummary() {
        if (!isFragment()) {
            return "";
        }
        return " (frag " + identification() + ":" + payloadLength() + "@" + fragmentOffsetBytes()
                + (moreFragments() ? "+" : "") + ")";
    }

    @Override
    public String toString() {
        if (buffer == null) {
            return "Ipv4Packet[unwrapped]";
        }
        if (checkLength() != null) {
            return "Ipv4Packet[" + bytesRead + " bytes, " + checkLength().label() + "]";
        }
        return "Ipv4Packet[" + Ipv4Address.format(sourceAddress()) + " > " + Ipv4Address.format(destinationAddress())
                + " " + IpProtocol.name(protocol()) + " len " + totalLength() + " id " + identification()
                + " ttl " + ttl() + (dontFragment() ? " DF" : "") + (moreFragments() ? " MF" : "")
                + (fragmentOffset() != 0 ? " off " + fragmentOffsetBytes() : "") + "]";
    }
}
