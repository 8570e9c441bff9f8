package io.tunstack.stack.trace;

import static io.tunstack.stack.CapturedPackets.ECHO_REPLY_LOOPBACK;
import static io.tunstack.stack.CapturedPackets.ECHO_REQUEST_LOOPBACK;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.tunstack.stack.CapturedPackets;
import io.tunstack.stack.LeakDetection;
import io.tunstack.stack.wire.CapturedIpv6Packets;
import io.tunstack.stack.wire.CapturedTransportPackets;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Built from the real captured ping ({@link CapturedPackets}); each hostile case breaks one thing. */
@ExtendWith(LeakDetection.class)
class PacketExplainerTest {

    /** An unpooled heap copy: formatting only reads, so these need no release. */
    private static ByteBuf heap(byte[] packet) {
        return Unpooled.wrappedBuffer(packet.clone());
    }


    @Test
    void capturedRequestMatchesGoldenDump() {
        Golden.assertMatches(getClass(), "echo-request.explain.txt",
                PacketExplainer.explain(heap(ECHO_REQUEST_LOOPBACK)));
    }

    @Test
    void capturedReplyAndItsChangesMatchGoldenDump() {
        ByteBuf request = heap(ECHO_REQUEST_LOOPBACK);
        ByteBuf reply = heap(ECHO_REPLY_LOOPBACK);
        Golden.assertMatches(getClass(), "echo-reply.explain.txt",
                PacketExplainer.explain(reply) + "\n" + PacketExplainer.changes(request, reply));
    }

    @Test
    void capturedIpv6RequestMatchesGoldenDump() {
        Golden.assertMatches(getClass(), "ipv6-echo-request.explain.txt",
                PacketExplainer.explain(heap(CapturedIpv6Packets.ECHO_REQUEST)));
    }

    @Test
    void capturedIpv6ReplyAndItsChangesMatchGoldenDump() {
        ByteBuf request = heap(CapturedIpv6Packets.ECHO_REQUEST);
        ByteBuf reply = heap(CapturedIpv6Packets.ECHO_REPLY);
        Golden.assertMatches(getClass(), "ipv6-echo-reply.explain.txt",
                PacketExplainer.explain(reply) + "\n" + PacketExplainer.changes(request, reply));
    }

    @Test
    void capturedFirstFragmentShowsTheFragmentHeaderAndWhyTheChecksumWaits() {
        Golden.assertMatches(getClass(), "ipv6-first-fragment.explain.txt",
                PacketExplainer.explain(heap(CapturedIpv6Packets.ECHO_REQUEST_2000_FIRST_FRAGMENT)));
    }

    @Test
    void capturedMldReportShowsTheHopByHopOptions() {
        Golden.assertMatches(getClass(), "mld-report.explain.txt",
                PacketExplainer.explain(heap(CapturedIpv6Packets.MLD_V2_REPORT)));
    }

    /**
     * A built header chain (no Linux tool sends one): Destination Options with an unknown option whose action bits
     * are 11, a type 0 Routing header with a segment left, then an echo request with a zero checksum.
     */
    @Test
    void headerChainShowsOptionActionsRoutingAndTheFinalDestinationRule() {
        String dump = PacketExplainer.explain(Unpooled.wrappedBuffer(CapturedPackets.hex(
                "6000000000283c40fe800000000000000000000000000001fe800000000000000000000000000002"
                        + "2b00c50200000100"
                        + "3a02000100000000fd000172002100220000000000000023"
                        + "8000000000000000")));
        assertTrue(dump.contains("Destination Options header, 8 bytes (RFC 8200 4.6)\n"), dump);
        assertTrue(dump.contains("      42  c5 02 00 00     option                   type 0xc5, 2 data bytes, unknown:"
                + " discard, Parameter Problem unless to multicast\n"), dump);
        assertTrue(dump.contains("      50  00              Routing Type             0 (type 0, deprecated by RFC 5095)\n"
                + "      51  01              Segments Left            1\n"), dump);
        assertTrue(dump.contains("      74  00 00           Checksum                 0x0000 (INVALID)\n"), dump);
        assertTrue(dump.endsWith("INVALID (stored 0x0000, expected 0x82b8)\n"
                + "  RFC 8200 8.1: with a Routing header, the pseudo-header holds the final destination, the\n"
                + "  last address still to visit; the sum above uses the IPv6 header's destination.\n"), dump);
    }

    @Test
    void portUnreachableNamesItsCodeAndSummarizesTheInvokingPacket() {
        String dump = PacketExplainer.explain(heap(CapturedIpv6Packets.PORT_UNREACHABLE));
        assertTrue(dump.contains("      41  04              Code                     4 (port unreachable)\n"
                + "      42  0b ca           Checksum                 0x0bca (valid)\n"
                + "      44  00 00 00 00     Unused                   0\n"
                + "      48  60 04 83 d3 ..  invoking packet          52 bytes: IP6 fd00:172:21:22::23.35053 >"
                + " fd00:172:21:22::26.53: UDP, length 4\n"), dump);
    }

    @Test
    void capturedSynShowsTheTcpFieldsOptionsAndTheChecksumOverTheIpv4PseudoHeader() {
        Golden.assertMatches(getClass(), "tcp-syn.explain.txt",
                PacketExplainer.explain(heap(CapturedTransportPackets.SYN_TO_CLOSED_PORT)));
    }

    @Test
    void capturedResetAndItsChangesFromTheSynMatchGoldenDump() {
        ByteBuf syn = heap(CapturedTransportPackets.SYN_TO_CLOSED_PORT);
        ByteBuf reset = heap(CapturedTransportPackets.RST_ACK);
        Golden.assertMatches(getClass(), "tcp-rst.explain.txt",
                PacketExplainer.explain(reset) + "\n" + PacketExplainer.changes(syn, reset));
    }

    @Test
    void capturedIpv6ResetAndItsChangesFromTheSynMatchGoldenDump() {
        ByteBuf syn = heap(CapturedIpv6Packets.TCP_SYN);
        ByteBuf reset = heap(CapturedIpv6Packets.TCP_RST);
        Golden.assertMatches(getClass(), "ipv6-tcp-rst.explain.txt",
                PacketExplainer.explain(reset) + "\n" + PacketExplainer.changes(syn, reset));
    }

    @Test
    void capturedUdpProbeShowsTheChecksumOverTheIpv4PseudoHeader() {
        Golden.assertMatches(getClass(), "udp-probe.explain.txt",
                PacketExplainer.explain(heap(CapturedTransportPackets.UDP_PROBE)));
    }

    @Test
    void capturedIpv6UdpProbeShowsTheChecksumOverTheIpv6PseudoHeader() {
        Golden.assertMatches(getClass(), "ipv6-udp-probe.explain.txt",
                PacketExplainer.explain(heap(CapturedTransportPackets.UDP6_PROBE)));
    }

    @Test
    void capturedSynAckShowsItsOptionsByName() {
        String dump = PacketExplainer.explain(heap(CapturedTransportPackets.SYN_ACK));
        assertTrue(dump.contains("      33  12              Control Bits             0x12 = SYN+ACK [S.]\n"), dump);
        assertTrue(dump.contains("      40  02 04 05 b4     option                   Maximum Segment Size (kind 2): at most"
                + " 1460 bytes of data per segment\n"), dump);
        assertTrue(dump.contains("      44  04 02           option                   SACK-Permitted (kind 4)\n"), dump);
        assertTrue(dump.contains("      46  08 0a 50 90 ..  option                   Timestamps (kind 8): TSval"
                + " 1351628748, TSecr 2478786338\n"), dump);
        assertTrue(dump.contains("      57  03 03 0a        option                   Window Scale (kind 3): shift 10,"
                + " the peer's later windows count in units of 1024 bytes\n"), dump);
        assertTrue(dump.contains("complement  ~0xffff = 0x0000: valid"), dump);
    }

    @Test
    void badUdpChecksumIsWorkedThroughToTheExpectedValue() {
        byte[] packet = CapturedTransportPackets.UDP_PROBE.clone();
        packet[27] = (byte) 0x3d; // UDP checksum 0x303c -> 0x303d
        String dump = PacketExplainer.explain(Unpooled.wrappedBuffer(packet));
        assertTrue(dump.contains("      26  30 3d           Checksum                 0x303d (INVALID)\n"), dump);
        assertTrue(dump.contains("INVALID (stored 0x303d, expected 0x303c)"), dump);
    }

    @Test
    void badTcpChecksumOverIpv6IsWorkedThroughToTheExpectedValue() {
        byte[] packet = CapturedIpv6Packets.TCP_SYN.clone();
        packet[57] = (byte) 0x20; // TCP checksum 0xab1f -> 0xab20
        String dump = PacketExplainer.explain(Unpooled.wrappedBuffer(packet));
        assertTrue(dump.contains("0xab20 (INVALID)"), dump);
        assertTrue(dump.contains("INVALID (stored 0xab20, expected 0xab1f)"), dump);
    }

    @Test
    void udpChecksumZeroIsNoneOverIpv4AndInvalidOverIpv6() {
        byte[] ipv4 = CapturedTransportPackets.UDP_PROBE.clone();
        ipv4[26] = 0;
        ipv4[27] = 0;
        String dump4 = PacketExplainer.explain(Unpooled.wrappedBuffer(ipv4));
        assertTrue(dump4.contains("Checksum                 0x0000 (none: RFC 768, \"the transmitter generated no"
                + " checksum\")\n"), dump4);
        assertTrue(dump4.endsWith("UDP checksum: 0, none (RFC 768: \"An all zero transmitted checksum value means"
                + " that the\n  transmitter generated no checksum\"); the receiver checks nothing.\n"), dump4);

        byte[] ipv6 = CapturedTransportPackets.UDP6_PROBE.clone();
        ipv6[46] = 0;
        ipv6[47] = 0;
        String dump6 = PacketExplainer.explain(Unpooled.wrappedBuffer(ipv6));
        assertTrue(dump6.contains("0x0000 (INVALID: zero is not allowed over IPv6, RFC 8200 8.1)"), dump6);
        assertTrue(dump6.contains("INVALID (stored 0x0000, expected 0xa76e)"), dump6);
    }

    @Test
    void tcpDataOffsetBelowFiveIsShownAsHexWithTheFailedCheck() {
        byte[] packet = CapturedTransportPackets.RST_ACK.clone();
        packet[32] = 0x40; // data offset 5 -> 4
        String dump = PacketExplainer.explain(Unpooled.wrappedBuffer(packet));
        assertTrue(dump.contains("TCP segment, 20 bytes (RFC 9293)\n  Cannot be read field by field: TCP data offset"
                + " below 5 words (tcp-bad-data-offset).\n"), dump);
    }

    @Test
    void udpLengthBeyondThePayloadIsShownAsHexWithTheFailedCheck() {
        byte[] packet = CapturedTransportPackets.UDP_PROBE.clone();
        packet[25] = 0x29; // UDP length 40 -> 41
        String dump = PacketExplainer.explain(Unpooled.wrappedBuffer(packet));
        assertTrue(dump.contains("UDP datagram, 40 bytes (RFC 768)\n  Cannot be read field by field: "), dump);
        assertTrue(dump.contains("(udp-length-beyond-payload)"), dump);
    }

    @Test
    void laterFragmentSaysWhereTheUpperLayerHeaderIs() {
        String dump = PacketExplainer.explain(heap(CapturedIpv6Packets.ECHO_REQUEST_2000_LAST_FRAGMENT));
        assertTrue(dump.contains("      42  0000010110101   Fragment Offset          181 x 8 = 1448 bytes\n"), dump);
        assertTrue(dump.endsWith("Payload: 560 bytes of a later fragment at offset 1448: only the first fragment has"
                + " the icmpv6 header.\n"), dump);
    }

    @Test
    void badIcmpv6ChecksumIsWorkedThroughOverThePseudoHeader() {
        byte[] packet = CapturedIpv6Packets.ECHO_REQUEST.clone();
        packet[43] = (byte) 0x23; // ICMPv6 checksum 0x7622 -> 0x7623
        String dump = PacketExplainer.explain(Unpooled.wrappedBuffer(packet));
        assertTrue(dump.contains("      42  76 23           Checksum                 0x7623 (INVALID)\n"), dump);
        assertTrue(dump.contains("INVALID (stored 0x7623, expected 0x7622)"), dump);
    }

    @Test
    void truncatedIpv6PacketIsShownAsHexWithTheFailedCheck() {
        String dump = PacketExplainer.explain(Unpooled.wrappedBuffer(CapturedIpv6Packets.ECHO_REQUEST.clone(), 0,
                10));
        assertEquals("IPv6 header cannot be read field by field: IPv6 packet shorter than the 40-byte fixed header"
                + " (ipv6-truncated, 10 bytes read).\n"
                + "  0000  600f f6de 0040 3a40 fd00\n", dump);
    }

    @Test
    void changesOfDifferentFamiliesAreNotCompared() {
        assertEquals("The request and the reply are not both well-formed IPv4 or IPv6: no field comparison.\n",
                PacketExplainer.changes(heap(ECHO_REQUEST_LOOPBACK), heap(CapturedIpv6Packets.ECHO_REPLY)));
    }

    @Test
    void badHeaderChecksumIsWorkedThroughToTheExpectedValue() {
        byte[] packet = ECHO_REQUEST_LOOPBACK.clone();
        packet[11] = (byte) 0x98; // header checksum 0xa799 -> 0xa798
        String dump = PacketExplainer.explain(Unpooled.wrappedBuffer(packet));
        assertTrue(dump.contains("      10  a7 98           Header Checksum          0xa798 (INVALID)\n"), dump);
        assertTrue(dump.contains("  sum         0x2fffc\n  fold        0xfffc + 0x2 = 0xfffe\n"
                + "  complement  ~0xfffe = 0x0001: INVALID (stored 0xa798, expected 0xa799)\n"), dump);
    }

    @Test
    void badIcmpChecksumIsWorkedThroughToTheExpectedValue() {
        byte[] packet = ECHO_REQUEST_LOOPBACK.clone();
        packet[23] = (byte) 0xe1; // ICMP checksum 0x80e0 -> 0x80e1
        String dump = PacketExplainer.explain(Unpooled.wrappedBuffer(packet));
        assertTrue(dump.contains("0x80e1 (INVALID)"), dump);
        assertTrue(dump.contains("INVALID (stored 0x80e1, expected 0x80e0)"), dump);
    }

    @Test
    void truncatedPacketIsShownAsHexWithTheFailedCheck() {
        String dump = PacketExplainer.explain(Unpooled.wrappedBuffer(ECHO_REQUEST_LOOPBACK.clone(), 0, 10));
        assertEquals("IPv4 header cannot be read field by field: IPv4 packet shorter than the 20-byte minimum"
                + " header (ipv4-truncated, 10 bytes read).\n"
                + "  0000  4500 0054 950d 4000 4001\n", dump);
    }

    @Test
    void changesNamesSwappedAddresses() {
        // The captured request re-addressed 172.21.22.23 -> 172.21.22.26, and a reply with the addresses reversed.
        byte[] request = ECHO_REQUEST_LOOPBACK.clone();
        byte[] reply = ECHO_REPLY_LOOPBACK.clone();
        byte[] kernel = {(byte) 172, 21, 22, 23};
        byte[] answered = {(byte) 172, 21, 22, 26};
        System.arraycopy(kernel, 0, request, 12, 4);
        System.arraycopy(answered, 0, request, 16, 4);
        System.arraycopy(answered, 0, reply, 12, 4);
        System.arraycopy(kernel, 0, reply, 16, 4);
        String changes = PacketExplainer.changes(Unpooled.wrappedBuffer(request), Unpooled.wrappedBuffer(reply));
        assertTrue(changes.contains("      12  Source Address           172.21.22.23       172.21.22.26\n"
                + "          swapped (RFC 792: \"the source and destination addresses are simply reversed\")\n"),
                changes);
        assertTrue(changes.contains("      16  Destination Address      172.21.22.26       172.21.22.23\n"), changes);
    }

    @Test
    void changesSaysWhenTheDataDiffers() {
        byte[] reply = ECHO_REPLY_LOOPBACK.clone();
        reply[83] ^= 1;
        String changes = PacketExplainer.changes(heap(ECHO_REQUEST_LOOPBACK), Unpooled.wrappedBuffer(reply));
        assertTrue(changes.replaceAll("\\s+", " ").contains("data DIFFERS from byte 55"), changes);
    }

    @Test
    void explainBorrowsTheBuffersWithoutMovingTheirIndices() {
        ByteBuf packet = CapturedPackets.echoRequestLoopback();
        try {
            PacketExplainer.explain(packet);
            PacketExplainer.changes(packet, packet);
            assertEquals(0, packet.readerIndex());
            assertEquals(84, packet.writerIndex());
            assertEquals(1, packet.refCnt(), "the explainer neither retains nor releases");
        } finally {
            packet.release();
        }
        assertEquals(0, packet.refCnt());
    }

    @Property(tries = 3000)
    void explainsACorruptedIpv6Request(@ForAll @IntRange(max = 103) int index, @ForAll byte value,
            @ForAll @IntRange(max = 104) int length) {
        byte[] packet = CapturedIpv6Packets.ECHO_REQUEST.clone();
        packet[index] = value;
        ByteBuf corrupted = Unpooled.wrappedBuffer(packet, 0, length);
        assertFalse(PacketExplainer.explain(corrupted).isBlank());
        assertFalse(PacketExplainer.changes(heap(CapturedIpv6Packets.ECHO_REQUEST), corrupted).isBlank());
    }

    /** The MLD report's header chain (Hop-by-Hop, then ICMPv6), one byte changed and cut anywhere. */
    @Property(tries = 3000)
    void explainsACorruptedHeaderChain(@ForAll @IntRange(max = 75) int index, @ForAll byte value,
            @ForAll @IntRange(max = 76) int length) {
        byte[] packet = CapturedIpv6Packets.MLD_V2_REPORT.clone();
        packet[index] = value;
        assertFalse(PacketExplainer.explain(Unpooled.wrappedBuffer(packet, 0, length)).isBlank());
    }

    @Property(tries = 3000)
    void explainsACorruptedRequest(@ForAll @IntRange(max = 83) int index, @ForAll byte value,
            @ForAll @IntRange(max = 84) int length) {
        byte[] packet = ECHO_REQUEST_LOOPBACK.clone();
        packet[index] = value;
        ByteBuf corrupted = Unpooled.wrappedBuffer(packet, 0, length);
        assertFalse(PacketExplainer.explain(corrupted).isBlank());
        assertFalse(PacketExplainer.changes(heap(ECHO_REQUEST_LOOPBACK), corrupted).isBlank());
    }
}
