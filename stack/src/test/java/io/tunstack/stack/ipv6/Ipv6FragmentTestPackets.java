package io.tunstack.stack.ipv6;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.tunstack.stack.fragment.FragmentDescriptor;
import java.util.Arrays;

/**
 * Hand-built IPv6 packets for the reassembly tests (RFC 8200): a 40-byte header, optionally a Hop-by-Hop Options
 * header (the Per-Fragment headers then are 48 bytes), and ICMPv6 data; fragments carry a Fragment header (Next
 * Header 44) after the Per-Fragment headers. Buffers are unpooled heap buffers that the caller releases.
 */
public final class Ipv6FragmentTestPackets {

    /** fd00:172:21:22::23, the kernel's side of the link. */
    public static final byte[] SOURCE = address(0x23);
    /** fd00:172:21:22::26, an address tunstack answers for. */
    public static final byte[] DESTINATION = address(0x26);
    public static final int NEXT_HEADER_HOP_BY_HOP = 0;
    public static final int NEXT_HEADER_ICMPV6 = 58;
    public static final int HOP_LIMIT = 64;
    /** A Hop-by-Hop Options header of 8 bytes: next header (filled in), length 0, one PadN option of 4 bytes. */
    private static final byte[] HOP_BY_HOP = {0, 0, 1, 4, 0, 0, 0, 0};

    private Ipv6FragmentTestPackets() {
    }

    private static byte[] address(int last) {
        byte[] address = {(byte) 0xfd, 0, 0x01, 0x72, 0, 0x21, 0, 0x22, 0, 0, 0, 0, 0, 0, 0, 0};
        address[15] = (byte) last;
        return address;
    }

    /** An unfragmented packet: the IPv6 header (Next Header 58, ICMPv6) followed by {@code data}. */
    public static byte[] datagram(byte[] data) {
        return datagram(false, data);
    }

    /** An unfragmented packet, with a Hop-by-Hop Options header before the ICMPv6 data when asked. */
    public static byte[] datagram(boolean hopByHop, byte[] data) {
        int headers = Ipv6FragmentFamily.HEADER_LENGTH + (hopByHop ? HOP_BY_HOP.length : 0);
        ByteBuf buffer = Unpooled.buffer(headers + data.length);
        try {
            buffer.writeByte(Ipv6FragmentFamily.VERSION << 4).writeMedium(0);
            buffer.writeShort(headers - Ipv6FragmentFamily.HEADER_LENGTH + data.length);
            buffer.writeByte(hopByHop ? NEXT_HEADER_HOP_BY_HOP : NEXT_HEADER_ICMPV6).writeByte(HOP_LIMIT);
            buffer.writeBytes(SOURCE).writeBytes(DESTINATION);
            if (hopByHop) {
                buffer.writeBytes(HOP_BY_HOP);
                buffer.setByte(Ipv6FragmentFamily.HEADER_LENGTH, NEXT_HEADER_ICMPV6);
            }
            buffer.writeBytes(data);
            byte[] bytes = new byte[buffer.readableBytes()];
            buffer.getBytes(0, bytes);
            return bytes;
        } finally {
            buffer.release();
        }
    }

    /**
     * The length of the Per-Fragment headers of {@code datagram} (one made by {@link #datagram}), and the index of
     * the Next Header field that names what follows them.
     */
    private static int[] perFragmentHeaders(byte[] datagram) {
        int nextHeaderField = Ipv6FragmentFamily.NEXT_HEADER_FIELD;
        int end = Ipv6FragmentFamily.HEADER_LENGTH;
        if (datagram[nextHeaderField] == NEXT_HEADER_HOP_BY_HOP) {
            nextHeaderField = end;
            end += (datagram[end + 1] + 1) * 8;
        }
        return new int[] {end, nextHeaderField};
    }

    /**
     * A fragment of {@code datagram} (made by {@link #datagram}) with the given identification, carrying the data
     * bytes {@code [offset, end)} (after the Per-Fragment headers), offset a multiple of 8, with M as given.
     */
    public static ByteBuf fragment(byte[] datagram, int identification, int offset, int end, boolean more) {
        int[] headers = perFragmentHeaders(datagram);
        int perFragment = headers[0];
        ByteBuf buffer = Unpooled.buffer(perFragment + Ipv6FragmentFamily.FRAGMENT_HEADER_LENGTH + end - offset);
        buffer.writeBytes(datagram, 0, perFragment);
        buffer.setShort(4, perFragment - Ipv6FragmentFamily.HEADER_LENGTH
                + Ipv6FragmentFamily.FRAGMENT_HEADER_LENGTH + end - offset);
        buffer.setByte(headers[1], Ipv6FragmentFamily.NEXT_HEADER_FRAGMENT);
        buffer.writeByte(datagram[headers[1]]).writeByte(0);
        buffer.writeShort(offset | (more ? 1 : 0)).writeInt(identification);
        buffer.writeBytes(datagram, perFragment + offset, end - offset);
        return buffer;
    }

    /**
     * Describes a fragment made by {@link #fragment} the way the IPv6 layer will: it walks the headers to the
     * Fragment header (here only Hop-by-Hop can come before it) and hands the indices to {@link
     * Ipv6FragmentFamily#describe}.
     */
    public static FragmentDescriptor describe(ByteBuf packet, FragmentDescriptor into) {
        int base = packet.readerIndex();
        int nextHeaderField = base + Ipv6FragmentFamily.NEXT_HEADER_FIELD;
        int header = base + Ipv6FragmentFamily.HEADER_LENGTH;
        while (packet.getUnsignedByte(nextHeaderField) != Ipv6FragmentFamily.NEXT_HEADER_FRAGMENT) {
            nextHeaderField = header;
            header += (packet.getUnsignedByte(header + 1) + 1) * 8;
        }
        return Ipv6FragmentFamily.describe(packet, base, header, nextHeaderField, into);
    }

    /** Sets the ECN bits of the Traffic Class (its low two bits) of the packet at the buffer's reader index. */
    public static ByteBuf withEcn(ByteBuf packet, int ecn) {
        int index = packet.readerIndex() + 1;
        packet.setByte(index, packet.getUnsignedByte(index) & ~0x30 | ecn << 4);
        return packet;
    }

    /** The ECN codepoint of a packet's Traffic Class. */
    public static int ecn(byte[] packet) {
        return (packet[1] >> 4) & 0x3;
    }

    /** The Payload Length field of a packet. */
    public static int payloadLength(byte[] packet) {
        return (packet[4] & 0xFF) << 8 | (packet[5] & 0xFF);
    }

    /** A copy of {@code packet} with byte {@code index} changed to {@code value}. */
    public static byte[] with(byte[] packet, int index, int value) {
        byte[] copy = Arrays.copyOf(packet, packet.length);
        copy[index] = (byte) value;
        return copy;
    }
}
