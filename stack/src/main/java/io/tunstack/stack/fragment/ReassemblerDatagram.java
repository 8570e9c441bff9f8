package io.tunstack.stack.fragment;

import io.netty.buffer.ByteBuf;
import java.util.Arrays;

/**
 * One datagram in reassembly: its key, the fragments received so far, sorted by offset and never overlapping, and
 * what they say about the datagram's length. Offsets and ends are byte positions in the datagram's data (after the
 * headers the datagram keeps).
 *
 * <p>RFC 815 keeps a list of holes; here the fragments are kept sorted by offset instead, and since overlapping data
 * is refused, the datagram is complete when the bytes received add up to its length, as in Linux
 * (inet_frag_queue_insert(), "meat == len").
 *
 * <p>Instances are recycled by the {@link Reassembler}: the fragment arrays keep their capacity, and the links of
 * the reassembler's hash table and age list live here, so that holding a fragment allocates nothing but its copy.
 * It owns the fragment copies it holds until {@link #releaseAll()}.
 */
final class ReassemblerDatagram {

    /** {@link #placement}: the fragment's data was all received already. */
    static final int DUPLICATE = -1;
    /** {@link #placement}: the fragment partly overlaps data already received. */
    static final int OVERLAP = -2;

    private static final int INITIAL_CAPACITY = 4;

    // The key, copied from the descriptor of the datagram's first-arrived fragment.
    long sourceHigh;
    long sourceLow;
    long destinationHigh;
    long destinationLow;
    int identification;
    int protocol;
    int hash;

    /** The next datagram in the same hash bucket, or in the reassembler's list of spare instances. */
    ReassemblerDatagram nextInBucket;
    /** The neighbours in the reassembler's age list (oldest first). */
    ReassemblerDatagram older;
    ReassemblerDatagram newer;

    private long deadlineNanos;
    /** Per held fragment, sorted by offset: its data range, where its data starts in its copy, and the copy. */
    private int[] offsets = new int[INITIAL_CAPACITY];
    private int[] ends = new int[INITIAL_CAPACITY];
    private int[] dataStarts = new int[INITIAL_CAPACITY];
    private ByteBuf[] packets = new ByteBuf[INITIAL_CAPACITY];
    private int count;
    private int knownEnd;
    private boolean lastReceived;
    private int dataReceived;
    private long charged;
    /** One bit per ECN codepoint seen in the fragments held: {@code 1 << ecn}, as Linux's IPFRAG_ECN_* flags. */
    private int ecnSeen;
    // What the first fragment (offset 0) said about the headers; headersLength 0 while it has not arrived.
    private int firstHeadersLength;
    private int firstNextHeaderOffset;
    private int firstNextHeader;

    /** Makes this (new or recycled, empty) instance the datagram of {@code fragment}'s key. */
    void start(FragmentDescriptor fragment, int hash, long deadlineNanos) {
        sourceHigh = fragment.sourceHigh();
        sourceLow = fragment.sourceLow();
        destinationHigh = fragment.destinationHigh();
        destinationLow = fragment.destinationLow();
        identification = fragment.identification();
        protocol = fragment.protocol();
        this.hash = hash;
        this.deadlineNanos = deadlineNanos;
    }

    /** When the datagram times out: its first fragment's arrival plus the timeout; later fragments do not move it. */
    long deadlineNanos() {
        return deadlineNanos;
    }

    /** The end of the data as far as known: exact once the last fragment arrived, else the largest end seen. */
    int knownEnd() {
        return knownEnd;
    }

    boolean lastReceived() {
        return lastReceived;
    }

    /** The headers length of the fragment at offset 0, or 0 while it has not arrived. */
    int firstHeadersLength() {
        return firstHeadersLength;
    }

    int firstNextHeaderOffset() {
        return firstNextHeaderOffset;
    }

    int firstNextHeader() {
        return firstNextHeader;
    }

    int fragmentCount() {
        return count;
    }

    /** The memory charged for the fragments held, as {@link Reassembler#bytesHeld()} counts it. */
    long charged() {
        return charged;
    }

    /**
     * Where data {@code [offset, end)} goes: the index to insert it at, or {@link #DUPLICATE} when all of it was
     * received already, or {@link #OVERLAP} when it covers some data received already and some not.
     *
     * <p>Linux (inet_frag_queue_insert) calls a fragment a duplicate when it lies within one "run" of adjacent
     * fragments, and an overlap otherwise. Its runs depend on arrival order (only fragments appended at the tail join a
     * run); here any contiguous received data counts as one run, so the verdict does not depend on arrival order.
     */
    int placement(int offset, int end) {
        int index = firstEndingAfter(offset);
        if (index == count || offsets[index] >= end) {
            return index;
        }
        if (offsets[index] > offset) {
            return OVERLAP;
        }
        int covered = ends[index];
        for (int next = index + 1; covered < end; next++) {
            if (next == count || offsets[next] != covered) {
                return OVERLAP;
            }
            covered = ends[next];
        }
        return DUPLICATE;
    }

    /** Binary search: the index of the first fragment whose data ends after {@code offset}, or the count. */
    private int firstEndingAfter(int offset) {
        int low = 0;
        int high = count;
        while (low < high) {
            int middle = (low + high) >>> 1;
            if (ends[middle] <= offset) {
                low = middle + 1;
            } else {
                high = middle;
            }
        }
        return low;
    }

    /**
     * Takes ownership of {@code packet}, the copy of {@code fragment} (from its first header byte), at the index
     * {@link #placement} returned.
     */
    void insert(int index, FragmentDescriptor fragment, ByteBuf packet, long cost) {
        if (count == packets.length) {
            grow();
        }
        int moved = count - index;
        System.arraycopy(offsets, index, offsets, index + 1, moved);
        System.arraycopy(ends, index, ends, index + 1, moved);
        System.arraycopy(dataStarts, index, dataStarts, index + 1, moved);
        System.arraycopy(packets, index, packets, index + 1, moved);
        int offset = fragment.offset();
        int end = fragment.end();
        offsets[index] = offset;
        ends[index] = end;
        dataStarts[index] = fragment.dataIndex() - fragment.packetIndex();
        packets[index] = packet;
        count++;
        ecnSeen |= 1 << fragment.ecn();
        dataReceived += end - offset;
        charged += cost;
        if (offset == 0) {
            firstHeadersLength = fragment.headersLength();
            firstNextHeaderOffset = fragment.nextHeaderOffset();
            firstNextHeader = fragment.nextHeader();
        }
        if (!fragment.moreFragments()) {
            lastReceived = true;
            knownEnd = end;
        } else {
            knownEnd = Math.max(knownEnd, end);
        }
    }

    private void grow() {
        int capacity = packets.length * 2;
        offsets = Arrays.copyOf(offsets, capacity);
        ends = Arrays.copyOf(ends, capacity);
        dataStarts = Arrays.copyOf(dataStarts, capacity);
        packets = Arrays.copyOf(packets, capacity);
    }

    private boolean hasFirst() {
        return count != 0 && offsets[0] == 0;
    }

    /**
     * Whether every byte arrived: the first and last fragments are in, and, since held fragments never overlap, the
     * data received adds up to the length (Linux: FIRST_IN and LAST_IN and meat == len).
     */
    boolean isComplete() {
        return lastReceived && hasFirst() && dataReceived == knownEnd;
    }

    /** The ECN codepoints seen in the fragments held, one bit each ({@code 1 << ecn}). */
    int ecnSeen() {
        return ecnSeen;
    }

    /** The first fragment's packet as received (header at its reader index), or {@code null} while it is missing. */
    ByteBuf firstFragment() {
        return hasFirst() ? packets[0] : null;
    }

    /** The length of the reassembled datagram (once complete): the first fragment's headers and all the data. */
    int datagramLength() {
        return firstHeadersLength + knownEnd;
    }

    /** Appends the first fragment's headers, then all the data in order, to {@code out} (once complete). */
    void writeDatagram(ByteBuf out) {
        ByteBuf first = packets[0];
        out.writeBytes(first, first.readerIndex(), firstHeadersLength);
        for (int i = 0; i < count; i++) {
            ByteBuf packet = packets[i];
            out.writeBytes(packet, packet.readerIndex() + dataStarts[i], ends[i] - offsets[i]);
        }
    }

    /** Releases every fragment held and forgets the datagram, ready for reuse; returns how many were held. */
    int releaseAll() {
        int released = count;
        for (int i = 0; i < count; i++) {
            packets[i].release();
            packets[i] = null;
        }
        count = 0;
        knownEnd = 0;
        lastReceived = false;
        dataReceived = 0;
        charged = 0;
        ecnSeen = 0;
        firstHeadersLength = 0;
        firstNextHeaderOffset = 0;
        firstNextHeader = 0;
        nextInBucket = null;
        older = null;
        newer = null;
        return released;
    }
}
