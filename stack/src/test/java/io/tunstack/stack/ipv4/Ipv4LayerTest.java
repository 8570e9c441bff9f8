package io.tunstack.stack.ipv4;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.tunstack.stack.CapturedPackets;
import io.tunstack.stack.CraftedPackets;
import io.tunstack.stack.LeakDetection;
import io.tunstack.stack.NetworkStack;
import io.tunstack.stack.RecordingTransmitter;
import io.tunstack.stack.TestEnvironment;
import io.tunstack.stack.fragment.FragmentDescriptor;
import io.tunstack.stack.fragment.Reassembler;
import io.tunstack.stack.fragment.ReassemblerLimits;
import io.tunstack.stack.fragment.ReassemblerOutcome;
import io.tunstack.stack.address.InterfaceAddress;
import io.tunstack.stack.address.Ipv4Address;
import io.tunstack.stack.config.StackConfig;
import io.tunstack.stack.config.StackEnvironment;
import io.tunstack.stack.verdict.Answer;
import io.tunstack.stack.verdict.DropReason;
import io.tunstack.stack.verdict.StackCounters;
import io.tunstack.stack.verdict.Verdict;
import io.tunstack.stack.wire.Icmpv4Packet;
import io.tunstack.stack.wire.Icmpv4Type;
import io.tunstack.stack.wire.Ipv4Packet;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The IPv4 layer with its collaborators wired in, end to end through {@link NetworkStack}: real captures of
 * {@code ping -s 4000}, {@code ping -R} and {@code ping -T tsonly} answered byte for byte as the kernel answered them,
 * malformed options answered with a Parameter Problem under the error rate limit, the per-source echo limit, and the
 * reassembly timeout and release through {@link NetworkStack#poll} and {@link NetworkStack#close}.
 */
@ExtendWith(LeakDetection.class)
class Ipv4LayerTest {

    private static final int KERNEL = Ipv4OptionsTestPackets.KERNEL;
    private static final int RESPONDER = Ipv4OptionsTestPackets.RESPONDER;
    /** SCTP (RFC 9260): a protocol tunstack does not speak. */
    private static final int SCTP = 132;

    private static final Verdict ECHO_REPLY = Verdict.answered(Answer.ICMPV4_ECHO_REPLY);

    private final StackCounters counters = new StackCounters();
    private final RecordingTransmitter tx = new RecordingTransmitter();
    private final TestEnvironment.ManualNanoClock nanos = new TestEnvironment.ManualNanoClock();

    private NetworkStack loopbackStack(int id) {
        return new NetworkStack(CapturedPackets.loopbackConfig(), counters,
                TestEnvironment.fixed((d, s, p) -> id, nanos));
    }

    private NetworkStack subnetStack(StackConfig config) {
        return new NetworkStack(config, counters, TestEnvironment.fixed((d, s, p) -> 1, nanos));
    }

    private Verdict receive(NetworkStack stack, byte[] bytes) {
        ByteBuf packet = CapturedPackets.copy(bytes);
        try {
            return stack.receive(packet, tx);
        } finally {
            assertTrue(packet.release());
        }
    }

    /** Every order of the three captured fragments of {@code ping -s 4000 127.0.0.1}. */
    static Stream<List<Integer>> fragmentOrders() {
        return Stream.of(List.of(0, 1, 2), List.of(0, 2, 1), List.of(1, 0, 2), List.of(1, 2, 0), List.of(2, 0, 1),
                List.of(2, 1, 0));
    }

    @ParameterizedTest(name = "fragments in order {0}")
    @MethodSource("fragmentOrders")
    void reassemblesPingS4000AndFragmentsTheReplyAsTheKernelDid(List<Integer> order) {
        // RFC 815 / RFC 791: fragments may arrive in any order; the reply (4028 bytes) exceeds the 1500-byte MTU and
        // leaves as 1480 + 1480 + 1048 data bytes, with the kernel's id 0xa8af, as captured.
        NetworkStack stack = loopbackStack(0xa8af);
        try {
            List<String> fragments = ReassemblerTestVectors.requestFragments();
            for (int i = 0; i < order.size(); i++) {
                assertEquals(i < 2 ? Verdict.HELD : ECHO_REPLY,
                        receive(stack, ReassemblerTestVectors.bytes(fragments.get(order.get(i)))));
                assertEquals(i < 2 ? 0 : 3, tx.packets().size(), "nothing leaves before the datagram is complete");
            }
            List<String> expected = ReassemblerTestVectors.replyFragments();
            for (int i = 0; i < expected.size(); i++) {
                assertArrayEquals(ReassemblerTestVectors.bytes(expected.get(i)), tx.packets().get(i), "fragment " + i);
            }
            assertEquals(3, counters.transmitted());
            assertEquals(3, counters.fragmentsSent(), "the reply leaves as fragments, each counted as one");
            assertEquals(0, counters.sent(Answer.ICMPV4_ECHO_REPLY));
            assertEquals(1, counters.answered(Answer.ICMPV4_ECHO_REPLY));
            assertEquals(2, counters.held());
            assertEquals(3, counters.received());
            assertEquals(0, counters.droppedTotal());
        } finally {
            stack.close();
        }
    }

    @Test
    void answersPingRAsTheKernelDid() {
        // RFC 1122 3.2.2.6: "If a Record Route and/or Time Stamp option is received in an ICMP Echo Request, this
        // option (these options) SHOULD be updated to include the current host and included in the IP header of the
        // Echo Reply message".
        NetworkStack stack = loopbackStack(0x41db);
        assertEquals(ECHO_REPLY, receive(stack, Ipv4OptionsTestPackets.bytes(Ipv4OptionsTestPackets.PING_R_REQUEST)));
        assertArrayEquals(Ipv4OptionsTestPackets.bytes(Ipv4OptionsTestPackets.PING_R_REPLY), tx.single());
        stack.close();
    }

    @Test
    void answersPingTTsonlyAsTheKernelDid() {
        long midnight = Instant.parse("2026-11-26T00:00:00Z").toEpochMilli();
        InstantSource clock = InstantSource.fixed(Instant.ofEpochMilli(midnight + Ipv4OptionsTestPackets.PING_T_TIME));
        StackEnvironment environment = new StackEnvironment((d, s, p) -> 0x4247, clock, nanos,
                PooledByteBufAllocator.DEFAULT);
        NetworkStack stack = new NetworkStack(CapturedPackets.loopbackConfig(), counters, environment);
        assertEquals(ECHO_REPLY, receive(stack, Ipv4OptionsTestPackets.bytes(Ipv4OptionsTestPackets.PING_T_REQUEST)));
        assertArrayEquals(Ipv4OptionsTestPackets.bytes(Ipv4OptionsTestPackets.PING_T_REPLY), tx.single());
        stack.close();
    }

    @Test
    void answersAMalformedOptionWithAParameterProblemAtTheBadOctet() {
        // RFC 791, Record Route: "the smallest legal value for the pointer is 4"; pointer 3 is octet 22 of the header.
        // RFC 1122 3.2.2.5: a host SHOULD generate Parameter Problem messages.
        NetworkStack stack = subnetStack(defaults().build());
        byte[] request = Ipv4OptionsTestPackets.echoRequest(CapturedPackets.hex("0707 0300 0000 0000"));
        assertEquals(Verdict.dropped(DropReason.IPV4_BAD_OPTION), receive(stack, request));
        byte[] error = tx.single();
        ByteBuf view = CapturedPackets.copy(error);
        try {
            Ipv4Packet ip = Ipv4Packet.newUnchecked(view);
            assertTrue(ip.verifyHeaderChecksum());
            assertEquals(RESPONDER, ip.sourceAddress());
            assertEquals(KERNEL, ip.destinationAddress());
            Icmpv4Packet icmp = new Icmpv4Packet().wrap(view, ip.payloadOffset(), ip.payloadLength());
            assertTrue(icmp.verifyChecksum());
            assertEquals(Icmpv4Type.PARAMETER_PROBLEM, icmp.type());
            assertEquals(22, view.getUnsignedByte(icmp.base() + 4), "pointer");
            assertArrayEquals(Arrays.copyOf(request, 28), Arrays.copyOfRange(error, 28, 56), "quotes the request");
        } finally {
            assertTrue(view.release());
        }
        assertEquals(1, counters.sent(Answer.ICMPV4_PARAMETER_PROBLEM));
        assertEquals(1, counters.dropped(DropReason.IPV4_BAD_OPTION));
        stack.close();
    }

    @Test
    void limitsTheErrorsItOriginatesWithATokenBucket() {
        // Linux icmp_msgs_burst = 50: with the clock standing still, the 51st malformed request gets no error. The
        // per-peer limit, which would stop this one peer at 6, is off here.
        NetworkStack stack = subnetStack(defaults().icmpPeerIntervalMillis(0).build());
        byte[] request = Ipv4OptionsTestPackets.echoRequest(CapturedPackets.hex("0707 0300 0000 0000"));
        for (int i = 0; i < 60; i++) {
            assertEquals(Verdict.dropped(DropReason.IPV4_BAD_OPTION), receive(stack, request));
        }
        assertEquals(50, tx.packets().size());
        assertEquals(10, counters.rateLimited(Answer.ICMPV4_PARAMETER_PROBLEM));
        assertEquals(10, counters.rateLimitedTotal());
        assertEquals(50, counters.sent(Answer.ICMPV4_PARAMETER_PROBLEM));
        assertEquals(60, counters.dropped(DropReason.IPV4_BAD_OPTION));
        nanos.advance(Duration.ofMillis(100));
        assertEquals(Verdict.dropped(DropReason.IPV4_BAD_OPTION), receive(stack, request));
        assertEquals(51, tx.packets().size(), "the bucket refills with time (1000/s)");
        stack.close();
    }

    @Test
    void limitsTheErrorsEachPeerGetsBeforeTheGlobalBucket() {
        // Linux icmpv4_xrlim_allow(): a peer gets a burst of 6 (XRLIM_BURST_FACTOR), then one per icmp_ratelimit
        // (1000 ms); another peer has its own bucket, and the refusals spend nothing of the global one.
        NetworkStack stack = subnetStack(defaults().build());
        byte[] request = Ipv4OptionsTestPackets.echoRequest(CapturedPackets.hex("0707 0300 0000 0000"));
        for (int i = 0; i < 10; i++) {
            assertEquals(Verdict.dropped(DropReason.IPV4_BAD_OPTION), receive(stack, request));
        }
        assertEquals(6, tx.packets().size());
        assertEquals(4, counters.rateLimited(Answer.ICMPV4_PARAMETER_PROBLEM));
        byte[] fromAnotherPeer = Ipv4OptionsTestPackets.echoRequest(Ipv4Address.parse("172.21.22.99"), RESPONDER,
                CapturedPackets.hex("0707 0300 0000 0000"));
        receive(stack, fromAnotherPeer);
        assertEquals(7, tx.packets().size(), "another peer has a bucket of its own");
        nanos.advance(Duration.ofMillis(999));
        receive(stack, request);
        assertEquals(7, tx.packets().size(), "less than a second earns nothing");
        nanos.advance(Duration.ofMillis(1));
        receive(stack, request);
        assertEquals(8, tx.packets().size(), "a second earns one error");
        stack.close();
    }

    @Test
    void answersAnotherProtocolWithProtocolUnreachable() {
        // RFC 1122 3.2.2.1: "A host SHOULD generate Destination Unreachable messages with code: 2 (Protocol
        // Unreachable), when the designated transport protocol is not supported".
        NetworkStack stack = subnetStack(defaults().build());
        byte[] sctp = CraftedPackets.withHeader(CraftedPackets.echoRequest(KERNEL, RESPONDER, 1, 1, new byte[32]),
                ip -> ip.setProtocol(SCTP));
        assertEquals(Verdict.dropped(DropReason.IPV4_UNSUPPORTED_PROTOCOL), receive(stack, sctp));
        byte[] error = tx.single();
        ByteBuf view = CapturedPackets.copy(error);
        try {
            Ipv4Packet ip = Ipv4Packet.newUnchecked(view);
            assertTrue(ip.verifyHeaderChecksum());
            assertEquals(RESPONDER, ip.sourceAddress());
            assertEquals(KERNEL, ip.destinationAddress());
            Icmpv4Packet icmp = new Icmpv4Packet().wrap(view, ip.payloadOffset(), ip.payloadLength());
            assertTrue(icmp.verifyChecksum());
            assertEquals(Icmpv4Type.DESTINATION_UNREACHABLE, icmp.type());
            assertEquals(2, icmp.code());
            assertArrayEquals(sctp, Arrays.copyOfRange(error, 28, error.length), "quotes the whole short datagram");
        } finally {
            assertTrue(view.release());
        }
        assertEquals(1, counters.sent(Answer.ICMPV4_DESTINATION_UNREACHABLE));
        stack.close();
    }

    @Test
    void sendsNoErrorAboutABroadcastOrALaterFragment() {
        // RFC 1122 3.2.2: "An ICMP error message MUST NOT be sent as the result of receiving ... a datagram destined
        // to an IP broadcast or IP multicast address ... a non-initial fragment".
        NetworkStack stack = subnetStack(defaults().build());
        byte[] toBroadcast = CraftedPackets.withHeader(
                CraftedPackets.echoRequest(KERNEL, Ipv4Address.parse("172.21.22.255"), 1, 1, new byte[32]),
                ip -> ip.setProtocol(SCTP));
        assertEquals(Verdict.dropped(DropReason.IPV4_UNSUPPORTED_PROTOCOL), receive(stack, toBroadcast));
        byte[] badOptionToBroadcast = Ipv4OptionsTestPackets.echoRequest(KERNEL, Ipv4Address.parse("172.21.22.255"),
                CapturedPackets.hex("0707 0300 0000 0000"));
        assertEquals(Verdict.dropped(DropReason.IPV4_BAD_OPTION), receive(stack, badOptionToBroadcast));
        assertEquals(0, tx.packets().size());
        stack.close();
    }

    @Test
    void dropsSourceRoutedDatagramsAsAHost() {
        // Linux accept_source_route=0 on a host: LSRR (131), length 7, pointer 4, one hop.
        NetworkStack stack = subnetStack(defaults().build());
        byte[] request = Ipv4OptionsTestPackets.echoRequest(CapturedPackets.hex("8307 04ac 1516 1700"));
        assertEquals(Verdict.dropped(DropReason.IPV4_SOURCE_ROUTED), receive(stack, request));
        assertEquals(0, tx.packets().size());
        stack.close();
    }

    @Test
    void echoRepliesAreUnlimitedByDefaultAndLimitedPerSourceWhenConfigured() {
        byte[] request = CraftedPackets.echoRequest(KERNEL, RESPONDER, 1, 1, new byte[56]);
        NetworkStack unlimited = subnetStack(defaults().build());
        for (int i = 0; i < 200; i++) {
            assertEquals(ECHO_REPLY, receive(unlimited, request));
        }
        unlimited.close();

        StackCounters limitedCounters = new StackCounters();
        StackConfig config = defaults().echoRateLimit(new StackConfig.RateLimit(1, 2)).build();
        NetworkStack limited = new NetworkStack(config, limitedCounters, TestEnvironment.fixed((d, s, p) -> 1, nanos));
        List<Verdict> outcomes = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ByteBuf packet = CapturedPackets.copy(request);
            outcomes.add(limited.receive(packet, tx));
            packet.release();
        }
        assertEquals(List.of(ECHO_REPLY, ECHO_REPLY, Verdict.dropped(DropReason.RATE_LIMITED)), outcomes);
        ByteBuf other = CapturedPackets.copy(CraftedPackets.echoRequest(RESPONDER - 1, RESPONDER, 1, 1, new byte[8]));
        try {
            assertEquals(ECHO_REPLY, limited.receive(other, tx), "another source has its own bucket");
        } finally {
            other.release();
        }
        nanos.advance(Duration.ofSeconds(1));
        assertEquals(ECHO_REPLY, receive(limited, request), "the source's bucket refills with time");
        limited.close();
    }

    @Test
    void pollExpiresAnIncompleteDatagramAfter30Seconds() {
        NetworkStack stack = loopbackStack(1);
        assertEquals(Long.MAX_VALUE, stack.nextDeadline(), "nothing pending");
        assertEquals(Verdict.HELD,
                receive(stack, ReassemblerTestVectors.bytes(ReassemblerTestVectors.requestFragments().get(0))));
        assertEquals(nanos.getAsLong() + Duration.ofSeconds(30).toNanos(), stack.nextDeadline(),
                "Linux ipfrag_time: 30 s");
        stack.poll(nanos.getAsLong() + Duration.ofSeconds(29).toNanos(), tx);
        assertEquals(0, counters.heldDiscarded(DropReason.REASSEMBLY_TIMEOUT));
        stack.poll(nanos.getAsLong() + Duration.ofSeconds(31).toNanos(), tx);
        assertEquals(1, counters.heldDiscarded(DropReason.REASSEMBLY_TIMEOUT), "Linux ipfrag_time: 30 s");
        assertEquals(0, counters.droppedTotal(), "a held fragment is counted once, as held");
        assertEquals(Long.MAX_VALUE, stack.nextDeadline(), "nothing pending after the timeout");
        stack.close();
    }

    @Test
    void sendsTimeExceededWhenTheFirstFragmentTimedOut() {
        // RFC 1122 3.3.2: "an ICMP Time Exceeded message sent to the source host (if fragment zero has been
        // received)"; RFC 792: code 1, "fragment reassembly time exceeded".
        byte[] request = CraftedPackets.echoRequest(KERNEL, RESPONDER, 7, 1, new byte[1200]);
        NetworkStack stack = subnetStack(defaults().build());
        byte[] first = bytes(ReassemblerTestPackets.fragment(request, 0, 608, true));
        assertEquals(Verdict.HELD, receive(stack, first));
        stack.poll(Duration.ofSeconds(31).toNanos(), tx);
        assertEquals(1, counters.heldDiscarded(DropReason.REASSEMBLY_TIMEOUT));
        byte[] error = tx.single();
        ByteBuf view = CapturedPackets.copy(error);
        try {
            Ipv4Packet ip = Ipv4Packet.newUnchecked(view);
            assertTrue(ip.verifyHeaderChecksum());
            assertEquals(RESPONDER, ip.sourceAddress());
            assertEquals(KERNEL, ip.destinationAddress());
            Icmpv4Packet icmp = new Icmpv4Packet().wrap(view, ip.payloadOffset(), ip.payloadLength());
            assertTrue(icmp.verifyChecksum());
            assertEquals(Icmpv4Type.TIME_EXCEEDED, icmp.type());
            assertEquals(1, icmp.code());
            assertArrayEquals(Arrays.copyOf(first, 28), Arrays.copyOfRange(error, 28, 56), "quotes fragment zero");
        } finally {
            assertTrue(view.release());
        }
        assertEquals(1, counters.sent(Answer.ICMPV4_TIME_EXCEEDED));
        stack.close();
    }

    @Test
    void sendsNoTimeExceededWithoutFragmentZero() {
        byte[] request = CraftedPackets.echoRequest(KERNEL, RESPONDER, 7, 1, new byte[1200]);
        NetworkStack stack = subnetStack(defaults().build());
        assertEquals(Verdict.HELD, receive(stack, bytes(ReassemblerTestPackets.fragment(request, 608, 1208, false))));
        stack.poll(Duration.ofSeconds(31).toNanos(), tx);
        assertEquals(1, counters.heldDiscarded(DropReason.REASSEMBLY_TIMEOUT));
        assertEquals(0, tx.packets().size());
        assertEquals(0, counters.transmitted());
        stack.close();
    }

    @Test
    void aFragmentArrivingAfterTheTimeoutAlsoTriggersTimeExceeded() {
        byte[] request = CraftedPackets.echoRequest(KERNEL, RESPONDER, 7, 1, new byte[1200]);
        NetworkStack stack = subnetStack(defaults().build());
        assertEquals(Verdict.HELD, receive(stack, bytes(ReassemblerTestPackets.fragment(request, 0, 608, true))));
        nanos.advance(Duration.ofSeconds(31));
        assertEquals(Verdict.HELD, receive(stack, bytes(ReassemblerTestPackets.fragment(request, 608, 1208, false))),
                "the late piece starts a new datagram");
        assertEquals(1, counters.heldDiscarded(DropReason.REASSEMBLY_TIMEOUT));
        assertEquals(1, counters.sent(Answer.ICMPV4_TIME_EXCEEDED));
        stack.close();
    }

    @Test
    void closeReleasesHeldFragments() {
        // Leak detection (paranoid) fails this test if the held copies are not released.
        NetworkStack stack = loopbackStack(1);
        assertEquals(Verdict.HELD,
                receive(stack, ReassemblerTestVectors.bytes(ReassemblerTestVectors.requestFragments().get(0))));
        assertEquals(Verdict.HELD,
                receive(stack, ReassemblerTestVectors.bytes(ReassemblerTestVectors.requestFragments().get(1))));
        stack.close();
        LeakDetection.assertNoLeaks();
    }

    @Test
    void dropsTheWholeDatagramOnOverlap() {
        // RFC 5722 section 4, which Linux applies to IPv4: "the entire datagram ... MUST be silently discarded."
        byte[] request = CraftedPackets.echoRequest(KERNEL, RESPONDER, 7, 1, new byte[1200]);
        NetworkStack stack = subnetStack(defaults().build());
        assertEquals(Verdict.HELD, receive(stack, bytes(ReassemblerTestPackets.fragment(request, 0, 608, true))));
        assertEquals(Verdict.dropped(DropReason.FRAGMENT_OVERLAP),
                receive(stack, bytes(ReassemblerTestPackets.fragment(request, 600, 1208, false))));
        assertEquals(Verdict.HELD, receive(stack, bytes(ReassemblerTestPackets.fragment(request, 608, 1208, false))),
                "the completing piece starts a new datagram, held");
        assertEquals(1, counters.heldDiscarded(DropReason.FRAGMENT_OVERLAP), "the held first piece goes with it");
        assertEquals(0, tx.packets().size());
        stack.close();
    }

    @Test
    void answersTheLargestPingFragmentedBothWays() {
        // ping -s 65507: a 65535-byte datagram, the largest there is, in 45 fragments at MTU 1500, and back.
        byte[] data = new byte[65507];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (i * 31 + 7);
        }
        byte[] request = CraftedPackets.echoRequest(KERNEL, RESPONDER, 0x77, 3, data);
        StackConfig config = defaults().build();
        NetworkStack stack = new NetworkStack(config, counters, TestEnvironment.fixed((d, s, p) -> 0x5151, nanos));
        List<byte[]> fragments = new ArrayList<>();
        try (Fragmenter fragmenter = new Fragmenter(io.netty.buffer.PooledByteBufAllocator.DEFAULT, 1500,
                new StackCounters())) {
            ByteBuf whole = CapturedPackets.copy(CraftedPackets.withHeader(request, ip -> ip.setDontFragment(false)));
            try {
                fragmenter.send(whole, Answer.ICMPV4_ECHO_REPLY,
                        packet -> fragments.add(io.netty.buffer.ByteBufUtil.getBytes(packet)));
            } finally {
                whole.release();
            }
        }
        assertEquals(45, fragments.size());
        for (int i = 0; i < fragments.size(); i++) {
            assertEquals(i < fragments.size() - 1 ? Verdict.HELD : ECHO_REPLY, receive(stack, fragments.get(i)));
        }
        assertEquals(45, tx.packets().size(), "the reply leaves in 45 fragments");
        StackCounters scratch = new StackCounters();
        FragmentDescriptor descriptor = new FragmentDescriptor();
        try (Reassembler reassembler = new Reassembler(new Ipv4FragmentFamily(), ReassemblerLimits.linuxIpv4(),
                io.netty.buffer.PooledByteBufAllocator.DEFAULT, scratch::countHeldDiscarded)) {
            ReassemblerOutcome outcome = null;
            for (byte[] fragment : tx.packets()) {
                assertTrue(fragment.length <= 1500);
                ByteBuf packet = CapturedPackets.copy(fragment);
                try {
                    outcome = reassembler.offer(packet,
                            Ipv4FragmentFamily.describe(Ipv4Packet.newUnchecked(packet), descriptor), 0);
                } finally {
                    packet.release();
                }
            }
            assertTrue(outcome.isCompleted());
            ByteBuf reply = outcome.datagram();
            try {
                Ipv4Packet ip = Ipv4Packet.newUnchecked(reply);
                assertEquals(65535, ip.totalLength());
                assertEquals(RESPONDER, ip.sourceAddress());
                Icmpv4Packet icmp = new Icmpv4Packet().wrap(reply, ip.payloadOffset(), ip.payloadLength());
                assertTrue(icmp.verifyChecksum());
                assertEquals(Icmpv4Type.ECHO_REPLY, icmp.type());
                byte[] replyData = new byte[icmp.dataLength()];
                reply.getBytes(icmp.dataOffset(), replyData);
                assertArrayEquals(data, replyData, "data byte for byte");
            } finally {
                reply.release();
            }
        }
        stack.close();
    }

    private static StackConfig.Builder defaults() {
        return StackConfig.builder().address(InterfaceAddress.ipv4(KERNEL, 24));
    }

    private static byte[] bytes(ByteBuf buffer) {
        try {
            return ReassemblerTestPackets.bytes(buffer);
        } finally {
            buffer.release();
        }
    }

}
