package io.tunstack.app.observe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tunstack.stack.verdict.Answer;
import io.tunstack.stack.verdict.DropReason;
import io.tunstack.stack.verdict.StackCounters;
import io.tunstack.stack.verdict.StackEvent;
import io.tunstack.stack.verdict.Verdict;
import io.tunstack.stack.profile.ProfileCounters.Effect;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class MetricsTextTest {

    /** A sample line: a metric name, optional labels, a value (the text format's grammar, without timestamps). */
    private static final Pattern SAMPLE = Pattern.compile(
            "[a-zA-Z_:][a-zA-Z0-9_:]*(\\{[a-zA-Z_][a-zA-Z0-9_]*=\"[^\"\\\\\\n]*\"(,[a-zA-Z_][a-zA-Z0-9_]*=\"[^\"\\\\\\n]*\")*\\})? -?[0-9.]+");

    /**
     * 12 packets read: 7 echo requests answered, 2 TCP SYNs answered (a reset, a SYN+ACK), 1 dropped for its checksum,
     * 1 UDP datagram to a closed port, 1 fragment held; 4 echo replies, 2 protocol unreachables (one of them not
     * written), 1 reset and 1 SYN+ACK sent; 1 parameter problem and 2 port unreachables rate-limited; 1 connection
     * accepted.
     */
    private static CounterSnapshot snapshot() {
        QueueCounters queue = new QueueCounters(new StackCounters(), new DeviceCounters());
        for (int i = 0; i < 7; i++) {
            queue.stack().count(Verdict.answered(Answer.ICMPV4_ECHO_REPLY));
        }
        queue.stack().count(Verdict.dropped(DropReason.ICMP_BAD_CHECKSUM));
        queue.stack().count(Verdict.HELD);
        for (int i = 0; i < 4; i++) {
            queue.stack().countSent(Answer.ICMPV4_ECHO_REPLY);
            queue.device().countWritten();
        }
        queue.stack().countSent(Answer.ICMPV4_DESTINATION_UNREACHABLE);
        queue.stack().countSent(Answer.ICMPV4_DESTINATION_UNREACHABLE);
        queue.device().countWritten();
        queue.device().countDeviceError();
        queue.stack().countRateLimited(Answer.ICMPV4_PARAMETER_PROBLEM);
        queue.stack().count(Verdict.answered(Answer.TCP_RST));
        queue.stack().countSent(Answer.TCP_RST);
        queue.device().countWritten();
        queue.stack().count(Verdict.answered(Answer.TCP_SYN_ACK));
        queue.stack().countSent(Answer.TCP_SYN_ACK);
        queue.device().countWritten();
        queue.stack().count(Verdict.dropped(DropReason.UDP_PORT_CLOSED));
        queue.stack().countRateLimited(Answer.ICMPV6_DESTINATION_UNREACHABLE);
        queue.stack().countRateLimited(Answer.ICMPV6_DESTINATION_UNREACHABLE);
        queue.stack().countEvent(StackEvent.TCP_CONNECTION_ACCEPTED);
        return CounterSnapshot.of(queue);
    }

    @Test
    void prometheusTextHasTheCountersWithHelpAndType() {
        String text = MetricsText.render(snapshot(), Duration.ofMillis(12_345), false);
        assertTrue(text.startsWith("# HELP tunstack_packets_read_total Packets read from the device; each is"
                + " answered, dropped or held, and counted under one of them.\n"
                + "# TYPE tunstack_packets_read_total counter\n"
                + "tunstack_packets_read_total 12\n"), text);
        assertTrue(text.contains("# HELP tunstack_packets_written_total Packets the device accepted; a failed"
                + " write is a device error instead.\n"
                + "# TYPE tunstack_packets_written_total counter\n"
                + "tunstack_packets_written_total 7\n"), text);
        assertTrue(text.contains(
                "tunstack_packets_answered_total{protocol=\"icmp\",answer=\"icmpv4-echo-reply\"} 7\n"), text);
        assertTrue(text.contains("tunstack_packets_answered_total{protocol=\"tcp\",answer=\"tcp-rst\"} 1\n"), text);
        assertTrue(text.contains("tunstack_packets_sent_total{protocol=\"tcp\",answer=\"tcp-syn-ack\"} 1\n"), text);
        assertTrue(text.contains("tunstack_packets_sent_total{protocol=\"icmp\",answer=\"icmpv4-echo-reply\"} 4\n"),
                text);
        assertTrue(text.contains("tunstack_drops_total{reason=\"udp-port-closed\"} 1\n"), text);
        assertTrue(text.contains("tunstack_icmp_errors_rate_limited_total{protocol=\"icmpv6\","
                + "error=\"icmpv6-destination-unreachable\"} 2\n"), text);
        assertTrue(text.contains("tunstack_events_total{event=\"tcp-connection-accepted\"} 1\n"), text);
        assertTrue(text.contains("tunstack_events_total{event=\"tcp-table-full\"} 0\n"), text);
        assertTrue(text.contains("tunstack_packets_held_total 1\n"), text);
        assertTrue(text.contains("tunstack_fragments_sent_total 0\n"), text);
        assertTrue(text.contains(
                "tunstack_icmp_errors_rate_limited_total{protocol=\"icmp\",error=\"icmpv4-parameter-problem\"} 1\n"),
                text);
        assertTrue(text.contains("tunstack_icmp_sent_total{type=\"0\",name=\"echo-reply\"} 4\n"), text);
        assertTrue(text.contains("tunstack_icmp_sent_total{type=\"3\",name=\"destination-unreachable\"} 2\n"), text);
        assertTrue(text.contains("tunstack_icmpv6_sent_total{type=\"129\",name=\"echo-reply\"} 0\n"), text);
        assertTrue(text.contains("tunstack_drops_total{reason=\"icmp-bad-checksum\"} 1\n"), text);
        assertTrue(text.contains("tunstack_drops_total{reason=\"not-ip\"} 0\n"), "every reason, also at 0");
        assertTrue(text.contains("tunstack_device_errors_total 1\n"), text);
        assertTrue(text.endsWith("# TYPE tunstack_uptime_seconds gauge\ntunstack_uptime_seconds 12.345\n"), text);
        assertWellFormed(text);
    }

    /** TAP mode: ARP replies by protocol, Neighbor Advertisements among the ICMPv6 messages by type. */
    @Test
    void arpAndNeighborDiscoveryAnswersAreSeriesOfTheirProtocols() {
        QueueCounters queue = new QueueCounters(new StackCounters(), new DeviceCounters());
        queue.stack().count(Verdict.answered(Answer.ARP_REPLY));
        queue.stack().countSent(Answer.ARP_REPLY);
        queue.stack().count(Verdict.answered(Answer.NEIGHBOR_ADVERTISEMENT));
        queue.stack().countSent(Answer.NEIGHBOR_ADVERTISEMENT);

        String text = MetricsText.render(CounterSnapshot.of(queue), Duration.ofSeconds(1), false);

        assertTrue(text.contains("tunstack_packets_answered_total{protocol=\"arp\",answer=\"arp-reply\"} 1\n"), text);
        assertTrue(text.contains("tunstack_packets_sent_total{protocol=\"icmpv6\",answer=\"neighbor-advertisement\"}"
                + " 1\n"), text);
        assertTrue(text.contains("tunstack_icmpv6_sent_total{type=\"136\",name=\"neighbor-advertisement\"} 1\n"),
                text);
        assertTrue(text.contains("tunstack_icmpv6_sent_total{type=\"129\",name=\"echo-reply\"} 0\n"), text);
    }

    @Test
    void openMetricsNamesCounterFamiliesWithoutTotalAndEndsWithEof() {
        String text = MetricsText.render(snapshot(), Duration.ofSeconds(1), true);
        assertTrue(text.contains("# TYPE tunstack_packets_read counter\ntunstack_packets_read_total 12\n"), text);
        assertTrue(text.contains("# TYPE tunstack_drops counter\n"), text);
        assertTrue(text.endsWith("tunstack_uptime_seconds 1.000\n# EOF\n"), text);
        assertWellFormed(text.substring(0, text.length() - "# EOF\n".length()));
    }

    @Test
    void everySeriesIsExposedBeforeItCounts() {
        CounterSnapshot idle = CounterSnapshot.of(new QueueCounters(new StackCounters(), new DeviceCounters()));
        String text = MetricsText.render(idle, Duration.ZERO, false);
        assertTrue(text.contains("tunstack_icmp_sent_total{type=\"0\",name=\"echo-reply\"} 0\n"), text);
        for (Answer answer : Answer.values()) {
            assertTrue(text.contains("=\"" + answer.label() + "\"} 0\n")
                    || text.contains("name=\"" + answer.label().substring(7) + "\"} 0\n"), answer.label());
        }
        for (DropReason reason : DropReason.values()) {
            assertTrue(text.contains("tunstack_drops_total{reason=\"" + reason.label() + "\"} 0\n"), reason.label());
        }
        for (Answer answer : Answer.values()) {
            assertTrue(text.contains("tunstack_packets_sent_total{protocol=\"" + answer.protocol().label()
                    + "\",answer=\"" + answer.label() + "\"} 0\n"), answer.label());
        }
        for (StackEvent event : StackEvent.values()) {
            assertTrue(text.contains("tunstack_events_total{event=\"" + event.label() + "\"} 0\n"), event.label());
        }
        assertTrue(text.contains("tunstack_held_discarded_total{reason=\"reassembly-timeout\"} 0\n"), text);
    }

    /** The samples add up as the summary's figures do: read = answered + dropped + held. */
    @Test
    void theSamplesAddUp() {
        String text = MetricsText.render(snapshot(), Duration.ZERO, false);
        long answered = sum(text, "tunstack_packets_answered_total{");
        long dropped = sum(text, "tunstack_drops_total{");
        long held = sum(text, "tunstack_packets_held_total ");
        assertEquals(sum(text, "tunstack_packets_read_total "), answered + dropped + held);
        long sent = sum(text, "tunstack_packets_sent_total{") + sum(text, "tunstack_fragments_sent_total ");
        assertEquals(8, sent);
        assertEquals(sum(text, "tunstack_packets_sent_total{protocol=\"icmp\""),
                sum(text, "tunstack_icmp_sent_total{"), "the ICMP part by type is the ICMP protocol's");
        assertEquals(2, sum(text, "tunstack_packets_sent_total{protocol=\"tcp\""));
        assertEquals(sent, sum(text, "tunstack_packets_written_total ") + sum(text, "tunstack_device_errors_total "));
    }

    private static long sum(String text, String prefix) {
        long total = 0;
        for (String line : text.split("\n")) {
            if (line.startsWith(prefix)) {
                total += Long.parseLong(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return total;
    }

    @Test
    void everyFamilyHasAOneSentenceHelp() {
        String text = MetricsText.render(snapshot(), Duration.ZERO, false);
        for (String line : text.split("\n")) {
            if (line.startsWith("# HELP ")) {
                String help = line.substring(line.indexOf(' ', "# HELP ".length()) + 1);
                assertTrue(help.endsWith(".") && !help.substring(0, help.length() - 1).contains(". "), line);
            }
        }
    }

    /** Every line is a comment (# HELP or # TYPE) or a sample, and every family is declared before its samples. */
    private static void assertWellFormed(String text) {
        String declared = null;
        for (String line : text.split("\n")) {
            if (line.startsWith("# TYPE ")) {
                declared = line.split(" ")[2];
            } else if (!line.startsWith("# HELP ")) {
                assertTrue(SAMPLE.matcher(line).matches(), "not a sample line: " + line);
                String family = declared;
                assertTrue(family != null && line.startsWith(family), () -> line + " not under # TYPE " + family);
            }
        }
        assertEquals('\n', text.charAt(text.length() - 1), "ends with a newline");
    }

    @Test
    void everyEffectOfEveryProfileIsASampleWithTheNameEscaped() {
        long[] slow = new long[Effect.values().length];
        slow[Effect.MATCHED.ordinal()] = 20;
        slow[Effect.DELAYED.ordinal()] = 20;
        Map<String, long[]> profiles = new LinkedHashMap<>();
        profiles.put("slow", slow);
        profiles.put("odd \"name\"", new long[Effect.values().length]);

        String text = MetricsText.render(snapshot(), profiles, Duration.ZERO, false);

        assertTrue(text.contains("# TYPE tunstack_profile_packets_total counter\n"), text);
        assertTrue(text.contains("tunstack_profile_packets_total{profile=\"slow\",effect=\"delayed\"} 20\n"), text);
        assertTrue(text.contains("tunstack_profile_packets_total{profile=\"slow\",effect=\"queue-full\"} 0\n"), text);
        assertTrue(text.contains("{profile=\"odd \\\"name\\\"\",effect=\"matched\"} 0\n"), text);
        assertEquals(2 * Effect.values().length,
                text.lines().filter(line -> line.startsWith("tunstack_profile_packets_total{")).count());
    }

    @Test
    void withoutProfilesThereIsNoProfileFamily() {
        assertTrue(!MetricsText.render(snapshot(), Duration.ZERO, false).contains("tunstack_profile_"));
    }
}
