package io.tunstack.stack.wire;

import io.netty.buffer.ByteBuf;
import io.tunstack.stack.verdict.DropReason;
import java.util.List;

/**
 * A view over an IPv6 Routing header (RFC 8200 section 4.4): the generic extension header fields, read through
 * {@link Ipv6ExtensionHeader}, plus Routing Type and Segments Left. The type-specific data is not interpreted: a host
 * processes no routing type (RFC 5095 deprecates type 0; "if Segments Left is zero, the node must ignore the Routing
 * header", otherwise an unrecognized type earns a Parameter Problem, code 0, pointing at Routing Type).
 *
 * <p>The same contract as {@link Ipv4Packet}: {@link #wrap} checks nothing; after {@link #checkLength} returned
 * {@code null}, no accessor or setter can throw.
 */
public final class Ipv6RoutingHeader {

    /*
     * RFC 8200 section 4.4, Routing Header:
     *
     *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
     *  |  Next Header  |  Hdr Ext Len  |  Routing Type | Segments Left |
     *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
     *  |                                                               |
     *  .                                                               .
     *  .                       type-specific data                      .
     *  .                                                               .
     *  |                                                               |
     *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
     *
     * "Segments Left: 8-bit unsigned integer. Number of route segments remaining, i.e., number of explicitly listed
     * intermediate nodes still to be visited before reaching the final destination."
     */

    /** Offsets from the start of the header, in bytes; Next Header and Hdr Ext Len are the generic header's. */
    private static final class Field {
        static final int ROUTING_TYPE = 2;
        static final int SEGMENTS_LEFT = 3;
        static final int TYPE_SPECIFIC_DATA = 4;

        private Field() {
        }
    }

    /** Routing Type 0, the source route that RFC 5095 deprecates. */
    public static final int TYPE_0 = 0;

    /** Routing Type. */
    public static final HeaderField ROUTING_TYPE_FIELD =
            HeaderField.bytes("Routing Type", Field.ROUTING_TYPE, Field.SEGMENTS_LEFT - Field.ROUTING_TYPE);
    /** Segments Left. */
    public static final HeaderField SEGMENTS_LEFT_FIELD = HeaderField.bytes("Segments Left", Field.SEGMENTS_LEFT,
            Field.TYPE_SPECIFIC_DATA - Field.SEGMENTS_LEFT);
    /** The fixed fields in header order; type-specific data follows. */
    public static final List<HeaderField> FIELDS = List.of(Ipv6ExtensionHeader.NEXT_HEADER_FIELD,
            Ipv6ExtensionHeader.HDR_EXT_LEN_FIELD, ROUTING_TYPE_FIELD, SEGMENTS_LEFT_FIELD);

    private final Ipv6ExtensionHeader header = new Ipv6ExtensionHeader();

    /** An empty view; {@link #wrap} it before use. */
    public Ipv6RoutingHeader() {
    }

    /**
     * Points this view at the header at absolute index {@code base}, with {@code length} bytes from there to the end
     * of the IPv6 payload. Checks nothing.
     */
    public Ipv6RoutingHeader wrap(ByteBuf buffer, int base, int length) {
        header.wrap(buffer, base, length);
        return this;
    }

    /**
     * Checks the generic header's lengths ({@link Ipv6ExtensionHeader#checkLength()}); its 8 bytes hold Routing Type
     * and Segments Left.
     */
    public DropReason checkLength() {
        return header.checkLength();
    }

    /** The generic view of this header: Next Header, Hdr Ext Len, length, end. */
    public Ipv6ExtensionHeader header() {
        return header;
    }

    /** Next Header. */
    public int nextHeader() {
        return header.nextHeader();
    }

    /** Hdr Ext Len, in 8-octet units, the first 8 octets not included. */
    public int hdrExtLen() {
        return header.hdrExtLen();
    }

    /** Routing Type. */
    public int routingType() {
        return header.buffer().getUnsignedByte(header.base() + Field.ROUTING_TYPE);
    }

    /** Segments Left: intermediate nodes still to be visited. */
    public int segmentsLeft() {
        return header.buffer().getUnsignedByte(header.base() + Field.SEGMENTS_LEFT);
    }

    /** The absolute index of Routing Type, where a Parameter Problem for an unrecognized type points. */
    public int routingTypeOffset() {
        return header.base() + Field.ROUTING_TYPE;
    }

    /** The absolute index of the type-specific data. */
    public int typeSpecificDataOffset() {
        return header.base() + Field.TYPE_SPECIFIC_DATA;
    }

    /** Sets Routing Type. */
    public void setRoutingType(int routingType) {
        header.buffer().setByte(header.base() + Field.ROUTING_TYPE, routingType);
    }

    /** Sets Segments Left. */
    public void setSegmentsLeft(int segmentsLeft) {
        header.buffer().setByte(header.base() + Field.SEGMENTS_LEFT, segmentsLeft);
    }

    /** One line, in tcpdump's shape: {@code srcrt (len=2, type=0, segleft=1)}. Never throws. */
    public String summary() {
        DropReason malformed = checkLength();
        if (malformed != null) {
            return "srcrt malformed (" + malformed.label() + "), length " + header.length();
        }
        return "srcrt (len=" + hdrExtLen() + ", type=" + routingType() + ", segleft=" + segmentsLeft() + ")";
    }

    @Override
    public String toString() {
        return header.buffer() == null ? "Ipv6RoutingHeader[unwrapped]" : "Ipv6RoutingHeader[" + summary() + "]";
    }
}
