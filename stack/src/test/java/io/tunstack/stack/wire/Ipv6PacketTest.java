package io.tunstack.stack.wire;

import static io.tunstack.stack.wire.CapturedIpv6Packets.ECHO_REQUEST;
import static io.tunstack.stack.wire.CapturedIpv6Packets.PREFIX;
import static io.tunstack.stack.wire.CapturedIpv6Packets.REQUESTER_LOW;
import static io.tunstack.stack.wire.CapturedIpv6Packets.RESPONDER_LOW;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.tunstack.stack.LeakDetection;
import io.tunstack.stack.verdict.DropReason;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Built from the real captured {@code ping -6} ({@link CapturedIpv6Packets}); each negative case breaks one field. */
@ExtendWith(LeakDetection.class)
class Ipv6PacketTest {

    @Test
    void deconstructsTheCapturedRequestFieldByField() {
        ByteBuf buffer = CapturedIpv6Packets.copy(ECHO_REQUEST);
        try {
            Ipv6Packet ip = Ipv6Packet.newUnchecked(buffer);
            assertNull(ip.checkLength());
            assertEquals(6, ip.version());
            assertEquals(0, ip.trafficClass());
            assertEquals(0xff6de, ip.flowLabel());
            assertEquals(64, ip.payloadLength());
            assertEquals(IpProtocol.ICMPV6, ip.nextHeader());
            assertEquals(64, ip.hopLimit());
            assertEquals(PREFIX, ip.sourceHigh());
            assertEquals(REQUESTER_LOW, ip.sourceLow());
            assertEquals(PREFIX, ip.destinationHigh());
            assertEquals(RESPONDER_LOW, ip.destinationLow());
            assertEquals(40, ip.payloadOffset());
            assertEquals(104, ip.end());
            assertEquals(0, buffer.readerIndex(), "a view never moves the reader index");
            assertEquals(104, buffer.writerIndex(), "a view never moves the writer index");
        } finally {
            assertTrue(buffer.release());
        }
    }

    @Test
    void fieldTableReadsWhatTheAccessorsRead() {
        ByteBuf buffer = CapturedIpv6Packets.copy(ECHO_REQUEST);
        try {
            Ipv6Packet ip = Ipv6Packet.newUnchecked(buffer);
            assertEquals(ip.version(), Ipv6Packet.VERSION_FIELD.value(buffer, 0));
            assertEquals(ip.trafficClass(), Ipv6Packet.TRAFFIC_CLASS_FIELD.value(buffer, 0));
            assertEquals(ip.flowLabel(), Ipv6Packet.FLOW_LABEL_FIELD.value(buffer, 0));
            assertEquals(ip.payloadLength(), Ipv6Packet.PAYLOAD_LENGTH_FIELD.value(buffer, 0));
            assertEquals(ip.nextHeader(), Ipv6Packet.NEXT_HEADER_FIELD.value(buffer, 0));
            assertEquals(ip.hopLimit(), Ipv6Packet.HOP_LIMIT_FIELD.value(buffer, 0));
            assertTrue(Ipv6Packet.SOURCE_ADDRESS_FIELD.sameValue(buffer, 0, buffer, 0));
            assertFalse(Ipv6Packet.SOURCE_ADDRESS_FIELD.sameValue(buffer, 0, buffer,
                    Ipv6Packet.DESTINATION_ADDRESS_FIELD.byteOffset() - Ipv6Packet.SOURCE_ADDRESS_FIELD.byteOffset()),
                    "the addresses differ in their last byte");
        } finally {
            assertTrue(buffer.release());
        }
    }

    @Test
    void constructsTheCapturedRequestHeaderIntoA5Filler() {
        byte[] filler = new byte[ECHO_REQUEST.length];
        Arrays.fill(filler, (byte) 0xa5);
        ByteBuf buffer = CapturedIpv6Packets.copy(filler);
        try {
            Ipv6Packet ip = new Ipv6Packet().wrap(buffer, 0, filler.length);
            ip.setVersion(6);
            ip.setTrafficClass(0);
            ip.setFlowLabel(0xff6de);
            ip.setPayloadLength(64);
            ip.setNextHeader(IpProtocol.ICMPV6);
            ip.setHopLimit(64);
            ip.setSource(PREFIX, REQUESTER_LOW);
            ip.setDestination(PREFIX, RESPONDER_LOW);
            assertArrayEquals(Arrays.copyOf(ECHO_REQUEST, Ipv6Packet.HEADER_LENGTH),
                    ByteBufUtil.getBytes(buffer, 0, Ipv6Packet.HEADER_LENGTH));
            assertEquals((byte) 0xa5, buffer.getByte(Ipv6Packet.HEADER_LENGTH), "no write past the header");
        } finally {
            assertTrue(buffer.release());
        }
    }

    @Test
    void settersChangeOnlyTheirOwnBits() {
        ByteBuf buffer = CapturedIpv6Packets.copy(ECHO_REQUEST);
        try {
            Ipv6Packet ip = Ipv6Packet.newUnchecked(buffer);
            ip.setTrafficClass(0xb9);
            assertEquals(0xb9, ip.trafficClass());
            assertEquals(6, ip.version(), "traffic class setter keeps the version");
            assertEquals(0xff6de, ip.flowLabel(), "traffic class setter keeps the flow label");
            ip.setFlowLabel(0xfffff);
            assertEquals(0xfffff, ip.flowLabel());
            assertEquals(0xb9, ip.trafficClass(), "flow label setter keeps the traffic class");
            ip.setVersion(4);
            assertEquals(4, ip.version());
            assertEquals(0xb9, ip.trafficClass(), "version setter keeps the traffic class");
            ip.setSource(-1L, 0x8000_0000_0000_0001L);
            assertEquals(-1L, ip.sourceHigh());
            assertEquals(0x8000_0000_0000_0001L, ip.sourceLow());
            assertEquals(PREFIX, ip.destinationHigh(), "source setter keeps the destination");
        } finally {
            assertTrue(buffer.release());
        }
    }

    @Test
    void linkPaddingIsNotPartOfThePacket() {
        byte[] padded = Arrays.copyOf(ECHO_REQUEST, ECHO_REQUEST.length + 6);
        ByteBuf buffer = CapturedIpv6Packets.copy(padded);
        try {
            buffer.readerIndex(0);
            Ipv6Packet ip = new Ipv6Packet().wrap(buffer, 0, padded.length);
            assertNull(ip.checkLength());
            assertEquals(104, ip.end(), "the packet ends at 40 + payload length");
            assertEquals(110, ip.bytesRead());
        } finally {
            assertTrue(buffer.release());
        }
    }

    @Test
    void summaryIsTheHeaderAlone() {
        ByteBuf buffer = CapturedIpv6Packets.copy(ECHO_REQUEST);
        try {
            assertEquals("IP6 fd00:172:21:22::23 > fd00:172:21:22::26: icmpv6, length 64",
                    Ipv6Packet.newUnchecked(buffer).summary());
        } finally {
            assertTrue(buffer.release());
        }
    }

    static Stream<Arguments> lengthCases() {
        return Stream.of(
                Arguments.of("39 bytes: shorter than the fixed header", Arrays.copyOf(ECHO_REQUEST, 39),
                        DropReason.IPV6_TRUNCATED),
                Arguments.of("empty", new byte[0], DropReason.IPV6_TRUNCATED),
                Arguments.of("payload length 65 > 64 bytes after the header", withShort(4, 65),
                        DropReason.IPV6_PAYLOAD_LENGTH_BEYOND_BYTES_READ),
                Arguments.of("payload length 0xffff", withShort(4, 0xffff),
                        DropReason.IPV6_PAYLOAD_LENGTH_BEYOND_BYTES_READ),
                Arguments.of("payload length 64 but 103 bytes read", Arrays.copyOf(ECHO_REQUEST, 103),
                        DropReason.IPV6_PAYLOAD_LENGTH_BEYOND_BYTES_READ),
                Arguments.of("payload length 0: the rest is link padding", withShort(4, 0), null),
                Arguments.of("exactly the fixed header, payload length 0", Arrays.copyOf(withShort(4, 0), 40), null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("lengthCases")
    void checkLength(String name, byte[] bytes, DropReason expected) {
        ByteBuf buffer = CapturedIpv6Packets.copy(bytes);
        try {
            assertEquals(expected, Ipv6Packet.newUnchecked(buffer).checkLength());
        } finally {
            assertTrue(buffer.release());
        }
    }

    private static byte[] withShort(int index, int value) {
        byte[] bytes = ECHO_REQUEST.clone();
        bytes[index] = (byte) (value >>> 8);
        bytes[index + 1] = (byte) value;
        return bytes;
    }
}
