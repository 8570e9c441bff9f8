package io.tunstack.stack.wire;

import io.tunstack.stack.address.Ipv6Address;
import io.netty.buffer.ByteBuf;
import io.tunstack.stack.verdict.DropReason;
import java.util.List;

/**
 * A view over an IPv6 packet in a {@link ByteBuf}: one accessor and one setter per field of the RFC 8200 fixed
 * header. The addresses are read and written as two {@code long}s each (see {@link Ipv6Address}), so nothing is
 * allocated.
 *
 * <p>The same contract as {@link Ipv4Packet}: {@link #wrap} checks nothing and never moves the buffer's indices;
 * after {@link #checkLength} returned {@code null}, no accessor or setter can throw and every index it returns lies
 * within the bytes read. Extension headers are views of their own ({@link Ipv6ExtensionHeader},
 * {@link Ipv6RoutingHeader}, {@link Ipv6FragmentHeader}), walked by the layer from {@link #payloadOffset()}. The
 * version and the addresses are checked on meaning by the IPv6 layer, not here.
 */
public final class Ipv6Packet {

    /*
     * RFC 8200 section 3, IPv6 Header Format:
     *
     *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
     *  |Version| Traffic Class |           Flow Label                  |
     *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
     *  |         Payload Length        |  Next Header  |   Hop Limit   |
     *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
     *  |                                                               |
     *  +                                                               +
     *  |                                                               |
     *  +                         Source Address                        +
     *  |                                                               |
     *  +                                                               +
     *  |                                                               |
     *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
     *  |                                                               |
     *  +                                                               +
     *  |                                                               |
     *  +                      Destination Address                      +
     *  |                                                               |
     *  +                                                               +
     *  |                                                               |
     *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
     *
     * Version 4 bits, Traffic Class 8 bits (DSCP 6 bits and ECN 2 bits, RFC 8200 section 7), Flow Label 20 bits
     * (RFC 6437). "Payload Length: 16-bit unsigned integer. Length of the IPv6 payload, i.e., the rest of the packet
     * following this IPv6 header, in octets. (Note that any extension headers present are considered part of the
     * payload, i.e., included in the length count.)"
     */

    /** Offsets of the header fields from the start of the packet, in bytes. */
    private static final class Field {
        static final int VERSION_CLASS_FLOW = 0;
        static final int PAYLOAD_LENGTH = 4;
        static final int NEXT_HEADER = 6;
        static final int HOP_LIMIT = 7;
        static final int SOURCE_ADDRESS = 8;
        static final int DESTINATION_ADDRESS = 24;
        static final int PAYLOAD = 40;

        private Field() {
        }
    }

    /** The version this view is for. */
    public static final int VERSION = 6;
    /** The fixed header: 40 bytes, with no options (those live in extension headers). */
    public static final int HEADER_LENGTH = Field.PAYLOAD;
    /** The largest payload without a Jumbo Payload option (RFC 2675, which tunstack does not support): 16 bits. */
    public static final int MAX_PAYLOAD_LENGTH = 0xFFFF;

    private static final int VERSION_BITS = 4;
    private static final int TRAFFIC_CLASS_BITS = 8;
    private static final int FLOW_LABEL_BITS = 20;
    private static final int FLOW_LABEL_MASK = (1 << FLOW_LABEL_BITS) - 1;
    private static final int ADDRESS_LENGTH = Field.DESTINATION_ADDRESS - Field.SOURCE_ADDRESS;

    /** Version. */
    public static final HeaderField VERSION_FIELD =
            HeaderField.bits("Version", Field.VERSION_CLASS_FLOW, 0, VERSION_BITS);
    /** Traffic Class: DSCP (upper 6 bits) and ECN (lower 2 bits). */
    public static final HeaderField TRAFFIC_CLASS_FIELD =
            HeaderField.bits("Traffic Class", Field.VERSION_CLASS_FLOW, VERSION_BITS, TRAFFIC_CLASS_BITS);
    /** Flow Label. */
    public static final HeaderField FLOW_LABEL_FIELD = HeaderField.bits("Flow Label", Field.VERSION_CLASS_FLOW,
            VERSION_BITS + TRAFFIC_CLASS_BITS, FLOW_LABEL_BITS);
    /** Payload Length. */
    public static final HeaderField PAYLOAD_LENGTH_FIELD =
            HeaderField.bytes("Payload Length", Field.PAYLOAD_LENGTH, Field.NEXT_HEADER - Field.PAYLOAD_LENGTH);
    /** Next Header. */
    public static final HeaderField NEXT_HEADER_FIELD =
            HeaderField.bytes("Next Header", Field.NEXT_HEADER, Field.HOP_LIMIT - Field.NEXT_HEADER);
    /** Hop Limit. */
    public static final HeaderField HOP_LIMIT_FIELD =
            HeaderField.bytes("Hop Limit", Field.HOP_LIMIT, Field.SOURCE_ADDRESS - Field.HOP_LIMIT);
    /** Source Address. */
    public static final HeaderField SOURCE_ADDRESS_FIELD =
            HeaderField.bytes("Source Address", Field.SOURCE_ADDRESS, ADDRESS_LENGTH);
    /** Destination Address. */
    public static final HeaderField DESTINATION_ADDRESS_FIELD =
            HeaderField.bytes("Destination Address", Field.DESTINATION_ADDRESS, ADDRESS_LENGTH);
    /** The fixed header's fields in header order. */
    public static final List<HeaderField> FIELDS = List.of(VERSION_FIELD, TRAFFIC_CLASS_FIELD, FLOW_LABEL_FIELD,
            PAYLOAD_LENGTH_FIELD, NEXT_HEADER_FIELD, HOP_LIMIT_FIELD, SOURCE_ADDRESS_FIELD, DESTINATION_ADDRESS_FIELD);

    private ByteBuf buffer;
    private int base;
    private int bytesRead;

    /** An empty view; {@link #wrap} it before use. */
    public Ipv6Packet() {
    }

    /** A new view over the readable bytes of {@code buffer}. Checks nothing. */
    public static Ipv6Packet newUnchecked(ByteBuf buffer) {
        return new Ipv6Packet().wrap(buffer, buffer.readerIndex(), buffer.readableBytes());
    }

    /** Points this view at {@code bytesRead} bytes of {@code buffer} from absolute index {@code base}. Checks nothing. */
    public Ipv6Packet wrap(ByteBuf buffer, int base, int bytesRead) {
        this.buffer = buffer;
        this.base = base;
        this.bytesRead = bytesRead;
        return this;
    }

    /**
     * Checks, from cheap to expensive, that the bytes read hold the fixed header and the payload it declares.
     *
     * @return {@code null} when every accessor is safe, otherwise {@link DropReason#IPV6_TRUNCATED} (fewer than 40
     *     bytes) or {@link DropReason#IPV6_PAYLOAD_LENGTH_BEYOND_BYTES_READ}. Bytes read beyond the payload length
     *     are link padding and allowed; the packet ends at {@link #end()}. A Payload Length of zero is an empty
     *     payload here: a Jumbo Payload (RFC 2675) is not recognized.
     */
    public DropReason checkLength() {
        if (bytesRead < HEADER_LENGTH) {
            return DropReason.IPV6_TRUNCATED;
        }
        if (HEADER_LENGTH + payloadLength() > bytesRead) {
            return DropReason.IPV6_PAYLOAD_LENGTH_BEYOND_BYTES_READ;
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

    /** How many bytes were read from the link, from {@link #base()}: the packet plus any link padding. */
    public int bytesRead() {
        return bytesRead;
    }

    /** The absolute index just after the packet: {@code base() + 40 + payloadLength()}. */
    public int end() {
        return payloadOffset() + payloadLength();
    }

    // ---- Version, Traffic Class, Flow Label

    /** Version: 6 for IPv6. */
    public int version() {
        return buffer.getUnsignedByte(base + Field.VERSION_CLASS_FLOW) >>> 4;
    }

    /** Traffic Class, 8 bits: DSCP in the upper 6, ECN in the lower 2 (RFC 8200 section 7). */
    public int trafficClass() {
        return firstWord() >>> FLOW_LABEL_BITS & 0xFF;
    }

    /** Flow Label, 20 bits (RFC 6437); 0 when the source labels no flow. */
    public int flowLabel() {
        return firstWord() & FLOW_LABEL_MASK;
    }

    private int firstWord() {
        return buffer.getInt(base + Field.VERSION_CLASS_FLOW);
    }

    // ---- Payload Length, Next Header, Hop Limit

    /** Payload Length: the bytes after the fixed header, extension headers included. */
    public int payloadLength() {
        return buffer.getUnsignedShort(base + Field.PAYLOAD_LENGTH);
    }

    /** Next Header: the first extension header or the upper-layer protocol, see {@link IpProtocol}. */
    public int nextHeader() {
        return buffer.getUnsignedByte(base + Field.NEXT_HEADER);
    }

    /** Hop Limit. */
    public int hopLimit() {
        return buffer.getUnsignedByte(base + Field.HOP_LIMIT);
    }

    // ---- Addresses

    /** The upper 64 bits of Source Address. */
    public long sourceHigh() {
        return buffer.getLong(base + Field.SOURCE_ADDRESS);
    }

    /** The lower 64 bits of Source Address. */
    public long sourceLow() {
        return buffer.getLong(base + Field.SOURCE_ADDRESS + Long.BYTES);
    }

    /** The upper 64 bits of Destination Address. */
    public long destinationHigh() {
        return buffer.getLong(base + Field.DESTINATION_ADDRESS);
    }

    /** The lower 64 bits of Destination Address. */
    public long destinationLow() {
        return buffer.getLong(base + Field.DESTINATION_ADDRESS + Long.BYTES);
    }

    // ---- Payload

    /** The absolute index of the first payload byte, just after the fixed header. */
    public int payloadOffset() {
        return base + HEADER_LENGTH;
    }

    /**
     * The partial sum of this packet's pseudo-header (RFC 8200 section 8.1) for an upper-layer message of
     * {@code upperLayerLength} bytes whose protocol is {@code nextHeader} (the last Next Header of the chain), with
     * this header's addresses. RFC 8200 8.1: "If the IPv6 packet contains a Routing header, the Destination Address
     * used in the pseudo-header is that of the final destination"; for a packet that arrived at its final destination
     * (Segments Left 0) that is this header's.
     */
    public int pseudoHeaderSum(int upperLayerLength, int nextHeader) {
        return Checksum.ipv6PseudoHeaderSum(sourceHigh(), sourceLow(), destinationHigh(), destinationLow(),
                upperLayerLength, nextHeader);
    }

    // ---- Setters. IPv6 has no header checksum: an upper-layer checksum covers the addresses through the
    // pseudo-header, so whoever changes an address recomputes (or incrementally updates) that checksum.

    /**
     * Writes the whole fixed header of a packet tunstack originates: Version 6, Traffic Class 0 and Flow Label 0 (not
     * labelled, RFC 6437), and the other fields as given.
     */
    public void setFixedHeader(int payloadLength, int nextHeader, int hopLimit, long sourceHigh, long sourceLow,
            long destinationHigh, long destinationLow) {
        buffer.setInt(base + Field.VERSION_CLASS_FLOW, VERSION << (TRAFFIC_CLASS_BITS + FLOW_LABEL_BITS));
        setPayloadLength(payloadLength);
        setNextHeader(nextHeader);
        setHopLimit(hopLimit);
        setSource(sourceHigh, sourceLow);
        setDestination(destinationHigh, destinationLow);
    }

    /** Sets Version, keeping Traffic Class. */
    public void setVersion(int version) {
        int index = base + Field.VERSION_CLASS_FLOW;
        buffer.setByte(index, (version & 0x0F) << 4 | (buffer.getUnsignedByte(index) & 0x0F));
    }

    /** Sets Traffic Class, keeping Version and Flow Label. */
    public void setTrafficClass(int trafficClass) {
        int word = firstWord() & ~(0xFF << FLOW_LABEL_BITS) | (trafficClass & 0xFF) << FLOW_LABEL_BITS;
        buffer.setInt(base + Field.VERSION_CLASS_FLOW, word);
    }

    /** Sets Flow Label (20 bits), keeping Version and Traffic Class. */
    public void setFlowLabel(int flowLabel) {
        buffer.setInt(base + Field.VERSION_CLASS_FLOW, firstWord() & ~FLOW_LABEL_MASK | flowLabel & FLOW_LABEL_MASK);
    }

    /** Sets Payload Length. */
    public void setPayloadLength(int payloadLength) {
        buffer.setShort(base + Field.PAYLOAD_LENGTH, payloadLength);
    }

    /** Sets Next Header. */
    public void setNextHeader(int nextHeader) {
        buffer.setByte(base + Field.NEXT_HEADER, nextHeader);
    }

    /** Sets Hop Limit. */
    public void setHopLimit(int hopLimit) {
        buffer.setByte(base + Field.HOP_LIMIT, hopLimit);
    }

    /** Sets Source Address from its upper and lower 64 bits. */
    public void setSource(long high, long low) {
        buffer.setLong(base + Field.SOURCE_ADDRESS, high);
        buffer.setLong(base + Field.SOURCE_ADDRESS + Long.BYTES, low);
    }

    /** Sets Destination Address from its upper and lower 64 bits. */
    public void setDestination(long high, long low) {
        buffer.setLong(base + Field.DESTINATION_ADDRESS, high);
        buffer.setLong(base + Field.DESTINATION_ADDRESS + Long.BYTES, low);
    }

    // ---- Text

    /** {@code IP6 source > destination: }, the start of every {@link #summary()} line, for composing summaries. */
    public String addressSummary() {
        return "IP6 " + Ipv6Address.format(sourceHigh(), sourceLow()) + " > "
                + Ipv6Address.format(destinationHigh(), destinationLow()) + ": ";
    }

    /**
     * One line for this header alone, in tcpdump's shape: {@code IP6 fe80::1 > ff02::2: icmpv6, length 8} (the
     * next header and the payload length); a packet that fails {@link #checkLength()} is named with the check's
     * label. Never throws.
     */
    public String summary() {
        DropReason malformed = checkLength();
        if (malformed != null) {
            return "IP6 malformed (" + malformed.label() + "), length " + bytesRead;
        }
        return addressSummary() + IpProtocol.summaryName(nextHeader()) + ", length " + payloadLength();
    }

    @Override
    public String toString() {
        if (buffer == null) {
            return "Ipv6Packet[unwrapped]";
        }
        return "Ipv6Packet[" + summary() + "]";
    }
}
