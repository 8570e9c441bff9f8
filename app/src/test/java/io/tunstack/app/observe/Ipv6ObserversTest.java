package io.tunstack.app.observe;

import static io.tunstack.app.observe.ObservationTest.count;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tunstack.stack.LeakDetection;
import io.tunstack.stack.verdict.Answer;
import io.tunstack.stack.verdict.DropReason;
import io.tunstack.stack.verdict.Verdict;
import io.tunstack.stack.wire.CapturedIpv6Packets;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every observer with IPv6 traffic, played through a real stack from captured packets: a ping, a 2000-byte ping in
 * two fragments, a UDP datagram to a closed port (answered with Port Unreachable) and an echo request with a broken
 * checksum.
 */
@ExtendWith(LeakDetection.class)
class Ipv6ObserversTest {

    /** The captured request with its ICMPv6 checksum broken (0x7622 -> 0x7623). */
    private static final byte[] BAD_CHECKSUM = ObservationTest.withByte(CapturedIpv6Packets.ECHO_REQUEST, 43, 0x23);

    private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();

    @Test
    void traceLinesMatchGoldenFile() throws IOException {
        try (Observation observation = start("--quiet", "--trace")) {
            play(observation);
        }
        assertEquals(ObservationTest.golden("ipv6.trace.txt"), stdout.toString(StandardCharsets.UTF_8));
    }

    @Test
    void explainWorksThePseudoHeaderChecksumThroughAndSaysWhatTheReplyChanged() throws IOException {
        try (Observation observation = start("--quiet", "--explain=1")) {
            play(observation);
        }
        String out = stdout.toString(StandardCharsets.UTF_8);
        assertTrue(out.contains("Packet read (104 bytes), verdict: answered: icmpv6-echo-reply\n"), out);
        assertTrue(out.contains("Packet written in answer (104 bytes)\n"), out);
        assertTrue(out.contains("     1.4  ff6de           Flow Label               1046238 (0xff6de)\n"), out);
        assertTrue(out.contains("ICMPv6 checksum, over the pseudo-header and the whole message (64 bytes):\n"), out);
        assertTrue(out.contains("  pseudo      fd00 + 0172 + 0021 + 0022 + 0000 + 0000 + 0000 + 0023  source address\n"
                + "            + fd00 + 0172 + 0021 + 0022 + 0000 + 0000 + 0000 + 0026  destination address\n"
                + "            + 0000 + 0040 + 0000 + 003a                              length 64, zeros, next header"
                + " 58\n"
                + "  message   + 8000 + 7622 + 1230 + 0001"), out);
        assertEquals(2, count(out, "complement  ~0xffff = 0x0000: valid"), "request and reply checksums: " + out);
        assertTrue(out.contains("What the reply changed, and why\n"), out);
        assertTrue(out.contains("      40  Type                     128 (echo request)  129 (echo reply)\n"), out);
        assertTrue(out.contains("type 128 -> 129 raised the first word by 0x0100, so the checksum fell by as much"
                + " (RFC 1624)\n"), out);
    }

    @Test
    void pcapHoldsEveryIpv6PacketWithItsDropReason(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("ipv6.pcapng");
        ObservedStack stack;
        try (Observation observation = start("--quiet", "--pcap", file.toString())) {
            stack = play(observation);
        }
        byte[] capture = Files.readAllBytes(file);
        long packets = stack.counters().stack().received() + stack.written().size();
        assertEquals(2 + packets, ObservationTest.countBlocks(capture),
                "section and interface blocks, then one per packet");
        String text = new String(capture, StandardCharsets.ISO_8859_1);
        for (DropReason reason : List.of(DropReason.UDP_PORT_CLOSED, DropReason.ICMPV6_BAD_CHECKSUM)) {
            assertTrue(text.contains("tunstack: dropped: " + reason.label() + " (" + reason.description() + ")"),
                    reason.label());
        }
    }

    @Test
    void metricsStatusLineAndCountersCountTheIpv6Answers() throws IOException {
        ObservedStack stack;
        try (Observation observation = start("--quiet")) {
            stack = play(observation);
        }
        CounterSnapshot counts = CounterSnapshot.of(stack.counters());
        String metrics = MetricsText.render(counts, Duration.ofSeconds(1), false);
        assertTrue(metrics.contains("tunstack_packets_read_total 5\n"), metrics);
        assertTrue(metrics.contains(
                "tunstack_packets_answered_total{protocol=\"icmpv6\",answer=\"icmpv6-echo-reply\"} 2\n"), metrics);
        assertTrue(metrics.contains("tunstack_packets_held_total 1\n"), metrics);
        assertTrue(metrics.contains("tunstack_drops_total{reason=\"udp-port-closed\"} 1\n"), metrics);
        assertTrue(metrics.contains("tunstack_drops_total{reason=\"icmpv6-bad-checksum\"} 1\n"), metrics);
        assertTrue(metrics.contains("tunstack_icmpv6_sent_total{type=\"129\",name=\"echo-reply\"} 1\n"), metrics);
        assertTrue(metrics.contains("tunstack_icmpv6_sent_total{type=\"1\",name=\"destination-unreachable\"} 1\n"), metrics);
        assertTrue(metrics.contains("tunstack_fragments_sent_total 2\n"), metrics);
        assertTrue(metrics.contains("tunstack_icmp_sent_total{type=\"0\",name=\"echo-reply\"} 0\n"), metrics);
        assertTrue(metrics.contains("tunstack_packets_written_total 4\n"), metrics);

        CounterSnapshot before = CounterSnapshot.of(new QueueCounters(
                new io.tunstack.stack.verdict.StackCounters(), new DeviceCounters()));
        assertEquals("status: in 5 pkt/s, out 4 pkt/s, drops 2 pkt/s | total in 5: 2 answered, 2 dropped"
                        + " (icmpv6-bad-checksum 1, udp-port-closed 1), 1 held; out 4",
                StatusLine.format(before, counts, Duration.ofSeconds(1)));
    }

    /**
     * The IPv6 exchanges through a real stack, each verdict checked: a ping, a fragmented ping, UDP, a broken
     * checksum.
     */
    static ObservedStack play(Observation observation) {
        try (ObservedStack stack = new ObservedStack(observation.newPacketObserver())) {
            Verdict echoReply = Verdict.answered(Answer.ICMPV6_ECHO_REPLY);
            assertEquals(echoReply, stack.read(CapturedIpv6Packets.ECHO_REQUEST));
            assertEquals(Verdict.HELD, stack.read(CapturedIpv6Packets.ECHO_REQUEST_2000_FIRST_FRAGMENT));
            assertEquals(echoReply, stack.read(CapturedIpv6Packets.ECHO_REQUEST_2000_LAST_FRAGMENT));
            assertEquals(Verdict.dropped(DropReason.UDP_PORT_CLOSED),
                    stack.read(CapturedIpv6Packets.UDP_TO_CLOSED_PORT));
            assertEquals(Verdict.dropped(DropReason.ICMPV6_BAD_CHECKSUM), stack.read(BAD_CHECKSUM));
            return stack;
        }
    }

    private Observation start(String... args) throws IOException {
        return ObservationTest.open(stdout, new ByteArrayOutputStream(), args);
    }
}
