package io.tunstack.stack.ipv4;

import static io.tunstack.stack.ipv4.ReassemblerTestPackets.bytes;
import static io.tunstack.stack.ipv4.ReassemblerTestPackets.data;
import static io.tunstack.stack.ipv4.ReassemblerTestPackets.datagram;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.tunstack.stack.config.StackConfig;
import io.tunstack.stack.verdict.Answer;
import io.tunstack.stack.verdict.DropReason;
import io.tunstack.stack.verdict.StackCounters;
import io.tunstack.stack.wire.Ipv4Packet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/** Properties of fragmentation and reassembly over random datagrams, cuts, orders and MTUs. */
class ReassemblerPropertiesTest {

    /**
     * Cut a random datagram at random 8-byte boundaries, offer the pieces in a random order with random duplicates:
     * the reassembled datagram has the original's bytes, and nothing is left held or unreleased.
     */
    @Property(tries = 300)
    void randomFragmentsInRandomOrderReassembleToTheSameBytes(
            @ForAll @IntRange(min = 1, max = 12_000) int dataLength,
            @ForAll @IntRange(min = 1, max = 40) int cuts,
            @ForAll @IntRange(min = 0, max = 0xFFFF) int identification,
            @ForAll long seed) {
        Random random = new Random(seed);
        byte[] datagram = datagram(identification, data(dataLength, random.nextInt()));
        TreeSet<Integer> boundaries = new TreeSet<>(List.of(0, dataLength));
        int blocks = (dataLength - 1) / 8;
        for (int i = 0; i < cuts && blocks > 0; i++) {
            boundaries.add(8 * (1 + random.nextInt(blocks)));
        }
        List<byte[]> pieces = new ArrayList<>();
        Integer start = boundaries.first();
        for (Integer end : boundaries.tailSet(start, false)) {
            ByteBuf piece = ReassemblerTestPackets.fragment(datagram, start, end, end != dataLength);
            pieces.add(bytes(piece));
            piece.release();
            start = end;
        }
        Collections.shuffle(pieces, random);
        List<byte[]> arrivals = new ArrayList<>();
        for (int i = 0; i < pieces.size(); i++) {
            arrivals.add(pieces.get(i));
            if (i < pieces.size() - 1 && random.nextInt(4) == 0) {
                arrivals.add(pieces.get(random.nextInt(i + 1)));
            }
        }

        ReassemblerTestAllocator allocator = new ReassemblerTestAllocator();
        try (Reassembler reassembler =
                new Reassembler(allocator, ReassemblerLimits.linuxDefaults(), new StackCounters())) {
            for (int i = 0; i < arrivals.size(); i++) {
                ByteBuf fragment = Unpooled.wrappedBuffer(arrivals.get(i));
                ReassemblerOutcome outcome = reassembler.offer(fragment, 0);
                fragment.release();
                if (i < arrivals.size() - 1) {
                    assertTrue(outcome.isHeld() || outcome.dropReason() == DropReason.FRAGMENT_DUPLICATE,
                            outcome::toString);
                } else {
                    assertTrue(outcome.isCompleted(), outcome::toString);
                    ByteBuf reassembled = outcome.datagram();
                    assertArrayEquals(datagram, bytes(reassembled));
                    reassembled.release();
                }
            }
            assertEquals(0, reassembler.datagramsInFlight());
            assertEquals(0, reassembler.bytesHeld());
        }
        allocator.assertAllReleased();
    }

    /**
     * Hostile input: random fragments (ids that collide, any offset, length, MF and ECN) never make the reassembler
     * throw nor exceed its bounds; whatever it completes is a well-formed datagram; close releases everything.
     */
    @Property(tries = 100)
    void hostileFragmentsNeverBreakTheBounds(@ForAll long seed) {
        Random random = new Random(seed);
        long bound = 6_000;
        int maxDatagrams = 8;
        ReassemblerTestAllocator allocator = new ReassemblerTestAllocator();
        StackCounters counters = new StackCounters();
        Reassembler reassembler =
                new Reassembler(allocator, new ReassemblerLimits(maxDatagrams, bound, 1_000), counters);
        for (int i = 0; i < 300; i++) {
            // Mostly offsets near the start, where fragments meet; sometimes anywhere up to the largest offset.
            int offset = 8 * (random.nextBoolean() ? random.nextInt(8192) : random.nextInt(200));
            int end = offset + random.nextInt(1500);
            ByteBuf fragment = ReassemblerTestPackets.fragment(
                    datagram(random.nextInt(4), data(end, random.nextInt(3))), offset, end, random.nextBoolean());
            Ipv4Packet ip = Ipv4Packet.newUnchecked(fragment);
            ip.setEcn(random.nextInt(8) == 0 ? random.nextInt(4) : 0);
            ip.fillHeaderChecksum();
            // Ten "nanoseconds" per fragment against a 1000 ns timeout: datagrams also expire along the way.
            ReassemblerOutcome outcome = reassembler.offer(fragment, 10L * i);
            fragment.release();
            assertTrue(reassembler.bytesHeld() <= bound, "bytes held " + reassembler.bytesHeld());
            assertTrue(reassembler.datagramsInFlight() <= maxDatagrams);
            if (outcome.isCompleted()) {
                ByteBuf datagram = outcome.datagram();
                Ipv4Packet reassembled = Ipv4Packet.newUnchecked(datagram);
                assertNull(reassembled.checkLength());
                assertEquals(datagram.readableBytes(), reassembled.totalLength());
                assertTrue(reassembled.verifyHeaderChecksum());
                datagram.release();
            }
        }
        reassembler.close();
        allocator.assertAllReleased();
    }

    /**
     * What the fragmenter sends at any MTU is well-formed (RFC 791) and reassembles, in any order, to what it was
     * given; a datagram that fits goes out unchanged.
     */
    @Property(tries = 300)
    void fragmenterOutputReassemblesToTheOriginal(
            @ForAll @IntRange(min = StackConfig.MIN_MTU, max = 9000) int mtu,
            @ForAll @IntRange(min = 0, max = 20_000) int dataLength,
            @ForAll @IntRange(min = 0, max = 10) int optionWords,
            @ForAll long seed) {
        Random random = new Random(seed);
        byte[] options = new byte[optionWords * 4];
        // Router Alert (RFC 2113: type 148 = copied, length 4) when there is room, No Operation for the rest.
        Arrays.fill(options, (byte) 1);
        if (options.length >= 4) {
            options[0] = (byte) 148;
            options[1] = 4;
        }
        byte[] datagram = datagram(random.nextInt(0x10000), options, data(dataLength, random.nextInt()));
        ReassemblerTestAllocator allocator = new ReassemblerTestAllocator();
        StackCounters counters = new StackCounters();
        List<byte[]> sent = new ArrayList<>();
        ByteBuf original = Unpooled.wrappedBuffer(datagram);
        try (Fragmenter fragmenter = new Fragmenter(allocator, mtu, counters)) {
            assertNull(fragmenter.send(original, Answer.ICMPV4_ECHO_REPLY, packet -> sent.add(bytes(packet))));
        }
        original.release();
        allocator.assertAllReleased();
        assertEquals(sent.size(), counters.transmitted());
        assertEquals(datagram.length <= mtu ? 0 : sent.size(), counters.fragmentsSent(), "fragments count as such");
        if (datagram.length <= mtu) {
            assertEquals(1, sent.size());
            assertArrayEquals(datagram, sent.get(0));
            return;
        }
        int identification = (datagram[4] & 0xFF) << 8 | (datagram[5] & 0xFF);
        FragmenterTest.assertWellFormedFragments(sent, mtu, identification, dataLength);

        Collections.shuffle(sent, random);
        try (Reassembler reassembler = new Reassembler(allocator, ReassemblerLimits.linuxDefaults(), counters)) {
            ReassemblerOutcome outcome = null;
            for (byte[] fragment : sent) {
                ByteBuf buffer = Unpooled.wrappedBuffer(fragment);
                outcome = reassembler.offer(buffer, 0);
                buffer.release();
            }
            assertTrue(outcome.isCompleted(), outcome::toString);
            ByteBuf reassembled = outcome.datagram();
            assertArrayEquals(datagram, bytes(reassembled));
            reassembled.release();
        }
        allocator.assertAllReleased();
    }
}
