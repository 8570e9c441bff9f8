package io.tunstack.stack.ipv6;

import static io.tunstack.stack.ipv4.ReassemblerTestPackets.bytes;
import static io.tunstack.stack.ipv4.ReassemblerTestPackets.data;
import static io.tunstack.stack.ipv6.Ipv6FragmentTestPackets.datagram;
import static io.tunstack.stack.ipv6.Ipv6FragmentTestPackets.fragment;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.tunstack.stack.LeakDetection;
import io.tunstack.stack.verdict.StackCounters;
import io.tunstack.stack.fragment.FragmentDescriptor;
import io.tunstack.stack.ipv4.ReassemblerTestVectors;
import io.tunstack.stack.fragment.Reassembler;
import io.tunstack.stack.fragment.ReassemblerLimits;
import io.tunstack.stack.fragment.ReassemblerOutcome;
import io.tunstack.stack.fragment.ReassemblerHarness;
import io.tunstack.stack.verdict.DropReason;
import io.tunstack.stack.wire.Checksum;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * IPv6's part in reassembly (RFC 8200 section 4.5), on hand-built fragments (40-byte header, Fragment header with
 * Next Header 44): how a fragment is described, what keys it (no protocol, a 32-bit identification), and how the
 * reassembled packet is rebuilt from the first fragment's Per-Fragment headers. The rules both families share are
 * tested in {@code io.tunstack.stack.fragment.ReassemblerTest}.
 */
@ExtendWith(LeakDetection.class)
class Ipv6FragmentFamilyTest {

    private static final int ID = 0x89abcdef;

    private final FragmentDescriptor descriptor = new FragmentDescriptor();
    private final ReassemblerHarness harness = new ReassemblerHarness(new Ipv6FragmentFamily(),
            ReassemblerLimits.linuxIpv6(), Ipv6FragmentTestPackets::describe);
    private final Reassembler reassembler = harness.reassembler();
    private final StackCounters counters = harness.counters();

    @AfterEach
    void releaseEverything() {
        harness.close();
    }

    private ReassemblerOutcome offer(ByteBuf fragment) {
        return harness.offer(fragment, 0);
    }

    /** Takes the completed packet, checks its Payload Length, and returns its bytes after releasing it. */
    private static byte[] takeCompleted(ReassemblerOutcome outcome) {
        assertTrue(outcome.isCompleted(), outcome::toString);
        ByteBuf packet = outcome.datagram();
        try {
            byte[] bytes = bytes(packet);
            assertEquals(bytes.length - Ipv6FragmentFamily.HEADER_LENGTH, Ipv6FragmentTestPackets.payloadLength(bytes));
            return bytes;
        } finally {
            packet.release();
            assertEquals(0, packet.refCnt());
        }
    }

    private static long half(byte[] address, int from) {
        return ByteBuffer.wrap(address, from, 8).getLong();
    }

    // ---- The descriptor

    @Test
    void describesAFragmentThatFollowsTheIpv6Header() {
        ByteBuf fragment = harness.keep(fragment(datagram(data(64, 1)), ID, 16, 40, true));
        Ipv6FragmentTestPackets.withEcn(fragment, 2);
        Ipv6FragmentTestPackets.describe(fragment, descriptor);
        assertEquals(Ipv6FragmentFamily.VERSION, descriptor.family());
        assertEquals(half(Ipv6FragmentTestPackets.SOURCE, 0), descriptor.sourceHigh());
        assertEquals(half(Ipv6FragmentTestPackets.SOURCE, 8), descriptor.sourceLow());
        assertEquals(half(Ipv6FragmentTestPackets.DESTINATION, 0), descriptor.destinationHigh());
        assertEquals(half(Ipv6FragmentTestPackets.DESTINATION, 8), descriptor.destinationLow());
        assertEquals(ID, descriptor.identification(), "all 32 bits");
        assertEquals(0, descriptor.protocol(), "RFC 8200 does not key on the next header");
        assertEquals(16, descriptor.offset());
        assertEquals(24, descriptor.dataLength());
        assertTrue(descriptor.moreFragments());
        assertEquals(0, descriptor.packetIndex());
        assertEquals(40, descriptor.headersLength(), "the unfragmentable part: the IPv6 header alone");
        assertEquals(48, descriptor.dataIndex(), "after the Fragment header");
        assertEquals(72, descriptor.packetLength());
        assertEquals(2, descriptor.ecn(), "ECT(0) from the Traffic Class");
        assertEquals(Ipv6FragmentFamily.NEXT_HEADER_FIELD, descriptor.nextHeaderOffset());
        assertEquals(Ipv6FragmentTestPackets.NEXT_HEADER_ICMPV6, descriptor.nextHeader());
    }

    @Test
    void describesAFragmentAfterAHopByHopHeader() {
        ByteBuf fragment = harness.keep(fragment(datagram(true, data(64, 2)), ID, 0, 16, true));
        Ipv6FragmentTestPackets.describe(fragment, descriptor);
        assertEquals(48, descriptor.headersLength(), "the IPv6 header and the Hop-by-Hop header");
        assertEquals(56, descriptor.dataIndex());
        assertEquals(40, descriptor.nextHeaderOffset(), "the Hop-by-Hop header's Next Header names the Fragment one");
        assertEquals(16, descriptor.dataLength());
    }

    @Test
    void describesAFragmentAtAnyReaderIndexAndIgnoresBytesAfterThePayload() {
        ByteBuf crafted = fragment(datagram(data(64, 3)), ID, 8, 24, true);
        byte[] packet = bytes(crafted);
        crafted.release();
        ByteBuf buffer = Unpooled.buffer().writeZero(5).writeBytes(packet).writeZero(7);
        buffer.readerIndex(5);
        harness.keep(buffer);
        Ipv6FragmentTestPackets.describe(buffer, descriptor);
        assertEquals(5, descriptor.packetIndex());
        assertEquals(5 + 48, descriptor.dataIndex());
        assertEquals(16, descriptor.dataLength(), "the link's trailing bytes are not data");
    }

    @Test
    void refusesToDescribeAFragmentHeaderBeyondThePayload() {
        ByteBuf fragment = harness.keep(fragment(datagram(data(64, 4)), ID, 0, 16, true));
        fragment.setShort(4, 4);
        assertThrows(IllegalArgumentException.class, () -> Ipv6FragmentTestPackets.describe(fragment, descriptor));
    }

    // ---- The captured ping -6 -s 3000

    /** The request's data (the ICMPv6 message), from its captured fragments in offset order. */
    private static byte[] capturedRequestData() {
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        for (String hex : Ipv6FragmentTestVectors.requestFragments()) {
            byte[] packet = ReassemblerTestVectors.bytes(hex);
            data.write(packet, 48, packet.length - 48);
        }
        return data.toByteArray();
    }

    @Test
    void describesACapturedFragment() {
        ByteBuf fragment = harness.keep(ReassemblerTestVectors.buffer(Ipv6FragmentTestVectors.REQUEST_FRAGMENT_1));
        Ipv6FragmentTestPackets.describe(fragment, descriptor);
        assertEquals(Ipv6FragmentTestVectors.REQUEST_IDENTIFICATION, descriptor.identification());
        assertEquals(1448, descriptor.offset());
        assertEquals(1448, descriptor.dataLength());
        assertTrue(descriptor.moreFragments());
        assertEquals(Ipv6FragmentTestPackets.NEXT_HEADER_ICMPV6, descriptor.nextHeader());
        assertEquals(0, descriptor.ecn());
    }

    @ParameterizedTest(name = "order {0}")
    @ValueSource(strings = {"012", "210", "120", "201", "102", "021"})
    void reassemblesTheCapturedRequestInAnyOrder(String order) {
        List<String> fragments = Ipv6FragmentTestVectors.requestFragments();
        assertTrue(offer(ReassemblerTestVectors.buffer(fragments.get(order.charAt(0) - '0'))).isHeld());
        assertTrue(offer(ReassemblerTestVectors.buffer(fragments.get(order.charAt(1) - '0'))).isHeld());
        byte[] packet = takeCompleted(offer(ReassemblerTestVectors.buffer(fragments.get(order.charAt(2) - '0'))));

        assertEquals(Ipv6FragmentTestVectors.PACKET_LENGTH, packet.length);
        byte[] first = ReassemblerTestVectors.bytes(Ipv6FragmentTestVectors.REQUEST_FRAGMENT_0);
        // The header is the first fragment's but for Payload Length (bytes 4-5) and Next Header (byte 6).
        for (int i = 0; i < Ipv6FragmentFamily.HEADER_LENGTH; i++) {
            if (i < 4 || i > 6) {
                assertEquals(first[i], packet[i], "header byte " + i);
            }
        }
        assertEquals(3008, Ipv6FragmentTestPackets.payloadLength(packet));
        assertEquals(Ipv6FragmentTestPackets.NEXT_HEADER_ICMPV6, packet[Ipv6FragmentFamily.NEXT_HEADER_FIELD]);
        byte[] icmp = Arrays.copyOfRange(packet, Ipv6FragmentFamily.HEADER_LENGTH, packet.length);
        assertArrayEquals(capturedRequestData(), icmp);
        // The ICMPv6 checksum, computed by the sender over the pseudo-header (RFC 8200 8.1) and all 3008 bytes,
        // verifies only on the right bytes in order.
        ByteBuf summed = Unpooled.buffer().writeBytes(packet, 8, 32).writeInt(icmp.length).writeMedium(0)
                .writeByte(Ipv6FragmentTestPackets.NEXT_HEADER_ICMPV6).writeBytes(icmp);
        assertTrue(Checksum.isValid(summed, 0, summed.readableBytes()));
        summed.release();
        assertEquals(0, reassembler.datagramsInFlight());
        assertEquals(0, reassembler.bytesHeld());
    }

    @Test
    void keepsTheCapturedRequestAndReplyApart() {
        // Same addresses reversed, another identification: two packets.
        offer(ReassemblerTestVectors.buffer(Ipv6FragmentTestVectors.REQUEST_FRAGMENT_0));
        offer(ReassemblerTestVectors.buffer(Ipv6FragmentTestVectors.REPLY_FRAGMENT_1));
        assertEquals(2, reassembler.datagramsInFlight());
        assertEquals(2 * (1496 + Reassembler.FRAGMENT_OVERHEAD_BYTES), reassembler.bytesHeld());
        offer(ReassemblerTestVectors.buffer(Ipv6FragmentTestVectors.REPLY_FRAGMENT_2));
        byte[] reply = takeCompleted(offer(ReassemblerTestVectors.buffer(Ipv6FragmentTestVectors.REPLY_FRAGMENT_0)));
        assertEquals(Ipv6FragmentTestVectors.PACKET_LENGTH, reply.length);
        assertEquals((byte) 129, reply[Ipv6FragmentFamily.HEADER_LENGTH], "ICMPv6 echo reply");
        assertEquals(1, reassembler.datagramsInFlight(), "the request is still missing two fragments");
    }

    // ---- The key: source, destination, identification (RFC 8200 4.5)

    @Test
    void keysOnSourceDestinationAndAll32BitsOfTheIdentification() {
        byte[] original = datagram(data(32, 5));
        offer(fragment(original, ID, 0, 16, true));
        // Differs only in the high 16 bits of the identification: another datagram.
        assertTrue(offer(fragment(original, ID ^ 0x10000, 16, 32, false)).isHeld());
        ByteBuf otherSource = fragment(original, ID, 16, 32, false);
        otherSource.setByte(8 + 15, 0x99);
        assertTrue(offer(otherSource).isHeld());
        ByteBuf otherDestination = fragment(original, ID, 16, 32, false);
        otherDestination.setByte(24 + 15, 0x99);
        assertTrue(offer(otherDestination).isHeld());
        assertEquals(4, reassembler.datagramsInFlight());
        assertArrayEquals(original, takeCompleted(offer(fragment(original, ID, 16, 32, false))));
    }

    /**
     * RFC 8200 4.5: "The Next Header values in the Fragment headers of different fragments of the same original packet
     * may differ. Only the value from the Offset zero fragment packet is used for reassembly."
     */
    @Test
    void takesTheNextHeaderFromTheFirstFragmentOnly() {
        byte[] original = datagram(data(32, 6));
        ByteBuf later = fragment(original, ID, 16, 32, false);
        later.setByte(Ipv6FragmentFamily.HEADER_LENGTH, 17);
        assertTrue(offer(later).isHeld(), "the next header is not part of the key");
        assertArrayEquals(original, takeCompleted(offer(fragment(original, ID, 0, 16, true))));
    }

    // ---- The rebuilt packet

    @Test
    void rebuildsThePacketWithAHopByHopHeaderByteForByte() {
        byte[] original = datagram(true, data(40, 8));
        offer(fragment(original, ID, 24, 40, false));
        byte[] reassembled = takeCompleted(offer(fragment(original, ID, 0, 24, true)));
        assertArrayEquals(original, reassembled);
        assertEquals(Ipv6FragmentTestPackets.NEXT_HEADER_HOP_BY_HOP, reassembled[Ipv6FragmentFamily.NEXT_HEADER_FIELD]);
        assertEquals(Ipv6FragmentTestPackets.NEXT_HEADER_ICMPV6, reassembled[Ipv6FragmentFamily.HEADER_LENGTH],
                "the Fragment header's Next Header, written into the Hop-by-Hop header");
    }

    /**
     * RFC 8200 4.5: "Only those headers in the Offset zero fragment packet are retained in the reassembled packet."
     */
    @Test
    void keepsOnlyTheFirstFragmentsPerFragmentHeaders() {
        byte[] plain = datagram(data(32, 9));
        byte[] withHopByHop = datagram(true, data(32, 9));
        assertTrue(offer(fragment(withHopByHop, ID, 16, 32, false)).isHeld());
        assertArrayEquals(plain, takeCompleted(offer(fragment(plain, ID, 0, 16, true))));
    }

    @Test
    void setsCongestionExperiencedAndKeepsTheRestOfTheTrafficClass() {
        byte[] original = datagram(data(32, 10));
        // Traffic Class 0xb9: DSCP 46 (EF), ECN ECT(1).
        original[0] = (byte) 0x6b;
        original[1] = (byte) 0x90;
        offer(fragment(original, ID, 0, 16, true));
        ByteBuf marked = Ipv6FragmentTestPackets.withEcn(fragment(original, ID, 16, 32, false), 3);
        byte[] reassembled = takeCompleted(offer(marked));
        assertEquals((byte) 0x6b, reassembled[0]);
        assertEquals((byte) 0xb0, reassembled[1], "DSCP 46 kept, ECN CE");
    }

    /** RFC 6946: an atomic fragment's packet is the packet without its Fragment header. */
    @Test
    void rebuildsAnAtomicFragmentWithoutItsFragmentHeader() {
        byte[] original = datagram(true, data(20, 11));
        byte[] reassembled = takeCompleted(offer(fragment(original, ID, 0, 20, false)));
        assertArrayEquals(original, reassembled);
        assertEquals(0, reassembler.datagramsInFlight());
        assertEquals(0, reassembler.bytesHeld());
    }

    @Test
    void countsTheExtensionHeadersAgainstThePayloadLength() {
        // With an 8-byte Hop-by-Hop header, 65527 data bytes make a Payload Length of 65535; one block more is too
        // many, though it would fit a packet without the extension header.
        byte[] original = datagram(true, data(65536, 12));
        offer(fragment(original, ID, 0, 1480, true));
        assertSame(DropReason.FRAGMENT_TOO_LARGE, offer(fragment(original, ID, 65520, 65528, false)).dropReason());
        assertEquals(1, counters.heldDiscarded(DropReason.FRAGMENT_TOO_LARGE));
        byte[] plain = datagram(data(65536, 12));
        offer(fragment(plain, ID + 1, 0, 1480, true));
        assertTrue(offer(fragment(plain, ID + 1, 65520, 65528, false)).isHeld());
    }

    @Test
    void limitsThePayloadLengthNotTheWholePacket() {
        Ipv6FragmentFamily family = new Ipv6FragmentFamily();
        assertEquals(6, family.tag());
        assertEquals(40, family.minimumHeadersLength());
        assertEquals(65535, family.maxDataLength(40), "Payload Length excludes the fixed header");
        assertEquals(65527, family.maxDataLength(48));
    }
}
