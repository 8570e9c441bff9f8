package io.tunstack.stack.ipv4;

import static io.tunstack.stack.ipv4.ReassemblerTestPackets.bytes;
import static io.tunstack.stack.ipv4.ReassemblerTestPackets.data;
import static io.tunstack.stack.ipv4.ReassemblerTestPackets.datagram;
import static io.tunstack.stack.ipv4.ReassemblerTestPackets.fragment;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.tunstack.stack.LeakDetection;
import io.tunstack.stack.verdict.DropReason;
import io.tunstack.stack.verdict.StackCounters;
import io.tunstack.stack.wire.Checksum;
import io.tunstack.stack.wire.IpProtocol;
import io.tunstack.stack.wire.Ipv4Packet;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@ExtendWith(LeakDetection.class)
class ReassemblerTest {

    private static final long START = 1_000_000_000L;
    private static final long TIMEOUT = TimeUnit.SECONDS.toNanos(30);

    private final ReassemblerTestAllocator allocator = new ReassemblerTestAllocator();
    private final StackCounters counters = new StackCounters();
    private final List<ByteBuf> offered = new ArrayList<>();
    private Reassembler reassembler = new Reassembler(allocator, ReassemblerLimits.linuxDefaults(), counters);

    @AfterEach
    void releaseEverything() {
        reassembler.close();
        for (ByteBuf buffer : offered) {
            buffer.release();
            assertEquals(0, buffer.refCnt());
        }
        allocator.assertAllReleased();
    }

    /** Offers a buffer that the test keeps ownership of (released after the test, checked untouched). */
    private ReassemblerOutcome offer(ByteBuf fragment, long nowNanos) {
        offered.add(fragment);
        int readerIndex = fragment.readerIndex();
        int writerIndex = fragment.writerIndex();
        ReassemblerOutcome outcome = reassembler.offer(fragment, nowNanos);
        assertEquals(readerIndex, fragment.readerIndex(), "the fragment's indices are left alone");
        assertEquals(writerIndex, fragment.writerIndex(), "the fragment's indices are left alone");
        assertEquals(1, fragment.refCnt(), "the fragment is borrowed, never released");
        return outcome;
    }

    private ReassemblerOutcome offer(ByteBuf fragment) {
        return offer(fragment, START);
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
        assertTrue(offer(ReassemblerTestVectors.buffer(fragments.get(order[0]))).isHeld());
        assertEquals(1, reassembler.datagramsInFlight());
        assertTrue(offer(ReassemblerTestVectors.buffer(fragments.get(order[1]))).isHeld());
        byte[] datagram = takeCompleted(offer(ReassemblerTestVectors.buffer(fragments.get(order[2]))),
                ReassemblerTestVectors.DATAGRAM_LENGTH);

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
        assertEquals(0, counters.droppedTotal());
    }

    @Test
    void heldBytesAreChargedPerFragmentAndReturnedOnCompletion() {
        assertTrue(offer(ReassemblerTestVectors.buffer(ReassemblerTestVectors.REQUEST_FRAGMENT_0)).isHeld());
        assertEquals(1500 + Reassembler.FRAGMENT_OVERHEAD_BYTES, reassembler.bytesHeld());
        assertTrue(offer(ReassemblerTestVectors.buffer(ReassemblerTestVectors.REQUEST_FRAGMENT_2)).isHeld());
        assertEquals(1500 + 1068 + 2 * Reassembler.FRAGMENT_OVERHEAD_BYTES, reassembler.bytesHeld());
        takeCompleted(offer(ReassemblerTestVectors.buffer(ReassemblerTestVectors.REQUEST_FRAGMENT_1)), 4028);
        assertEquals(0, reassembler.bytesHeld());
    }

    @Test
    void ignoresTrailingLinkPadding() {
        byte[] last = ReassemblerTestVectors.bytes(ReassemblerTestVectors.REQUEST_FRAGMENT_2);
        ByteBuf withPadding = Unpooled.buffer().writeBytes(last).writeZero(6);
        offer(ReassemblerTestVectors.buffer(ReassemblerTestVectors.REQUEST_FRAGMENT_0));
        offer(withPadding);
        takeCompleted(offer(ReassemblerTestVectors.buffer(ReassemblerTestVectors.REQUEST_FRAGMENT_1)), 4028);
    }

    @Test
    void keepsDatagramsApartBySourceDestinationIdAndProtocol() {
        // The request and the reply share source, destination and protocol, not the id: two datagrams.
        offer(ReassemblerTestVectors.buffer(ReassemblerTestVectors.REQUEST_FRAGMENT_0));
        offer(ReassemblerTestVectors.buffer(ReassemblerTestVectors.REPLY_FRAGMENT_1));
        assertEquals(2, reassembler.datagramsInFlight());
        for (Mutation mutation : Mutation.values()) {
            ByteBuf fragment = ReassemblerTestVectors.buffer(ReassemblerTestVectors.REQUEST_FRAGMENT_1);
            mutation.apply(Ipv4Packet.newUnchecked(fragment));
            assertTrue(offer(fragment).isHeld(), mutation.name());
        }
        assertEquals(2 + Mutation.values().length, reassembler.datagramsInFlight());
        assertTrue(offer(ReassemblerTestVectors.buffer(ReassemblerTestVectors.REPLY_FRAGMENT_0)).isHeld());
        takeCompleted(offer(ReassemblerTestVectors.buffer(ReassemblerTestVectors.REPLY_FRAGMENT_2)), 4028);
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

    // ---- Duplicates and overlaps (RFC 5722, Linux inet_frag_queue_insert)

    @Test
    void ignoresAnExactDuplicateAndStillCompletes() {
        offer(ReassemblerTestVectors.buffer(ReassemblerTestVectors.REQUEST_FRAGMENT_1));
        long held = reassembler.bytesHeld();
        ReassemblerOutcome duplicate = offer(ReassemblerTestVectors.buffer(ReassemblerTestVectors.REQUEST_FRAGMENT_1));
        assertSame(DropReason.FRAGMENT_DUPLICATE, duplicate.dropReason());
        assertEquals(held, reassembler.bytesHeld(), "a duplicate is not held");
        offer(ReassemblerTestVectors.buffer(ReassemblerTestVectors.REQUEST_FRAGMENT_0));
        takeCompleted(offer(ReassemblerTestVectors.buffer(ReassemblerTestVectors.REQUEST_FRAGMENT_2)), 4028);
        assertEquals(0, counters.droppedTotal(), "the returned reason is the caller's to count");
    }

    @Test
    void ignoresAFragmentInsideContiguousReceivedData() {
        byte[] datagram = datagram(7, data(48, 7));
        offer(fragment(datagram, 0, 16, true));
        offer(fragment(datagram, 16, 32, true));
        assertSame(DropReason.FRAGMENT_DUPLICATE, offer(fragment(datagram, 8, 24, true)).dropReason());
        assertEquals(1, reassembler.datagramsInFlight());
        assertArrayEquals(datagram, takeCompleted(offer(fragment(datagram, 32, 48, false)), 68));
    }

    static Stream<Arguments> overlaps() {
        // Held: data [16, 32) and [48, 64) of a 64-byte datagram. Each case overlaps them partly.
        return Stream.of(
                Arguments.of("starts before, ends inside", 8, 24, true),
                Arguments.of("starts inside, ends after", 24, 40, true),
                Arguments.of("covers one held fragment and more", 8, 40, true),
                Arguments.of("spans the gap between two", 24, 56, true),
                Arguments.of("last fragment covering the tail and more", 40, 64, false),
                Arguments.of("covers everything", 0, 64, false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlaps")
    void dropsTheWholeDatagramOnOverlap(String name, int offset, int end, boolean more) {
        byte[] datagram = datagram(9, data(64, 9));
        assertTrue(offer(fragment(datagram, 16, 32, true)).isHeld());
        assertTrue(offer(fragment(datagram, 48, 64, false)).isHeld());

        ReassemblerOutcome overlap = offer(fragment(datagram, offset, end, more));

        assertSame(DropReason.FRAGMENT_OVERLAP, overlap.dropReason());
        assertEquals(0, reassembler.datagramsInFlight());
        assertEquals(0, reassembler.bytesHeld());
        assertEquals(2, counters.heldDiscarded(DropReason.FRAGMENT_OVERLAP), "both held fragments counted");
        allocator.assertAllReleased();
        // What arrives afterwards starts a new datagram: the dropped fragments do not come back.
        assertTrue(offer(fragment(datagram, 0, 16, true)).isHeld());
        assertTrue(offer(fragment(datagram, 32, 48, true)).isHeld());
        assertTrue(offer(fragment(datagram, 48, 64, false)).isHeld(), "[16, 32) is missing again");
    }

    // ---- Malformed fragments, each with one field wrong

    @Test
    void dropsAnEmptyFragmentAndKeepsTheDatagram() {
        offer(ReassemblerTestVectors.buffer(ReassemblerTestVectors.REQUEST_FRAGMENT_0));
        ByteBuf empty = ReassemblerTestVectors.buffer(ReassemblerTestVectors.REQUEST_FRAGMENT_1);
        Ipv4Packet ip = Ipv4Packet.newUnchecked(empty);
        ip.setTotalLength(Ipv4Packet.MIN_HEADER_LENGTH);
        ip.fillHeaderChecksum();
        assertSame(DropReason.FRAGMENT_EMPTY, offer(empty).dropReason());
        assertEquals(1, reassembler.datagramsInFlight());
        assertEquals(0, counters.droppedTotal());
    }

    @Test
    void dropsTheDatagramOnAFragmentThatIsNotAMultipleOfEight() {
        byte[] datagram = datagram(11, data(64, 11));
        offer(fragment(datagram, 0, 16, true));
        // RFC 791: all fragments but the last carry a multiple of 8 bytes; this one carries 12.
        assertSame(DropReason.FRAGMENT_MISALIGNED, offer(fragment(datagram, 16, 28, true)).dropReason());
        assertEquals(0, reassembler.datagramsInFlight());
        assertEquals(1, counters.heldDiscarded(DropReason.FRAGMENT_MISALIGNED));
    }

    @Test
    void acceptsALastFragmentOfAnyLength() {
        byte[] datagram = datagram(12, data(21, 12));
        offer(fragment(datagram, 0, 16, true));
        assertArrayEquals(datagram, takeCompleted(offer(fragment(datagram, 16, 21, false)), 41));
    }

    @Test
    void dropsAFragmentThatWouldMakeTheDatagramLongerThan65535() {
        // The "ping of death": the largest offset (8191 units = 65528 bytes), 8 data bytes, a 20-byte header: 65556.
        assertSame(DropReason.FRAGMENT_TOO_LARGE, offer(fragment(13, 65528, 65536, false)).dropReason());
        assertEquals(0, reassembler.datagramsInFlight());
        assertEquals(0, reassembler.bytesHeld());
    }

    @Test
    void dropsTheHeldFragmentsOfADatagramThatGrowsPast65535() {
        offer(fragment(14, 0, 1480, true));
        // 20 + 65512 + 8 = 65540: one fragment too far.
        assertSame(DropReason.FRAGMENT_TOO_LARGE, offer(fragment(14, 65512, 65520, false)).dropReason());
        assertEquals(0, reassembler.datagramsInFlight());
        assertEquals(1, counters.heldDiscarded(DropReason.FRAGMENT_TOO_LARGE));
    }

    @Test
    void acceptsTheLargestDatagram() {
        // 20 + 65515 = 65535 exactly: a ping -s 65507.
        byte[] datagram = datagram(15, data(65515, 15));
        assertTrue(offer(fragment(datagram, 0, 65512, true)).isHeld());
        assertArrayEquals(datagram, takeCompleted(offer(fragment(datagram, 65512, 65515, false)), 65535));
    }

    @Test
    void dropsTheDatagramWhenAFragmentEndsBeyondTheLastFragment() {
        byte[] datagram = datagram(16, data(64, 16));
        offer(fragment(datagram, 0, 8, true));
        offer(fragment(datagram, 16, 32, false));
        assertSame(DropReason.FRAGMENT_LENGTH_MISMATCH, offer(fragment(datagram, 32, 40, true)).dropReason());
        assertEquals(0, reassembler.datagramsInFlight());
        assertEquals(2, counters.heldDiscarded(DropReason.FRAGMENT_LENGTH_MISMATCH));
    }

    @Test
    void dropsTheDatagramWhenTwoLastFragmentsDisagree() {
        byte[] datagram = datagram(17, data(64, 17));
        offer(fragment(datagram, 16, 32, false));
        assertSame(DropReason.FRAGMENT_LENGTH_MISMATCH, offer(fragment(datagram, 32, 40, false)).dropReason());
        assertEquals(0, reassembler.datagramsInFlight());
    }

    @Test
    void dropsTheDatagramWhenTheLastFragmentEndsBeforeReceivedData() {
        byte[] datagram = datagram(18, data(64, 18));
        offer(fragment(datagram, 32, 48, true));
        assertSame(DropReason.FRAGMENT_LENGTH_MISMATCH, offer(fragment(datagram, 8, 16, false)).dropReason());
        assertEquals(0, reassembler.datagramsInFlight());
    }

    // ---- ECN (RFC 3168 section 5.3, Linux ip_frag_ecn_table)

    private static final int NOT_ECT = 0;
    private static final int ECT_1 = 1;
    private static final int ECT_0 = 2;
    private static final int CE = 3;

    private static ByteBuf withEcn(ByteBuf fragment, int ecn) {
        Ipv4Packet ip = Ipv4Packet.newUnchecked(fragment);
        ip.setEcn(ecn);
        ip.fillHeaderChecksum();
        return fragment;
    }

    @Test
    void dropsADatagramWhoseFragmentsMixNotEctWithEct() {
        byte[] datagram = datagram(30, data(32, 30));
        assertTrue(offer(withEcn(fragment(datagram, 0, 16, true), NOT_ECT)).isHeld());
        ReassemblerOutcome mixed = offer(withEcn(fragment(datagram, 16, 32, false), ECT_0));
        assertSame(DropReason.FRAGMENT_ECN_MISMATCH, mixed.dropReason());
        assertEquals(0, reassembler.datagramsInFlight());
        assertEquals(1, counters.heldDiscarded(DropReason.FRAGMENT_ECN_MISMATCH), "the held fragment");
    }

    @Test
    void marksTheDatagramCeWhenAnEctFragmentWasMarked() {
        byte[] datagram = datagram(31, data(32, 31));
        offer(withEcn(fragment(datagram, 0, 16, true), ECT_0));
        byte[] reassembled = takeCompleted(offer(withEcn(fragment(datagram, 16, 32, false), CE)), 52);
        assertEquals(CE, reassembled[1] & 0x03, "congestion experienced survives reassembly");
    }

    @Test
    void keepsTheFirstFragmentsEcnWhenEct0AndEct1Mix() {
        byte[] datagram = datagram(32, data(32, 32));
        offer(withEcn(fragment(datagram, 16, 32, false), ECT_1));
        byte[] reassembled = takeCompleted(offer(withEcn(fragment(datagram, 0, 16, true), ECT_0)), 52);
        assertEquals(ECT_0, reassembled[1] & 0x03);
    }

    // ---- Time

    @Test
    void dropsAnIncompleteDatagramAfterTheTimeoutAndReportsItsFirstFragment() {
        offer(ReassemblerTestVectors.buffer(ReassemblerTestVectors.REQUEST_FRAGMENT_0), START);
        offer(ReassemblerTestVectors.buffer(ReassemblerTestVectors.REQUEST_FRAGMENT_2), START + TIMEOUT / 2);
        List<byte[]> reported = new ArrayList<>();
        ReassemblerTimeoutListener listener = first -> reported.add(bytes(first));

        reassembler.expire(START + TIMEOUT - 1, listener);
        assertEquals(1, reassembler.datagramsInFlight(), "a later fragment does not restart the timer, nor end it");
        reassembler.expire(START + TIMEOUT, listener);

        assertEquals(0, reassembler.datagramsInFlight());
        assertEquals(0, reassembler.bytesHeld());
        assertEquals(2, counters.heldDiscarded(DropReason.REASSEMBLY_TIMEOUT));
        assertEquals(1, reported.size());
        assertArrayEquals(ReassemblerTestVectors.bytes(ReassemblerTestVectors.REQUEST_FRAGMENT_0), reported.get(0));
        allocator.assertAllReleased();
        // The missing fragment, late, starts a new datagram that waits in vain.
        assertTrue(offer(ReassemblerTestVectors.buffer(ReassemblerTestVectors.REQUEST_FRAGMENT_1), START + TIMEOUT)
                .isHeld());
    }

    @Test
    void doesNotReportADatagramWhoseFirstFragmentNeverCame() {
        offer(ReassemblerTestVectors.buffer(ReassemblerTestVectors.REQUEST_FRAGMENT_1), START);
        List<ByteBuf> reported = new ArrayList<>();
        reassembler.expire(START + TIMEOUT, reported::add);
        assertTrue(reported.isEmpty(), "RFC 1122 3.3.2: Time Exceeded only if fragment zero has been received");
        assertEquals(1, counters.heldDiscarded(DropReason.REASSEMBLY_TIMEOUT));
    }

    @Test
    void expiresStaleDatagramsWhenOffered() {
        offer(ReassemblerTestVectors.buffer(ReassemblerTestVectors.REQUEST_FRAGMENT_0), START);
        offer(ReassemblerTestVectors.buffer(ReassemblerTestVectors.REQUEST_FRAGMENT_1), START);
        // The last fragment arrives too late: the first two are gone, it starts a new datagram.
        ReassemblerOutcome late =
                offer(ReassemblerTestVectors.buffer(ReassemblerTestVectors.REQUEST_FRAGMENT_2), START + TIMEOUT);
        assertTrue(late.isHeld());
        assertEquals(2, counters.heldDiscarded(DropReason.REASSEMBLY_TIMEOUT));
    }

    @Test
    void expiresAcrossTheNanoTimeWrap() {
        long nearWrap = Long.MAX_VALUE - TIMEOUT / 2;
        offer(ReassemblerTestVectors.buffer(ReassemblerTestVectors.REQUEST_FRAGMENT_0), nearWrap);
        reassembler.expire(nearWrap + TIMEOUT - 1);
        assertEquals(1, reassembler.datagramsInFlight());
        reassembler.expire(nearWrap + TIMEOUT);
        assertEquals(0, reassembler.datagramsInFlight());
    }

    // ---- Limits

    @Test
    void aFloodOfFragmentsCannotPushTheHeldBytesPastTheBound() {
        long bound = 64 * 1024;
        reassembler = new Reassembler(allocator, new ReassemblerLimits(100_000, bound, TIMEOUT), counters);
        int memoryDrops = 0;
        for (int id = 0; id < 2000; id++) {
            // Each datagram gets its first fragment only: nothing ever completes.
            ReassemblerOutcome outcome = offer(fragment(id, 0, 8 * (1 + id % 180), true), START);
            assertTrue(reassembler.bytesHeld() <= bound, "bytes held " + reassembler.bytesHeld());
            if (outcome.dropReason() == DropReason.REASSEMBLY_MEMORY_LIMIT) {
                memoryDrops++;
            } else {
                assertTrue(outcome.isHeld(), outcome::toString);
            }
            if (id % 200 == 199) {
                releaseOffered();
            }
        }
        assertTrue(memoryDrops > 1000, "the bound was reached: " + memoryDrops + " drops");
        assertTrue(reassembler.bytesHeld() > bound - 1500 - Reassembler.FRAGMENT_OVERHEAD_BYTES,
                "the bound is used, not merely respected: " + reassembler.bytesHeld());
        assertEquals(allocator.live(), reassembler.datagramsInFlight(), "one held copy per datagram, no more");
    }

    @Test
    void aFloodOfTinyFragmentsIsBoundedByTheirOverheadToo() {
        long bound = 16 * 1024;
        reassembler = new Reassembler(allocator, new ReassemblerLimits(100_000, bound, TIMEOUT), counters);
        byte[] datagram = datagram(20, data(65000, 20));
        int held = 0;
        for (int offset = 0; offset < 64000; offset += 16) {
            // Every other 8-byte block of one datagram: no overlap, no completion.
            if (offer(fragment(datagram, offset, offset + 8, true), START).isHeld()) {
                held++;
            }
            assertTrue(reassembler.bytesHeld() <= bound);
            if (offset % 3200 == 0) {
                releaseOffered();
            }
        }
        assertEquals(bound / (28 + Reassembler.FRAGMENT_OVERHEAD_BYTES), held);
    }

    @Test
    void limitsTheDatagramsInFlight() {
        reassembler = new Reassembler(allocator, new ReassemblerLimits(3, 1 << 20, TIMEOUT), counters);
        for (int id = 0; id < 3; id++) {
            assertTrue(offer(fragment(id, 0, 8, true)).isHeld());
        }
        assertSame(DropReason.REASSEMBLY_DATAGRAM_LIMIT, offer(fragment(3, 0, 8, true)).dropReason());
        assertTrue(offer(fragment(2, 8, 16, true)).isHeld(), "datagrams already in flight still take fragments");
        assertEquals(3, reassembler.datagramsInFlight());
        reassembler.expire(START + TIMEOUT);
        assertTrue(offer(fragment(3, 0, 8, true), START + TIMEOUT).isHeld(), "room again after the timeout");
    }

    private void releaseOffered() {
        for (ByteBuf buffer : offered) {
            buffer.release();
        }
        offered.clear();
    }

    // ---- Ownership

    @Test
    void closeReleasesEveryHeldFragment() {
        offer(ReassemblerTestVectors.buffer(ReassemblerTestVectors.REQUEST_FRAGMENT_0));
        offer(ReassemblerTestVectors.buffer(ReassemblerTestVectors.REPLY_FRAGMENT_2));
        assertEquals(2, allocator.live());

        reassembler.close();

        allocator.assertAllReleased();
        assertEquals(0, reassembler.datagramsInFlight());
        assertEquals(0, reassembler.bytesHeld());
        assertEquals(0, counters.droppedTotal(), "closing is not dropping");
        ByteBuf late = ReassemblerTestVectors.buffer(ReassemblerTestVectors.REQUEST_FRAGMENT_1);
        offered.add(late);
        assertThrows(IllegalStateException.class, () -> reassembler.offer(late, START));
    }
}
