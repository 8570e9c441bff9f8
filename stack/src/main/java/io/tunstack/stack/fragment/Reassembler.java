package io.tunstack.stack.fragment;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.tunstack.stack.verdict.DropReason;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Reassembly of one IP family's fragments (RFC 791 section 3.2 and RFC 815 for IPv4, RFC 8200 section 4.5 for IPv6),
 * with the rules of Linux net/ipv4/inet_fragment.c, ip_fragment.c and net/ipv6/reassembly.c where the RFCs leave a
 * choice, and bounded memory. The rules are the same for both families; what differs (the key's fields, the largest
 * datagram, the headers of the result) comes from the {@link FragmentDescriptor} and the {@link FragmentFamily}.
 *
 * <p>Rules, in the order they are checked:
 * <ol>
 *   <li>A fragment with offset 0 and no more fragments (an "atomic fragment") is the whole datagram: it is rebuilt at
 *       once, in isolation from any datagram in reassembly with the same key. RFC 6946 section 4: such a packet
 *       "MUST" be processed "in isolation from any other packets/fragments, even if such packets/fragments contain the
 *       same set {IPv6 Source Address, IPv6 Destination Address, Fragment Identification}". Linux ipv6_frag_rcv()
 *       does the same. An IPv4 datagram with MF clear and offset 0 is not a fragment and never offered.</li>
 *   <li>Fragments belong together when their keys match: source, destination, identification and, for IPv4,
 *       protocol (RFC 791; Linux struct frag_v4_compare_key); for IPv6 source, destination and identification (RFC
 *       8200 4.5; Linux struct frag_v6_compare_key).</li>
 *   <li>A fragment without data is dropped ({@link DropReason#FRAGMENT_EMPTY}) and its datagram kept, since an empty
 *       fragment neither helps nor harms it. Linux drops the whole queue instead ("if (end == offset)" in
 *       ip_frag_queue() and ip6_frag_queue()), which lets an empty fragment cancel someone else's datagram.</li>
 *   <li>Every fragment but the last carries a multiple of 8 data bytes, otherwise its datagram is dropped ({@link
 *       DropReason#FRAGMENT_MISALIGNED}). RFC 791: "the fragment must be a multiple of 8 octets"; RFC 8200 4.5: such a
 *       fragment "must be discarded". Linux ip6_frag_queue() drops the queue too; its IPv4 code trims the fragment to
 *       a multiple of 8 and keeps it, tunstack rejects it for both families, since no correct sender produces one. For
 *       IPv6, RFC 8200 asks for a Parameter Problem, code 0, pointing at the Payload Length: the caller's to send.</li>
 *   <li>A datagram whose length field would exceed 65,535 (IPv4 Total Length; IPv6 Payload Length, which counts the
 *       extension headers kept) is dropped as soon as a fragment shows it ({@link DropReason#FRAGMENT_TOO_LARGE}),
 *       counting the first fragment's headers once it arrived and the family's {@link
 *       FragmentFamily#minimumHeadersLength() minimum} before. RFC 8200 4.5 asks for a Parameter Problem, code 0,
 *       pointing at the Fragment Offset: the caller's to send.</li>
 *   <li>A fragment that contradicts the length given by the last fragment drops its datagram ({@link
 *       DropReason#FRAGMENT_LENGTH_MISMATCH}), as in Linux ip_frag_queue() and ip6_frag_queue().</li>
 *   <li>A fragment whose data was all received already is ignored and the datagram kept ({@link
 *       DropReason#FRAGMENT_DUPLICATE}, Linux IPFRAG_DUP); one that partly overlaps received data drops the whole
 *       datagram ({@link DropReason#FRAGMENT_OVERLAP}). RFC 5722 section 4 (with erratum 3089) requires this for IPv6;
 *       Linux applies it to IPv4 as well, in inet_frag_queue_insert(), and so does tunstack. Linux does not compare
 *       the bytes of a duplicate, and neither does tunstack.</li>
 *   <li>A datagram whose fragments mix Not-ECT with ECN-capable codepoints is dropped ({@link
 *       DropReason#FRAGMENT_ECN_MISMATCH}), and one with a CE fragment is marked CE when complete: RFC 3168 section
 *       5.3, as Linux applies it with ip_frag_ecn_table to both families (ip_frag_reasm() and ip6_frag_reasm(), where
 *       the IPv6 codepoint is the Traffic Class's low two bits); Linux finds the mix when the datagram is complete,
 *       tunstack as soon as the fragment that makes it arrives.</li>
 *   <li>A fragment of a new datagram is dropped while {@link ReassemblerLimits#maxDatagrams()} datagrams are in
 *       reassembly ({@link DropReason#REASSEMBLY_DATAGRAM_LIMIT}), and any fragment that would push {@link
 *       #bytesHeld()} past {@link ReassemblerLimits#maxBytesHeld()} is dropped ({@link
 *       DropReason#REASSEMBLY_MEMORY_LIMIT}). As in Linux since 4.17 (inet_frag_find() refuses fragments above the
 *       high threshold), nothing already held is evicted to make room: a flood can delay reassembly until its
 *       datagrams time out, but it cannot grow memory.</li>
 *   <li>A datagram not complete within {@link ReassemblerLimits#timeoutNanos()} of its first-arriving fragment is
 *       dropped with all its fragments ({@link DropReason#REASSEMBLY_TIMEOUT}). Like Linux, the timer starts with the
 *       first fragment to arrive and later fragments do not restart it.</li>
 * </ol>
 *
 * <p>Counting: {@link #offer} returns the reason it dropped the offered fragment and does not count it; the caller
 * counts it with its other drops. Fragments that were held and are dropped later (the rest of a datagram dropped by an
 * overlap, a timeout...) are counted here, one call of the drop counter each, so that every fragment is counted
 * exactly once.
 *
 * <p>Allocation: a held fragment costs its copy (from the allocator) and nothing else once the reassembler has warmed
 * up: the datagram table is intrusive and its entries are recycled. A completed datagram is a new buffer and a new
 * {@link ReassemblerOutcome}.
 *
 * <p>Not thread-safe: one instance per family belongs to one {@code NetworkStack} and its worker thread.
 */
public final class Reassembler implements AutoCloseable {

    /**
     * The memory charged per held fragment on top of its bytes: an estimate of the objects that hold it (the buffer
     * object and its slot). Linux likewise charges skb truesize, not just the data, so that a flood of tiny fragments
     * is bounded too.
     */
    public static final int FRAGMENT_OVERHEAD_BYTES = 128;

    /** The largest value of a 16-bit length field: IPv4 Total Length, IPv6 Payload Length. */
    public static final int MAX_LENGTH_FIELD = 0xFFFF;

    /** Both families count fragment offsets in units of 8 octets; every fragment but the last carries whole units. */
    public static final int FRAGMENT_UNIT = 8;

    /*
     * ECN (RFC 3168 section 5.3), the way Linux ip_frag_ecn_table applies it: fragments that mix Not-ECT with any
     * ECN-capable codepoint (ECT(0), ECT(1), CE) drop the datagram; if any fragment carries CE, so does the datagram.
     */
    private static final int ECN_NOT_ECT = 0;
    private static final int ECN_CE = 3;
    private static final int SEEN_NOT_ECT = 1 << ECN_NOT_ECT;
    private static final int SEEN_CE = 1 << ECN_CE;

    /** Recycled datagram instances kept at most: enough for bursts, not a second copy of a flood's table. */
    private static final int MAX_SPARES = 16;
    private static final int MAX_BUCKETS = 1 << 14;

    private final FragmentFamily family;
    private final ReassemblerLimits limits;
    private final ByteBufAllocator allocator;
    private final Consumer<DropReason> heldDrops;
    /** Chained hash table of the datagrams in reassembly; the chains run through {@code nextInBucket}. */
    private final ReassemblerDatagram[] buckets;
    /**
     * The datagrams in reassembly, oldest first. Every datagram of one reassembler has the same timeout, so this is
     * also deadline order.
     */
    private ReassemblerDatagram oldest;
    private ReassemblerDatagram newest;
    private int datagramsInFlight;
    private ReassemblerDatagram spares;
    private int spareCount;
    private long bytesHeld;
    private boolean closed;

    /**
     * @param family the IP family whose fragments this instance reassembles
     * @param limits the bounds on datagrams in flight, memory and time
     * @param allocator allocates the copies of held fragments and the reassembled datagrams
     * @param heldDrops counts, one call each, the fragments dropped after being held (typically {@code
     *     counters::countDrop})
     */
    public Reassembler(FragmentFamily family, ReassemblerLimits limits, ByteBufAllocator allocator,
            Consumer<DropReason> heldDrops) {
        this.family = Objects.requireNonNull(family, "family");
        this.limits = Objects.requireNonNull(limits, "limits");
        this.allocator = Objects.requireNonNull(allocator, "allocator");
        this.heldDrops = Objects.requireNonNull(heldDrops, "heldDrops");
        int wanted = Math.min(Math.max(limits.maxDatagrams(), 16), MAX_BUCKETS);
        this.buckets = new ReassemblerDatagram[Integer.highestOneBit(wanted - 1) << 1];
    }

    /** The family this instance reassembles. */
    public FragmentFamily family() {
        return family;
    }

    /**
     * Takes one fragment: holds a copy of it, drops it, or completes its datagram.
     *
     * <p>Precondition: {@code fragment} describes bytes of {@code packet} that the network layer has validated (the
     * headers are whole, {@code dataIndex + dataLength} is within the packet), and its family is this reassembler's.
     *
     * <p>Ownership: {@code packet} and {@code fragment} are borrowed; the reassembler copies what it keeps and leaves
     * the buffer, and its indices, as they were. A completed datagram is a new buffer owned by the caller.
     *
     * @param nowNanos the current {@link System#nanoTime()}: stamps a new datagram, and first expires stale ones
     *     (silently: call {@link #expire(long, ReassemblerTimeoutListener)} before to send Time Exceeded)
     * @return held, dropped with the reason (not counted, see the class comment), or completed
     */
    public ReassemblerOutcome offer(ByteBuf packet, FragmentDescriptor fragment, long nowNanos) {
        ensureOpen();
        if (fragment.family() != family.tag()) {
            throw new IllegalArgumentException("fragment of family " + fragment.family() + " (expected: "
                    + family.tag() + ")");
        }
        expire(nowNanos, null);
        int offset = fragment.offset();
        int dataLength = fragment.dataLength();
        int end = offset + dataLength;
        boolean last = !fragment.moreFragments();
        if (offset == 0 && last) {
            return ReassemblerOutcome.completed(assembleAtomic(packet, fragment));
        }
        int hash = fragment.keyHash();
        ReassemblerDatagram datagram = find(fragment, hash);

        if (dataLength == 0) {
            return ReassemblerOutcome.dropped(DropReason.FRAGMENT_EMPTY);
        }
        if (!last && dataLength % FRAGMENT_UNIT != 0) {
            return discard(datagram, DropReason.FRAGMENT_MISALIGNED);
        }
        if (knownEnd(datagram, end) > family.maxDataLength(headersLength(datagram, fragment))) {
            return discard(datagram, DropReason.FRAGMENT_TOO_LARGE);
        }
        if (datagram != null && contradictsLength(datagram, end, last)) {
            return discard(datagram, DropReason.FRAGMENT_LENGTH_MISMATCH);
        }
        int index = datagram == null ? 0 : datagram.placement(offset, end);
        if (index == ReassemblerDatagram.DUPLICATE) {
            return ReassemblerOutcome.dropped(DropReason.FRAGMENT_DUPLICATE);
        }
        if (index == ReassemblerDatagram.OVERLAP) {
            return discard(datagram, DropReason.FRAGMENT_OVERLAP);
        }
        if (datagram != null && mixesNotEctWithEct(datagram.ecnSeen() | 1 << fragment.ecn())) {
            return discard(datagram, DropReason.FRAGMENT_ECN_MISMATCH);
        }
        int packetLength = fragment.packetLength();
        long cost = (long) packetLength + FRAGMENT_OVERHEAD_BYTES;
        if (datagram == null && datagramsInFlight >= limits.maxDatagrams()) {
            return ReassemblerOutcome.dropped(DropReason.REASSEMBLY_DATAGRAM_LIMIT);
        }
        if (bytesHeld + cost > limits.maxBytesHeld()) {
            return ReassemblerOutcome.dropped(DropReason.REASSEMBLY_MEMORY_LIMIT);
        }

        ByteBuf copy = allocator.buffer(packetLength, packetLength);
        copy.writeBytes(packet, fragment.packetIndex(), packetLength);
        if (datagram == null) {
            datagram = add(fragment, hash, nowNanos + limits.timeoutNanos());
        }
        datagram.insert(index, fragment, copy, cost);
        bytesHeld += cost;
        if (!datagram.isComplete()) {
            return ReassemblerOutcome.held();
        }
        try {
            return ReassemblerOutcome.completed(assemble(datagram));
        } finally {
            remove(datagram);
        }
    }

    private static boolean mixesNotEctWithEct(int ecnSeen) {
        return (ecnSeen & SEEN_NOT_ECT) != 0 && (ecnSeen & ~SEEN_NOT_ECT) != 0;
    }

    /** The headers length the datagram will have: its first fragment's, or the family's minimum while unknown. */
    private int headersLength(ReassemblerDatagram datagram, FragmentDescriptor fragment) {
        if (fragment.offset() == 0) {
            return fragment.headersLength();
        }
        int first = datagram == null ? 0 : datagram.firstHeadersLength();
        return first != 0 ? first : family.minimumHeadersLength();
    }

    private static int knownEnd(ReassemblerDatagram datagram, int end) {
        return datagram == null ? end : Math.max(end, datagram.knownEnd());
    }

    /**
     * Linux ip_frag_queue() and ip6_frag_queue(): a last fragment must not end before data already received, nor
     * differ from an earlier last fragment ("If we already have some bits beyond end or have different end, the
     * segment is corrupted"); no fragment may end after the end the last fragment gave ("Some bits beyond end ->
     * corruption").
     */
    private static boolean contradictsLength(ReassemblerDatagram datagram, int end, boolean last) {
        if (datagram.lastReceived()) {
            return end > datagram.knownEnd() || (last && end != datagram.knownEnd());
        }
        return last && end < datagram.knownEnd();
    }

    /** Copies the complete datagram into a new buffer, with the headers of a datagram that was never fragmented. */
    private ByteBuf assemble(ReassemblerDatagram datagram) {
        int length = datagram.datagramLength();
        ByteBuf out = allocator.buffer(length, length);
        boolean success = false;
        try {
            datagram.writeDatagram(out);
            family.rebuildHeaders(out, datagram.firstHeadersLength(), datagram.firstNextHeaderOffset(),
                    datagram.firstNextHeader(), (datagram.ecnSeen() & SEEN_CE) != 0);
            success = true;
            return out;
        } finally {
            if (!success) {
                out.release();
            }
        }
    }

    /** An atomic fragment's datagram: its headers and its data, in a new buffer, the Fragment header removed. */
    private ByteBuf assembleAtomic(ByteBuf packet, FragmentDescriptor fragment) {
        int headersLength = fragment.headersLength();
        int length = headersLength + fragment.dataLength();
        ByteBuf out = allocator.buffer(length, length);
        boolean success = false;
        try {
            out.writeBytes(packet, fragment.packetIndex(), headersLength);
            out.writeBytes(packet, fragment.dataIndex(), fragment.dataLength());
            // Its own ECN codepoint is already in the copied header.
            family.rebuildHeaders(out, headersLength, fragment.nextHeaderOffset(), fragment.nextHeader(), false);
            success = true;
            return out;
        } finally {
            if (!success) {
                out.release();
            }
        }
    }

    /** Drops the offered fragment for {@code reason}, and with it the datagram's held fragments, if any (counted). */
    private ReassemblerOutcome discard(ReassemblerDatagram datagram, DropReason reason) {
        if (datagram != null) {
            dropHeld(datagram, reason);
        }
        return ReassemblerOutcome.dropped(reason);
    }

    /** Removes {@code datagram}, counting each of its held fragments as dropped for {@code reason}. */
    private void dropHeld(ReassemblerDatagram datagram, DropReason reason) {
        int dropped = datagram.fragmentCount();
        remove(datagram);
        for (int i = 0; i < dropped; i++) {
            heldDrops.accept(reason);
        }
    }

    /**
     * When {@link #expire} next has something to do: the {@link System#nanoTime()} at which the oldest datagram in
     * reassembly times out, or {@link Long#MAX_VALUE} when nothing is held. Compare it with the clock as a difference
     * ({@code deadline - now <= 0}), since nanoTime values may wrap, after checking for {@link Long#MAX_VALUE}.
     */
    public long nextDeadline() {
        return oldest == null ? Long.MAX_VALUE : oldest.deadlineNanos();
    }

    /**
     * Drops every datagram whose first fragment arrived {@link ReassemblerLimits#timeoutNanos()} or more before
     * {@code nowNanos}, counting each of its fragments as {@link DropReason#REASSEMBLY_TIMEOUT}.
     *
     * @param listener told about each such datagram whose fragment at offset 0 had arrived (for Time Exceeded, code
     *     1), or {@code null}
     */
    public void expire(long nowNanos, ReassemblerTimeoutListener listener) {
        ensureOpen();
        while (oldest != null && nowNanos - oldest.deadlineNanos() >= 0) {
            // Compared as a difference: nanoTime values may wrap (System.nanoTime() javadoc).
            ReassemblerDatagram datagram = oldest;
            try {
                ByteBuf first = datagram.firstFragment();
                if (listener != null && first != null) {
                    listener.firstFragmentTimedOut(first);
                }
            } finally {
                dropHeld(datagram, DropReason.REASSEMBLY_TIMEOUT);
            }
        }
    }

    /** The number of datagrams in reassembly. */
    public int datagramsInFlight() {
        return datagramsInFlight;
    }

    /**
     * The memory charged for held fragments: for each, its length (headers and data) plus {@link
     * #FRAGMENT_OVERHEAD_BYTES}. Never above {@link ReassemblerLimits#maxBytesHeld()}.
     */
    public long bytesHeld() {
        return bytesHeld;
    }

    /** Releases every held fragment, without counting them as drops. The reassembler must not be used afterwards. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        while (oldest != null) {
            remove(oldest);
        }
        spares = null;
        spareCount = 0;
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("reassembler closed");
        }
    }

    // ---- The table: a chained hash table and an age list through the datagrams themselves

    private ReassemblerDatagram find(FragmentDescriptor fragment, int hash) {
        for (ReassemblerDatagram d = buckets[hash & (buckets.length - 1)]; d != null; d = d.nextInBucket) {
            if (d.hash == hash && fragment.sameKey(d)) {
                return d;
            }
        }
        return null;
    }

    /** A new datagram for {@code fragment}'s key, newest in the age list; a recycled instance when one is spare. */
    private ReassemblerDatagram add(FragmentDescriptor fragment, int hash, long deadlineNanos) {
        ReassemblerDatagram datagram = spares;
        if (datagram != null) {
            spares = datagram.nextInBucket;
            spareCount--;
        } else {
            datagram = new ReassemblerDatagram();
        }
        datagram.start(fragment, hash, deadlineNanos);
        int bucket = hash & (buckets.length - 1);
        datagram.nextInBucket = buckets[bucket];
        buckets[bucket] = datagram;
        datagram.older = newest;
        datagram.newer = null;
        if (newest != null) {
            newest.newer = datagram;
        } else {
            oldest = datagram;
        }
        newest = datagram;
        datagramsInFlight++;
        return datagram;
    }

    /** Unlinks {@code datagram}, releases its fragments and returns their charge, and keeps the instance as spare. */
    private void remove(ReassemblerDatagram datagram) {
        int bucket = datagram.hash & (buckets.length - 1);
        if (buckets[bucket] == datagram) {
            buckets[bucket] = datagram.nextInBucket;
        } else {
            ReassemblerDatagram previous = buckets[bucket];
            while (previous.nextInBucket != datagram) {
                previous = previous.nextInBucket;
            }
            previous.nextInBucket = datagram.nextInBucket;
        }
        if (datagram.older != null) {
            datagram.older.newer = datagram.newer;
        } else {
            oldest = datagram.newer;
        }
        if (datagram.newer != null) {
            datagram.newer.older = datagram.older;
        } else {
            newest = datagram.older;
        }
        datagramsInFlight--;
        bytesHeld -= datagram.charged();
        datagram.releaseAll();
        if (spareCount < MAX_SPARES && !closed) {
            datagram.nextInBucket = spares;
            spares = datagram;
            spareCount++;
        }
    }
}
