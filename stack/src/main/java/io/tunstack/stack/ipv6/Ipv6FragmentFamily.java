package io.tunstack.stack.ipv6;

import io.netty.buffer.ByteBuf;
import io.tunstack.stack.fragment.FragmentDescriptor;
import io.tunstack.stack.fragment.FragmentFamily;
import io.tunstack.stack.fragment.Reassembler;

/**
 * IPv6's part in reassembly (RFC 8200 section 4.5): how a fragment is described, and how the reassembled packet is
 * made from the first fragment's Per-Fragment headers (the unfragmentable part).
 *
 * <p>The fields it reads, under the diagrams of RFC 8200 sections 3 and 4.5:
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |Version| Traffic Class |           Flow Label                  |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |         Payload Length        |  Next Header  |   Hop Limit   |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                 Source Address (128 bits), 8..23              |
 * |              Destination Address (128 bits), 24..39           |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *
 * Fragment header (Next Header value 44):
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  Next Header  |   Reserved    |      Fragment Offset    |Res|M|
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                         Identification                        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * <p>One instance per {@link Reassembler}; it holds no state.
 */
public final class Ipv6FragmentFamily implements FragmentFamily {

    /** The IP version, and this family's tag. */
    public static final int VERSION = 6;
    /** The fixed IPv6 header: 40 bytes. */
    public static final int HEADER_LENGTH = 40;
    /** The Next Header value that names a Fragment header (RFC 8200 4.5). */
    public static final int NEXT_HEADER_FRAGMENT = 44;
    /** The Fragment header: 8 bytes. */
    public static final int FRAGMENT_HEADER_LENGTH = 8;
    /** The offset of the IPv6 header's own Next Header field. */
    public static final int NEXT_HEADER_FIELD = 6;

    /** The byte whose upper nibble holds the low four bits of the Traffic Class, ECN among them. */
    private static final int TRAFFIC_CLASS_LOW = 1;
    /** ECN is the Traffic Class's low two bits (RFC 3168 section 5), bits 4-5 of {@link #TRAFFIC_CLASS_LOW}. */
    private static final int ECN_SHIFT = 4;
    private static final int ECN_CE_BITS = 0x3 << ECN_SHIFT;
    private static final int PAYLOAD_LENGTH = 4;
    private static final int SOURCE = 8;
    private static final int DESTINATION = 24;

    private static final int FRAGMENT_NEXT_HEADER = 0;
    private static final int FRAGMENT_OFFSET_FLAGS = 2;
    private static final int FRAGMENT_IDENTIFICATION = 4;
    /** Fragment Offset, 13 bits counted in 8-octet units, sits above 3 bits: masked, it is the offset in bytes. */
    private static final int OFFSET_BYTES_MASK = 0xFFF8;
    private static final int M_FLAG = 0x1;

    /**
     * Describes a fragment into {@code into} (and returns it).
     *
     * <p>Precondition (the IPv6 layer's checks): the IPv6 header at {@code packetIndex} is whole, its Payload Length
     * is within the bytes read (bytes after it are not part of the fragment), the extension headers before the
     * Fragment header were walked, and the Fragment header at {@code fragmentHeaderIndex} lies within the payload.
     * The Fragment header's reserved fields are ignored (RFC 8200 4.5: "ignored on reception").
     *
     * @param packetIndex the absolute index of the IPv6 header
     * @param fragmentHeaderIndex the absolute index of the Fragment header
     * @param nextHeaderFieldIndex the absolute index of the Next Header field whose value is 44: {@code packetIndex +
     *     6} when the Fragment header follows the IPv6 header, else the first byte of the extension header before it
     */
    public static FragmentDescriptor describe(ByteBuf packet, int packetIndex, int fragmentHeaderIndex,
            int nextHeaderFieldIndex, FragmentDescriptor into) {
        int dataIndex = fragmentHeaderIndex + FRAGMENT_HEADER_LENGTH;
        int payloadEnd = packetIndex + HEADER_LENGTH + packet.getUnsignedShort(packetIndex + PAYLOAD_LENGTH);
        if (dataIndex > payloadEnd) {
            throw new IllegalArgumentException("Fragment header at " + fragmentHeaderIndex
                    + " beyond the payload, which ends at " + payloadEnd);
        }
        int offsetAndFlags = packet.getUnsignedShort(fragmentHeaderIndex + FRAGMENT_OFFSET_FLAGS);
        return into.key(VERSION, packet.getLong(packetIndex + SOURCE), packet.getLong(packetIndex + SOURCE + 8),
                        packet.getLong(packetIndex + DESTINATION), packet.getLong(packetIndex + DESTINATION + 8),
                        packet.getInt(fragmentHeaderIndex + FRAGMENT_IDENTIFICATION), 0)
                .placement(offsetAndFlags & OFFSET_BYTES_MASK, payloadEnd - dataIndex, (offsetAndFlags & M_FLAG) != 0)
                .bytes(packetIndex, fragmentHeaderIndex - packetIndex, dataIndex)
                .ecn(packet.getUnsignedByte(packetIndex + TRAFFIC_CLASS_LOW) >>> ECN_SHIFT)
                .nextHeader(nextHeaderFieldIndex - packetIndex,
                        packet.getUnsignedByte(fragmentHeaderIndex + FRAGMENT_NEXT_HEADER));
    }

    @Override
    public int tag() {
        return VERSION;
    }

    /**
     * RFC 8200 4.5: a fragment whose offset and length would make "the Payload Length of the packet reassembled from
     * that fragment ... exceed 65,535 octets" must be discarded. Payload Length counts the extension headers kept,
     * not the 40-byte fixed header.
     */
    @Override
    public int maxDataLength(int headersLength) {
        return Reassembler.MAX_LENGTH_FIELD - (headersLength - HEADER_LENGTH);
    }

    @Override
    public int minimumHeadersLength() {
        return HEADER_LENGTH;
    }

    /**
     * RFC 8200 4.5: "The Per-Fragment headers of the original packet are taken from the Per-Fragment headers of the
     * first fragment"; "The Next Header field of the last header of the Per-Fragment headers is obtained from the
     * Next Header field of the first fragment's Fragment header"; "The Payload Length of the reassembled packet is
     * computed from the length of the Per-Fragment headers and the length and offset of the last fragment." The
     * Fragment header itself is gone: the reassembler wrote the data right after the Per-Fragment headers, as Linux
     * ip6_frag_reasm() does. CE is set in the Traffic Class as Linux does (ipv6_change_dsfield()).
     */
    @Override
    public void rebuildHeaders(ByteBuf datagram, int headersLength, int nextHeaderOffset, int nextHeader,
            boolean congestionExperienced) {
        int base = datagram.readerIndex();
        datagram.setShort(base + PAYLOAD_LENGTH, datagram.readableBytes() - HEADER_LENGTH);
        datagram.setByte(base + nextHeaderOffset, nextHeader);
        if (congestionExperienced) {
            int index = base + TRAFFIC_CLASS_LOW;
            datagram.setByte(index, datagram.getUnsignedByte(index) | ECN_CE_BITS);
        }
    }
}
