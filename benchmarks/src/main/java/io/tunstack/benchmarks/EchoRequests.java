package io.tunstack.benchmarks;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.tunstack.stack.CapturedPackets;
import io.tunstack.stack.wire.Icmpv4Packet;
import io.tunstack.stack.wire.Ipv4Packet;

/**
 * Echo requests for the benchmarks, in pooled direct buffers like the device worker's: the captured {@code ping -c 1
 * 127.0.0.1} request, or the same request carrying a larger payload. The caller owns and releases each buffer.
 */
final class EchoRequests {

    /** iputils ping's default payload: the captured request carries exactly this many data bytes. */
    static final int CAPTURED_PAYLOAD = 56;

    /** The IPv4 header (no options) and the ICMP echo header in front of the payload. */
    static final int HEADERS = Ipv4Packet.MIN_HEADER_LENGTH + Icmpv4Packet.HEADER_LENGTH;

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
}
