package io.tunstack.app.observe;

import static io.tunstack.app.observe.ObservationTest.count;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The kernel's own link chatter (the captured router solicitation and MLD report) arriving before a ping, played
 * through a real stack: trace and explain leave it out (it takes no {@code --explain} slot), {@code --pcap} and the
 * counters keep it, and {@code --show-link-chatter} brings it back.
 */
@ExtendWith(LeakDetection.class)
class LinkChatterTest {

    private static final String RULE = "=".repeat(100);
    private static final Verdict CHATTER = Verdict.dropped(DropReason.IPV6_LINK_CHATTER);
    private static final Verdict ECHO_REPLY = Verdict.answered(Answer.ICMPV6_ECHO_REPLY);

    private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();

    @Test
    void explainOneAfterTheKernelsChatterExplainsThePing() throws IOException {
        String out = run("--quiet", "--explain=1");
        assertTrue(out.startsWith(RULE + "\nPacket read (104 bytes), verdict: answered: icmpv6-echo-reply\n"), out);
        assertTrue(out.contains("Packet written in answer (104 bytes)\n"), out);
        assertEquals(2, count(out, "IPv6 header, 40 bytes"), "one request and one reply explained: " + out);
        assertFalse(out.contains("router solicitation"), out);
        assertFalse(out.contains("multicast listener report"), out);
    }

    @Test
    void traceLeavesOutTheChatter() throws IOException {
        String[] lines = run("--quiet", "--trace").split("\n");
        assertEquals(2, lines.length, String.join("\n", lines));
        assertTrue(lines[0].endsWith(" In  IP6 fd00:172:21:22::23 > fd00:172:21:22::26: ICMP6, echo request, id 4656,"
                + " seq 1, length 64 [answered: icmpv6-echo-reply]"), lines[0]);
        assertTrue(lines[1].endsWith(" Out IP6 fd00:172:21:22::26 > fd00:172:21:22::23: ICMP6, echo reply, id 4656,"
                + " seq 1, length 64"), lines[1]);
    }

    @Test
    void showLinkChatterBringsItBackInTraceAndExplain() throws IOException {
        String out = run("--quiet", "--trace", "--explain=1", "--show-link-chatter");
        String[] lines = out.split("\n");
        assertTrue(lines[0].endsWith(" In  IP6 fe80::c7b8:db4a:c009:cc2a > ff02::2: ICMP6, router solicitation,"
                + " length 8 [dropped: ipv6-link-chatter]"), lines[0]);
        assertEquals(RULE, lines[1]);
        assertEquals("Packet read (48 bytes), verdict: dropped: ipv6-link-chatter", lines[2]);
        assertTrue(out.contains(" In  IP6 fe80::c7b8:db4a:c009:cc2a > ff02::16: HBH ICMP6, multicast listener report"
                + " v2, length 28 [dropped: ipv6-link-chatter]\n"), out);
        assertEquals(1, count(out, "Packet read ("), "--explain=1 explained the first packet only: " + out);
        assertEquals(1, count(out, "echo request, id 4656"), out);
    }

    @Test
    void theCaptureAndTheCountersKeepTheChatter(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("chatter.pcapng");
        ObservedStack stack;
        try (Observation observation = start("--quiet", "--trace", "--pcap", file.toString())) {
            stack = play(observation);
        }
        assertEquals(2, stack.counters().stack().dropped(DropReason.IPV6_LINK_CHATTER));
        assertEquals(1, stack.counters().stack().answered(Answer.ICMPV6_ECHO_REPLY));
        String capture = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
        assertEquals(2, count(capture, "tunstack: dropped: ipv6-link-chatter ("
                + DropReason.IPV6_LINK_CHATTER.description() + ")"), "both chatter packets captured with their reason");
    }

    @Test
    void onlyTheLinkChatterVerdictIsChatter() {
        assertTrue(LinkChatterFilter.isLinkChatter(CHATTER));
        assertFalse(LinkChatterFilter.isLinkChatter(Verdict.dropped(DropReason.IPV6_DESTINATION_MULTICAST)));
        assertFalse(LinkChatterFilter.isLinkChatter(Verdict.dropped(DropReason.ICMPV6_UNHANDLED_TYPE)));
        assertFalse(LinkChatterFilter.isLinkChatter(ECHO_REPLY));
        assertFalse(LinkChatterFilter.isLinkChatter(Verdict.HELD));
    }

    /** The observers' stdout after the router solicitation, the MLD report and one ping through a real stack. */
    private String run(String... args) throws IOException {
        try (Observation observation = start(args)) {
            play(observation);
        }
        return stdout.toString(StandardCharsets.UTF_8);
    }

    /** Plays the kernel's chatter, then the ping, and checks that the stack's verdicts are what this test is about. */
    private static ObservedStack play(Observation observation) {
        try (ObservedStack stack = new ObservedStack(observation.newPacketObserver())) {
            assertEquals(CHATTER, stack.read(CapturedIpv6Packets.ROUTER_SOLICITATION));
            assertEquals(CHATTER, stack.read(CapturedIpv6Packets.MLD_V2_REPORT));
            assertEquals(ECHO_REPLY, stack.read(CapturedIpv6Packets.ECHO_REQUEST));
            return stack;
        }
    }

    private Observation start(String... args) throws IOException {
        return ObservationTest.open(stdout, new ByteArrayOutputStream(), args);
    }
}
