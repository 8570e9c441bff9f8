package io.tunstack.benchmarks;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.tunstack.stack.CapturedPackets;
import io.tunstack.stack.wire.CapturedIpv6Packets;
import io.tunstack.stack.wire.Icmpv4Packet;
import io.tunstack.stack.wire.Icmpv6Packet;
import io.tunstack.stack.wire.Ipv4Packet;
import io.tunstack.stack.wire.IpProtocol;
import io.tunstack.stack.wire.Ipv6Packet;

/**
 * Echo requests for the benchmarks, in pooled direct buffers like the device worker's: the captured {@code ping -c 1
 * 127.0.0.1} request and the captured {@code ping -6 -c 1 fd00:172:21:22::26} request, or the same requests carrying
 * a larger payload. The caller owns and releases each buffer.
 */
final class EchoRequests {

    /** iputils ping's default payload: the captured request carries exactly this many data bytes. */
    static final int CAPTURED_PAYLOAD = 56;

    /** The IPv4 header (no options) and the ICMP echo header in front of the payload. */
    static final int HEADERS = Ipv4Packet.MIN_HEADER_LENGTH + Icmpv4Packet.HEADER_LENGTH;

    /** The IPv6 fixed header (no extension headers) and the ICMPv6 echo header in front of the payload. */
    static final int IPV6_HEADERS = Ipv6Packet.HEADER_LENGTH + Icmpv6Packet.HEADER_LENGTH;

    private EchoRequests() {
    }

    /**
     * The captured request with {@code payload} data bytes: the captured bytes themselves for 56, otherwise the
     * captured headers and data, the data continued the way iputils fills it (data byte i is {@code i mod 256}; the
     * first 16 hold the timeval), then Total Length and both checksums recomputed.
     */
    static ByteBuf echoRequest(int payload) {
        byte[] captured = CapturedPackets.ECHO_REQUEST_LOOPBACK;
        ByteBuf packet = PooledByteBufAllocator.DEFAULT.directBuffer(HEADERS + payload);
        if (payload == CAPTURED_PAYLOAD) {
            return packet.writeBytes(captured);
        }
        packet.writeBytes(captured, 0, Math.min(captured.length, HEADERS + payload));
        for (int i = packet.writerIndex() - HEADERS; i < payload; i++) {
            packet.writeByte(i);
        }
        Ipv4Packet ip = Ipv4Packet.newUnchecked(packet);
        ip.setTotalLength(HEADERS + payload);
        ip.fillHeaderChecksum();
        new Icmpv4Packet().wrap(packet, ip.payloadOffset(), ip.payloadLength()).fillChecksum();
        return packet;
    }

    /**
     * The captured IPv6 request with {@code payload} data bytes: the captured bytes themselves for 56, otherwise the
     * captured headers and data, the data continued the way iputils fills it (as for IPv4), then Payload Length and
     * the ICMPv6 checksum (over the pseudo-header) recomputed.
     */
    static ByteBuf ipv6EchoRequest(int payload) {
        byte[] captured = CapturedIpv6Packets.ECHO_REQUEST;
        ByteBuf packet = PooledByteBufAllocator.DEFAULT.directBuffer(IPV6_HEADERS + payload);
        if (payload == CAPTURED_PAYLOAD) {
            return packet.writeBytes(captured);
        }
        packet.writeBytes(captured, 0, Math.min(captured.length, IPV6_HEADERS + payload));
        for (int i = packet.writerIndex() - IPV6_HEADERS; i < payload; i++) {
            packet.writeByte(i);
        }
        Ipv6Packet ip = Ipv6Packet.newUnchecked(packet);
        int messageLength = Icmpv6Packet.HEADER_LENGTH + payload;
        ip.setPayloadLength(messageLength);
        new Icmpv6Packet().wrap(packet, ip.payloadOffset(), messageLength)
                .fillChecksum(ip.pseudoHeaderSum(messageLength, IpProtocol.ICMPV6));
        return packet;
    }
}
