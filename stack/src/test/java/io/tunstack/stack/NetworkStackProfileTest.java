package io.tunstack.stack;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.tunstack.stack.address.InterfaceAddress;
import io.tunstack.stack.address.IpRange;
import io.tunstack.stack.address.Ipv4Address;
import io.tunstack.stack.config.StackConfig;
import io.tunstack.stack.ip.DelayLine;
import io.tunstack.stack.profile.HostProfile;
import io.tunstack.stack.profile.ProfileCounters;
import io.tunstack.stack.profile.ProfileCounters.Effect;
import io.tunstack.stack.profile.ProfileTable;
import io.tunstack.stack.verdict.Answer;
import io.tunstack.stack.verdict.DropReason;
import io.tunstack.stack.verdict.StackCounters;
import io.tunstack.stack.verdict.StackEvent;
import io.tunstack.stack.verdict.Verdict;
import io.tunstack.stack.wire.CapturedIpv6Packets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Per-host profiles through the whole stack, both families, on a fake clock: every word, their combinations and
 * precedence, flapping over time, the seed's repeatability and the bound of the delay line. The default subnet:
 * tun0 at 172.21.22.23/24 and fd00:172:21:22::23/64 pings 172.21.22.26 and fd00:172:21:22::26.
 */
@ExtendWith(LeakDetection.class)
class NetworkStackProfileTest {

    private static final int KERNEL = Ipv4Address.parse("172.21.22.23");
    private static final int HOST = Ipv4Address.parse("172.21.22.26");
    private static final byte[] DATA = Arrays.copyOfRange(CapturedPackets.ECHO_REQUEST_LOOPBACK, 28, 84);
    private static final Verdict ECHO_REPLY = Verdict.answered(Answer.ICMPV4_ECHO_REPLY);
    private static final Verdict ECHO_REPLY_V6 = Verdict.answered(Answer.ICMPV6_ECHO_REPLY);
    /** Offsets in an IPv4 datagram without options. */
    private static final int TTL = 8;
    private static final int SOURCE = 12;
    private static final int ICMP = 20;
    /** Offsets in an IPv6 packet without extension headers. */
    private static final int HOP_LIMIT = 7;
    private static final int SOURCE_V6 = 8;
    private static final int ICMPV6 = 40;

    private final TestEnvironment.ManualNanoClock clock = new TestEnvironment.ManualNanoClock();
    private final StackCounters counters = new StackCounters();
    private final RecordingTransmitter tx = new RecordingTransmitter();
    private volatile ProfileTable table = ProfileTable.EMPTY;
    private final List<NetworkStack> stacks = new ArrayList<>();

    @AfterEach
    void closeStacks() {
        stacks.forEach(NetworkStack::close);
    }

    private NetworkStack stack(long seed) {
        return stack(seed, counters);
    }

    private NetworkStack stack(long seed, StackCounters stackCounters) {
        StackConfig config = StackConfig.builder()
                .address(InterfaceAddress.parse("172.21.22.23/24"))
                .address(InterfaceAddress.parse("fd00:172:21:22::23/64"))
                .profiles(() -> table)
                .seed(seed)
                .build();
        NetworkStack stack = new NetworkStack(config, stackCounters,
                TestEnvironment.fixed((destination, source, protocol) -> 0x4242, clock));
        stacks.add(stack);
        return stack;
    }

    /** Profiles from {@code --host}-like lines: {@code "ADDRS WORDS..."}. */
    private ProfileTable profiles(String... hosts) {
        List<ProfileTable.Entry> entries = new ArrayList<>();
        for (String host : hosts) {
            String[] parts = host.split(" ", 2);
            entries.add(new ProfileTable.Entry(IpRange.parse(parts[0]), host,
                    HostProfile.parse(parts.length > 1 ? parts[1] : ""), new ProfileCounters()));
        }
        table = ProfileTable.of(entries);
        return table;
    }

    private static byte[] echo(int destination, int sequence, int ttl) {
        return CraftedPackets.withHeader(CraftedPackets.echoRequest(KERNEL, destination, 0x77, sequence, DATA),
                ip -> ip.setTtl(ttl));
    }

    private static byte[] echo(int sequence) {
        return echo(HOST, sequence, 64);
    }

    /** The captured IPv6 ping to fd00:172:21:22::26 with another hop limit (which no checksum covers). */
    private static byte[] echoV6(int hopLimit) {
        byte[] packet = CapturedIpv6Packets.ECHO_REQUEST.clone();
        packet[HOP_LIMIT] = (byte) hopLimit;
        return packet;
    }

    private static Verdict receive(NetworkStack stack, byte[] bytes, RecordingTransmitter to) {
        ByteBuf packet = CapturedPackets.copy(bytes);
        try {
            return stack.receive(packet, to);
        } finally {
            packet.release();
        }
    }

    private Verdict receive(NetworkStack stack, byte[] bytes) {
        return receive(stack, bytes, tx);
    }

    private void advance(long millis) {
        clock.advance(Duration.ofMillis(millis));
    }

    private static int u8(byte[] packet, int offset) {
        return packet[offset] & 0xFF;
    }

    private static int sequenceOf(byte[] reply) {
        return (u8(reply, ICMP + 6) << 8) | u8(reply, ICMP + 7);
    }

    private static int ipv4At(byte[] packet, int offset) {
        return (u8(packet, offset) << 24) | (u8(packet, offset + 1) << 16) | (u8(packet, offset + 2) << 8)
                | u8(packet, offset + 3);
    }

    private void assertCountsAddUp() {
        assertEquals(counters.received(), counters.answeredTotal() + counters.held() + counters.droppedTotal());
        long sent = 0;
        for (Answer answer : Answer.values()) {
            sent += counters.sent(answer);
        }
        assertEquals(tx.packets().size(), counters.transmitted());
        assertEquals(counters.transmitted(), sent + counters.fragmentsSent());
    }

    @Test
    void withoutProfilesTheReplyLeavesAtOnce() {
        NetworkStack stack = stack(1);
        assertEquals(ECHO_REPLY, receive(stack, echo(1)));
        assertEquals(64, u8(tx.single(), TTL));
        assertEquals(Long.MAX_VALUE, stack.nextDeadline());
    }

    @Test
    void aHostWithoutTheProfileIsUntouched() {
        ProfileTable profiles = profiles("172.21.22.30 down");
        NetworkStack stack = stack(1);
        assertEquals(ECHO_REPLY, receive(stack, echo(1)));
        assertEquals(0, profiles.entries().get(0).counters().get(Effect.MATCHED));
    }

    @Test
    void downSendsNothingAtAllInEitherFamily() {
        ProfileTable profiles = profiles("172.21.22.26 down", "fd00:172:21:22::26 down");
        NetworkStack stack = stack(1);
        assertEquals(Verdict.dropped(DropReason.HOST_DOWN), receive(stack, echo(1)));
        assertEquals(Verdict.dropped(DropReason.HOST_DOWN), receive(stack, echoV6(64)));
        // Not even a Port Unreachable for a datagram to a closed port.
        assertEquals(Verdict.dropped(DropReason.HOST_DOWN), receive(stack, CapturedTransportPackets.UDP_V4));
        assertTrue(tx.packets().isEmpty());
        assertEquals(3, profiles.entries().get(0).counters().get(Effect.DOWN)
                + profiles.entries().get(1).counters().get(Effect.DOWN));
        assertEquals(3, counters.dropped(DropReason.HOST_DOWN));
    }

    @Test
    void unreachableIsAnsweredWithHostUnreachableFromTheGateway() {
        profiles("172.21.22.26 unreachable");
        NetworkStack stack = stack(1);
        byte[] request = echo(1);
        assertEquals(Verdict.dropped(DropReason.HOST_UNREACHABLE), receive(stack, request));
        byte[] error = tx.single();
        assertEquals(Ipv4Address.parse("172.21.22.1"), ipv4At(error, SOURCE));
        assertEquals(KERNEL, ipv4At(error, SOURCE + 4));
        assertEquals(3, u8(error, ICMP));
        assertEquals(1, u8(error, ICMP + 1));
        assertArrayEquals(Arrays.copyOf(request, 28), Arrays.copyOfRange(error, ICMP + 8, ICMP + 36));
        assertEquals(1, counters.sent(Answer.ICMPV4_DESTINATION_UNREACHABLE));
        assertCountsAddUp();
    }

    @Test
    void unreachableIpv6IsAddressUnreachableFromTheGateway() {
        profiles("fd00:172:21:22::26 unreachable");
        NetworkStack stack = stack(1);
        assertEquals(Verdict.dropped(DropReason.HOST_UNREACHABLE), receive(stack, echoV6(64)));
        byte[] error = tx.single();
        assertEquals(0x1L, longAt(error, SOURCE_V6 + 8));
        assertEquals(CapturedIpv6Packets.PREFIX, longAt(error, SOURCE_V6));
        assertEquals(1, u8(error, ICMPV6));
        assertEquals(3, u8(error, ICMPV6 + 1));
        assertEquals(1, counters.sent(Answer.ICMPV6_DESTINATION_UNREACHABLE));
    }

    private static long longAt(byte[] bytes, int offset) {
        long value = 0;
        for (int i = 0; i < 8; i++) {
            value = value << 8 | u8(bytes, offset + i);
        }
        return value;
    }

    @Test
    void hopsAnswerEachProbeFromItsRouterAndTheReplyCrossesThemAll() {
        ProfileTable profiles = profiles("172.21.22.26 hops 3");
        NetworkStack stack = stack(1);
        for (int t = 1; t <= 3; t++) {
            tx.packets().clear();
            assertEquals(Verdict.dropped(DropReason.EXPIRED_ON_THE_WAY), receive(stack, echo(HOST, t, t)));
            byte[] error = tx.single();
            assertEquals(Ipv4Address.parse("172.21.22." + t), ipv4At(error, SOURCE), "router " + t);
            assertEquals(11, u8(error, ICMP));
            assertEquals(0, u8(error, ICMP + 1));
            assertEquals(64 - (t - 1), u8(error, TTL));
        }
        tx.packets().clear();
        assertEquals(ECHO_REPLY, receive(stack, echo(HOST, 4, 4)));
        assertEquals(61, u8(tx.single(), TTL));
        assertEquals(3, profiles.entries().get(0).counters().get(Effect.EXPIRED_ON_THE_WAY));
        assertEquals(3, counters.sent(Answer.ICMPV4_TIME_EXCEEDED));
    }

    @Test
    void eachVirtualRouterHasItsOwnErrorBudgetPerPeer() {
        profiles("172.21.22.26 hops 3");
        NetworkStack stack = stack(1);
        // Linux's per-peer limit: a burst of 6, then one a second; traceroute's parallel probes reach several routers.
        for (int probe = 0; probe < 7; probe++) {
            receive(stack, echo(HOST, probe, 1));
        }
        assertEquals(6, tx.packets().size());
        assertEquals(1, counters.rateLimited(Answer.ICMPV4_TIME_EXCEEDED));
        receive(stack, echo(HOST, 8, 2));
        assertEquals(7, tx.packets().size(), "router 2 still has its budget");
        assertEquals(Ipv4Address.parse("172.21.22.2"), ipv4At(tx.packets().get(6), SOURCE));
    }

    @Test
    void hopsInIpv6() {
        profiles("fd00:172:21:22::26 hops 2 ttl 255");
        NetworkStack stack = stack(1);
        assertEquals(Verdict.dropped(DropReason.EXPIRED_ON_THE_WAY), receive(stack, echoV6(2)));
        byte[] error = tx.single();
        assertEquals(0x2L, longAt(error, SOURCE_V6 + 8));
        assertEquals(3, u8(error, ICMPV6));
        assertEquals(0, u8(error, ICMPV6 + 1));
        assertEquals(63, u8(error, HOP_LIMIT));
        tx.packets().clear();
        assertEquals(ECHO_REPLY_V6, receive(stack, echoV6(3)));
        assertEquals(253, u8(tx.single(), HOP_LIMIT));
    }

    @Test
    void ttlIsAPersonality() {
        profiles("172.21.22.26 ttl 128", "fd00:172:21:22::26 ttl 255");
        NetworkStack stack = stack(1);
        receive(stack, echo(1));
        receive(stack, echoV6(64));
        assertEquals(128, u8(tx.packets().get(0), TTL));
        assertEquals(255, u8(tx.packets().get(1), HOP_LIMIT));
    }

    @Test
    void ttlAndDelayApplyToTheErrorsTheHostOriginates() {
        profiles("172.21.22.26 ttl 128 delay 10ms", "fd00:172:21:22::26 ttl 255 delay 10ms");
        NetworkStack stack = stack(1);
        assertEquals(Verdict.dropped(DropReason.UDP_PORT_CLOSED), receive(stack, CapturedTransportPackets.UDP_V4));
        assertEquals(Verdict.dropped(DropReason.UDP_PORT_CLOSED), receive(stack, CapturedTransportPackets.UDP_V6));
        assertTrue(tx.packets().isEmpty());
        advance(10);
        stack.poll(clock.getAsLong(), tx);
        assertEquals(2, tx.packets().size());
        assertEquals(128, u8(tx.packets().get(0), TTL));
        assertEquals(3, u8(tx.packets().get(0), ICMP));
        assertEquals(255, u8(tx.packets().get(1), HOP_LIMIT));
        assertEquals(1, u8(tx.packets().get(1), ICMPV6));
        assertCountsAddUp();
    }

    @Test
    void aTcpResetLeavesWithTheProfilesTtl() {
        profiles("172.21.22.26 ttl 128");
        NetworkStack stack = stack(1);
        assertEquals(Verdict.answered(Answer.TCP_RST), receive(stack, CapturedTransportPackets.SYN_V4));
        assertEquals(128, u8(tx.single(), TTL));
    }

    @Test
    void delayHoldsTheReplyUntilItIsDueAndCountsItSentThen() {
        ProfileTable profiles = profiles("172.21.22.26 delay 50ms");
        NetworkStack stack = stack(1);
        long start = clock.getAsLong();
        assertEquals(ECHO_REPLY, receive(stack, echo(1)));
        assertTrue(tx.packets().isEmpty());
        assertEquals(1, stack.delayedAnswers());
        assertEquals(start + Duration.ofMillis(50).toNanos(), stack.nextDeadline());
        assertEquals(0, counters.sent(Answer.ICMPV4_ECHO_REPLY));
        advance(49);
        stack.poll(clock.getAsLong(), tx);
        assertTrue(tx.packets().isEmpty());
        advance(1);
        stack.poll(clock.getAsLong(), tx);
        byte[] reply = tx.single();
        assertEquals(0, u8(reply, ICMP));
        assertEquals(HOST, ipv4At(reply, SOURCE));
        assertEquals(1, counters.sent(Answer.ICMPV4_ECHO_REPLY));
        assertEquals(0, stack.delayedAnswers());
        assertEquals(Long.MAX_VALUE, stack.nextDeadline());
        assertEquals(1, profiles.entries().get(0).counters().get(Effect.DELAYED));
        assertCountsAddUp();
    }

    @Test
    void theStackSaysWhatTheProfileDidToThePacketJustReceived() {
        ProfileTable profiles = profiles("172.21.22.26 delay 50ms duplicate 100%");
        NetworkStack stack = stack(1);
        receive(stack, echo(1));
        assertEquals(profiles.entries().get(0), stack.profileEffects().lastEntry());
        assertEquals(Duration.ofMillis(50).toNanos(), stack.profileEffects().lastDelayNanos());
        assertTrue(stack.profileEffects().lastDuplicated());
        receive(stack, echo(Ipv4Address.parse("172.21.22.27"), 1, 64));
        assertEquals(null, stack.profileEffects().lastEntry());
    }

    @Test
    void delayInIpv6() {
        profiles("fd00:172:21:22::/64 delay 20ms");
        NetworkStack stack = stack(1);
        assertEquals(ECHO_REPLY_V6, receive(stack, echoV6(64)));
        assertTrue(tx.packets().isEmpty());
        advance(20);
        stack.poll(clock.getAsLong(), tx);
        byte[] reply = tx.single();
        byte[] expected = CapturedIpv6Packets.ECHO_REPLY.clone();
        // tunstack sends flow label 0 where the kernel chose its own.
        expected[1] = 0;
        expected[2] = 0;
        expected[3] = 0;
        assertArrayEquals(expected, reply);
    }

    @Test
    void jitterReordersRepliesAsNetemDoes() {
        profiles("172.21.22.26 delay 50ms 40ms");
        NetworkStack stack = stack(7);
        for (int sequence = 0; sequence < 50; sequence++) {
            receive(stack, echo(sequence));
        }
        List<Integer> order = new ArrayList<>();
        long earliest = Long.MAX_VALUE;
        long latest = 0;
        for (int millis = 1; millis <= 100; millis++) {
            advance(1);
            int before = tx.packets().size();
            stack.poll(clock.getAsLong(), tx);
            for (int i = before; i < tx.packets().size(); i++) {
                order.add(sequenceOf(tx.packets().get(i)));
                earliest = Math.min(earliest, millis);
                latest = Math.max(latest, millis);
            }
        }
        assertEquals(50, order.size());
        List<Integer> sorted = new ArrayList<>(order);
        sorted.sort(null);
        assertNotEquals(sorted, order, "jitter of 40 ms over 50 replies sent at once reorders them");
        assertTrue(earliest >= 10 && latest <= 90, "uniform in 50 ms +- 40 ms: " + earliest + ".." + latest);
    }

    @Test
    void normalDelayHasTheConfiguredMeanAndSpread() {
        profiles("172.21.22.26 delay 100ms 10ms distribution normal");
        NetworkStack stack = stack(3);
        int n = 2000;
        for (int sequence = 0; sequence < n; sequence++) {
            receive(stack, echo(sequence));
        }
        double sum = 0;
        double squares = 0;
        int seen = 0;
        for (int millis = 1; millis <= 200; millis++) {
            advance(1);
            int before = tx.packets().size();
            stack.poll(clock.getAsLong(), tx);
            int now = tx.packets().size() - before;
            sum += (double) now * millis;
            squares += (double) now * millis * millis;
            seen += now;
        }
        assertEquals(n, seen);
        double mean = sum / n;
        double sd = Math.sqrt(squares / n - mean * mean);
        assertEquals(100.5, mean, 1.0);
        assertEquals(10, sd, 1.0);
    }

    @Test
    void duplicateSendsTheAnswerTwice() {
        ProfileTable profiles = profiles("172.21.22.26 duplicate 100%");
        NetworkStack stack = stack(1);
        assertEquals(ECHO_REPLY, receive(stack, echo(1)));
        assertEquals(2, tx.packets().size());
        assertArrayEquals(tx.packets().get(0), tx.packets().get(1));
        assertEquals(1, profiles.entries().get(0).counters().get(Effect.DUPLICATED));
        assertEquals(2, counters.sent(Answer.ICMPV4_ECHO_REPLY));
        assertCountsAddUp();
    }

    @Test
    void duplicateHalfTheTimeWithEachCopyDelayedOnItsOwn() {
        profiles("172.21.22.26 duplicate 50% delay 10ms 5ms");
        NetworkStack stack = stack(11);
        for (int sequence = 0; sequence < 1000; sequence++) {
            receive(stack, echo(sequence));
        }
        advance(20);
        stack.poll(clock.getAsLong(), tx);
        int duplicates = tx.packets().size() - 1000;
        assertTrue(duplicates > 440 && duplicates < 560, duplicates + " duplicates of 1000");
        assertCountsAddUp();
    }

    @Test
    void lossDropsTheConfiguredShare() {
        ProfileTable profiles = profiles("172.21.22.26 loss 30%");
        NetworkStack stack = stack(5);
        for (int sequence = 0; sequence < 2000; sequence++) {
            receive(stack, echo(sequence));
        }
        long lost = counters.dropped(DropReason.PROFILE_LOSS);
        assertTrue(lost > 500 && lost < 700, lost + " of 2000 lost");
        assertEquals(lost, profiles.entries().get(0).counters().get(Effect.LOST));
        assertEquals(2000 - lost, tx.packets().size());
        assertCountsAddUp();
    }

    @Test
    void lossCorrelationMakesLossesComeInBursts() {
        double uncorrelated = meanLossRun("172.21.22.26 loss 50%");
        double correlated = meanLossRun("172.21.22.26 loss 50% 90%");
        assertTrue(correlated > 2 * uncorrelated, "runs of " + correlated + " vs " + uncorrelated);
    }

    private double meanLossRun(String host) {
        profiles(host);
        NetworkStack stack = stack(9, new StackCounters());
        RecordingTransmitter to = new RecordingTransmitter();
        int runs = 0;
        int losses = 0;
        boolean previousLost = false;
        for (int sequence = 0; sequence < 4000; sequence++) {
            boolean lost = receive(stack, echo(sequence), to).isDropped();
            if (lost) {
                losses++;
                if (!previousLost) {
                    runs++;
                }
            }
            previousLost = lost;
        }
        return (double) losses / runs;
    }

    @Test
    void rateLimitsAnswersPerHost() {
        ProfileTable profiles = profiles("172.21.22.0/24 rate 10/s");
        NetworkStack stack = stack(1);
        for (int sequence = 0; sequence < 30; sequence++) {
            receive(stack, echo(sequence));
        }
        assertEquals(10, tx.packets().size());
        assertEquals(20, counters.dropped(DropReason.PROFILE_RATE_LIMITED));
        // Another host of the same profile has its own budget.
        assertEquals(ECHO_REPLY, receive(stack, echo(Ipv4Address.parse("172.21.22.27"), 1, 64)));
        advance(100);
        assertEquals(ECHO_REPLY, receive(stack, echo(31)));
        assertEquals(Verdict.dropped(DropReason.PROFILE_RATE_LIMITED), receive(stack, echo(32)));
        assertEquals(21, profiles.entries().get(0).counters().get(Effect.RATE_LIMITED));
    }

    @Test
    void flapAlternatesFromTheStacksStart() {
        profiles("172.21.22.26 flap 30s 10s");
        NetworkStack stack = stack(1);
        assertEquals(ECHO_REPLY, receive(stack, echo(1)));
        advance(29_999);
        assertEquals(ECHO_REPLY, receive(stack, echo(2)));
        advance(1);
        assertEquals(Verdict.dropped(DropReason.HOST_DOWN), receive(stack, echo(3)));
        advance(9_999);
        assertEquals(Verdict.dropped(DropReason.HOST_DOWN), receive(stack, echo(4)));
        advance(1);
        assertEquals(ECHO_REPLY, receive(stack, echo(5)));
        advance(70_000);
        assertEquals(Verdict.dropped(DropReason.HOST_DOWN), receive(stack, echo(6)), "110 s: 30 s into the third period");
    }

    @Test
    void theRoutersAnswerForAHostThatIsDown() {
        profiles("172.21.22.26 down hops 2");
        NetworkStack stack = stack(1);
        assertEquals(Verdict.dropped(DropReason.EXPIRED_ON_THE_WAY), receive(stack, echo(HOST, 1, 2)));
        assertEquals(Verdict.dropped(DropReason.HOST_DOWN), receive(stack, echo(HOST, 2, 3)));
        assertEquals(1, tx.packets().size());
    }

    @Test
    void anUnreachableHostBehindHopsIsReportedByTheLastRouter() {
        profiles("172.21.22.26 unreachable hops 3");
        NetworkStack stack = stack(1);
        assertEquals(Verdict.dropped(DropReason.HOST_UNREACHABLE), receive(stack, echo(1)));
        assertEquals(Ipv4Address.parse("172.21.22.3"), ipv4At(tx.single(), SOURCE));
    }

    @Test
    void downComesBeforeLossAndRate() {
        ProfileTable profiles = profiles("172.21.22.26 down loss 100% rate 1/s");
        NetworkStack stack = stack(1);
        assertEquals(Verdict.dropped(DropReason.HOST_DOWN), receive(stack, echo(1)));
        assertEquals(0, profiles.entries().get(0).counters().get(Effect.LOST));
    }

    @Test
    void lossComesBeforeRate() {
        profiles("172.21.22.26 loss 100% rate 1/s");
        NetworkStack stack = stack(1);
        assertEquals(Verdict.dropped(DropReason.PROFILE_LOSS), receive(stack, echo(1)));
        assertEquals(Verdict.dropped(DropReason.PROFILE_LOSS), receive(stack, echo(2)));
    }

    @Test
    void theMostSpecificRangeWins() {
        profiles("172.21.22.0/24 down", "172.21.22.26 ttl 99", "172.21.22.20-172.21.22.30 loss 100%");
        NetworkStack stack = stack(1);
        assertEquals(ECHO_REPLY, receive(stack, echo(1)));
        assertEquals(99, u8(tx.single(), TTL));
        assertEquals(Verdict.dropped(DropReason.PROFILE_LOSS),
                receive(stack, echo(Ipv4Address.parse("172.21.22.27"), 1, 64)));
        assertEquals(Verdict.dropped(DropReason.HOST_DOWN),
                receive(stack, echo(Ipv4Address.parse("172.21.22.40"), 1, 64)));
    }

    @Test
    void aChangedTableTakesEffectFromTheNextPacketWithoutDroppingWhatIsHeld() {
        profiles("172.21.22.26 delay 100ms");
        NetworkStack stack = stack(1);
        assertEquals(ECHO_REPLY, receive(stack, echo(1)));
        profiles("172.21.22.26 down");
        assertEquals(Verdict.dropped(DropReason.HOST_DOWN), receive(stack, echo(2)));
        table = ProfileTable.EMPTY;
        assertEquals(ECHO_REPLY, receive(stack, echo(3)));
        assertEquals(3, sequenceOf(tx.single()));
        advance(100);
        stack.poll(clock.getAsLong(), tx);
        assertEquals(1, sequenceOf(tx.packets().get(1)));
    }

    @Test
    void theSameSeedRepeatsARun() {
        List<String> first = run(42);
        List<String> again = run(42);
        List<String> other = run(43);
        assertEquals(first, again);
        assertNotEquals(first, other);
    }

    /** What a stack with loss, duplicates and jitter sends, with the time of each packet. */
    private List<String> run(long seed) {
        profiles("172.21.22.26 delay 10ms 5ms 25% loss 20% 10% duplicate 20%");
        NetworkStack stack = stack(seed, new StackCounters());
        RecordingTransmitter to = new RecordingTransmitter();
        List<String> log = new ArrayList<>();
        for (int step = 0; step < 400; step++) {
            advance(1);
            stack.poll(clock.getAsLong(), to);
            if (step < 200) {
                receive(stack, echo(step), to);
            }
            for (byte[] packet : to.packets()) {
                log.add(step + ":" + sequenceOf(packet));
            }
            to.packets().clear();
        }
        assertEquals(seed, stack.seed());
        return log;
    }

    @Test
    void aFullDelayLineDropsAndCountsAndCloseReleasesWhatIsHeld() {
        ProfileTable profiles = profiles("172.21.22.26 delay 1s");
        NetworkStack stack = stack(1);
        for (int sequence = 0; sequence < DelayLine.DEFAULT_PACKETS; sequence++) {
            assertEquals(ECHO_REPLY, receive(stack, echo(sequence)));
        }
        assertEquals(Verdict.dropped(DropReason.DELAY_QUEUE_FULL), receive(stack, echo(0xFFFF)));
        assertEquals(DelayLine.DEFAULT_PACKETS, stack.delayedAnswers());
        assertEquals(1, profiles.entries().get(0).counters().get(Effect.QUEUE_FULL));
        assertEquals(DelayLine.DEFAULT_PACKETS, profiles.entries().get(0).counters().get(Effect.DELAYED));
        stack.close();
        assertEquals(DelayLine.DEFAULT_PACKETS, counters.events(StackEvent.DELAYED_ANSWER_DISCARDED));
        assertTrue(tx.packets().isEmpty());
        assertCountsAddUp();
    }

    @Test
    void hostsWithBroadcastEachAnswerAnEchoToTheSubnetBroadcast() {
        ProfileTable profiles = profiles("172.21.22.30-172.21.22.33 broadcast", "172.21.22.31 down",
                "172.21.22.33 broadcast delay 10ms ttl 128");
        NetworkStack stack = stack(1);
        assertEquals(ECHO_REPLY, receive(stack, echo(Ipv4Address.parse("172.21.22.255"), 1, 64)));
        assertEquals(2, tx.packets().size());
        assertEquals(Ipv4Address.parse("172.21.22.30"), ipv4At(tx.packets().get(0), SOURCE));
        assertEquals(Ipv4Address.parse("172.21.22.32"), ipv4At(tx.packets().get(1), SOURCE));
        advance(10);
        stack.poll(clock.getAsLong(), tx);
        byte[] late = tx.packets().get(2);
        assertEquals(Ipv4Address.parse("172.21.22.33"), ipv4At(late, SOURCE));
        assertEquals(128, u8(late, TTL));
        for (byte[] reply : tx.packets()) {
            assertTrue(checksumsVerify(reply));
            assertEquals(KERNEL, ipv4At(reply, SOURCE + 4));
            assertEquals(0, u8(reply, ICMP));
        }
        assertEquals(3, counters.sent(Answer.ICMPV4_ECHO_REPLY));
        assertEquals(1, counters.answered(Answer.ICMPV4_ECHO_REPLY));
        assertCountsAddUp();
    }

    private static boolean checksumsVerify(byte[] packet) {
        ByteBuf buffer = io.netty.buffer.Unpooled.wrappedBuffer(packet);
        io.tunstack.stack.wire.Ipv4Packet ip = new io.tunstack.stack.wire.Ipv4Packet().wrap(buffer);
        io.tunstack.stack.wire.Icmpv4Packet icmp = new io.tunstack.stack.wire.Icmpv4Packet().wrap(buffer,
                ip.payloadOffset(), ip.payloadLength());
        return ip.verifyHeaderChecksum() && icmp.verifyChecksum();
    }

    @Test
    void withoutBroadcastHostsAnEchoToTheBroadcastIsIgnoredAsBefore() {
        profiles("172.21.22.30 delay 10ms");
        NetworkStack stack = stack(1);
        assertEquals(Verdict.dropped(DropReason.ICMP_BROADCAST_IGNORED),
                receive(stack, echo(Ipv4Address.parse("172.21.22.255"), 1, 64)));
    }

    @Test
    void hostsWithBroadcastAnswerAllNodesEachFromItsOwnAddressUpToTheCap() {
        profiles("fd00:172:21:22::/64 broadcast");
        NetworkStack stack = stack(1);
        assertEquals(ECHO_REPLY_V6, receive(stack, echoToAllNodes()));
        assertEquals(io.tunstack.stack.profile.HostBehaviour.BROADCAST_ANSWERS, tx.packets().size());
        // ::0 is no host and ::23 is the kernel's: the first answer is from ::1, the last from ::101.
        assertEquals(1L, longAt(tx.packets().get(0), SOURCE_V6 + 8));
        assertEquals(0x101L, longAt(tx.packets().get(255), SOURCE_V6 + 8));
        for (byte[] reply : tx.packets()) {
            assertEquals(129, u8(reply, ICMPV6));
            assertTrue(io.tunstack.stack.ipv6.Ipv6ChecksumCheck.valid(reply));
        }
    }

    /** The captured IPv6 ping sent to ff02::1 instead, its checksum summed again. */
    private static byte[] echoToAllNodes() {
        byte[] packet = CapturedIpv6Packets.ECHO_REQUEST.clone();
        ByteBuf buffer = io.netty.buffer.Unpooled.wrappedBuffer(packet);
        io.tunstack.stack.wire.Ipv6Packet ip = new io.tunstack.stack.wire.Ipv6Packet().wrap(buffer, 0,
                packet.length);
        ip.setDestination(0xFF02_0000_0000_0000L, 1);
        new io.tunstack.stack.wire.Icmpv6Packet().wrap(buffer, 40, packet.length - 40).fillChecksum(
                io.tunstack.stack.wire.Checksum.ipv6PseudoHeaderSum(ip.sourceHigh(), ip.sourceLow(),
                        ip.destinationHigh(), ip.destinationLow(), packet.length - 40, 58));
        return packet;
    }

    @Test
    void aDelayedIpv4AnswerLargerThanTheMtuIsFragmentedWhenItLeaves() {
        profiles("172.21.22.26 delay 5ms ttl 100");
        NetworkStack stack = stack(1);
        byte[] large = CraftedPackets.withHeader(CraftedPackets.echoRequest(KERNEL, HOST, 1, 1, new byte[2000]),
                ip -> ip.setDontFragment(false));
        assertEquals(ECHO_REPLY, receive(stack, large));
        assertTrue(tx.packets().isEmpty());
        advance(5);
        stack.poll(clock.getAsLong(), tx);
        assertEquals(2, tx.packets().size());
        assertEquals(2, counters.fragmentsSent());
        assertEquals(0, counters.sent(Answer.ICMPV4_ECHO_REPLY));
        assertEquals(100, u8(tx.packets().get(1), TTL));
        assertCountsAddUp();
    }

    @Test
    void aDelayedAnswerLargerThanTheMtuLeavesInFragments() {
        profiles("fd00:172:21:22::26 delay 5ms");
        NetworkStack stack = stack(1);
        assertEquals(Verdict.HELD, receive(stack, CapturedIpv6Packets.ECHO_REQUEST_2000_FIRST_FRAGMENT));
        assertEquals(ECHO_REPLY_V6, receive(stack, CapturedIpv6Packets.ECHO_REQUEST_2000_LAST_FRAGMENT));
        assertTrue(tx.packets().isEmpty());
        advance(5);
        stack.poll(clock.getAsLong(), tx);
        assertEquals(2, tx.packets().size());
        assertEquals(2, counters.fragmentsSent());
        assertCountsAddUp();
    }
}
