package io.tunstack.stack;

import static io.tunstack.stack.CapturedTransportPackets.withoutFlowLabel;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.tunstack.stack.address.InterfaceAddress;
import io.tunstack.stack.config.OpenPorts;
import io.tunstack.stack.config.StackConfig;
import io.tunstack.stack.verdict.Answer;
import io.tunstack.stack.verdict.DropReason;
import io.tunstack.stack.verdict.StackCounters;
import io.tunstack.stack.verdict.Verdict;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * UDP and TCP to closed ports, end to end inside the stack, from the segments and datagrams Linux clients sent to
 * what a Linux host answered ({@link CapturedTransportPackets}): tunstack's answers must be Linux's, byte for byte (the
 * IPv6 flow label aside).
 */
@ExtendWith(LeakDetection.class)
class NetworkStackTransportTest {

    private final StackCounters counters = new StackCounters();
    private final RecordingTransmitter tx = new RecordingTransmitter();
    private NetworkStack stack = stack(StackConfig.builder());

    private NetworkStack stack(StackConfig.Builder builder) {
        return new NetworkStack(builder.address(InterfaceAddress.parse("172.21.22.23/24"))
                .address(InterfaceAddress.parse("fd00:172:21:22::23/64")).build(), counters,
                TestEnvironment.fixed(CapturedTransportPackets.PORT_UNREACHABLE_V4_ID));
    }

    @AfterEach
    void closeStack() {
        stack.close();
    }

    private Verdict receive(byte[] packet) {
        return tx.receiveInto(stack, packet);
    }

    /**
     * RFC 9293 3.10.7.1, each row as Linux answered it: "If the ACK bit is off, sequence number zero is used,
     * <SEQ=0><ACK=SEG.SEQ+SEG.LEN><CTL=RST,ACK>"; "If the ACK bit is on, <SEQ=SEG.ACK><CTL=RST>".
     */
    static Stream<Arguments> closedTcpPorts() {
        return Stream.of(
                Arguments.of("SYN: RST+ACK, ack = seq + 1 (the SYN counts one)", CapturedTransportPackets.SYN_V4,
                        CapturedTransportPackets.RST_FOR_SYN_V4),
                Arguments.of("ACK alone: RST, seq = its acknowledgment", CapturedTransportPackets.ACK_V4,
                        CapturedTransportPackets.RST_FOR_ACK_V4),
                Arguments.of("FIN alone: RST+ACK, ack = seq + 1 (the FIN counts one)", CapturedTransportPackets.FIN_V4,
                        CapturedTransportPackets.RST_FOR_FIN_V4),
                Arguments.of("no flag: RST+ACK, ack = seq (SEG.LEN 0)", CapturedTransportPackets.NULL_V4,
                        CapturedTransportPackets.RST_FOR_NULL_V4),
                Arguments.of("IPv6 SYN: RST+ACK, as over IPv4", CapturedTransportPackets.SYN_V6,
                        withoutFlowLabel(CapturedTransportPackets.RST_FOR_SYN_V6)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("closedTcpPorts")
    void aClosedTcpPortAnswersAsLinuxDoes(String name, byte[] segment, byte[] linuxAnswer) {
        assertEquals(Verdict.answered(Answer.TCP_RST), receive(segment));
        assertArrayEquals(linuxAnswer, tx.single());
        assertEquals(1, counters.sent(Answer.TCP_RST));
    }

    @Test
    void aResetIsNeverAnswered() {
        // RFC 9293 3.10.7.1: "An incoming segment containing a RST is discarded."
        byte[] reset = CapturedTransportPackets.RST_FOR_ACK_V4.clone();
        swapIpv4Addresses(reset);
        assertEquals(Verdict.dropped(DropReason.TCP_RST_IGNORED), receive(reset));
        assertEquals(0, tx.packets().size());
    }

    @Test
    void aSegmentWithABadChecksumIsDroppedSilently() {
        byte[] segment = CapturedTransportPackets.SYN_V4.clone();
        segment[20 + 16] ^= 0x01;
        assertEquals(Verdict.dropped(DropReason.TCP_BAD_CHECKSUM), receive(segment));
        assertEquals(0, tx.packets().size());
    }

    @Test
    void aClosedUdpPortAnswersWithLinuxsPortUnreachable() {
        assertEquals(Verdict.dropped(DropReason.UDP_PORT_CLOSED), receive(CapturedTransportPackets.UDP_V4));
        assertArrayEquals(CapturedTransportPackets.PORT_UNREACHABLE_V4, tx.single());
        assertEquals(1, counters.sent(Answer.ICMPV4_DESTINATION_UNREACHABLE));
    }

    @Test
    void aClosedUdpPortAnswersWithLinuxsPortUnreachableOverIpv6() {
        assertEquals(Verdict.dropped(DropReason.UDP_PORT_CLOSED), receive(CapturedTransportPackets.UDP_V6));
        assertArrayEquals(withoutFlowLabel(CapturedTransportPackets.PORT_UNREACHABLE_V6), tx.single());
        assertEquals(1, counters.sent(Answer.ICMPV6_DESTINATION_UNREACHABLE));
    }

    @Test
    void anOpenUdpPortConsumesTheDatagram() {
        stack.close();
        stack = stack(StackConfig.builder().openPorts(OpenPorts.parse("53/udp")));
        assertEquals(Verdict.dropped(DropReason.UDP_PORT_OPEN), receive(CapturedTransportPackets.UDP_V4));
        assertEquals(Verdict.dropped(DropReason.UDP_PORT_OPEN), receive(CapturedTransportPackets.UDP_V6));
        assertEquals(0, tx.packets().size());
    }

    @Test
    void aUdpDatagramWithABadChecksumGetsNoError() {
        byte[] datagram = CapturedTransportPackets.UDP_V4.clone();
        datagram[datagram.length - 1] ^= 0x01;
        assertEquals(Verdict.dropped(DropReason.UDP_BAD_CHECKSUM), receive(datagram));
        assertEquals(0, tx.packets().size());
    }

    @Test
    void aUdpDatagramWithoutChecksumIsTakenOverIpv4Only() {
        // RFC 768: checksum 0 is "no checksum" over IPv4; RFC 8200 8.1 forbids it over IPv6.
        byte[] ipv4 = CapturedTransportPackets.UDP_V4.clone();
        ipv4[26] = 0;
        ipv4[27] = 0;
        assertEquals(Verdict.dropped(DropReason.UDP_PORT_CLOSED), receive(ipv4));
        byte[] ipv6 = CapturedTransportPackets.UDP_V6.clone();
        ipv6[46] = 0;
        ipv6[47] = 0;
        assertEquals(Verdict.dropped(DropReason.UDP_ZERO_CHECKSUM_IPV6), receive(ipv6));
        assertEquals(1, tx.packets().size(), "only the IPv4 datagram got Port Unreachable");
    }

    @Test
    void aUdpDatagramToTheBroadcastGetsNoError() {
        byte[] datagram = CapturedTransportPackets.UDP_V4.clone();
        // 172.21.22.255, with both checksums fixed: the IPv4 header's and UDP's (whose pseudo-header changed).
        datagram[19] = (byte) 0xFF;
        fixIpv4Checksums(datagram, 6);
        assertEquals(Verdict.dropped(DropReason.UDP_TO_GROUP), receive(datagram));
        assertEquals(0, tx.packets().size());
    }

    @Test
    void portUnreachableIsLimitedPerPeerAsLinuxLimitsIt() {
        // Linux: a burst of 6 per peer (XRLIM_BURST_FACTOR), the clock standing still.
        for (int i = 0; i < 200; i++) {
            assertEquals(Verdict.dropped(DropReason.UDP_PORT_CLOSED), receive(CapturedTransportPackets.UDP_V4));
        }
        assertEquals(6, tx.packets().size());
        assertEquals(194, counters.rateLimited(Answer.ICMPV4_DESTINATION_UNREACHABLE));
    }

    @Test
    void anOpenPortAnswersAnIpv6SynAndRetransmitsThroughIpv6() {
        stack.close();
        TestEnvironment.ManualNanoClock clock = new TestEnvironment.ManualNanoClock();
        stack = new NetworkStack(StackConfig.builder().address(InterfaceAddress.parse("fd00:172:21:22::23/64"))
                .openPorts(OpenPorts.parse("22/tcp")).build(), counters,
                TestEnvironment.fixed((destination, source, protocol) -> 1, clock));
        byte[] syn = CapturedTransportPackets.SYN_V6.clone();
        syn[1] |= 0x03 << 4; // ECN CE in the traffic class: a SYN+ACK is never ECN-capable (RFC 3168 6.1.1)
        assertEquals(Verdict.answered(Answer.TCP_SYN_ACK), receive(syn));
        clock.advance(java.time.Duration.ofSeconds(1));
        stack.poll(clock.getAsLong(), tx);
        assertEquals(2, tx.packets().size());
        for (byte[] synAck : tx.packets()) {
            ByteBuf buffer = Unpooled.wrappedBuffer(synAck);
            io.tunstack.stack.wire.Ipv6Packet ip = io.tunstack.stack.wire.Ipv6Packet.newUnchecked(buffer);
            assertEquals(null, ip.checkLength());
            assertEquals(0, ip.trafficClass());
            assertEquals(64, ip.hopLimit());
            io.tunstack.stack.wire.TcpPacket tcp = new io.tunstack.stack.wire.TcpPacket().wrap(buffer,
                    ip.payloadOffset(), ip.payloadLength());
            assertEquals(0x12, tcp.flags());
            assertEquals(0xdaae7eba, (int) tcp.acknowledgmentNumber());
            assertEquals(1440, buffer.getUnsignedShort(tcp.optionsOffset() + 2), "MSS = 1500 - 60");
            assertEquals(64800, tcp.window());
            assertTrue(tcp.verifyChecksum(io.tunstack.stack.wire.Checksum.ipv6PseudoHeaderSum(ip.sourceHigh(),
                    ip.sourceLow(), ip.destinationHigh(), ip.destinationLow(), tcp.length(),
                    io.tunstack.stack.wire.IpProtocol.TCP)));
        }
        assertArrayEquals(Arrays.copyOfRange(tx.packets().get(0), 40, 64),
                Arrays.copyOfRange(tx.packets().get(1), 40, 64), "the retransmission is the same segment");
    }

    @Test
    void portUnreachableOverIpv6IsLimitedPerPeerWithLinuxsShorterIntervalForAPrefix() {
        // Linux icmpv6_xrlim_allow(): 1000 ms >> ((128 - 64) >> 5) = 250 ms for a peer on the /64, burst 6.
        stack.close();
        TestEnvironment.ManualNanoClock clock = new TestEnvironment.ManualNanoClock();
        stack = new NetworkStack(StackConfig.builder().address(InterfaceAddress.parse("fd00:172:21:22::23/64"))
                .build(), counters, TestEnvironment.fixed((destination, source, protocol) -> 1, clock));
        for (int i = 0; i < 20; i++) {
            receive(CapturedTransportPackets.UDP_V6);
        }
        assertEquals(6, tx.packets().size());
        clock.advance(java.time.Duration.ofMillis(249));
        receive(CapturedTransportPackets.UDP_V6);
        assertEquals(6, tx.packets().size());
        clock.advance(java.time.Duration.ofMillis(1));
        receive(CapturedTransportPackets.UDP_V6);
        assertEquals(7, tx.packets().size());
        assertEquals(15, counters.rateLimited(Answer.ICMPV6_DESTINATION_UNREACHABLE));
    }

    private static void swapIpv4Addresses(byte[] packet) {
        for (int i = 0; i < 4; i++) {
            byte b = packet[12 + i];
            packet[12 + i] = packet[16 + i];
            packet[16 + i] = b;
        }
    }

    /** Recomputes the IPv4 header checksum and the UDP (6) or TCP checksum at its offset, over the whole packet. */
    private static void fixIpv4Checksums(byte[] packet, int checksumOffsetInTransportHeader) {
        ByteBuf buffer = Unpooled.wrappedBuffer(packet);
        io.tunstack.stack.wire.Ipv4Packet ip = new io.tunstack.stack.wire.Ipv4Packet().wrap(buffer);
        ip.fillHeaderChecksum();
        int transport = ip.payloadOffset();
        buffer.setShort(transport + checksumOffsetInTransportHeader, 0);
        int pseudo = io.tunstack.stack.wire.Checksum.ipv4PseudoHeaderSum(ip.sourceAddress(), ip.destinationAddress(),
                ip.protocol(), ip.payloadLength());
        buffer.setShort(transport + checksumOffsetInTransportHeader,
                io.tunstack.stack.wire.Checksum.compute(buffer, transport, ip.payloadLength(), pseudo));
    }
}
