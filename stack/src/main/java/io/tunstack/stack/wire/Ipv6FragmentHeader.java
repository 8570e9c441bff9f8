package io.tunstack.stack.wire;

import io.netty.buffer.ByteBuf;
import io.tunstack.stack.verdict.DropReason;
import java.util.List;

/**
 * A view over an IPv6 Fragment header (RFC 8200 section 4.5), which has a fixed 8-byte shape of its own (no Hdr Ext
 * Len).
 *
 * <p>The same contract as {@link Ipv4Packet}: {@link #wrap} checks nothing and never moves the buffer's indices;
 * after {@link #checkLength} returned {@code null}, no accessor or setter can throw.
 */
public final class Ipv6FragmentHeader {

    /*
     * RFC 8200 section 4.5, Fragment Header:
     *
     *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
     *  |  Next Header  |   Reserved    |      Fragment Offset    |Res|M|
     *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
     *  |                         Identification                        |
     *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
     *
     * "Fragment Offset: 13-bit unsigned integer. The offset, in 8-octet units, of the data following this header,
     * relative to the start of the Fragmentable Part of the original packet." "Res: 2-bit reserved field.
     * Initialized to zero for transmission; ignored on reception." "M flag: 1 = more fragments; 0 = last fragment."
     */

    /** Offsets from the start of the header, in bytes. */
    private static final class Field {
        static final int NEXT_HEADER = 0;
        static final int RESERVED = 1;
        static final int OFFSET_RES_M = 2;
        static final int IDENTIFICATION = 4;
        static final int FRAGMENT_DATA = 8;

        private Field() {
        }
    }

    /** The header is always 8 bytes. */
    public static final int LENGTH = Field.FRAGMENT_DATA;
    /** Fragment Offset counts 8-octet units. */
    public static final int FRAGMENT_OFFSET_UNIT = 8;

    private static final int OFFSET_SHIFT = 3;
    private static final int RES_MASK = 0x0006;
    private static final int MORE_FRAGMENTS = 0x0001;
    private static final int OFFSET_BITS = Short.SIZE - OFFSET_SHIFT;

    /** Next Header: the header or protocol of the fragmented part. */
    public static final HeaderField NEXT_HEADER_FIELD =
            HeaderField.bytes("Next Header", Field.NEXT_HEADER, Field.RESERVED - Field.NEXT_HEADER);
    /** Reserved (8 bits). */
    public static final HeaderField RESERVED_FIELD =
            HeaderField.bytes("Reserved", Field.RESERVED, Field.OFFSET_RES_M - Field.RESERVED);
    /** Fragment Offset, in 8-octet units. */
    public static final HeaderField FRAGMENT_OFFSET_FIELD =
            HeaderField.bits("Fragment Offset", Field.OFFSET_RES_M, 0, OFFSET_BITS);
    /** Res (2 bits). */
    public static final HeaderField RES_FIELD =
            HeaderField.bits("Res", Field.OFFSET_RES_M, OFFSET_BITS, Integer.bitCount(RES_MASK));
    /** M flag. */
    public static final HeaderField M_FIELD = HeaderField.bits("M", Field.OFFSET_RES_M,
            OFFSET_BITS + Integer.bitCount(RES_MASK), Integer.bitCount(MORE_FRAGMENTS));
    /** Identification (32 bits). */
    public static final HeaderField IDENTIFICATION_FIELD = HeaderField.bytes("Identification",
            Field.IDENTIFICATION, Field.FRAGMENT_DATA - Field.IDENTIFICATION);
    /** The header's fields in header order. */
    public static final List<HeaderField> FIELDS = List.of(NEXT_HEADER_FIELD, RESERVED_FIELD, FRAGMENT_OFFSET_FIELD,
            RES_FIELD, M_FIELD, IDENTIFICATION_FIELD);

    private ByteBuf buffer;
    private int base;
    private int length;

    /** An empty view; {@link #wrap} it before use. */
    public Ipv6FragmentHeader() {
    }

    /**
     * Points this view at the header at absolute index {@code base}, with {@code length} bytes from there to the end
     * of the IPv6 payload (the header and the fragment data). Checks nothing.
     */
    public Ipv6FragmentHeader wrap(ByteBuf buffer, int base, int length) {
        this.buffer = buffer;
        this.base = base;
        this.length = length;
        return this;
    }

    /**
     * Checks that the 8-byte header lies within the payload.
     *
     * @return {@code null} when every accessor is safe, otherwise {@link DropReason#IPV6_EXTENSION_HEADER_TRUNCATED}
     */
    public DropReason checkLength() {
        return length < LENGTH ? DropReason.IPV6_EXTENSION_HEADER_TRUNCATED : null;
    }

    /** The buffer this view reads. */
    public ByteBuf buffer() {
        return buffer;
    }

    /** The absolute index of the Next Header byte. */
    public int base() {
        return base;
    }

    /** The bytes from {@link #base()} to the end of the IPv6 payload: the header and the fragment data. */
    public int length() {
        return length;
    }

    /** Next Header: the header or protocol that the reassembled Fragmentable Part starts with. */
    public int nextHeader() {
        return buffer.getUnsignedByte(base + Field.NEXT_HEADER);
    }

    /** Reserved: "Initialized to zero for transmission; ignored on reception." */
    public int reserved() {
        return buffer.getUnsignedByte(base + Field.RESERVED);
    }

    /** Fragment Offset, in 8-octet units. */
    public int fragmentOffset() {
        return offsetResM() >>> OFFSET_SHIFT;
    }

    /** Fragment Offset in bytes: {@code fragmentOffset() * 8}. */
    public int fragmentOffsetBytes() {
        return fragmentOffset() * FRAGMENT_OFFSET_UNIT;
    }

    /** Res, the 2 reserved bits: "ignored on reception". */
    public int res() {
        return (offsetResM() & RES_MASK) >>> 1;
    }

    /** M: more fragments follow. */
    public boolean moreFragments() {
        return (offsetResM() & MORE_FRAGMENTS) != 0;
    }

    /** Identification, 32 bits (compare as an int; print unsigned). */
    public int identification() {
        return buffer.getInt(base + Field.IDENTIFICATION);
    }

    /**
     * Whether this is an atomic fragment, offset 0 and M clear: the whole packet in one fragment. RFC 6946 section 4:
     * such a packet is processed "in isolation from any other packets/fragments", without reassembly state.
     */
    public boolean isAtomic() {
        return (offsetResM() & ~RES_MASK) == 0;
    }

    private int offsetResM() {
        return buffer.getUnsignedShort(base + Field.OFFSET_RES_M);
    }

    /** The absolute index of the fragment data, just after the header. */
    public int dataOffset() {
        return base + Field.FRAGMENT_DATA;
    }

    /** The fragment data's length: {@code length() - 8}. */
    public int dataLength() {
        return length - LENGTH;
    }

    /** Sets Next Header. */
    public void setNextHeader(int nextHeader) {
        buffer.setByte(base + Field.NEXT_HEADER, nextHeader);
    }

    /** Sets Reserved. */
    public void setReserved(int reserved) {
        buffer.setByte(base + Field.RESERVED, reserved);
    }

    /** Sets Fragment Offset, in 8-octet units, keeping Res and M. */
    public void setFragmentOffset(int offsetInUnits) {
        int rest = offsetResM() & (RES_MASK | MORE_FRAGMENTS);
        buffer.setShort(base + Field.OFFSET_RES_M, (offsetInUnits << OFFSET_SHIFT | rest) & 0xFFFF);
    }

    /** Sets Res (2 bits), keeping Fragment Offset and M. */
    public void setRes(int res) {
        int rest = offsetResM() & ~RES_MASK;
        buffer.setShort(base + Field.OFFSET_RES_M, rest | (res << 1 & RES_MASK));
    }

    /** Sets or clears M, keeping Fragment Offset and Res. */
    public void setMoreFragments(boolean more) {
        int value = offsetResM();
        buffer.setShort(base + Field.OFFSET_RES_M, more ? value | MORE_FRAGMENTS : value & ~MORE_FRAGMENTS);
    }

    /** Sets Identification. */
    public void setIdentification(int identification) {
        buffer.setInt(base + Field.IDENTIFICATION, identification);
    }

    /**
     * One line, in tcpdump's shape: {@code frag (OFFSET|LENGTH)}, the fragment's offset and data length in bytes.
     * Never throws.
     */
    public String summary() {
        DropReason malformed = checkLength();
        if (malformed != null) {
            return "frag malformed (" + malformed.label() + "), length " + length;
        }
        return "frag (" + fragmentOffsetBytes() + "|" + dataLength() + ")";
    }

    @Override
    public String toString() {
        return buffer == null ? "Ipv6FragmentHeader[unwrapped]" : "Ipv6FragmentHeader[" + summary() + "]";
    }
}
