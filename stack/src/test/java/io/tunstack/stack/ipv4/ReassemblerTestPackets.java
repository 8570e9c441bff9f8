package io.tunstack.stack.ipv4;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.tunstack.stack.wire.IpProtocol;
import io.tunstack.stack.address.Ipv4Address;
import io.tunstack.stack.wire.Ipv4Packet;

/**
 * Crafted IPv4 datagrams and fragments for the reassembly and fragmentation tests. Every packet has a valid header
 * checksum; the buffers are unpooled heap buffers that the caller releases.
 */
public final class ReassemblerTestPackets {

    public static final int SOURCE = Ipv4Address.parse("172.21.22.23");
    public static final int DESTINATION = Ipv4Address.parse("172.21.22.26");
    public static final int TTL = 64;

    private ReassemblerTestPackets() {
    }

    /** An unfragmented datagram: a 20-byte header (id, ICMP) followed by {@code data}. */
    public static byte[] datagram(int identification, byte[] data) {
        return datagram(identification, new byte[0], data);
    }

    /** An unfragmented datagram with {@code options} (a multiple of 4 bytes) in its header, then {@code data}. */
    public static byte[] datagram(int identification, byte[] options, byte[] data) {
        int headerLength = Ipv4Packet.MIN_HEADER_LENGTH + options.length;
        ByteBuf buffer = Unpooled.buffer(headerLength + data.length);
        try {
            buffer.writeZero(Ipv4Packet.MIN_HEADER_LENGTH).writeBytes(options).writeBytes(data);
            Ipv4Packet ip = Ipv4Packet.newUnchecked(buffer);
            ip.setVersion(Ipv4Packet.VERSION);
            ip.setIhl(headerLength / 4);
            ip.setTotalLength(headerLength + data.length);
            ip.setIdentification(identification);
            ip.setTtl(TTL);
            ip.setProtocol(IpProtocol.ICMP);
            ip.setSourceAddress(SOURCE);
            ip.setDestinationAddress(DESTINATION);
            ip.fillHeaderChecksum();
            byte[] bytes = new byte[buffer.readableBytes()];
            buffer.getBytes(0, bytes);
            return bytes;
        } finally {
            buffer.release();
        }
    }

    /** {@code length} data bytes that differ from their neighbours: {@code (seed + i * 7) & 0xff}. */
    public static byte[] data(int length, int seed) {
        byte[] data = new byte[length];
        for (int i = 0; i < length; i++) {
            data[i] = (byte) (seed + i * 7);
        }
        return data;
    }

    /**
     * A fragment of {@code datagram} (an unfragmented datagram) carrying its data bytes {@code [offset, end)}, offset
     * a multiple of 8, with MF as given, under a copy of the datagram's whole header (options included).
     */
    public static ByteBuf fragment(byte[] datagram, int offset, int end, boolean more) {
        int headerLength = (datagram[0] & 0x0F) * 4;
        ByteBuf buffer = Unpooled.buffer(headerLength + end - offset);
        buffer.writeBytes(datagram, 0, headerLength).writeBytes(datagram, headerLength + offset, end - offset);
        Ipv4Packet ip = Ipv4Packet.newUnchecked(buffer);
        ip.setTotalLength(headerLength + end - offset);
        ip.setFragmentOffset(offset / Ipv4Packet.FRAGMENT_OFFSET_UNIT);
        ip.setMoreFragments(more);
        ip.fillHeaderChecksum();
        return buffer;
    }

    /** A fragment of a crafted datagram with the given id: {@code end - offset} data bytes at {@code offset}. */
    public static ByteBuf fragment(int identification, int offset, int end, boolean more) {
        return fragment(datagram(identification, data(end, identification)), offset, end, more);
    }

    /** The bytes of a buffer's readable region. */
    public static byte[] bytes(ByteBuf buffer) {
        byte[] bytes = new byte[buffer.readableBytes()];
        buffer.getBytes(buffer.readerIndex(), bytes);
        return bytes;
    }
}
