package io.tunstack.stack.fragment;

import static io.tunstack.stack.ipv4.ReassemblerTestPackets.bytes;
import static io.tunstack.stack.ipv4.ReassemblerTestPackets.data;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.tunstack.stack.config.StackConfig;
import io.tunstack.stack.verdict.Answer;
import io.tunstack.stack.verdict.DropReason;
import io.tunstack.stack.verdict.StackCounters;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/** Properties of reassembly over random datagrams, cuts, orders and hostile fragments, for both families. */
class ReassemblerPropertiesTest {

    /**
     * Cut a random datagram at random 8-byte boundaries, offer the pieces in a random order with random duplicates:
     * the reassembled datagram has the original's bytes, and nothing is left held or unreleased.
     */
    @Property(tries = 300)
    void randomFragmentsInRandomOrderReassembleToTheSameBytes(
            @ForAll TestFamily family,
            @ForAll @IntRange(min = 1, max = 12_000) int dataLength,
            @ForAll @IntRange(min = 1, max = 40) int cuts,
            @ForAll @IntRange(min = 0, max = 0xFFFF) int identification,
            @ForAll long seed) {
        Random random = new Random(seed);
        byte[] datagram = family.datagram(identification, data(dataLength, random.nextInt()));
        TreeSet<Integer> boundaries = new TreeSet<>(List.of(0, dataLength));
        int blocks = (dataLength - 1) / 8;
        for (int i = 0; i < cuts && blocks > 0; i++) {
            boundaries.add(8 * (1 + random.nextInt(blocks)));
        }
        List<byte[]> pieces = new ArrayList<>();
        Integer start = boundaries.first();
        for (Integer end : boundaries.tailSet(start, false)) {
            ByteBuf piece = family.fragment(datagram, identification, start, end, end != dataLength);
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
        FragmentDescriptor descriptor = new FragmentDescriptor();
        try (Reassembler reassembler = new Reassembler(family.newFamily(), family.linuxLimits(), allocator,
                new StackCounters()::countHeldDiscarded)) {
            for (int i = 0; i < arrivals.size(); i++) {
                ByteBuf fragment = Unpooled.wrappedBuffer(arrivals.get(i));
                ReassemblerOutcome outcome = reassembler.offer(fragment, family.describe(fragment, descriptor), 0);
                fragment.release();
                if (i < arrivals.size() - 1) {
                    assertTrue(outcome.isHeld() || outcome.dropReason() == DropReason.FRAGMENT_DUPLICATE,
                            outcome::toString);
                } else {
                    assertTrue(outcome.isCompleted(), outcome::toString);
                    ByteBuf reassembled = outcome.datagram();
                    family.assertWellFormed(reassembled);
                    assertArrayEquals(datagram, bytes(reassembled));
                    reassembled.release();
                }
            }
            assertEquals(0, reassembler.datagramsInFlight());
            assertEquals(0, reassembler.bytesHeld());
            assertEquals(Long.MAX_VALUE, reassembler.nextDeadline());
        }
        allocator.assertAllReleased();
    }

    /**
     * Hostile input: random fragments (ids that collide, any offset, length, MF and ECN) never make the reassembler
     * throw nor exceed its bounds; whatever it completes is a well-formed datagram; close releases everything.
     */
    @Property(tries = 100)
    void hostileFragmentsNeverBreakTheBounds(@ForAll TestFamily family, @ForAll long seed) {
        Random random = new Random(seed);
        long bound = 6_000;
        int maxDatagrams = 8;
        ReassemblerTestAllocator allocator = new ReassemblerTestAllocator();
        StackCounters counters = new StackCounters();
        FragmentDescriptor descriptor = new FragmentDescriptor();
        Reassembler reassembler = new Reassembler(family.newFamily(), new ReassemblerLimits(maxDatagrams, bound, 1_000),
                allocator, counters::countHeldDiscarded);
        for (int i = 0; i < 300; i++) {
            // Mostly offsets near the start, where fragments meet; sometimes anywhere up to the largest offset.
            int offset = 8 * (random.nextBoolean() ? random.nextInt(8192) : random.nextInt(200));
            int end = offset + random.nextInt(1500);
            int identification = random.nextInt(4);
            ByteBuf fragment = family.fragment(family.datagram(identification, data(end, random.nextInt(3))),
                    identification, offset, end, random.nextBoolean());
            family.withEcn(fragment, random.nextInt(8) == 0 ? random.nextInt(4) : 0);
            // Ten "nanoseconds" per fragment against a 1000 ns timeout: datagrams also expire along the way.
            ReassemblerOutcome outcome = reassembler.offer(fragment, family.describe(fragment, descriptor), 10L * i);
            fragment.release();
            assertTrue(reassembler.bytesHeld() <= bound, "bytes held " + reassembler.bytesHeld());
            assertTrue(reassembler.datagramsInFlight() <= maxDatagrams);
            if (reassembler.datagramsInFlight() == 0) {
                assertEquals(Long.MAX_VALUE, reassembler.nextDeadline());
            } else {
                assertTrue(reassembler.nextDeadline() - 10L * i <= 1_000, "a deadline within the timeout");
            }
            if (outcome.isCompleted()) {
                ByteBuf datagram = outcome.datagram();
                family.assertWellFormed(datagram);
                datagram.release();
            }
        }
        reassembler.close();
        allocator.assertAllReleased();
    }
}
