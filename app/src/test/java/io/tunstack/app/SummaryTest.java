package io.tunstack.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tunstack.app.observe.CounterSource;
import io.tunstack.app.observe.DeviceCounters;
import io.tunstack.app.observe.ObservedStack;
import io.tunstack.app.observe.QueueCounters;
import io.tunstack.stack.verdict.Answer;
import io.tunstack.stack.verdict.DropReason;
import io.tunstack.stack.verdict.StackCounters;
import io.tunstack.stack.verdict.StackEvent;
import io.tunstack.stack.verdict.Verdict;
import io.tunstack.stack.wire.CapturedIpv6Packets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The counters line and the summary add up every queue, in the shape the integration tests parse. */
class SummaryTest {

    private static final Verdict ECHO_REPLY = Verdict.answered(Answer.ICMPV4_ECHO_REPLY);

    /** A queue that answered {@code answered} echo requests and wrote every reply. */
    private static QueueCounters echoQueue(int answered) {
        QueueCounters queue = new QueueCounters(new StackCounters(), new DeviceCounters());
        for (int i = 0; i < answered; i++) {
            queue.stack().count(ECHO_REPLY);
            queue.stack().countSent(Answer.ICMPV4_ECHO_REPLY);
            queue.device().countWritten();
        }
        return queue;
    }

    @Test
    void totalsEveryQueueOnceAndListsWhatHappened() {
        QueueCounters queue0 = echoQueue(2);
        queue0.stack().count(Verdict.dropped(DropReason.IPV6_DISABLED));
        QueueCounters queue1 = echoQueue(0);
        queue1.stack().count(Verdict.dropped(DropReason.IPV6_DISABLED));
        queue1.stack().count(Verdict.dropped(DropReason.IPV4_UNSUPPORTED_PROTOCOL));
        queue1.stack().countSent(Answer.ICMPV4_DESTINATION_UNREACHABLE);
        queue1.device().countDeviceError(); // the destination unreachable's write failed

        Summary summary = Summary.of(CounterSource.of(List.of(queue0, queue1)));

        assertEquals("5 packets read: 2 answered, 3 dropped, 0 held; 2 packets written, 1 device error",
                summary.countsLine());
        assertEquals(List.of(summary.countsLine(),
                        "  2 answered icmpv4-echo-reply: ICMP echo reply",
                        "  2 dropped ipv6-disabled: " + DropReason.IPV6_DISABLED.description(),
                        "  1 dropped ipv4-unsupported-protocol: "
                                + DropReason.IPV4_UNSUPPORTED_PROTOCOL.description(),
                        "  3 packets sent: 2 ICMP echo replies, 1 ICMP destination unreachable",
                        "  queue 0: 3 packets read: 2 answered, 1 dropped, 0 held; 2 packets written, 0 device errors",
                        "  queue 1: 2 packets read: 0 answered, 2 dropped, 0 held; 0 packets written, 1 device error"),
                summary.lines());
    }

    @Test
    void readIsAnsweredPlusDroppedPlusHeldAndSentIsByKindPlusFragments() {
        QueueCounters queue = echoQueue(3);
        StackCounters stack = queue.stack();
        stack.count(Verdict.answered(Answer.ICMPV4_TIMESTAMP_REPLY));
        stack.countSent(Answer.ICMPV4_TIMESTAMP_REPLY);
        queue.device().countWritten();
        stack.count(Verdict.HELD);
        stack.count(Verdict.HELD);
        stack.count(ECHO_REPLY); // the third fragment completes a datagram whose reply leaves in 3 fragments
        for (int i = 0; i < 3; i++) {
            stack.countFragmentSent();
            queue.device().countWritten();
        }
        stack.count(Verdict.HELD);
        stack.countHeldDiscarded(DropReason.REASSEMBLY_TIMEOUT);
        stack.countSent(Answer.ICMPV4_TIME_EXCEEDED);
        queue.device().countWritten();
        stack.count(Verdict.dropped(DropReason.IPV4_BAD_OPTION));
        stack.countRateLimited(Answer.ICMPV4_PARAMETER_PROBLEM);

        Summary summary = Summary.of(CounterSource.of(List.of(queue)));

        assertEquals(List.of(
                        "9 packets read: 5 answered, 1 dropped, 3 held; 8 packets written, 0 device errors",
                        "  4 answered icmpv4-echo-reply: ICMP echo reply",
                        "  1 answered icmpv4-timestamp-reply: ICMP timestamp reply",
                        "  1 dropped ipv4-bad-option: " + DropReason.IPV4_BAD_OPTION.description(),
                        "  3 held for reassembly (1 later discarded: reassembly-timeout 1)",
                        "  8 packets sent: 3 ICMP echo replies, 1 ICMP timestamp reply, 1 ICMP time exceeded,"
                                + " 3 fragments",
                        "  1 ICMP error not sent, over a rate limit (per peer or global): 1 ICMP parameter problem"),
                summary.lines());
        assertEquals(summary.total().read(),
                summary.total().answered() + summary.total().dropped() + summary.total().held());
        assertEquals(summary.total().sent(), summary.total().written() + summary.total().deviceErrors());
    }

    @Test
    void countsTcpAnswersByKindAndTheConnectionsEvents() {
        QueueCounters queue = echoQueue(0);
        StackCounters stack = queue.stack();
        for (Answer answer : new Answer[] {Answer.TCP_RST, Answer.TCP_RST, Answer.TCP_SYN_ACK, Answer.TCP_FIN}) {
            stack.count(Verdict.answered(answer));
            stack.countSent(answer);
            queue.device().countWritten();
        }
        stack.count(Verdict.dropped(DropReason.UDP_PORT_CLOSED));
        stack.countSent(Answer.ICMPV4_DESTINATION_UNREACHABLE);
        queue.device().countWritten();
        for (int i = 0; i < 194; i++) {
            stack.count(Verdict.dropped(DropReason.UDP_PORT_CLOSED));
            stack.countRateLimited(Answer.ICMPV4_DESTINATION_UNREACHABLE);
        }
        stack.countEvent(StackEvent.TCP_CONNECTION_ACCEPTED);
        stack.countEvent(StackEvent.TCP_CONNECTION_CLOSED);
        stack.countEvent(StackEvent.TCP_FIN_RETRANSMITTED);
        stack.countEvent(StackEvent.TCP_FIN_RETRANSMITTED);

        assertEquals(List.of(
                        "199 packets read: 4 answered, 195 dropped, 0 held; 5 packets written, 0 device errors",
                        "  2 answered tcp-rst: TCP reset",
                        "  1 answered tcp-syn-ack: TCP SYN+ACK",
                        "  1 answered tcp-fin: TCP FIN",
                        "  195 dropped udp-port-closed: " + DropReason.UDP_PORT_CLOSED.description(),
                        "  5 packets sent: 1 ICMP destination unreachable, 2 TCP resets, 1 TCP SYN+ACK, 1 TCP FIN",
                        "  194 ICMP errors not sent, over a rate limit (per peer or global): 194 ICMP destination"
                                + " unreachable messages",
                        "  1 tcp-connection-accepted: " + StackEvent.TCP_CONNECTION_ACCEPTED.description(),
                        "  1 tcp-connection-closed: " + StackEvent.TCP_CONNECTION_CLOSED.description(),
                        "  2 tcp-fin-retransmitted: " + StackEvent.TCP_FIN_RETRANSMITTED.description()),
                Summary.of(CounterSource.of(List.of(queue))).lines());
    }

    @Test
    void nothingHappenedIsAllZeroesInThePlural() {
        Summary summary = Summary.of(CounterSource.of(List.of(echoQueue(0))));

        assertEquals(List.of("0 packets read: 0 answered, 0 dropped, 0 held; 0 packets written, 0 device errors",
                        "  0 packets sent"),
                summary.lines());
    }

    @Test
    void oneOfAKindIsSingular() {
        Summary summary = Summary.of(CounterSource.of(List.of(echoQueue(1))));

        assertEquals(List.of("1 packet read: 1 answered, 0 dropped, 0 held; 1 packet written, 0 device errors",
                        "  1 answered icmpv4-echo-reply: ICMP echo reply",
                        "  1 packet sent: 1 ICMP echo reply"),
                summary.lines());
    }

    @Test
    void printsNoHarnessTokensAndEachQueueOnce() {
        List<String> lines = Summary.of(CounterSource.of(List.of(echoQueue(5), echoQueue(1)))).lines();

        for (String line : lines) {
            assertFalse(line.matches(".*\\bq[0-9]+ read=.*") || line.contains("replied="), line);
        }
        assertEquals(1, lines.stream().filter(line -> line.startsWith("  queue 0: ")).count());
        assertEquals(1, lines.stream().filter(line -> line.startsWith("  queue 1: ")).count());
        assertTrue(lines.get(0).startsWith("6 packets read: 6 answered,"), lines.get(0));
    }

    @Test
    void countsIpv6ByItsOwnAnswersAndReasonsWithTheKernelsChatterApart() {
        QueueCounters queue;
        try (ObservedStack stack = new ObservedStack(null)) {
            stack.read(CapturedIpv6Packets.ROUTER_SOLICITATION);
            stack.read(CapturedIpv6Packets.MLD_V2_REPORT);
            stack.read(CapturedIpv6Packets.ECHO_REQUEST);
            stack.read(CapturedIpv6Packets.ECHO_REQUEST_2000_FIRST_FRAGMENT);
            stack.read(CapturedIpv6Packets.ECHO_REQUEST_2000_LAST_FRAGMENT);
            stack.read(CapturedIpv6Packets.UDP_TO_CLOSED_PORT);
            queue = stack.counters();
        }

        assertEquals(List.of(
                        "6 packets read: 2 answered, 3 dropped, 1 held; 4 packets written, 0 device errors",
                        "  2 answered icmpv6-echo-reply: ICMPv6 echo reply",
                        "  2 dropped ipv6-link-chatter: " + DropReason.IPV6_LINK_CHATTER.description(),
                        "  1 dropped udp-port-closed: " + DropReason.UDP_PORT_CLOSED.description(),
                        "  1 held for reassembly",
                        "  4 packets sent: 1 ICMPv6 echo reply, 1 ICMPv6 destination unreachable, 2 fragments"),
                Summary.of(CounterSource.of(List.of(queue))).lines());
    }

    @Test
    void eachProfileHasALineWithWhatItDid() {
        io.tunstack.app.hosts.HostProfiles profiles = new io.tunstack.app.hosts.HostProfiles(1);
        java.util.Map<String, io.tunstack.stack.profile.HostProfile> named =
                java.util.Map.of("slow", io.tunstack.stack.profile.HostProfile.parse("delay 200ms"));
        profiles.load(named, List.of(io.tunstack.app.hosts.HostAssignment.parse("172.21.22.30 slow", named),
                io.tunstack.app.hosts.HostAssignment.parse("172.21.22.31 down", named)), List.of());
        io.tunstack.stack.address.IpAddress slowHost = io.tunstack.stack.address.IpAddress.parse("172.21.22.30");
        var counters = profiles.source(0).current().lookup(slowHost.family(), slowHost.high(), slowHost.low())
                .counters();
        counters.count(io.tunstack.stack.profile.ProfileCounters.Effect.MATCHED);
        counters.count(io.tunstack.stack.profile.ProfileCounters.Effect.DELAYED);

        List<String> lines = Summary.of(CounterSource.of(List.of(echoQueue(1))), profiles).lines();

        assertEquals(List.of("  profile slow (delay 200ms): 1 matched, 1 delayed", "  profile down: 0 matched"),
                lines.subList(lines.size() - 2, lines.size()));
    }
}
