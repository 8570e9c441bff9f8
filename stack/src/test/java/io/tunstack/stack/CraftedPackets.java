package io.tunstack.stack;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.tunstack.stack.wire.Icmpv4Packet;
import io.tunstack.stack.wire.Icmpv4Type;
import io.tunstack.stack.wire.IpProtocol;
import io.tunstack.stack.wire.Ipv4Packet;

/**
 * Crafted IPv4/ICMP packets for tests, with valid checksums, shaped like the captured ping (IHL 5, DF, TTL 64, id
 * 0x1234). Each returns the bytes; {@link CapturedPackets#copy} puts them in a buffer.
 */
public final class CraftedPackets {

    private CraftedPackets() {
    }

    /** An echo request from {@code source} to {@code destination}. */
    public static byte[] echoRequest(int source, int destination, int identifier, int sequence, byte[] data) {
        byte[] rest = new byte[4 + data.length];
        rest[0] = (byte) (identifier >>> 8);
        rest[1] = (byte) identifier;
        rest[2] = (byte) (sequence >>> 8);
        rest[3] = (byte) sequence;
        System.arraycopy(data, 0, rest, 4, data.length);
        return icmp(source, destination, Icmpv4Type.ECHO_REQUEST, 0, rest);
    }

    /**
     * An ICMP message of {@code type} and {@code code}; {@code afterChecksum} is everything after the checksum (the
     * 4-byte rest of header, then the data).
     */
    public static byte[] icmp(int source, int destination, int type, int code, byte[] afterChecksum) {
        int icmpLength = 4 + afterChecksum.length;
        int totalLength = Ipv4Packet.MIN_HEADER_LENGTH + icmpLength;
        ByteBuf buffer = Unpooled.buffer(totalLength).writerIndex(totalLength);
        Ipv4Packet ip = new Ipv4Packet().wrap(buffer);
        ip.setVersion(4);
        ip.setIhl(5);
        ip.setTotalLength(totalLength);
        ip.setIdentification(0x1234);
        ip.setDontFragment(true);
        ip.setTtl(64);
        ip.setProtocol(IpProtocol.ICMP);
        ip.setSourceAddress(source);
        ip.setDestinationAddress(destination);
        ip.fillHeaderChecksum();
        Icmpv4Packet icmp = new Icmpv4Packet().wrap(buffer, ip.payloadOffset(), icmpLength);
        icmp.setType(type);
        icmp.setCode(code);
        buffer.setBytes(ip.payloadOffset() + 4, afterChecksum);
        icmp.fillChecksum();
        byte[] bytes = new byte[totalLength];
        buffer.getBytes(0, bytes);
        buffer.release();
        return bytes;
    }

    /** Applies {@code change} to a copy of {@code packet} and recomputes the IPv4 header checksum. */
    public static byte[] withHeader(byte[] packet, java.util.function.Consumer<Ipv4Packet> change) {
        ByteBuf buffer = Unpooled.wrappedBuffer(packet.clone());
        Ipv4Packet ip = new Ipv4Packet().wrap(buffer);
        change.accept(ip);
        ip.fillHeaderChecksum();
        byte[] bytes = new byte[buffer.readableBytes()];
        buffer.getBytes(0, bytes);
        buffer.release();
        return bytes;
    }
}
