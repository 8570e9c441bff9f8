package io.tunstack.stack.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.tunstack.stack.CapturedPackets;
import io.tunstack.stack.LeakDetection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every view's field table, and the tables the IPv4 and ICMP views gained, read against their accessors. */
@ExtendWith(LeakDetection.class)
class FieldTablesTest {

    static Stream<Arguments> tables() {
        return Stream.of(
                Arguments.of("Ipv4Packet", Ipv4Packet.FIELDS, Ipv4Packet.MIN_HEADER_LENGTH),
                Arguments.of("Icmpv4Packet", concat(Icmpv4Packet.FIELDS, Icmpv4Packet.QUERY_FIELDS),
                        Icmpv4Packet.HEADER_LENGTH),
                Arguments.of("Ipv6Packet", Ipv6Packet.FIELDS, Ipv6Packet.HEADER_LENGTH),
                Arguments.of("Ipv6ExtensionHeader", Ipv6ExtensionHeader.FIELDS, 2),
                Arguments.of("Ipv6RoutingHeader", Ipv6RoutingHeader.FIELDS, 4),
                Arguments.of("Ipv6FragmentHeader", Ipv6FragmentHeader.FIELDS, Ipv6FragmentHeader.LENGTH),
                Arguments.of("Icmpv6Packet echo", concat(Icmpv6Packet.FIELDS, Icmpv6Packet.ECHO_FIELDS),
                        Icmpv6Packet.HEADER_LENGTH),
                Arguments.of("Icmpv6Packet packet too big",
                        concat(Icmpv6Packet.FIELDS, Icmpv6Packet.PACKET_TOO_BIG_FIELDS), Icmpv6Packet.HEADER_LENGTH),
                Arguments.of("Icmpv6Packet parameter problem",
                        concat(Icmpv6Packet.FIELDS, Icmpv6Packet.PARAMETER_PROBLEM_FIELDS),
                        Icmpv6Packet.HEADER_LENGTH),
                Arguments.of("Icmpv6Packet destination unreachable",
                        concat(Icmpv6Packet.FIELDS, Icmpv6Packet.UNUSED_FIELDS), Icmpv6Packet.HEADER_LENGTH),
                Arguments.of("NeighborMessage solicitation", NeighborMessage.SOLICITATION_FIELDS,
                        NeighborMessage.LENGTH),
                Arguments.of("NeighborMessage advertisement", NeighborMessage.ADVERTISEMENT_FIELDS,
                        NeighborMessage.LENGTH),
                Arguments.of("NdpOption link-layer address", NdpOption.LINK_LAYER_ADDRESS_FIELDS,
                        NdpOption.ETHERNET_ADDRESS_OPTION_LENGTH),
                Arguments.of("UdpPacket", UdpPacket.FIELDS, UdpPacket.HEADER_LENGTH),
                Arguments.of("TcpPacket", TcpPacket.FIELDS, TcpPacket.MIN_HEADER_LENGTH),
                Arguments.of("EthernetFrame", EthernetFrame.FIELDS, EthernetFrame.HEADER_LENGTH),
                Arguments.of("ArpPacket", ArpPacket.FIELDS, ArpPacket.LENGTH));
    }

    /** A table lists the fixed header's fields in order, each starting where the one before ended, named once. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("tables")
    void fieldsTileTheFixedHeaderInOrder(String view, List<HeaderField> fields, int headerLength) {
        int bit = 0;
        Set<String> names = new HashSet<>();
        for (HeaderField field : fields) {
            assertEquals(bit, field.bitOffset(), view + ": " + field + " does not follow the field before it");
            assertTrue(names.add(field.name()), view + ": " + field.name() + " twice");
            bit += field.bitWidth();
        }
        assertEquals(headerLength * Byte.SIZE, bit, view + ": the table does not end where the fixed header ends");
    }

    @Test
    void ipv4TableReadsWhatTheAccessorsRead() {
        ByteBuf buffer = CapturedPackets.echoRequestLoopback();
        try {
            Ipv4Packet ip = Ipv4Packet.newUnchecked(buffer);
            assertEquals(ip.version(), Ipv4Packet.VERSION_FIELD.value(buffer, 0));
            assertEquals(ip.ihl(), Ipv4Packet.IHL_FIELD.value(buffer, 0));
            assertEquals(ip.dscp(), Ipv4Packet.DSCP_FIELD.value(buffer, 0));
            assertEquals(ip.ecn(), Ipv4Packet.ECN_FIELD.value(buffer, 0));
            assertEquals(ip.totalLength(), Ipv4Packet.TOTAL_LENGTH_FIELD.value(buffer, 0));
            assertEquals(ip.identification(), Ipv4Packet.IDENTIFICATION_FIELD.value(buffer, 0));
            assertEquals(0b010, Ipv4Packet.FLAGS_FIELD.value(buffer, 0), "DF is the middle flag bit");
            assertEquals(ip.fragmentOffset(), Ipv4Packet.FRAGMENT_OFFSET_FIELD.value(buffer, 0));
            assertEquals(ip.ttl(), Ipv4Packet.TTL_FIELD.value(buffer, 0));
            assertEquals(ip.protocol(), Ipv4Packet.PROTOCOL_FIELD.value(buffer, 0));
            assertEquals(ip.headerChecksum(), Ipv4Packet.HEADER_CHECKSUM_FIELD.value(buffer, 0));
            assertEquals(Integer.toUnsignedLong(ip.sourceAddress()), Ipv4Packet.SOURCE_ADDRESS_FIELD.value(buffer, 0));
            assertEquals(Integer.toUnsignedLong(ip.destinationAddress()),
                    Ipv4Packet.DESTINATION_ADDRESS_FIELD.value(buffer, 0));
            ip.setFragmentOffset(0x1abc);
            assertEquals(0x1abc, Ipv4Packet.FRAGMENT_OFFSET_FIELD.value(buffer, 0));
            assertEquals(0b010, Ipv4Packet.FLAGS_FIELD.value(buffer, 0), "the offset's bits are not the flags'");

            Icmpv4Packet icmp = new Icmpv4Packet().wrap(buffer, ip.payloadOffset(), ip.payloadLength());
            int base = icmp.base();
            assertEquals(icmp.type(), Icmpv4Packet.TYPE_FIELD.value(buffer, base));
            assertEquals(icmp.code(), Icmpv4Packet.CODE_FIELD.value(buffer, base));
            assertEquals(icmp.checksum(), Icmpv4Packet.CHECKSUM_FIELD.value(buffer, base));
            assertEquals(icmp.identifier(), Icmpv4Packet.IDENTIFIER_FIELD.value(buffer, base));
            assertEquals(icmp.sequenceNumber(), Icmpv4Packet.SEQUENCE_NUMBER_FIELD.value(buffer, base));
        } finally {
            assertTrue(buffer.release());
        }
    }

    @Test
    void ipv4AndIcmpSummaries() {
        ByteBuf buffer = CapturedPackets.echoRequestLoopback();
        try {
            Ipv4Packet ip = Ipv4Packet.newUnchecked(buffer);
            assertEquals("IP 127.0.0.1 > 127.0.0.1: icmp, length 64", ip.summary());
            assertEquals("", ip.fragmentSummary());
            Icmpv4Packet icmp = new Icmpv4Packet().wrap(buffer, ip.payloadOffset(), ip.payloadLength());
            assertTrue(icmp.isEcho());
            assertEquals("ICMP echo request, id 19631, seq 1, length 64", icmp.summary());
            ip.setMoreFragments(true);
            assertEquals("IP 127.0.0.1 > 127.0.0.1: icmp, length 64 (frag 38157:64@0+)", ip.summary());
            ip.setFragmentOffset(185);
            assertEquals("IP 127.0.0.1 > 127.0.0.1: icmp (frag 38157:64@1480+)", ip.summary());
            ip.setProtocol(47);
            assertEquals("IP 127.0.0.1 > 127.0.0.1: ip-proto-47 (frag 38157:64@1480+)", ip.summary());
            icmp.setType(Icmpv4Type.DESTINATION_UNREACHABLE);
            icmp.setCode(3);
            assertEquals("ICMP destination unreachable, code 3, length 64", icmp.summary());
            assertEquals("ICMP truncated (icmp-truncated), length 7",
                    new Icmpv4Packet().wrap(buffer, ip.payloadOffset(), 7).summary());
            assertEquals("IP malformed (ipv4-truncated), length 19", new Ipv4Packet().wrap(buffer, 0, 19).summary());
        } finally {
            assertTrue(buffer.release());
        }
    }

    private static List<HeaderField> concat(List<HeaderField> first, List<HeaderField> second) {
        return Stream.concat(first.stream(), second.stream()).toList();
    }
}
