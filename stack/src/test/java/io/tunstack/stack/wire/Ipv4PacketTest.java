package io.tunstack.stack.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.PooledByteBufAllocator;
import io.tunstack.stack.CapturedPackets;
import io.tunstack.stack.verdict.DropReason;
import io.tunstack.stack.LeakDetection;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@ExtendWith(LeakDetection.class)
class Ipv4PacketTest {

    @Test
    void deconstructsTheCapturedRequestFieldByField() {
        ByteBuf buffer = CapturedPackets.echoRequestLoopback();
        try {
            Ipv4Packet ip = Ipv4Packet.newUnchecked(buffer);
            assertNull(ip.checkLength());
            assertEquals(4, ip.version());
            assertEquals(5, ip.ihl());
            assertEquals(20, ip.headerLength());
            assertEquals(0, ip.dscp());
            assertEquals(0, ip.ecn());
            assertEquals(84, ip.totalLength());
            assertEquals(0x950d, ip.identification());
            assertFalse(ip.reservedFlag());
            assertTrue(ip.dontFragment());
            assertFalse(ip.moreFragments());
            assertEquals(0, ip.fragmentOffset());
            assertFalse(ip.isFragment());
            assertEquals(64, ip.ttl());
            assertEquals(IpProtocol.ICMP, ip.protocol());
            assertEquals(0xa799, ip.headerChecksum());
            assertTrue(ip.verifyHeaderChecksum());
            assertEquals(0x7F000001, ip.sourceAddress());
            assertEquals(0x7F000001, ip.destinationAddress());
            assertEquals(20, ip.optionsOffset());
            assertEquals(0, ip.optionsLength());
            assertEquals(20, ip.payloadOffset());
            assertEquals(64, ip.payloadLength());
            assertEquals(84, ip.end());
            assertEquals(0, buffer.readerIndex(), "a view never moves the reader index");
            assertEquals(84, buffer.writerIndex(), "a view never moves the writer index");
        } finally {
            assertTrue(buffer.release());
        }
    }

    @Test
    void constructsTheCapturedRequestHeaderIntoA5Filler() {
        byte[] expected = CapturedPackets.ECHO_REQUEST_LOOPBACK;
        ByteBuf buffer = PooledByteBufAllocator.DEFAULT.directBuffer(expected.length).writerIndex(expected.length);
        try {
            buffer.setBytes(0, filled(expected.length, (byte) 0xa5));
            Ipv4Packet ip = new Ipv4Packet().wrap(buffer);
            ip.setVersion(4);
            ip.setIhl(5);
            ip.setDscp(0);
            ip.setEcn(0);
            ip.setTotalLength(84);
            ip.setIdentification(0x950d);
            ip.setReservedFlag(false);
            ip.setDontFragment(true);
            ip.setMoreFragments(false);
            ip.setFragmentOffset(0);
            ip.setTtl(64);
            ip.setProtocol(IpProtocol.ICMP);
            ip.setSourceAddress(0x7F000001);
            ip.setDestinationAddress(0x7F000001);
            ip.fillHeaderChecksum();
            byte[] header = ByteBufUtil.getBytes(buffer, 0, Ipv4Packet.MIN_HEADER_LENGTH);
            byte[] expectedHeader = java.util.Arrays.copyOf(expected, Ipv4Packet.MIN_HEADER_LENGTH);
            assertArrayEquals(expectedHeader, header);
            assertEquals((byte) 0xa5, buffer.getByte(Ipv4Packet.MIN_HEADER_LENGTH), "no write past the header");
        } finally {
            assertTrue(buffer.release());
        }
    }

    @Test
    void settersChangeOnlyTheirOwnBits() {
        ByteBuf buffer = CapturedPackets.echoRequestLoopback();
        try {
            Ipv4Packet ip = Ipv4Packet.newUnchecked(buffer);
            ip.setDscp(0x2e);
            ip.setEcn(3);
            ip.setMoreFragments(true);
            ip.setFragmentOffset(0x1abc);
            ip.setReservedFlag(true);
            assertEquals(0x2e, ip.dscp());
            assertEquals(3, ip.ecn());
            assertTrue(ip.dontFragment(), "DF kept");
            assertTrue(ip.moreFragments());
            assertTrue(ip.reservedFlag());
            assertEquals(0x1abc, ip.fragmentOffset());
            assertEquals(0x1abc * 8, ip.fragmentOffsetBytes());
            ip.setIhl(6);
            assertEquals(4, ip.version(), "IHL setter keeps the version");
            ip.setVersion(6);
            assertEquals(6, ip.ihl(), "version setter keeps IHL");
        } finally {
            assertTrue(buffer.release());
        }
    }

    @Test
    void viewRespectsANonZeroBase() {
        byte[] request = CapturedPackets.ECHO_REQUEST_LOOPBACK;
        ByteBuf buffer = PooledByteBufAllocator.DEFAULT.directBuffer(7 + request.length);
        try {
            buffer.writeZero(7).writeBytes(request).readerIndex(7);
            Ipv4Packet ip = Ipv4Packet.newUnchecked(buffer);
            assertNull(ip.checkLength());
            assertEquals(7, ip.base());
            assertEquals(0x950d, ip.identification());
            assertTrue(ip.verifyHeaderChecksum());
            assertEquals(7 + 20, ip.payloadOffset());
            assertEquals(7 + 84, ip.end());
        } finally {
            assertTrue(buffer.release());
        }
    }

    static Stream<Arguments> lengthCases() {
        return Stream.of(
                Arguments.of("19 bytes: shorter than the minimum header", truncated(19), DropReason.IPV4_TRUNCATED),
                Arguments.of("empty", truncated(0), DropReason.IPV4_TRUNCATED),
                Arguments.of("IHL 4", withByte(0, 0x44), DropReason.IPV4_BAD_IHL),
                Arguments.of("IHL 0", withByte(0, 0x40), DropReason.IPV4_BAD_IHL),
                Arguments.of("IHL 15 in 84 bytes but 24 read", truncatedWithByte(24, 0, 0x4f),
                        DropReason.IPV4_HEADER_TRUNCATED),
                Arguments.of("total length 19 < header 20", withShort(2, 19),
                        DropReason.IPV4_TOTAL_LENGTH_BELOW_HEADER),
                Arguments.of("total length 85 > 84 bytes read", withShort(2, 85),
                        DropReason.IPV4_TOTAL_LENGTH_BEYOND_BYTES_READ),
                Arguments.of("total length 20 with 64 bytes of padding is fine", withShort(2, 20), null),
                Arguments.of("IHL 15 within 84 bytes is fine for the length check", withByte(0, 0x4f), null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("lengthCases")
    void checkLength(String name, byte[] bytes, DropReason expected) {
        ByteBuf buffer = PooledByteBufAllocator.DEFAULT.directBuffer(bytes.length).writeBytes(bytes);
        try {
            assertEquals(expected, Ipv4Packet.newUnchecked(buffer).checkLength());
        } finally {
            assertTrue(buffer.release());
        }
    }

    private static byte[] truncated(int length) {
        return java.util.Arrays.copyOf(CapturedPackets.ECHO_REQUEST_LOOPBACK, length);
    }

    private static byte[] withByte(int index, int value) {
        byte[] bytes = CapturedPackets.ECHO_REQUEST_LOOPBACK.clone();
        bytes[index] = (byte) value;
        return bytes;
    }

    private static byte[] truncatedWithByte(int length, int index, int value) {
        byte[] bytes = truncated(length);
        bytes[index] = (byte) value;
        return bytes;
    }

    private static byte[] withShort(int index, int value) {
        byte[] bytes = CapturedPackets.ECHO_REQUEST_LOOPBACK.clone();
        bytes[index] = (byte) (value >>> 8);
        bytes[index + 1] = (byte) value;
        return bytes;
    }

    private static byte[] filled(int length, byte value) {
        byte[] bytes = new byte[length];
        java.util.Arrays.fill(bytes, value);
        return bytes;
    }
}
