package io.tunstack.stack.ipv4;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.tunstack.stack.verdict.DropReason;
import io.tunstack.stack.verdict.StackCounters;
import io.tunstack.stack.wire.Ipv4Packet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * IPv4 reassembly (RFC 791 section 3.2, RFC 815), with the rules of Linux net/ipv4/ip_fragment.c where the RFCs leave
 * a choice, and bounded memory.
 *
 * <p>Rules, in the order they are checked:
 * <ol>
 *   <li>Fragments belong together when source, destination, identification and protocol match ({@link
 *       ReassemblerKey}).</li>
 *   <li>A fragment without data is dropped ({@link DropReason#FRAGMENT_EMPTY}).</li>
 *   <li>Every fragment but the last carries a multiple of 8 data bytes (RFC 791), otherwise its datagram is dropped
 *       ({@link DropReason#FRAGMENT_MISALIGNED}). Linux trims such a fragment to a multiple of 8 and keeps it; tunstack
 *       rejects it as Linux does for IPv6 (RFC 8200), since no correct sender produces one.</li>
 *   <li>A datagram longer than 65,535 bytes is dropped as soon as a fragment shows it
 *       ({@link DropReason#FRAGMENT_TOO_LARGE}); Linux finds out only when the datagram is complete.</li>
 *   <li>A fragment that contradicts the length given by the last fragment drops its datagram
 *       ({@link DropReason#FRAGMENT_LENGTH_MISMATCH}), as in Linux ip_frag_queue().</li>
 *   <li>A fragment whose data was all received already is ignored and the datagram kept
 *       ({@link DropReason#FRAGMENT_DUPLICATE}); one that partly overlaps received data drops the whole datagram
 *       ({@link DropReason#FRAGMENT_OVERLAP}). RFC 5722 section 4 (with erratum 3089) requires this for IPv6; Linux
 *       applies it to IPv4 as well, in inet_frag_queue_insert(), and so does tunstack. Linux does not compare the
 *       bytes of a duplicate, and neither does tunstack.</li>
 *   <li>A fragment of a new datagram is dropped while {@link ReassemblerLimits#maxDatagrams()} datagrams are in
 *       reassembly ({@link DropReason#REASSEMBLY_DATAGRAM_LIMIT}), and any fragment that would push
 *       {@link #bytesHeld()} past {@link ReassemblerLimits#maxBytesHeld()} is dropped
 *       ({@link DropReason#REASSEMBLY_MEMORY_LIMIT}). As in Linux since 4.17 (inet_frag_find() refuses fragments above
 *       ipfrag_high_thresh), nothing already held is evicted to make room: a flood can delay reassembly until its
 *       datagrams time out, but it cannot grow memory.</li>
 *   <li>A datagram whose fragments mix Not-ECT with ECN-capable codepoints is dropped
 *       ({@link DropReason#FRAGMENT_ECN_MISMATCH}), and one with a CE fragment is marked CE when complete: RFC 3168
 *       section 5.3, as Linux applies it (ip_frag_ecn_table); Linux finds the mix when the datagram is complete,
 *       tunstack as soon as the fragment that makes it arrives.</li>
 *   <li>A datagram not complete within {@link ReassemblerLimits#timeoutNanos()} of its first fragment is dropped with
 *       all its fragments ({@link DropReason#REASSEMBLY_TIMEOUT}). Like Linux, the timer starts with the first fragment
 *       and later fragments do not restart it.</li>
 * </ol>
 *
 * <p>Counting: {@link #offer} returns the reason it dropped the offered fragment and does not count it; the caller
 * counts it with its other drops. Fragments that were held and are dropped later (the rest of a datagram dropped by an
 * overlap, a timeout...) are counted here, one {@link StackCounters#countDrop} each, so that every fragment is counted
 * exactly once.
 *
 * <p>Not thread-safe: one instance belongs to one {@link io.tunstack.stack.NetworkStack} and its worker thread.
 */
public final class Reassembler implements AutoCloseable {

    /**
     * The memory charged per held fragment on top of its bytes: an estimate of the objects that hold it (the buffer
     * object and the list entry). Linux likewise charges skb truesize, not just the data, so that a flood of tiny
     * fragments is bounded too.
     */
    public static final int FRAGMENT_OVERHEAD_BYTES = 128;

    /*
     * ECN (RFC 3168 section 5.3), the way Linux ip_frag_ecn_table applies it: fragments that mix Not-ECT with any
     * ECN-capable codepoint (ECT(0), ECT(1), CE) drop the datagram; if any fragment carries CE, so does the datagram.
     */
    private static final int ECN_NOT_ECT = 0;
    private static final int ECN_CE = 3;
    private static final int SEEN_NOT_ECT = 1 << ECN_NOT_ECT;
    private static final int SEEN_CE = 1 << ECN_CE;

    private final ByteBufAllocator allocator;
    private final ReassemblerLimits limits;
    private final StackCounters counters;
    /** In creation order, which is also timeout order, since every datagram gets the same timeout. */
    private final Map<ReassemblerKey, ReassemblerDatagram> inFlight = new LinkedHashMap<>();
    private final Ipv4Packet view = new Ipv4Packet();
    private long bytesHeld;
    private boolean closed;

    /**
     * @param allocator allocates the copies of held fragments and the reassembled datagrams
     * @param limits the bounds on datagrams in flight, memory and time
     * @param counters where fragments dropped after being held are counted
     */
    public Reassembler(ByteBufAllocator allocator, ReassemblerLimits limits, StackCounters counters) {
        this.allocator = Objects.requireNonNull(allocator, "allocator");
        this.limits = Objects.requireNonNull(limits, "limits");
        this.counters = Objects.requireNonNull(counters, "counters");
    }

    /**
     * Takes one fragment: holds a copy of it, drops it, or completes its datagram.
     *
     * <p>Precondition: the readable bytes of {@code fragment} start with a validated IPv4 header (length, IHL, total
     * length and header checksum checked: {@link Ipv4Packet#checkLength()} returned {@code null}) of a packet that
     * {@link Ipv4Packet#isFragment() is a fragment}. Bytes after its total length (link padding) are ignored.
     *
     * <p>Ownership: {@code fragment} is borrowed; the reassembler copies what it keeps and leaves the buffer, and its
     * indices, as they were. A completed datagram is a new buffer owned by the caller.
     *
     * @param nowNanos the current {@link System#nanoTime()}: stamps a new datagram, and first expires stale ones
     * @return held, dropped with the reason (not counted, see the class comment), or completed
     */
    public ReassemblerOutcome offer(ByteBuf fragment, long nowNanos) {
        ensureOpen();
        expire(nowNanos);
        Ipv4Packet ip = view.wrap(fragment);
        int headerLength = ip.headerLength();
        int offset = ip.fragmentOffsetBytes();
        int dataLength = ip.payloadLength();
        int end = offset + dataLength;
        boolean last = !ip.moreFragments();
        ReassemblerKey key =
                new ReassemblerKey(ip.sourceAddress(), ip.destinationAddress(), ip.identification(), ip.protocol());
        ReassemblerDatagram datagram = inFlight.get(key);

        // Linux ip_frag_queue() drops it too ("if (end == offset)"); the datagram is kept, as an empty fragment
        // neither helps nor harms it.
        if (dataLength == 0) {
            return ReassemblerOutcome.dropped(DropReason.FRAGMENT_EMPTY);
        }
        // RFC 791: "the fragment must be a multiple of 8 octets" (all but the last).
        if (!last && dataLength % Ipv4Packet.FRAGMENT_OFFSET_UNIT != 0) {
            return discard(datagram, DropReason.FRAGMENT_MISALIGNED);
        }
        if (datagramHeaderLength(datagram, offset, headerLength) + knownEnd(datagram, end)
                > Ipv4Packet.MAX_TOTAL_LENGTH) {
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
        if (datagram != null && mixesNotEctWithEct(datagram.ecnSeen() | 1 << ip.ecn())) {
            return discard(datagram, DropReason.FRAGMENT_ECN_MISMATCH);
        }
        int totalLength = ip.totalLength();
        long cost = (long) totalLength + FRAGMENT_OVERHEAD_BYTES;
        if (datagram == null && inFlight.size() >= limits.maxDatagrams()) {
            return ReassemblerOutcome.dropped(DropReason.REASSEMBLY_DATAGRAM_LIMIT);
        }
        if (bytesHeld + cost > limits.maxBytesHeld()) {
            return ReassemblerOutcome.dropped(DropReason.REASSEMBLY_MEMORY_LIMIT);
        }

        ByteBuf copy = allocator.buffer(totalLength, totalLength);
        copy.writeBytes(fragment, fragment.readerIndex(), totalLength);
        if (datagram == null) {
            datagram = new ReassemblerDatagram(key, nowNanos);
            inFlight.put(key, datagram);
        }
        datagram.insert(index, offset, end, headerLength, ip.ecn(), copy, last, cost);
        bytesHeld += cost;
        if (!datagram.isComplete()) {
            return ReassemblerOutcome.held();
        }
        inFlight.remove(key);
        bytesHeld -= datagram.charged();
        return ReassemblerOutcome.completed(assemble(datagram));
    }

    private static boolean mixesNotEctWithEct(int ecnSeen) {
        return (ecnSeen & SEEN_NOT_ECT) != 0 && (ecnSeen & ~SEEN_NOT_ECT) != 0;
    }

    /** The header length the datagram will have: its first fragment's, or at least the minimum while unknown. */
    private static int datagramHeaderLength(ReassemblerDatagram datagram, int offset, int headerLength) {
        if (offset == 0) {
            return headerLength;
        }
        int first = datagram == null ? 0 : datagram.firstHeaderLength();
        return first != 0 ? first : Ipv4Packet.MIN_HEADER_LENGTH;
    }

    private static int knownEnd(ReassemblerDatagram datagram, int end) {
        return datagram == null ? end : Math.max(end, datagram.knownEnd());
    }

    /**
     * Linux ip_frag_queue(): a last fragment must not end before data already received, nor differ from an earlier last
     * fragment ("If we already have some bits beyond end or have different end, the segment is corrupted"); no
     * fragment may end after the end the last fragment gave ("Some bits beyond end -> corruption").
     */
    private static boolean contradictsLength(ReassemblerDatagram datagram, int end, boolean last) {
        if (datagram.lastReceived()) {
            return end > datagram.knownEnd() || (last && end != datagram.knownEnd());
        }
        return last && end < datagram.knownEnd();
    }

    /** Copies the complete datagram into a new buffer with the header of a datagram that was never fragmented. */
    private ByteBuf assemble(ReassemblerDatagram datagram) {
        int totalLength = datagram.firstHeaderLength() + datagram.knownEnd();
        ByteBuf out = allocator.buffer(totalLength, totalLength);
        boolean success = false;
        try {
            datagram.writeDatagram(out);
            Ipv4Packet ip = view.wrap(out);
            ip.setTotalLength(totalLength);
            // RFC 791: the reassembled header is the first fragment's, with MF clear and offset zero. DF and the
            // reserved bit stay as the first fragment had them.
            ip.setMoreFragments(false);
            ip.setFragmentOffset(0);
            if ((datagram.ecnSeen() & SEEN_CE) != 0) {
                ip.setEcn(ECN_CE);
            }
            ip.fillHeaderChecksum();
            success = true;
            return out;
        } finally {
            datagram.releaseAll();
            if (!success) {
                out.release();
            }
        }
    }

    /** Drops the offered fragment for {@code reason}, and with it the datagram's held fragments, if any (counted). */
    private ReassemblerOutcome discard(ReassemblerDatagram datagram, DropReason reason) {
        if (datagram != null) {
            inFlight.remove(datagram.key());
            dropHeld(datagram, reason);
        }
        return ReassemblerOutcome.dropped(reason);
    }

    private void dropHeld(ReassemblerDatagram datagram, DropReason reason) {
        bytesHeld -= datagram.charged();
        int dropped = datagram.releaseAll();
        for (int i = 0; i < dropped; i++) {
            counters.countHeldDiscarded(reason);
        }
    }

    /** Drops every datagram timed out at {@code nowNanos}, as {@link #expire(long, ReassemblerTimeoutListener)}. */
    public void expire(long nowNanos) {
        expire(nowNanos, null);
    }

    /**
     * Drops every datagram whose first fragment arrived {@link ReassemblerLimits#timeoutNanos()} or more before
     * {@code nowNanos}, counting each of its fragments as {@link DropReason#REASSEMBLY_TIMEOUT}.
     *
     * @param listener told about each such datagram whose fragment at offset 0 had arrived (for ICMP Time Exceeded),
     *     or {@code null}
     */
    public void expire(long nowNanos, ReassemblerTimeoutListener listener) {
        ensureOpen();
        Iterator<ReassemblerDatagram> oldestFirst = inFlight.values().iterator();
        while (oldestFirst.hasNext()) {
            ReassemblerDatagram datagram = oldestFirst.next();
            // Compared as a difference: nanoTime values may wrap (System.nanoTime() javadoc).
            if (nowNanos - datagram.createdNanos() < limits.timeoutNanos()) {
                return;
            }
            oldestFirst.remove();
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

    /** When the oldest datagram times out ({@link System#nanoTime()}), or {@link Long#MAX_VALUE} when none is held. */
    public long nextDeadline() {
        for (ReassemblerDatagram datagram : inFlight.values()) {
            return datagram.createdNanos() + limits.timeoutNanos();
        }
        return Long.MAX_VALUE;
    }

    /** The number of datagrams in reassembly. */
    public int datagramsInFlight() {
        return inFlight.size();
    }

    /**
     * The memory charged for held fragments: for each, its length (header and data) plus {@link
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
        for (ReassemblerDatagram datagram : inFlight.values()) {
            datagram.releaseAll();
        }
        inFlight.clear();
        bytesHeld = 0;
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("reassembler closed");
        }
    }
}
