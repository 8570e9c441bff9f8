package io.tunstack.stack.ipv4;

import static io.tunstack.stack.ipv4.ReassemblerTestPackets.bytes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.tunstack.stack.LeakDetection;
import io.tunstack.stack.fragment.FragmentDescriptor;
import io.tunstack.stack.fragment.Reassembler;
import io.tunstack.stack.fragment.ReassemblerHarness;
import io.tunstack.stack.fragment.ReassemblerLimits;
import io.tunstack.stack.fragment.ReassemblerOutcome;
import io.tunstack.stack.verdict.DropReason;
import io.tunstack.stack.wire.Checksum;
import io.tunstack.stack.wire.IpProtocol;
import io.tunstack.stack.wire.Ipv4Packet;
import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * IPv4's part in reassembly: how a fragment is described (RFC 791's key includes the protocol), how the reassembled
 * header is rebuilt, and the real fragments of a {@code ping -s 4000} reassembled by the shared {@link Reassembler}.
 * The rules both families share are tested in {@code io.tunstack.stack.fragment.ReassemblerTest}.
 */
@ExtendWith(LeakDetection.class)
class Ipv4FragmentFamilyTest {

    private final FragmentDescriptor descriptor = new FragmentDescriptor();
    private final ReassemblerHarness harness = new ReassemblerHarness(new Ipv4FragmentFamily(),
            ReassemblerLimits.linuxIpv4(),
            (packet, into) -> Ipv4FragmentFamily.describe(Ipv4Packet.newUnchecked(packet), into));
    private final Reassembler reassembler = harness.reassembler();

    @AfterEach
    void releaseEverything() {
        harness.close();
    }

    /** Offers a buffer that the test keeps ownership of (released after the test). */
    private ReassemblerOutcome offer(ByteBuf fragment) {
        return harness.offer(fragment, 0);
    }

    private ReassemblerOutcome offer(String hex) {
        return offer(ReassemblerTestVectors.buffer(hex));
    }

    /** The data of the captured fragments, concatenated in offset order. */
    private static byte[] capturedRequestData() {
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        for (String hex : ReassemblerTestVectors.requestFragments()) {
            byte[] packet = ReassemblerTestVectors.bytes(hex);
            data.write(packet, Ipv4Packet.MIN_HEADER_LENGTH, packet.length - Ipv4Packet.MIN_HEADER_LENGTH);
        }
        return data.toByteArray();
    }

    /** Takes the completed datagram, checks its header, and returns its bytes after releasing it. */
    private static byte[] takeCompleted(ReassemblerOutcome outcome, int expectedLength) {
        assertTrue(outcome.isCompleted(), outcome::toString);
        assertNull(outcome.dropReason());
        ByteBuf datagram = outcome.datagram();
        try {
            Ipv4Packet ip = Ipv4Packet.newUnchecked(datagram);
            assertNull(ip.checkLength());
            assertEquals(expectedLength, datagram.readableBytes());
            assertEquals(expectedLength, ip.totalLength());
            assertFalse(ip.moreFragments(), "MF clear");
            assertEquals(0, ip.fragmentOffset(), "offset zero");
            assertFalse(ip.isFragment());
            assertTrue(ip.verifyHeaderChecksum(), "header checksum recomputed");
            return bytes(datagram);
        } finally {
            datagram.release();
            assertEquals(0, datagram.refCnt());
        }
    }

    // ---- The descriptor

    @Test
    void describesACapturedFragmentFromItsHeader() {
        ByteBuf fragment = harness.keep(ReassemblerTestVectors.buffer(ReassemblerTestVectors.REQUEST_FRAGMENT_1));
        Ipv4FragmentFamily.describe(Ipv4Packet.newUnchecked(fragment), descriptor);
        assertEquals(Ipv4Packet.VERSION, descriptor.family());
        assertEquals(0, descriptor.sourceHigh());
        assertEquals(0x7f000001L, descriptor.sourceLow(), "127.0.0.1");
        assertEquals(0, descriptor.destinationHigh());
        assertEquals(0x7f000001L, descriptor.destinationLow());
        assertEquals(0xa8ae, descriptor.identification());
        assertEquals(IpProtocol.ICMP, descriptor.protocol());
        assertEquals(1480, descriptor.offset(), "185 units of 8");
        assertEquals(1480, descriptor.dataLength());
        assertTrue(descriptor.moreFragments());
        assertEquals(0, descriptor.packetIndex());
        assertEquals(20, descriptor.headersLength());
        assertEquals(20, descriptor.dataIndex());
        assertEquals(1500, descriptor.packetLength());
        assertEquals(0, descriptor.ecn());
        assertEquals(FragmentDescriptor.NO_NEXT_HEADER, descriptor.nextHeaderOffset());
        assertEquals(FragmentDescriptor.NO_NEXT_HEADER, descriptor.nextHeader());
    }

    @Test
    void describesAnAddressWithTheHighBitSetAsUnsigned() {
        ByteBuf fragment = harness.keep(ReassemblerTestPackets.fragment(1, 0, 8, true));
        Ipv4Packet ip = Ipv4Packet.newUnchecked(fragment);
        ip.setSourceAddress(0xC0A80001);
        Ipv4FragmentFamily.describe(ip, descriptor);
        assertEquals(0xC0A80001L, descriptor.sourceLow(), "192.168.0.1, not a negative number");
    }

    // ---- The captured ping -s 4000 request, in every order

    static Stream<Arguments> everyOrderOfThree() {
        return Stream.of(
                Arguments.of("in order", new int[] {0, 1, 2}),
                Arguments.of("reversed", new int[] {2, 1, 0}),
                Arguments.of("first last", new int[] {1, 2, 0}),
                Arguments.of("last first", new int[] {2, 0, 1}),
                Arguments.of("middle first", new int[] {1, 0, 2}),
                Arguments.of("middle last", new int[] {0, 2, 1}));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyOrderOfThree")
    void reassemblesTheCapturedRequestInAnyOrder(String name, int[] order) {
        List<String> fragments = ReassemblerTestVectors.requestFragments();
        assertTrue(offer(fragments.get(order[0])).isHeld());
        assertEquals(1, reassembler.datagramsInFlight());
        assertTrue(offer(fragments.get(order[1])).isHeld());
        byte[] datagram = takeCompleted(offer(fragments.get(order[2])), ReassemblerTestVectors.DATAGRAM_LENGTH);

        byte[] first = ReassemblerTestVectors.bytes(ReassemblerTestVectors.REQUEST_FRAGMENT_0);
        // The header is the first fragment's but for Total Length, flags/offset and checksum (bytes 2-3, 6-7, 10-11).
        for (int i : new int[] {0, 1, 4, 5, 8, 9, 12, 13, 14, 15, 16, 17, 18, 19}) {
            assertEquals(first[i], datagram[i], "header byte " + i);
        }
        byte[] data = new byte[datagram.length - Ipv4Packet.MIN_HEADER_LENGTH];
        System.arraycopy(datagram, Ipv4Packet.MIN_HEADER_LENGTH, data, 0, data.length);
        assertArrayEquals(capturedRequestData(), data);
        // The ICMP checksum, computed by the sender over all 4008 bytes, verifies only on the right bytes in order.
        ByteBuf icmp = Unpooled.wrappedBuffer(data);
        assertTrue(Checksum.isValid(icmp, 0, data.length));
        icmp.release();
        assertEquals(0, reassembler.datagramsInFlight());
        assertEquals(0, reassembler.bytesHeld());
        assertEquals(0, harness.counters().droppedTotal());
    }

    @Test
    void heldBytesOfCapturedFragmentsAreChargedPerFragment() {
        assertTrue(offer(ReassemblerTestVectors.REQUEST_FRAGMENT_0).isHeld());
        assertEquals(1500 + Reassembler.FRAGMENT_OVERHEAD_BYTES, reassembler.bytesHeld());
        assertTrue(offer(ReassemblerTestVectors.REQUEST_FRAGMENT_2).isHeld());
        assertEquals(1500 + 1068 + 2 * Reassembler.FRAGMENT_OVERHEAD_BYTES, reassembler.bytesHeld());
        takeCompleted(offer(ReassemblerTestVectors.REQUEST_FRAGMENT_1), 4028);
        assertEquals(0, reassembler.bytesHeld());
    }

    @Test
    void ignoresTrailingLinkPadding() {
        byte[] last = ReassemblerTestVectors.bytes(ReassemblerTestVectors.REQUEST_FRAGMENT_2);
        ByteBuf withPadding = Unpooled.buffer().writeBytes(last).writeZero(6);
        offer(ReassemblerTestVectors.REQUEST_FRAGMENT_0);
        offer(withPadding);
        takeCompleted(offer(ReassemblerTestVectors.REQUEST_FRAGMENT_1), 4028);
    }

    @Test
    void ignoresAnExactDuplicateOfACapturedFragment() {
        offer(ReassemblerTestVectors.REQUEST_FRAGMENT_1);
        assertSame(DropReason.FRAGMENT_DUPLICATE, offer(ReassemblerTestVectors.REQUEST_FRAGMENT_1).dropReason());
        offer(ReassemblerTestVectors.REQUEST_FRAGMENT_0);
        takeCompleted(offer(ReassemblerTestVectors.REQUEST_FRAGMENT_2), 4028);
    }

    @Test
    void keepsDatagramsApartBySourceDestinationIdAndProtocol() {
        // The request and the reply share source, destination and protocol, not the id: two datagrams.
        offer(ReassemblerTestVectors.REQUEST_FRAGMENT_0);
        offer(ReassemblerTestVectors.REPLY_FRAGMENT_1);
        assertEquals(2, reassembler.datagramsInFlight());
        for (Mutation mutation : Mutation.values()) {
            ByteBuf fragment = ReassemblerTestVectors.buffer(ReassemblerTestVectors.REQUEST_FRAGMENT_1);
            mutation.apply(Ipv4Packet.newUnchecked(fragment));
            assertTrue(offer(fragment).isHeld(), mutation.name());
        }
        assertEquals(2 + Mutation.values().length, reassembler.datagramsInFlight());
        assertTrue(offer(ReassemblerTestVectors.REPLY_FRAGMENT_0).isHeld());
        takeCompleted(offer(ReassemblerTestVectors.REPLY_FRAGMENT_2), 4028);
        assertEquals(1 + Mutation.values().length, reassembler.datagramsInFlight(), "the request is still missing 1");
    }

    /** One change per key field: each makes a fragment belong to another datagram. */
    private enum Mutation {
        SOURCE(ip -> ip.setSourceAddress(ip.sourceAddress() + 1)),
        DESTINATION(ip -> ip.setDestinationAddress(ip.destinationAddress() + 1)),
        IDENTIFICATION(ip -> ip.setIdentification(ip.identification() ^ 0x8000)),
        PROTOCOL(ip -> ip.setProtocol(IpProtocol.UDP));

        private final Consumer<Ipv4Packet> change;

        Mutation(Consumer<Ipv4Packet> change) {
            this.change = change;
        }

        void apply(Ipv4Packet ip) {
            change.accept(ip);
            ip.fillHeaderChecksum();
        }
    }

    // ---- The rebuilt header

    @Test
    void keepsTheFirstFragmentsOptionsAndDontFragmentBit() {
        // Router Alert (RFC 2113), copied into every fragment; the first fragment's header is the datagram's.
        byte[] options = {(byte) 148, 4, 0, 0};
        byte[] datagram = ReassemblerTestPackets.datagram(21, options, ReassemblerTestPackets.data(32, 21));
        ByteBuf first = ReassemblerTestPackets.fragment(datagram, 0, 16, true);
        Ipv4Packet.newUnchecked(first).setDontFragment(true);
        Ipv4Packet.newUnchecked(first).fillHeaderChecksum();
        offer(first);
        byte[] reassembled = takeCompleted(offer(ReassemblerTestPackets.fragment(datagram, 16, 32, false)), 24 + 32);
        Ipv4Packet ip = Ipv4Packet.newUnchecked(Unpooled.wrappedBuffer(reassembled));
        assertEquals(24, ip.headerLength());
        assertTrue(ip.dontFragment(), "DF stays as the first fragment had it");
        assertEquals((byte) 148, reassembled[20], "the option");
    }
}
