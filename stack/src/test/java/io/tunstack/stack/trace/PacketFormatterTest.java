package io.tunstack.stack.trace;

import static io.tunstack.stack.CapturedPackets.ECHO_REPLY_LOOPBACK;
import static io.tunstack.stack.CapturedPackets.ECHO_REQUEST_LOOPBACK;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.tunstack.stack.CapturedPackets;
import io.tunstack.stack.LeakDetection;
import io.tunstack.stack.wire.CapturedIpv6Packets;
import io.tunstack.stack.wire.CapturedTransportPackets;
import java.util.HexFormat;
import java.util.stream.Stream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Built from the real captured ping ({@link CapturedPackets}); each hostile case breaks one thing. */
@ExtendWith(LeakDetection.class)
class PacketFormatterTest {

    /** An unpooled heap copy: formatting only reads, so these need no release. */
    private static ByteBuf heap(byte[] packet) {
        return Unpooled.wrappedBuffer(packet.clone());
    }


    @Test
    void capturedExchangeMatchesGoldenTraceLines() {
        String lines = PacketFormatter.summary(heap(ECHO_REQUEST_LOOPBACK)) + "\n"
                + PacketFormatter.summary(heap(ECHO_REPLY_LOOPBACK)) + "\n";
        Golden.assertMatches(getClass(), "echo-exchange.trace.txt", lines);
    }

    @Test
    void capturedIpv6PacketsMatchGoldenTraceLines() {
        StringBuilder lines = new StringBuilder();
        for (byte[] packet : new byte[][] {CapturedIpv6Packets.ECHO_REQUEST, CapturedIpv6Packets.ECHO_REPLY,
                CapturedIpv6Packets.ECHO_REQUEST_2000_FIRST_FRAGMENT, CapturedIpv6Packets.ECHO_REQUEST_2000_LAST_FRAGMENT,
                CapturedIpv6Packets.ECHO_REPLY_2000_FIRST_FRAGMENT, CapturedIpv6Packets.ECHO_REPLY_2000_LAST_FRAGMENT,
                CapturedIpv6Packets.ROUTER_SOLICITATION, CapturedIpv6Packets.MLD_V2_REPORT,
                CapturedIpv6Packets.UDP_TO_CLOSED_PORT, CapturedIpv6Packets.PORT_UNREACHABLE,
                CapturedIpv6Packets.TCP_SYN, CapturedIpv6Packets.TCP_RST}) {
            lines.append(PacketFormatter.summary(heap(packet))).append('\n');
        }
        Golden.assertMatches(getClass(), "ipv6-captures.trace.txt", lines.toString());
    }

    /** The lines tcpdump -S prints for the same capture, flags, sequence numbers, options and quoted ports alike. */
    @Test
    void capturedUdpAndTcpExchangesMatchGoldenTraceLines() {
        StringBuilder lines = new StringBuilder();
        for (byte[] packet : new byte[][] {CapturedTransportPackets.UDP_PROBE, CapturedTransportPackets.PORT_UNREACHABLE,
                CapturedTransportPackets.SYN_TO_CLOSED_PORT, CapturedTransportPackets.RST_ACK,
                CapturedTransportPackets.SYN_TO_OPEN_PORT, CapturedTransportPackets.SYN_ACK,
                CapturedTransportPackets.HANDSHAKE_ACK, CapturedTransportPackets.SERVER_FIN,
                CapturedTransportPackets.CLIENT_FIN, CapturedTransportPackets.LAST_ACK,
                CapturedTransportPackets.UDP6_PROBE, CapturedTransportPackets.PORT_UNREACHABLE6}) {
            lines.append(PacketFormatter.summary(heap(packet))).append('\n');
        }
        Golden.assertMatches(getClass(), "transport-captures.trace.txt", lines.toString());
    }

    @Test
    void summaryBorrowsTheBufferWithoutMovingItsIndices() {
        ByteBuf packet = CapturedPackets.echoRequestLoopback();
        try {
            PacketFormatter.summary(packet);
            assertEquals(0, packet.readerIndex());
            assertEquals(84, packet.writerIndex());
            assertEquals(1, packet.refCnt(), "the formatter neither retains nor releases");
        } finally {
            packet.release();
        }
        assertEquals(0, packet.refCnt());
    }

    /** Each case changes one thing in the captured request (or is another kind of packet) and names the result. */
    static Stream<Arguments> packets() {
        String request = HexFormat.of().formatHex(ECHO_REQUEST_LOOPBACK);
        return Stream.of(
                Arguments.of("empty", "", "empty packet"),
                Arguments.of("version nibble 0", "00" + request.substring(2), "not IP: version nibble 0, length 84"),
                Arguments.of("10 bytes of IPv4", request.substring(0, 20), "IP malformed (ipv4-truncated), length 10"),
                Arguments.of("IHL 4", "44" + request.substring(2), "IP malformed (ipv4-bad-ihl), length 84"),
                Arguments.of("total length 0x0100", request.substring(0, 4) + "0100" + request.substring(8),
                        "IP malformed (ipv4-total-length-beyond-bytes-read), length 84"),
                Arguments.of("ICMP of 4 bytes", "4500001800004000400100007f0000017f0000010800f7ff",
                        "IP 127.0.0.1 > 127.0.0.1: ICMP truncated (icmp-truncated), length 4"),
                Arguments.of("destination unreachable", "4500001c00004000400100007f0000017f0000010303fcfc00000000",
                        "IP 127.0.0.1 > 127.0.0.1: ICMP destination unreachable, code 3, length 8"),
                Arguments.of("unknown ICMP type 42", "4500001c00004000400100007f0000017f0000012a00d5ff00000000",
                        "IP 127.0.0.1 > 127.0.0.1: ICMP type 42, code 0, length 8"),
                Arguments.of("UDP to port 53", "4500002000004000401100000a0000010a00000294c60035000c000061626364",
                        "IP 10.0.0.1.38086 > 10.0.0.2.53: UDP, length 4"),
                Arguments.of("TCP SYN", "4500002800004000400600000a0000010a0000029c4000500000000100000000"
                        + "5002200000000000", "IP 10.0.0.1.40000 > 10.0.0.2.80: Flags [S], seq 1, win 8192, length 0"),
                Arguments.of("TCP PSH+ACK with 5 data bytes and URG", "4500002d00004000400600000a0000010a000002"
                        + "9c40005000000001000000025038200000000003" + "6869210d0a",
                        "IP 10.0.0.1.40000 > 10.0.0.2.80: Flags [PU.], seq 1:6, ack 2, win 8192, urg 3, length 5"),
                Arguments.of("TCP option whose length runs past the header",
                        "4500002c00004000400600000a0000010a0000029c4000500000000100000000600220000000000002ff0000",
                        "IP 10.0.0.1.40000 > 10.0.0.2.80: Flags [S], seq 1, win 8192, options [bad opt], length 0"),
                Arguments.of("TCP unknown option, SACK, end of options",
                        "4500003c00004000400600000a0000010a000002" + "9c4000500000000100000000a010200000000000"
                                + "2202" + "050a0000000a00000014" + "01" + "00" + "000000000000",
                        "IP 10.0.0.1.40000 > 10.0.0.2.80: Flags [.], ack 0, win 8192, options [unknown-34,sack 1"
                                + " {10:20},nop,eol], length 0"),
                Arguments.of("TCP data offset 4", "4500002800004000400600000a0000010a0000029c4000500000000100000000"
                        + "4002200000000000", "IP 10.0.0.1.40000 > 10.0.0.2.80: TCP malformed (tcp-bad-data-offset),"
                        + " length 20"),
                Arguments.of("ICMP port unreachable quoting a TCP header", "4500003400004000400100000a0000020a000001"
                        + "0303000000000000" + "4500002800004000400600000a0000010a000002" + "9c400050",
                        "IP 10.0.0.2 > 10.0.0.1: ICMP 10.0.0.2 tcp port 80 unreachable, length 32"),
                Arguments.of("ICMP port unreachable quoting an IP header only", "4500003000004000400100000a0000020a000001"
                        + "0303000000000000" + "4500002800004000400600000a0000010a000002",
                        "IP 10.0.0.2 > 10.0.0.1: ICMP destination unreachable, code 3, length 28"),
                Arguments.of("ICMP protocol unreachable", "4500003400004000400100000a0000020a000001"
                        + "0302000000000000" + "4500002800004000402f00000a0000010a000002" + "9c400050",
                        "IP 10.0.0.2 > 10.0.0.1: ICMP 10.0.0.2 protocol 47 unreachable, length 32"),
                Arguments.of("GRE", "4500001800004000402f00000a0000010a00000200000800",
                        "IP 10.0.0.1 > 10.0.0.2: ip-proto-47, length 4"),
                Arguments.of("first fragment", request.substring(0, 12) + "2000" + request.substring(16),
                        "IP 127.0.0.1 > 127.0.0.1: ICMP echo request, id 19631, seq 1, length 64 (frag 38157:64@0+)"),
                Arguments.of("later fragment", request.substring(0, 12) + "00b9" + request.substring(16),
                        "IP 127.0.0.1 > 127.0.0.1: icmp (frag 38157:64@1480)"),
                Arguments.of("IPv6 router solicitation",
                        "6000000000083afffe800000000000000000000000000001ff020000000000000000000000000002"
                                + "85007bb900000000",
                        "IP6 fe80::1 > ff02::2: ICMP6, router solicitation, length 8"),
                Arguments.of("IPv6 MLDv2 report cut short: payload length 36, 16 bytes after the header",
                        "6000000000240001fe800000000000000000000000000001ff020000000000000000000000000016"
                                + "3a000502000001008f00000000000001",
                        "IP6 malformed (ipv6-payload-length-beyond-bytes-read), length 56"),
                Arguments.of("IPv6 header cut short", "6000000000083aff", "IP6 malformed (ipv6-truncated), length 8"),
                Arguments.of("IPv6 payload length beyond the bytes",
                        "6000000000093afffe800000000000000000000000000001ff020000000000000000000000000002"
                                + "85007bb900000000",
                        "IP6 malformed (ipv6-payload-length-beyond-bytes-read), length 48"),
                Arguments.of("ICMPv6 of 4 bytes",
                        "6000000000043afffe800000000000000000000000000001ff020000000000000000000000000002"
                                + "85007bb9",
                        "IP6 fe80::1 > ff02::2: ICMP6 truncated (icmpv6-truncated), length 4"),
                Arguments.of("Hop-by-Hop cut short",
                        "6000000000040001fe800000000000000000000000000001ff020000000000000000000000000016"
                                + "3a000502",
                        "IP6 fe80::1 > ff02::16: malformed (ipv6-extension-header-truncated), length 4"),
                Arguments.of("Destination Options, then No Next Header",
                        "6000000000083c40fe800000000000000000000000000001fe800000000000000000000000000002"
                                + "3b00010400000000",
                        "IP6 fe80::1 > fe80::2: DSTOPT ipv6-nonxt, length 0"),
                Arguments.of("Routing type 0, segments left 1",
                        "6000000000202b40fe800000000000000000000000000001fe800000000000000000000000000002"
                                + "3a02000100000000fd000172002100220000000000000023" + "8000f7ff00000000",
                        "IP6 fe80::1 > fe80::2: srcrt (len=2, type=0, segleft=1) ICMP6, echo request, id 0, seq 0,"
                                + " length 8"),
                Arguments.of("ICMPv6 Parameter Problem about a UDP datagram (tunstack's own), pointer at Next Header",
                        "60000000003c3a40fd000172002100220000000000000026fd000172002100220000000000000023"
                                + "040108c700000006600483d3000c1140fd000172002100220000000000000023"
                                + "fd00017200210022000000000000002688ed0035000cb43861626364",
                        "IP6 fd00:172:21:22::26 > fd00:172:21:22::23: ICMP6, parameter problem, unrecognized Next"
                                + " Header type encountered, pointer 6, length 60"),
                Arguments.of("IPv6 unknown next header 253",
                        "600000000004fd40fe800000000000000000000000000001fe80000000000000000000000000000261626364",
                        "IP6 fe80::1 > fe80::2: ip-proto-253, length 4"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("packets")
    void summarizes(String name, String hex, String expected) {
        assertEquals(expected, PacketFormatter.summary(Unpooled.wrappedBuffer(CapturedPackets.hex(hex))));
    }

    @Property(tries = 2000)
    void summarizesGarbageInOneLine(@ForAll @Size(max = 120) byte[] garbage) {
        assertOneLine(PacketFormatter.summary(Unpooled.wrappedBuffer(garbage)));
    }

    /** The start of a real header, one byte changed and cut anywhere, reaches the deeper branches. */
    @Property(tries = 3000)
    void summarizesACorruptedRequestInOneLine(@ForAll @IntRange(max = 83) int index, @ForAll byte value,
            @ForAll @IntRange(max = 84) int length) {
        byte[] packet = ECHO_REQUEST_LOOPBACK.clone();
        packet[index] = value;
        assertOneLine(PacketFormatter.summary(Unpooled.wrappedBuffer(packet, 0, length)));
    }

    /** The captured MLD report (a header chain), one byte changed and cut anywhere. */
    @Property(tries = 3000)
    void summarizesACorruptedHeaderChainInOneLine(@ForAll @IntRange(max = 75) int index, @ForAll byte value,
            @ForAll @IntRange(max = 76) int length) {
        byte[] packet = CapturedIpv6Packets.MLD_V2_REPORT.clone();
        packet[index] = value;
        assertOneLine(PacketFormatter.summary(Unpooled.wrappedBuffer(packet, 0, length)));
    }

    private static void assertOneLine(String summary) {
        assertFalse(summary.isBlank(), "blank summary");
        assertFalse(summary.contains("\n"), () -> "more than one line: " + summary);
    }
}
