package io.tunstack.stack.fragment;

import static io.tunstack.stack.ipv4.ReassemblerTestPackets.bytes;
import static io.tunstack.stack.ipv4.ReassemblerTestPackets.data;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.tunstack.stack.LeakDetection;
import io.tunstack.stack.verdict.StackCounters;
import io.tunstack.stack.verdict.DropReason;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The reassembly rules that both families share (RFC 791/815, RFC 8200 4.5, RFC 5722, RFC 6946, RFC 3168 5.3, the
 * limits and the timeouts): every case runs once with IPv4 fragments and once with IPv6 fragments. What only one
 * family has (its key fields, its headers, real captured fragments) is tested in {@code Ipv4FragmentFamilyTest} and
 * {@code Ipv6FragmentFamilyTest}.
 */
@ExtendWith(LeakDetection.class)
class ReassemblerTest {

    private static final long START = 1_000_000_000L;

    private TestFamily family;
    private ReassemblerHarness harness;
    private Reassembler reassembler;
    private StackCounters counters;
    private ReassemblerTestAllocator allocator;

    /** Starts a reassembler for {@code family} with Linux's limits for it. */
    private void use(TestFamily family) {
        use(family, family.linuxLimits());
    }

    private void use(TestFamily family, ReassemblerLimits limits) {
        this.family = family;
        harness = new ReassemblerHarness(family.newFamily(), limits, family::describe);
        reassembler = harness.reassembler();
        counters = harness.counters();
        allocator = harness.allocator();
    }

    private long timeout() {
        return family.linuxLimits().timeoutNanos();
    }

    @AfterEach
    void releaseEverything() {
        harness.close();
    }

    private void releaseOffered() {
        harness.releaseOffered();
    }

    /** Offers a buffer that the test keeps ownership of (released after the test, checked untouched). */
    private ReassemblerOutcome offer(ByteBuf fragment, long nowNanos) {
        return harness.offer(fragment, nowNanos);
    }

    private ReassemblerOutcome offer(ByteBuf fragment) {
        return offer(fragment, START);
    }

    private ByteBuf fragment(byte[] datagram, int identification, int offset, int end, boolean more) {
        return family.fragment(datagram, identification, offset, end, more);
    }

    /** Takes the completed datagram, checks its headers, and returns its bytes after releasing it. */
    private byte[] takeCompleted(ReassemblerOutcome outcome, int expectedLength) {
        assertTrue(outcome.isCompleted(), outcome::toString);
        assertNull(outcome.dropReason());
        ByteBuf datagram = outcome.datagram();
        try {
            assertEquals(expectedLength, datagram.readableBytes());
            family.assertWellFormed(datagram);
            return bytes(datagram);
        } finally {
            datagram.release();
            assertEquals(0, datagram.refCnt());
        }
    }

    /** The length of a crafted datagram carrying {@code dataLength} bytes. */
    private int length(int dataLength) {
        return family.datagramHeadersLength() + dataLength;
    }

    // ---- Completion

    @ParameterizedTest
    @EnumSource(TestFamily.class)
    void reassemblesOutOfOrderFragmentsToTheOriginalBytes(TestFamily family) {
        use(family);
        byte[] datagram = family.datagram(5, data(40, 5));
        assertTrue(offer(fragment(datagram, 5, 16, 32, true)).isHeld());
        assertTrue(offer(fragment(datagram, 5, 32, 40, false)).isHeld());
        assertEquals(1, reassembler.datagramsInFlight());
        assertArrayEquals(datagram, takeCompleted(offer(fragment(datagram, 5, 0, 16, true)), length(40)));
        assertEquals(0, reassembler.datagramsInFlight());
        assertEquals(0, reassembler.bytesHeld());
        assertEquals(0, counters.droppedTotal());
    }

    @ParameterizedTest
    @EnumSource(TestFamily.class)
    void heldBytesAreChargedPerFragmentAndReturnedOnCompletion(TestFamily family) {
        use(family);
        byte[] datagram = family.datagram(6, data(40, 6));
        int headers = family.fragmentHeadersLength();
        offer(fragment(datagram, 6, 0, 16, true));
        assertEquals(headers + 16 + Reassembler.FRAGMENT_OVERHEAD_BYTES, reassembler.bytesHeld());
        offer(fragment(datagram, 6, 32, 40, false));
        assertEquals(2 * headers + 24 + 2 * Reassembler.FRAGMENT_OVERHEAD_BYTES, reassembler.bytesHeld());
        takeCompleted(offer(fragment(datagram, 6, 16, 32, true)), length(40));
        assertEquals(0, reassembler.bytesHeld());
    }

    /**
     * RFC 6946 section 4: a fragment that is the whole datagram (offset 0, no more fragments) is processed "in
     * isolation from any other packets/fragments, even if such packets/fragments contain the same set {IPv6 Source
     * Address, IPv6 Destination Address, Fragment Identification}".
     */
    @ParameterizedTest
    @EnumSource(TestFamily.class)
    void completesAnAtomicFragmentAloneAndLeavesTheDatagramOfTheSameKey(TestFamily family) {
        use(family);
        byte[] pending = family.datagram(40, data(32, 40));
        assertTrue(offer(fragment(pending, 40, 0, 16, true)).isHeld());
        long held = reassembler.bytesHeld();

        byte[] atomic = family.datagram(40, data(24, 41));
        assertArrayEquals(atomic, takeCompleted(offer(fragment(atomic, 40, 0, 24, false)), length(24)));

        assertEquals(1, reassembler.datagramsInFlight());
        assertEquals(held, reassembler.bytesHeld(), "an atomic fragment is never held");
        assertArrayEquals(pending, takeCompleted(offer(fragment(pending, 40, 16, 32, false)), length(32)));
    }

    // ---- Duplicates and overlaps (RFC 5722, Linux inet_frag_queue_insert)

    @ParameterizedTest
    @EnumSource(TestFamily.class)
    void ignoresAnExactDuplicateAndStillCompletes(TestFamily family) {
        use(family);
        byte[] datagram = family.datagram(8, data(48, 8));
        offer(fragment(datagram, 8, 16, 32, true));
        long held = reassembler.bytesHeld();
        ReassemblerOutcome duplicate = offer(fragment(datagram, 8, 16, 32, true));
        assertSame(DropReason.FRAGMENT_DUPLICATE, duplicate.dropReason());
        assertEquals(held, reassembler.bytesHeld(), "a duplicate is not held");
        offer(fragment(datagram, 8, 0, 16, true));
        assertArrayEquals(datagram, takeCompleted(offer(fragment(datagram, 8, 32, 48, false)), length(48)));
        assertEquals(0, counters.droppedTotal(), "the returned reason is the caller's to count");
    }

    @ParameterizedTest
    @EnumSource(TestFamily.class)
    void ignoresAFragmentInsideContiguousReceivedData(TestFamily family) {
        use(family);
        byte[] datagram = family.datagram(7, data(48, 7));
        offer(fragment(datagram, 7, 0, 16, true));
        offer(fragment(datagram, 7, 16, 32, true));
        assertSame(DropReason.FRAGMENT_DUPLICATE, offer(fragment(datagram, 7, 8, 24, true)).dropReason());
        assertEquals(1, reassembler.datagramsInFlight());
        assertArrayEquals(datagram, takeCompleted(offer(fragment(datagram, 7, 32, 48, false)), length(48)));
    }

    static Stream<Arguments> overlaps() {
        // Held: data [16, 32) and [48, 64) of a 64-byte datagram. Each case overlaps them partly.
        List<Arguments> cases = List.of(
                Arguments.of("starts before, ends inside", 8, 24, true),
                Arguments.of("starts inside, ends after", 24, 40, true),
                Arguments.of("covers one held fragment and more", 8, 40, true),
                Arguments.of("spans the gap between two", 24, 56, true),
                Arguments.of("last fragment covering the tail and more", 40, 64, false),
                Arguments.of("covers everything but the first byte block", 8, 64, false));
        return Stream.of(TestFamily.values()).flatMap(family -> cases.stream().map(c -> {
            Object[] values = c.get();
            return Arguments.of(family, values[0], values[1], values[2], values[3]);
        }));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("overlaps")
    void dropsTheWholeDatagramOnOverlap(TestFamily family, String name, int offset, int end, boolean more) {
        use(family);
        byte[] datagram = family.datagram(9, data(64, 9));
        assertTrue(offer(fragment(datagram, 9, 16, 32, true)).isHeld());
        assertTrue(offer(fragment(datagram, 9, 48, 64, false)).isHeld());

        ReassemblerOutcome overlap = offer(fragment(datagram, 9, offset, end, more));

        assertSame(DropReason.FRAGMENT_OVERLAP, overlap.dropReason());
        assertEquals(0, reassembler.datagramsInFlight());
        assertEquals(0, reassembler.bytesHeld());
        assertEquals(2, counters.heldDiscarded(DropReason.FRAGMENT_OVERLAP), "both held fragments counted");
        allocator.assertAllReleased();
        // What arrives afterwards starts a new datagram: the dropped fragments do not come back.
        assertTrue(offer(fragment(datagram, 9, 0, 16, true)).isHeld());
        assertTrue(offer(fragment(datagram, 9, 32, 48, true)).isHeld());
        assertTrue(offer(fragment(datagram, 9, 48, 64, false)).isHeld(), "[16, 32) is missing again");
    }

    /** Offset 0 with more fragments to come is a first fragment, not an atomic one: it overlaps like any other. */
    @ParameterizedTest
    @EnumSource(TestFamily.class)
    void dropsTheWholeDatagramWhenAFirstFragmentOverlaps(TestFamily family) {
        use(family);
        byte[] datagram = family.datagram(10, data(64, 10));
        assertTrue(offer(fragment(datagram, 10, 16, 32, true)).isHeld());
        assertSame(DropReason.FRAGMENT_OVERLAP, offer(fragment(datagram, 10, 0, 24, true)).dropReason());
        assertEquals(0, reassembler.datagramsInFlight());
    }

    // ---- Malformed fragments, each with one field wrong

    @ParameterizedTest
    @EnumSource(TestFamily.class)
    void dropsAnEmptyFragmentAndKeepsTheDatagram(TestFamily family) {
        use(family);
        byte[] datagram = family.datagram(19, data(48, 19));
        offer(fragment(datagram, 19, 0, 16, true));
        assertSame(DropReason.FRAGMENT_EMPTY, offer(fragment(datagram, 19, 16, 16, true)).dropReason());
        assertEquals(1, reassembler.datagramsInFlight());
        assertEquals(0, counters.droppedTotal());
    }

    @ParameterizedTest
    @EnumSource(TestFamily.class)
    void dropsTheDatagramOnAFragmentThatIsNotAMultipleOfEight(TestFamily family) {
        use(family);
        byte[] datagram = family.datagram(11, data(64, 11));
        offer(fragment(datagram, 11, 0, 16, true));
        // RFC 791 and RFC 8200 4.5: all fragments but the last carry a multiple of 8 bytes; this one carries 12.
        assertSame(DropReason.FRAGMENT_MISALIGNED, offer(fragment(datagram, 11, 16, 28, true)).dropReason());
        assertEquals(0, reassembler.datagramsInFlight());
        assertEquals(1, counters.heldDiscarded(DropReason.FRAGMENT_MISALIGNED));
    }

    @ParameterizedTest
    @EnumSource(TestFamily.class)
    void acceptsALastFragmentOfAnyLength(TestFamily family) {
        use(family);
        byte[] datagram = family.datagram(12, data(21, 12));
        offer(fragment(datagram, 12, 0, 16, true));
        assertArrayEquals(datagram, takeCompleted(offer(fragment(datagram, 12, 16, 21, false)), length(21)));
    }

    @ParameterizedTest
    @EnumSource(TestFamily.class)
    void dropsAFragmentThatWouldMakeTheLengthFieldExceed65535(TestFamily family) {
        use(family);
        // The "ping of death": the largest offset (8191 units = 65528 bytes) and 8 data bytes end at 65536, beyond
        // IPv4's Total Length (with a 20-byte header) and IPv6's Payload Length alike.
        assertSame(DropReason.FRAGMENT_TOO_LARGE, offer(family.fragment(13, 65528, 65536, false)).dropReason());
        assertEquals(0, reassembler.datagramsInFlight());
        assertEquals(0, reassembler.bytesHeld());
    }

    @ParameterizedTest
    @EnumSource(TestFamily.class)
    void dropsTheHeldFragmentsOfADatagramThatGrowsPast65535(TestFamily family) {
        use(family);
        offer(family.fragment(14, 0, 1480, true));
        // The last whole 8-byte block that fits, and 8 bytes more: one block too far (IPv4 20 + 65520 = 65540).
        int offset = family.maxDataLength() / 8 * 8;
        assertSame(DropReason.FRAGMENT_TOO_LARGE, offer(family.fragment(14, offset, offset + 8, false)).dropReason());
        assertEquals(0, reassembler.datagramsInFlight());
        assertEquals(1, counters.heldDiscarded(DropReason.FRAGMENT_TOO_LARGE));
    }

    @ParameterizedTest
    @EnumSource(TestFamily.class)
    void acceptsTheLargestDatagram(TestFamily family) {
        use(family);
        // IPv4: 20 + 65515 = 65535 exactly, a ping -s 65507. IPv6: a Payload Length of 65535.
        int dataLength = family.maxDataLength();
        byte[] datagram = family.datagram(15, data(dataLength, 15));
        assertTrue(offer(fragment(datagram, 15, 0, 65512, true)).isHeld());
        assertArrayEquals(datagram,
                takeCompleted(offer(fragment(datagram, 15, 65512, dataLength, false)), length(dataLength)));
    }

    @ParameterizedTest
    @EnumSource(TestFamily.class)
    void dropsTheDatagramWhenAFragmentEndsBeyondTheLastFragment(TestFamily family) {
        use(family);
        byte[] datagram = family.datagram(16, data(64, 16));
        offer(fragment(datagram, 16, 0, 8, true));
        offer(fragment(datagram, 16, 16, 32, false));
        assertSame(DropReason.FRAGMENT_LENGTH_MISMATCH, offer(fragment(datagram, 16, 32, 40, true)).dropReason());
        assertEquals(0, reassembler.datagramsInFlight());
        assertEquals(2, counters.heldDiscarded(DropReason.FRAGMENT_LENGTH_MISMATCH));
    }

    @ParameterizedTest
    @EnumSource(TestFamily.class)
    void dropsTheDatagramWhenTwoLastFragmentsDisagree(TestFamily family) {
        use(family);
        byte[] datagram = family.datagram(17, data(64, 17));
        offer(fragment(datagram, 17, 16, 32, false));
        assertSame(DropReason.FRAGMENT_LENGTH_MISMATCH, offer(fragment(datagram, 17, 32, 40, false)).dropReason());
        assertEquals(0, reassembler.datagramsInFlight());
    }

    @ParameterizedTest
    @EnumSource(TestFamily.class)
    void dropsTheDatagramWhenTheLastFragmentEndsBeforeReceivedData(TestFamily family) {
        use(family);
        byte[] datagram = family.datagram(18, data(64, 18));
        offer(fragment(datagram, 18, 32, 48, true));
        assertSame(DropReason.FRAGMENT_LENGTH_MISMATCH, offer(fragment(datagram, 18, 8, 16, false)).dropReason());
        assertEquals(0, reassembler.datagramsInFlight());
    }

    // ---- ECN (RFC 3168 section 5.3, Linux ip_frag_ecn_table for both families)

    private static final int NOT_ECT = 0;
    private static final int ECT_1 = 1;
    private static final int ECT_0 = 2;
    private static final int CE = 3;

    @ParameterizedTest
    @EnumSource(TestFamily.class)
    void dropsADatagramWhoseFragmentsMixNotEctWithEct(TestFamily family) {
        use(family);
        byte[] datagram = family.datagram(30, data(32, 30));
        assertTrue(offer(family.withEcn(fragment(datagram, 30, 0, 16, true), NOT_ECT)).isHeld());
        ReassemblerOutcome mixed = offer(family.withEcn(fragment(datagram, 30, 16, 32, false), ECT_0));
        assertSame(DropReason.FRAGMENT_ECN_MISMATCH, mixed.dropReason());
        assertEquals(0, reassembler.datagramsInFlight());
        assertEquals(1, counters.heldDiscarded(DropReason.FRAGMENT_ECN_MISMATCH), "the held fragment");
    }

    @ParameterizedTest
    @EnumSource(TestFamily.class)
    void marksTheDatagramCeWhenAnEctFragmentWasMarked(TestFamily family) {
        use(family);
        byte[] datagram = family.datagram(31, data(32, 31));
        offer(family.withEcn(fragment(datagram, 31, 0, 16, true), ECT_0));
        byte[] reassembled = takeCompleted(offer(family.withEcn(fragment(datagram, 31, 16, 32, false), CE)),
                length(32));
        assertEquals(CE, family.ecn(reassembled), "congestion experienced survives reassembly");
    }

    @ParameterizedTest
    @EnumSource(TestFamily.class)
    void keepsTheFirstFragmentsEcnWhenEct0AndEct1Mix(TestFamily family) {
        use(family);
        byte[] datagram = family.datagram(32, data(32, 32));
        offer(family.withEcn(fragment(datagram, 32, 16, 32, false), ECT_1));
        byte[] reassembled = takeCompleted(offer(family.withEcn(fragment(datagram, 32, 0, 16, true), ECT_0)),
                length(32));
        assertEquals(ECT_0, family.ecn(reassembled));
    }

    // ---- Time

    @ParameterizedTest
    @EnumSource(TestFamily.class)
    void nextDeadlineIsTheOldestDatagramsTimeout(TestFamily family) {
        use(family);
        // Linux ipfrag_time for IPv4; RFC 8200 4.5 and Linux ip6frag_time for IPv6.
        long expected = TimeUnit.SECONDS.toNanos(family == TestFamily.IPV4 ? 30 : 60);
        assertEquals(expected, timeout());
        assertEquals(Long.MAX_VALUE, reassembler.nextDeadline(), "nothing held, nothing to wait for");
        byte[] first = family.datagram(33, data(32, 33));
        offer(fragment(first, 33, 0, 16, true), START);
        offer(family.fragment(34, 0, 16, true), START + 5);
        offer(fragment(first, 33, 0, 16, true), START + 7);
        assertEquals(START + expected, reassembler.nextDeadline(), "later fragments do not move the deadline");
        takeCompleted(offer(fragment(first, 33, 16, 32, false), START + 9), length(32));
        assertEquals(START + 5 + expected, reassembler.nextDeadline(), "the next oldest");
        reassembler.expire(START + 5 + expected, null);
        assertEquals(Long.MAX_VALUE, reassembler.nextDeadline());
    }

    @ParameterizedTest
    @EnumSource(TestFamily.class)
    void dropsAnIncompleteDatagramAfterTheTimeoutAndReportsItsFirstFragment(TestFamily family) {
        use(family);
        byte[] datagram = family.datagram(35, data(48, 35));
        ByteBuf first = fragment(datagram, 35, 0, 16, true);
        byte[] firstBytes = bytes(first);
        offer(first, START);
        offer(fragment(datagram, 35, 32, 48, false), START + timeout() / 2);
        List<byte[]> reported = new ArrayList<>();
        ReassemblerTimeoutListener listener = fragment -> reported.add(bytes(fragment));

        reassembler.expire(START + timeout() - 1, listener);
        assertEquals(1, reassembler.datagramsInFlight(), "a later fragment does not restart the timer, nor end it");
        reassembler.expire(START + timeout(), listener);

        assertEquals(0, reassembler.datagramsInFlight());
        assertEquals(0, reassembler.bytesHeld());
        assertEquals(2, counters.heldDiscarded(DropReason.REASSEMBLY_TIMEOUT));
        assertEquals(1, reported.size());
        assertArrayEquals(firstBytes, reported.get(0), "the first fragment as received, for Time Exceeded");
        allocator.assertAllReleased();
        // The missing fragment, late, starts a new datagram that waits in vain.
        assertTrue(offer(fragment(datagram, 35, 16, 32, true), START + timeout()).isHeld());
    }

    @ParameterizedTest
    @EnumSource(TestFamily.class)
    void doesNotReportADatagramWhoseFirstFragmentNeverCame(TestFamily family) {
        use(family);
        offer(family.fragment(36, 16, 32, true), START);
        List<ByteBuf> reported = new ArrayList<>();
        reassembler.expire(START + timeout(), reported::add);
        assertTrue(reported.isEmpty(), "RFC 1122 3.3.2, RFC 8200 4.5: Time Exceeded only if fragment zero came");
        assertEquals(1, counters.heldDiscarded(DropReason.REASSEMBLY_TIMEOUT));
    }

    @ParameterizedTest
    @EnumSource(TestFamily.class)
    void expiresStaleDatagramsWhenOffered(TestFamily family) {
        use(family);
        byte[] datagram = family.datagram(37, data(48, 37));
        offer(fragment(datagram, 37, 0, 16, true), START);
        offer(fragment(datagram, 37, 16, 32, true), START);
        // The last fragment arrives too late: the first two are gone, it starts a new datagram.
        ReassemblerOutcome late = offer(fragment(datagram, 37, 32, 48, false), START + timeout());
        assertTrue(late.isHeld());
        assertEquals(2, counters.heldDiscarded(DropReason.REASSEMBLY_TIMEOUT));
    }

    @ParameterizedTest
    @EnumSource(TestFamily.class)
    void expiresAcrossTheNanoTimeWrap(TestFamily family) {
        use(family);
        long nearWrap = Long.MAX_VALUE - timeout() / 2;
        offer(family.fragment(38, 0, 16, true), nearWrap);
        assertTrue(reassembler.nextDeadline() < 0, "the deadline wrapped");
        reassembler.expire(nearWrap + timeout() - 1, null);
        assertEquals(1, reassembler.datagramsInFlight());
        reassembler.expire(nearWrap + timeout(), null);
        assertEquals(0, reassembler.datagramsInFlight());
    }

    // ---- Limits

    @ParameterizedTest
    @EnumSource(TestFamily.class)
    void aFloodOfFragmentsCannotPushTheHeldBytesPastTheBound(TestFamily family) {
        long bound = 64 * 1024;
        use(family, new ReassemblerLimits(100_000, bound, family.linuxLimits().timeoutNanos()));
        int memoryDrops = 0;
        for (int id = 0; id < 2000; id++) {
            // Each datagram gets its first fragment only: nothing ever completes.
            ReassemblerOutcome outcome = offer(family.fragment(id, 0, 8 * (1 + id % 180), true), START);
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

    @ParameterizedTest
    @EnumSource(TestFamily.class)
    void aFloodOfTinyFragmentsIsBoundedByTheirOverheadToo(TestFamily family) {
        long bound = 16 * 1024;
        use(family, new ReassemblerLimits(100_000, bound, family.linuxLimits().timeoutNanos()));
        byte[] datagram = family.datagram(20, data(65000, 20));
        int held = 0;
        for (int offset = 0; offset < 64000; offset += 16) {
            // Every other 8-byte block of one datagram: no overlap, no completion.
            if (offer(fragment(datagram, 20, offset, offset + 8, true), START).isHeld()) {
                held++;
            }
            assertTrue(reassembler.bytesHeld() <= bound);
            if (offset % 3200 == 0) {
                releaseOffered();
            }
        }
        assertEquals(bound / (family.fragmentHeadersLength() + 8 + Reassembler.FRAGMENT_OVERHEAD_BYTES), held);
    }

    @ParameterizedTest
    @EnumSource(TestFamily.class)
    void limitsTheDatagramsInFlight(TestFamily family) {
        use(family, new ReassemblerLimits(3, 1 << 20, family.linuxLimits().timeoutNanos()));
        for (int id = 0; id < 3; id++) {
            assertTrue(offer(family.fragment(id, 0, 8, true)).isHeld());
        }
        assertSame(DropReason.REASSEMBLY_DATAGRAM_LIMIT, offer(family.fragment(3, 0, 8, true)).dropReason());
        assertTrue(offer(family.fragment(2, 8, 16, true)).isHeld(), "datagrams already in flight still take fragments");
        assertEquals(3, reassembler.datagramsInFlight());
        reassembler.expire(START + timeout(), null);
        assertTrue(offer(family.fragment(3, 0, 8, true), START + timeout()).isHeld(), "room again after the timeout");
    }

    /** Datagrams come and go through the table's recycled entries without mixing their fragments up. */
    @ParameterizedTest
    @EnumSource(TestFamily.class)
    void reusesTheTableAcrossManyDatagrams(TestFamily family) {
        use(family, new ReassemblerLimits(4, 1 << 20, family.linuxLimits().timeoutNanos()));
        for (int id = 0; id < 100; id++) {
            byte[] a = family.datagram(id, data(24, id));
            byte[] b = family.datagram(id + 1000, data(24, id + 7));
            assertTrue(offer(fragment(a, id, 8, 24, false)).isHeld());
            assertTrue(offer(fragment(b, id + 1000, 0, 8, true)).isHeld());
            assertArrayEquals(a, takeCompleted(offer(fragment(a, id, 0, 8, true)), length(24)));
            assertArrayEquals(b, takeCompleted(offer(fragment(b, id + 1000, 8, 24, false)), length(24)));
            assertEquals(0, reassembler.datagramsInFlight());
            releaseOffered();
        }
    }

    // ---- Ownership and contract

    @ParameterizedTest
    @EnumSource(TestFamily.class)
    void closeReleasesEveryHeldFragment(TestFamily family) {
        use(family);
        offer(family.fragment(39, 0, 16, true));
        offer(family.fragment(40, 16, 32, false));
        assertEquals(2, allocator.live());

        reassembler.close();

        allocator.assertAllReleased();
        assertEquals(0, reassembler.datagramsInFlight());
        assertEquals(0, reassembler.bytesHeld());
        assertEquals(0, counters.droppedTotal(), "closing is not dropping");
        ByteBuf late = harness.keep(family.fragment(39, 16, 32, false));
        FragmentDescriptor described = harness.describe(late);
        assertThrows(IllegalStateException.class, () -> reassembler.offer(late, described, START));
    }

    @Test
    void refusesAFragmentOfTheOtherFamily() {
        use(TestFamily.IPV4);
        ByteBuf ipv6 = harness.keep(TestFamily.IPV6.fragment(41, 0, 16, true));
        FragmentDescriptor described = TestFamily.IPV6.describe(ipv6, new FragmentDescriptor());
        assertThrows(IllegalArgumentException.class, () -> reassembler.offer(ipv6, described, START));
        assertEquals(0, reassembler.datagramsInFlight());
    }
}
