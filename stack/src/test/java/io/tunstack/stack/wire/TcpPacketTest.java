package io.tunstack.stack.wire;

import static io.tunstack.stack.wire.CapturedIpv6Packets.TCP_RST;
import static io.tunstack.stack.wire.CapturedIpv6Packets.TCP_SYN;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
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

/** Built from a real SYN to a closed port and the kernel's RST over IPv6 ({@link CapturedIpv6Packets}). */
@ExtendWith(LeakDetection.class)
class TcpPacketTest {

    private static final int TCP = Ipv6Packet.HEADER_LENGTH;

    @Test
    void deconstructsTheCapturedSyn() {
        ByteBuf buffer = CapturedIpv6Packets.copy(TCP_SYN);
        try {
            Ipv6Packet ip = Ipv6Packet.newUnchecked(buffer);
            assertEquals(IpProtocol.TCP, ip.nextHeader());
            TcpPacket tcp = new TcpPacket().wrap(buffer, ip.payloadOffset(), ip.payloadLength());
            assertNull(tcp.checkLength());
            assertEquals(37422, tcp.sourcePort());
            assertEquals(80, tcp.destinationPort());
            assertEquals(0x603969e6L, tcp.sequenceNumber());
            assertEquals(0, tcp.acknowledgmentNumber());
            assertEquals(10, tcp.dataOffset());
            assertEquals(40, tcp.headerLength());
            assertEquals(TcpPacket.SYN, tcp.flags());
            assertEquals(64800, tcp.window());
            assertEquals(0xab1f, tcp.checksum());
            assertEquals(0, tcp.urgentPointer());
            assertEquals(TCP + 20, tcp.optionsOffset());
            assertEquals(2, buffer.getByte(tcp.optionsOffset()), "the first option is MSS (kind 2)");
            assertEquals(0, tcp.dataLength());
            assertTrue(tcp.verifyChecksum(ip.pseudoHeaderSum(tcp.length(), IpProtocol.TCP)));
            assertEquals(10, TcpPacket.DATA_OFFSET_FIELD.value(buffer, TCP));
            assertEquals(0x603969e6L, TcpPacket.SEQUENCE_NUMBER_FIELD.value(buffer, TCP));
            assertEquals("Flags [S], length 0", tcp.summary());
        } finally {
            assertTrue(buffer.release());
        }
    }

    @Test
    void constructsTheKernelsRstBySettersIntoA5Filler() {
        byte[] filler = new byte[TCP_RST.length];
        Arrays.fill(filler, (byte) 0xa5);
        System.arraycopy(TCP_RST, 0, filler, 0, TCP); // the IPv6 header, for the pseudo-header
        ByteBuf buffer = CapturedIpv6Packets.copy(filler);
        try {
            Ipv6Packet ip = Ipv6Packet.newUnchecked(buffer);
            TcpPacket tcp = new TcpPacket().wrap(buffer, TCP, ip.payloadLength());
            tcp.setSourcePort(80);
            tcp.setDestinationPort(37422);
            tcp.setSequenceNumber(0);
            tcp.setAcknowledgmentNumber(0x603969e7L);
            tcp.setDataOffset(5);
            tcp.setFlags(TcpPacket.RST | TcpPacket.ACK);
            tcp.setWindow(0);
            tcp.setUrgentPointer(0);
            tcp.fillChecksum(ip.pseudoHeaderSum(tcp.length(), IpProtocol.TCP));
            assertArrayEquals(TCP_RST, ByteBufUtil.getBytes(buffer));
            assertEquals("Flags [R.], length 0", tcp.summary());
        } finally {
            assertTrue(buffer.release());
        }
    }

    @Test
    void flagLettersFollowTcpdump() {
        assertEquals("S", TcpPacket.flagLetters(TcpPacket.SYN));
        assertEquals("S.", TcpPacket.flagLetters(TcpPacket.SYN | TcpPacket.ACK));
        assertEquals("FP.", TcpPacket.flagLetters(TcpPacket.FIN | TcpPacket.PSH | TcpPacket.ACK));
        assertEquals("SEW", TcpPacket.flagLetters(TcpPacket.SYN | TcpPacket.ECE | TcpPacket.CWR));
        assertEquals("none", TcpPacket.flagLetters(0));
    }

    static Stream<Arguments> lengthCases() {
        return Stream.of(
                Arguments.of("19 bytes", 19, 5, DropReason.TCP_TRUNCATED),
                Arguments.of("data offset 4 words", 40, 4, DropReason.TCP_BAD_DATA_OFFSET),
                Arguments.of("data offset 0", 40, 0, DropReason.TCP_BAD_DATA_OFFSET),
                Arguments.of("data offset 11 words = 44 bytes in 40", 40, 11, DropReason.TCP_HEADER_TRUNCATED),
                Arguments.of("data offset 15 in 40", 40, 15, DropReason.TCP_HEADER_TRUNCATED),
                Arguments.of("the capture", 40, 10, null),
                Arguments.of("data offset 5: the options become data", 40, 5, null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("lengthCases")
    void checkLength(String name, int length, int dataOffset, DropReason expected) {
        ByteBuf buffer = CapturedIpv6Packets.copy(TCP_SYN);
        try {
            TcpPacket tcp = new TcpPacket().wrap(buffer, TCP, length);
            tcp.setDataOffset(dataOffset);
            assertEquals(expected, tcp.checkLength());
        } finally {
            assertTrue(buffer.release());
        }
    }
}
