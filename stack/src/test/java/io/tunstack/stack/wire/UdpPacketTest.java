package io.tunstack.stack.wire;

import static io.tunstack.stack.wire.CapturedIpv6Packets.UDP_TO_CLOSED_PORT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.tunstack.stack.LeakDetection;
import io.tunstack.stack.verdict.DropReason;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Built from a real UDP datagram over IPv6 ({@link CapturedIpv6Packets#UDP_TO_CLOSED_PORT}). */
@ExtendWith(LeakDetection.class)
class UdpPacketTest {

    private static final int UDP = Ipv6Packet.HEADER_LENGTH;

    @Test
    void deconstructsTheCapturedDatagram() {
        ByteBuf buffer = CapturedIpv6Packets.copy(UDP_TO_CLOSED_PORT);
        try {
            Ipv6Packet ip = Ipv6Packet.newUnchecked(buffer);
            assertEquals(IpProtocol.UDP, ip.nextHeader());
            UdpPacket udp = new UdpPacket().wrap(buffer, ip.payloadOffset(), ip.payloadLength());
            assertNull(udp.checkLength());
            assertEquals(35053, udp.sourcePort());
            assertEquals(53, udp.destinationPort());
            assertEquals(12, udp.udpLength());
            assertEquals(0xb438, udp.checksum());
            assertEquals(UDP + 8, udp.dataOffset());
            assertEquals(4, udp.dataLength());
            assertEquals('a', buffer.getByte(udp.dataOffset()));
            int pseudoHeaderSum = ip.pseudoHeaderSum(udp.udpLength(), IpProtocol.UDP);
            assertTrue(udp.verifyChecksum(pseudoHeaderSum));
            udp.fillChecksum(pseudoHeaderSum);
            assertEquals(0xb438, udp.checksum(), "a full recomputation gives the kernel's checksum");
            for (HeaderField field : UdpPacket.FIELDS) {
                assertEquals(buffer.getUnsignedShort(UDP + field.byteOffset()), field.value(buffer, UDP));
            }
            assertEquals("UDP, length 4", udp.summary());
        } finally {
            assertTrue(buffer.release());
        }
    }

    @Test
    void settersWriteTheirFields() {
        ByteBuf buffer = CapturedIpv6Packets.copy(UDP_TO_CLOSED_PORT);
        try {
            UdpPacket udp = new UdpPacket().wrap(buffer, UDP, 12);
            udp.setSourcePort(53);
            udp.setDestinationPort(35053);
            udp.setUdpLength(11);
            udp.setChecksum(0xbeef);
            assertEquals(53, udp.sourcePort());
            assertEquals(35053, udp.destinationPort());
            assertEquals(11, udp.udpLength());
            assertEquals(0xbeef, udp.checksum());
        } finally {
            assertTrue(buffer.release());
        }
    }

    static Stream<Arguments> lengthCases() {
        return Stream.of(
                Arguments.of("7 bytes", 7, 12, DropReason.UDP_TRUNCATED),
                Arguments.of("length field 7 < 8", 12, 7, DropReason.UDP_LENGTH_BELOW_HEADER),
                Arguments.of("length field 13 > 12 bytes", 12, 13, DropReason.UDP_LENGTH_BEYOND_PAYLOAD),
                Arguments.of("length field 8: no data", 12, 8, null),
                Arguments.of("the capture", 12, 12, null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("lengthCases")
    void checkLength(String name, int length, int lengthField, DropReason expected) {
        ByteBuf buffer = CapturedIpv6Packets.copy(UDP_TO_CLOSED_PORT);
        try {
            buffer.setShort(UDP + UdpPacket.LENGTH_FIELD.byteOffset(), lengthField);
            assertEquals(expected, new UdpPacket().wrap(buffer, UDP, length).checkLength());
        } finally {
            assertTrue(buffer.release());
        }
    }
}
