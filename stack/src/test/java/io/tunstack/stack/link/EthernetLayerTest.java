package io.tunstack.stack.link;

import static io.tunstack.stack.wire.CapturedFrames.ARP_REPLY;
import static io.tunstack.stack.wire.CapturedFrames.ARP_REQUEST;
import static io.tunstack.stack.wire.CapturedFrames.CLIENT_MAC;
import static io.tunstack.stack.wire.CapturedFrames.ECHO_REPLY;
import static io.tunstack.stack.wire.CapturedFrames.ECHO_REPLY_ID;
import static io.tunstack.stack.wire.CapturedFrames.ECHO_REQUEST;
import static io.tunstack.stack.wire.CapturedFrames.HOST_MAC;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.tunstack.stack.LeakDetection;
import io.tunstack.stack.RecordingTransmitter;
import io.tunstack.stack.address.Ipv4Address;
import io.tunstack.stack.ip.Transmitter;
import io.tunstack.stack.verdict.Answer;
import io.tunstack.stack.verdict.DropReason;
import io.tunstack.stack.verdict.StackEvent;
import io.tunstack.stack.verdict.Verdict;
import io.tunstack.stack.wire.ArpPacket;
import io.tunstack.stack.wire.CapturedFrames;
import io.tunstack.stack.wire.CapturedIpv6Packets;
import io.tunstack.stack.wire.EtherType;
import io.tunstack.stack.wire.EthernetFrame;
import io.tunstack.stack.wire.Ipv4Packet;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link EthernetLayer} end to end with captured frames: ARP answered, echo requests answered with Linux's frames
 * (in place, or padded), frames for others and of other types dropped and counted once, and the resolution of an
 * unknown neighbour with a manual clock.
 */
@ExtendWith(LeakDetection.class)
class EthernetLayerTest {

    private static final int CLIENT = Ipv4Address.parse("172.21.22.23");
    private static final int HOST = Ipv4Address.parse("172.21.22.26");
    /** What the client answers when host .26 asks for .23: the captured reply with the roles swapped. */
    private static final byte[] CLIENT_ARP_REPLY = CapturedIpv6Packets.hex("0254 ac15 161a 5e2b 8015 346f 0806 0001"
            + " 0800 0604 0002 5e2b 8015 346f ac15 1617 0254 ac15 161a ac15 161a");

    private LinkFixture fixture = new LinkFixture(ECHO_REPLY_ID);
    private final RecordingTransmitter tx = new RecordingTransmitter();

    @AfterEach
    void close() {
        fixture.close();
    }

    /** Closes the fixture of the test and uses a new one. */
    private void replaceFixture(int ipId, String... profiles) {
        fixture.close();
        fixture = new LinkFixture(ipId, profiles);
    }

    private Verdict receive(byte[] bytes) {
        return receive(fixture.layer(), bytes);
    }

    private Verdict receive(EthernetLayer layer, byte[] bytes) {
        ByteBuf frame = LinkFixture.frame(bytes);
        try {
            return layer.receive(frame, tx);
        } finally {
            assertTrue(frame.release());
        }
    }

    @Test
    void anArpRequestIsAnsweredAndCountedOnce() {
        assertEquals(Verdict.answered(Answer.ARP_REPLY), receive(ARP_REQUEST));
        assertArrayEquals(Arrays.copyOf(ARP_REPLY, EthernetFrame.MIN_FRAME_LENGTH), tx.single());
        assertEquals(1, fixture.counters.answered(Answer.ARP_REPLY));
        assertEquals(1, fixture.counters.sent(Answer.ARP_REPLY));
        assertEquals(1, fixture.counters.received());
    }

    @Test
    void anEchoRequestGetsLinuxsReplyFrameBuiltInPlace() {
        ByteBuf frame = LinkFixture.frame(ECHO_REQUEST);
        ByteBuf[] sent = new ByteBuf[1];
        byte[][] bytes = new byte[1][];
        Transmitter inPlace = packet -> {
            sent[0] = packet;
            bytes[0] = ByteBufUtil.getBytes(packet);
        };
        try {
            assertEquals(Verdict.answered(Answer.ICMPV4_ECHO_REPLY), fixture.layer().receive(frame, inPlace));
            assertSame(frame, sent[0], "the reply's header is written in the received frame's own buffer");
            assertArrayEquals(ECHO_REPLY, bytes[0]);
        } finally {
            assertTrue(frame.release());
        }
        assertEquals(1, fixture.counters.answered(Answer.ICMPV4_ECHO_REPLY), "counted by the stack, once");
        assertEquals(1, fixture.counters.received());
        assertEquals(CLIENT_MAC, fixture.layer().neighbours().lookupIpv4(CLIENT), "the source is learned");
    }

    @Test
    void aNeighbourIsKeptSixtySecondsAfterItsLastFrame() {
        EthernetLayer layer = fixture.layer();
        for (int second = 0; second < 10; second++) {
            receive(ECHO_REQUEST);
            fixture.clock.advance(Duration.ofSeconds(1));
        }
        // The last frame came at 9 s; the clock is at 10 s.
        fixture.clock.advance(Duration.ofSeconds(58));
        assertEquals(CLIENT_MAC, layer.neighbours().lookupIpv4(CLIENT), "68 s: 59 s after the last frame");
        fixture.clock.advance(Duration.ofSeconds(1));
        assertEquals(NeighbourCache.UNKNOWN, layer.neighbours().lookupIpv4(CLIENT), "69 s: 60 s after it");
    }

    @Test
    void aNewMacIsLearnedAtItsFirstFrame() {
        EthernetLayer layer = fixture.layer();
        receive(ECHO_REQUEST);
        receive(withMac(ECHO_REQUEST, 6, 0x5e2b80153470L));
        assertEquals(0x5e2b80153470L, layer.neighbours().lookupIpv4(CLIENT));
    }

    @Test
    void aSmallEchoReplyIsPaddedTo60Bytes() {
        replaceFixture(CapturedFrames.SMALL_ECHO_REPLY_ID);
        assertEquals(Verdict.answered(Answer.ICMPV4_ECHO_REPLY), receive(CapturedFrames.SMALL_ECHO_REQUEST));
        assertArrayEquals(Arrays.copyOf(CapturedFrames.SMALL_ECHO_REPLY, EthernetFrame.MIN_FRAME_LENGTH),
                tx.single());
    }

    @Test
    void anIpv6EchoRequestGetsLinuxsReplyFrame() {
        assertEquals(Verdict.answered(Answer.ICMPV6_ECHO_REPLY), receive(CapturedFrames.IPV6_ECHO_REQUEST));
        byte[] expected = CapturedFrames.IPV6_ECHO_REPLY.clone();
        // Linux labels its flow (RFC 6437); tunstack sends 0, "not labelled". Traffic class 0 in both.
        expected[15] = 0;
        expected[16] = 0;
        expected[17] = 0;
        assertArrayEquals(expected, tx.single());
    }

    @Test
    void neighborDiscoveryGoesToNeighborDiscoveryNotToTheStack() {
        Verdict verdict = receive(CapturedFrames.NEIGHBOR_SOLICITATION);
        assertEquals(Verdict.answered(Answer.NEIGHBOR_ADVERTISEMENT), verdict);
        assertEquals(1, fixture.counters.received());
    }

    @Test
    void multicastChatterReachesTheStackWhichDropsIt() {
        Verdict verdict = receive(CapturedFrames.MLD_REPORT);
        assertTrue(verdict.isDropped(), verdict.toString());
        assertEquals(1, fixture.counters.received(), "counted once, by the stack");
        assertEquals(0, tx.packets().size());
    }

    static Stream<Arguments> droppedFrames() {
        return Stream.of(
                Arguments.of("truncated", Arrays.copyOf(ECHO_REQUEST, EthernetFrame.HEADER_LENGTH - 1),
                        DropReason.ETHERNET_TRUNCATED),
                Arguments.of("another station's MAC", withMac(ECHO_REQUEST, 0, 0x001b213a4f10L),
                        DropReason.ETHERNET_OTHER_HOST),
                Arguments.of("the derived MAC of an address not answered", withMac(ECHO_REQUEST, 0,
                        HostMacs.derivedIpv4(Ipv4Address.parse("172.21.22.99"))), DropReason.ETHERNET_OTHER_HOST),
                Arguments.of("multicast source", withMac(ECHO_REQUEST, 6, 0x01005e000001L),
                        DropReason.ETHERNET_BAD_SOURCE),
                Arguments.of("zero source", withMac(ECHO_REQUEST, 6, 0), DropReason.ETHERNET_BAD_SOURCE),
                Arguments.of("802.1Q tag", CapturedFrames.tagged(ECHO_REQUEST, EtherType.VLAN),
                        DropReason.ETHERNET_VLAN),
                Arguments.of("802.1ad tag", CapturedFrames.tagged(ARP_REQUEST, EtherType.QINQ),
                        DropReason.ETHERNET_VLAN),
                Arguments.of("IPv6 type over IPv4", withType(ECHO_REQUEST, EtherType.IPV6),
                        DropReason.ETHERNET_TYPE_MISMATCH),
                Arguments.of("IPv4 type over IPv6", withType(CapturedFrames.IPV6_ECHO_REQUEST, EtherType.IPV4),
                        DropReason.ETHERNET_TYPE_MISMATCH),
                Arguments.of("LLDP", withType(ARP_REQUEST, 0x88cc), DropReason.ETHERNET_UNKNOWN_TYPE),
                Arguments.of("802.3 length", withType(ARP_REQUEST, 28), DropReason.ETHERNET_UNKNOWN_TYPE));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("droppedFrames")
    void aFrameNotForAHostIsDroppedAndCountedOnce(String name, byte[] frame, DropReason reason) {
        assertEquals(Verdict.dropped(reason), receive(frame));
        assertEquals(0, tx.packets().size());
        assertEquals(1, fixture.counters.dropped(reason));
        assertEquals(1, fixture.counters.received());
        // The control: the captured request is still answered.
        assertEquals(Verdict.answered(Answer.ICMPV4_ECHO_REPLY), receive(ECHO_REQUEST));
    }

    @Test
    void aProfileMacIsAHostMacAndItsDerivedOneIsNot() {
        replaceFixture(ECHO_REPLY_ID, "172.21.22.26 mac 02:11:22:33:44:55");
        assertEquals(Verdict.dropped(DropReason.ETHERNET_OTHER_HOST), receive(ECHO_REQUEST));
        assertEquals(Verdict.answered(Answer.ICMPV4_ECHO_REPLY), receive(withMac(ECHO_REQUEST, 0, 0x021122334455L)));
        byte[] reply = tx.single();
        assertEquals(0x021122334455L, EthernetFrame.newUnchecked(Unpooled.wrappedBuffer(reply)).source());
    }

    @Test
    void anAnswerDelayedPastTheNeighboursLifetimeIsResolvedFirst() {
        EthernetLayer layer = answersDueAfterTheNeighbourExpired(ECHO_REQUEST);
        assertEquals(1, layer.awaitingResolution(), "the neighbour was forgotten at 60 s");
        assertEquals(1, fixture.counters.events(StackEvent.NEIGHBOUR_RESOLUTION_QUEUED));
        assertArpRequestFromHost(tx.single());
        assertEquals(Duration.ofSeconds(62).toNanos(), layer.nextDeadline(), "the queue's deadline");

        assertEquals(Verdict.dropped(DropReason.ARP_REPLY_RECEIVED), receive(CLIENT_ARP_REPLY));
        assertEquals(2, tx.packets().size());
        assertArrayEquals(ECHO_REPLY, tx.packets().get(1), "the queued answer, with the resolved MAC");
        assertEquals(0, layer.awaitingResolution());
        assertEquals(1, fixture.counters.events(StackEvent.NEIGHBOUR_RESOLVED));
        assertEquals(Long.MAX_VALUE, layer.nextDeadline());
    }

    @Test
    void anIpv6AnswerWaitsUntilTheNeighbourIsHeardFromAgain() {
        replaceFixture(ECHO_REPLY_ID, "fd00:172:21:22::26 delay 61s");
        EthernetLayer layer = fixture.layer();
        assertEquals(Verdict.answered(Answer.ICMPV6_ECHO_REPLY), receive(CapturedFrames.IPV6_ECHO_REQUEST));
        fixture.clock.advance(Duration.ofSeconds(61));
        layer.poll(fixture.clock.getAsLong(), tx);
        assertEquals(1, layer.awaitingResolution(), "the neighbour was forgotten at 60 s");
        assertEquals(1, fixture.counters.events(StackEvent.NEIGHBOUR_SOLICITATION_SENT), "a Neighbor Solicitation");
        int solicitations = tx.packets().size();
        // Its next request teaches the MAC again: the held answer leaves at once, the new one is held.
        assertEquals(Verdict.answered(Answer.ICMPV6_ECHO_REPLY), receive(CapturedFrames.IPV6_ECHO_REQUEST));
        assertEquals(0, layer.awaitingResolution());
        assertEquals(solicitations + 1, tx.packets().size());
        byte[] expected = CapturedFrames.IPV6_ECHO_REPLY.clone();
        expected[15] = 0;
        expected[16] = 0;
        expected[17] = 0;
        assertArrayEquals(expected, tx.packets().get(solicitations));
    }

    @Test
    void anUnansweredResolutionTriesThreeTimesOneSecondApartThenDrops() {
        EthernetLayer layer = answersDueAfterTheNeighbourExpired(ECHO_REQUEST);
        assertEquals(1, tx.packets().size());
        fixture.clock.advance(Duration.ofMillis(999));
        layer.poll(fixture.clock.getAsLong(), tx);
        assertEquals(1, tx.packets().size(), "not yet");
        for (int second = 2; second <= 3; second++) {
            fixture.clock.advance(Duration.ofMillis(1));
            assertEquals(fixture.clock.getAsLong(), layer.nextDeadline());
            layer.poll(fixture.clock.getAsLong(), tx);
            assertEquals(second, tx.packets().size());
            assertArpRequestFromHost(tx.packets().get(second - 1));
            fixture.clock.advance(Duration.ofMillis(999));
        }
        assertEquals(1, layer.awaitingResolution());
        fixture.clock.advance(Duration.ofMillis(1));
        layer.poll(fixture.clock.getAsLong(), tx);
        assertEquals(3, tx.packets().size(), "three solicitations, then nothing");
        assertEquals(0, layer.awaitingResolution());
        assertEquals(3, fixture.counters.events(StackEvent.NEIGHBOUR_SOLICITATION_SENT));
        assertEquals(1, fixture.counters.events(StackEvent.NEIGHBOUR_RESOLUTION_FAILED));
        assertEquals(Long.MAX_VALUE, layer.nextDeadline());
    }

    @Test
    void aFullQueueDropsTheOldestAndCountsIt() {
        byte[][] requests = new byte[ResolutionQueue.MAX_FRAMES + 1][];
        Arrays.fill(requests, ECHO_REQUEST);
        EthernetLayer layer = answersDueAfterTheNeighbourExpired(requests);
        assertEquals(ResolutionQueue.MAX_FRAMES, layer.awaitingResolution());
        assertEquals(1, fixture.counters.events(StackEvent.NEIGHBOUR_QUEUE_FULL));
        assertEquals(1, tx.packets().size(), "one solicitation for one destination");
        receive(CLIENT_ARP_REPLY);
        assertEquals(1 + ResolutionQueue.MAX_FRAMES, tx.packets().size());
    }

    @Test
    void tooManyDestinationsAreCountedAsAFullQueue() {
        byte[][] requests = new byte[ResolutionQueue.MAX_DESTINATIONS + 1][];
        for (int i = 0; i < requests.length; i++) {
            requests[i] = fromSource(CLIENT + 100 + i);
        }
        EthernetLayer layer = answersDueAfterTheNeighbourExpired(requests);
        assertEquals(ResolutionQueue.MAX_DESTINATIONS, layer.awaitingResolution());
        assertEquals(1, fixture.counters.events(StackEvent.NEIGHBOUR_QUEUE_FULL));
        assertEquals(ResolutionQueue.MAX_DESTINATIONS, tx.packets().size(), "one solicitation per destination");
    }

    @Test
    void closingReleasesTheQueuedFrames() {
        EthernetLayer layer = answersDueAfterTheNeighbourExpired(ECHO_REQUEST);
        assertEquals(1, layer.awaitingResolution());
        fixture.close();
        assertEquals(1, fixture.counters.events(StackEvent.NEIGHBOUR_QUEUE_DISCARDED));
    }

    @Test
    void announceSendsAGratuitousArpPerHostThatIsUp() {
        replaceFixture(0, "172.21.22.30 down");
        int sent = fixture.layer().announce(tx);
        // 17 IPv4 hosts .24-.40 less the one down; 29 IPv6 hosts ::24-::40 (hex), announced through
        // NeighborDiscovery.
        assertEquals(16 + 29, sent);
        assertEquals(16 + 29, fixture.counters.events(StackEvent.NEIGHBOUR_ANNOUNCEMENT_SENT));
        long arps = tx.packets().stream().filter(f -> f[12] == 0x08 && f[13] == 0x06).count();
        assertEquals(16, arps);
        byte[] first = tx.packets().get(0);
        ArpPacket arp = new ArpPacket().wrap(Unpooled.wrappedBuffer(first), EthernetFrame.HEADER_LENGTH,
                ArpPacket.LENGTH);
        assertEquals(Ipv4Address.parse("172.21.22.24"), arp.senderProtocolAddress());
        assertEquals(arp.senderProtocolAddress(), arp.targetProtocolAddress());
        assertEquals(HostMacs.derivedIpv4(arp.senderProtocolAddress()), arp.senderHardwareAddress());
    }

    @Test
    void theEchoPathAllocatesNothing() {
        EthernetLayer layer = fixture.layer();
        Transmitter sink = packet -> {
        };
        // Unpooled heap: paranoid leak detection does not track it, so it records no access traces.
        ByteBuf frame = Unpooled.buffer(2048);
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        try {
            long allocated = 0;
            for (int round = 0; round < 2; round++) {
                long before = threads.getCurrentThreadAllocatedBytes();
                for (int i = 0; i < 20_000; i++) {
                    frame.setBytes(0, ECHO_REQUEST).setIndex(0, ECHO_REQUEST.length);
                    layer.receive(frame, sink);
                }
                allocated = threads.getCurrentThreadAllocatedBytes() - before;
            }
            assertEquals(40_000, fixture.counters.answered(Answer.ICMPV4_ECHO_REPLY));
            assertEquals(0, allocated / 20_000);
        } finally {
            frame.release();
        }
    }

    /**
     * Sends {@code requests} to host .26, whose profile holds its answers 61 s, one second past the neighbour's
     * lifetime, then polls when they are due: their destinations must be resolved again.
     */
    private EthernetLayer answersDueAfterTheNeighbourExpired(byte[]... requests) {
        replaceFixture(ECHO_REPLY_ID, "172.21.22.26 delay 61s");
        EthernetLayer layer = fixture.layer();
        for (byte[] request : requests) {
            assertEquals(Verdict.answered(Answer.ICMPV4_ECHO_REPLY), receive(request));
        }
        assertEquals(0, tx.packets().size());
        assertEquals(Duration.ofSeconds(61).toNanos(), layer.nextDeadline(), "the stack's deadline");
        fixture.clock.advance(Duration.ofSeconds(61));
        layer.poll(fixture.clock.getAsLong(), tx);
        return layer;
    }

    private static void assertArpRequestFromHost(byte[] frame) {
        EthernetFrame ethernet = EthernetFrame.newUnchecked(Unpooled.wrappedBuffer(frame));
        assertEquals(EthernetFrame.MIN_FRAME_LENGTH, frame.length);
        assertEquals(0xffffffffffffL, ethernet.destination());
        assertEquals(HOST_MAC, ethernet.source());
        ArpPacket arp = new ArpPacket().wrap(Unpooled.wrappedBuffer(frame), EthernetFrame.HEADER_LENGTH,
                ArpPacket.LENGTH);
        assertEquals(ArpPacket.OPERATION_REQUEST, arp.operation());
        assertEquals(HOST_MAC, arp.senderHardwareAddress());
        assertEquals(HOST, arp.senderProtocolAddress());
        assertEquals(0, arp.targetHardwareAddress());
        assertEquals(CLIENT, arp.targetProtocolAddress());
    }

    private static byte[] withMac(byte[] frame, int offset, long mac) {
        byte[] copy = frame.clone();
        for (int i = 0; i < 6; i++) {
            copy[offset + i] = (byte) (mac >>> (8 * (5 - i)));
        }
        return copy;
    }

    private static byte[] withType(byte[] frame, int etherType) {
        byte[] copy = frame.clone();
        copy[12] = (byte) (etherType >>> 8);
        copy[13] = (byte) etherType;
        return copy;
    }

    /** The captured echo request from another source address, its header checksum recomputed. */
    private static byte[] fromSource(int source) {
        ByteBuf buffer = Unpooled.wrappedBuffer(ECHO_REQUEST.clone());
        Ipv4Packet ip = new Ipv4Packet().wrap(buffer, EthernetFrame.HEADER_LENGTH,
                ECHO_REQUEST.length - EthernetFrame.HEADER_LENGTH);
        ip.setSourceAddress(source);
        ip.fillHeaderChecksum();
        return buffer.array();
    }
}
