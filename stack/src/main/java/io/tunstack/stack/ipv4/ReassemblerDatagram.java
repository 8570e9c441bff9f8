package io.tunstack.stack.ipv4;

import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;

/**
 * One datagram in reassembly: the fragments received so far, sorted by offset and never overlapping, and what they say
 * about the datagram's length. Offsets and ends are byte positions in the datagram's data (after the IP header).
 *
 * <p>RFC 815 keeps a list of holes; here the fragments are kept sorted by offset instead, and since overlapping data
 * is refused, the datagram is complete when the bytes received add up to its length, as in Linux.
 *
 * <p>It owns the fragment copies it holds until {@link #releaseAll()} or until {@link #writeData} has copied them out
 * and {@link #releaseAll()} is called.
 */
final class ReassemblerDatagram {

    /** {@link #placement}: the fragment's data was all received already. */
    static final int DUPLICATE = -1;
    /** {@link #placement}: the fragment partly overlaps data already received. */
    static final int OVERLAP = -2;

    /** One received fragment: a copy of the whole packet, header included, and where its data goes. */
    private record Held(int offset, int end, int headerLength, ByteBuf packet) {
    }

    private final ReassemblerKey key;
    private final long createdNanos;
    private final List<Held> fragments = new ArrayList<>(4);
    private int knownEnd;
    private boolean lastReceived;
    private int dataReceived;
    private long charged;
    /** One bit per ECN codepoint seen in the fragments held: {@code 1 << ecn}, as Linux's IPFRAG_ECN_* flags. */
    private int ecnSeen;

    ReassemblerDatagram(ReassemblerKey key, long createdNanos) {
        this.key = key;
        this.createdNanos = createdNanos;
    }

    ReassemblerKey key() {
        return key;
    }

    /** The time of the first fragment: the timeout runs from here and is not restarted by later fragments (Linux). */
    long createdNanos() {
        return createdNanos;
    }

    /** The end of the data as far as known: exact once the last fragment arrived, else the largest end seen. */
    int knownEnd() {
        return knownEnd;
    }

    boolean lastReceived() {
        return lastReceived;
    }

    /** The header length of the fragment at offset 0, or 0 while it has not arrived. */
    int firstHeaderLength() {
        return hasFirst() ? fragments.get(0).headerLength() : 0;
    }

    int fragmentCount() {
        return fragments.size();
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
        if (index == fragments.size() || fragments.get(index).offset() >= end) {
            return index;
        }
        Held covering = fragments.get(index);
        if (covering.offset() > offset) {
            return OVERLAP;
        }
        int covered = covering.end();
        for (int next = index + 1; covered < end; next++) {
            if (next == fragments.size() || fragments.get(next).offset() != covered) {
                return OVERLAP;
            }
            covered = fragments.get(next).end();
        }
        return DUPLICATE;
    }

    /** Binary search: the index of the first fragment whose data ends after {@code offset}, or the size. */
    private int firstEndingAfter(int offset) {
        int low = 0;
        int high = fragments.size();
        while (low < high) {
            int middle = (low + high) >>> 1;
            if (fragments.get(middle).end() <= offset) {
                low = middle + 1;
            } else {
                high = middle;
            }
        }
        return low;
    }

    /**
     * Takes ownership of {@code packet}, a fragment whose data {@code [offset, end)} starts {@code headerLength} bytes
     * into it, at the index {@link #placement} returned.
     */
    void insert(int index, int offset, int end, int headerLength, int ecn, ByteBuf packet, boolean last, long cost) {
        fragments.add(index, new Held(offset, end, headerLength, packet));
        ecnSeen |= 1 << ecn;
        dataReceived += end - offset;
        charged += cost;
        if (last) {
            lastReceived = true;
            knownEnd = end;
        } else {
            knownEnd = Math.max(knownEnd, end);
        }
    }

    private boolean hasFirst() {
        return !fragments.isEmpty() && fragments.get(0).offset() == 0;
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

    /** The first fragment's packet (header at its reader index), or {@code null} while it has not arrived. */
    ByteBuf firstFragment() {
        return hasFirst() ? fragments.get(0).packet() : null;
    }

    /** Appends the first fragment's header, then all the data in order, to {@code out} (once complete). */
    void writeDatagram(ByteBuf out) {
        Held first = fragments.get(0);
        out.writeBytes(first.packet(), first.packet().readerIndex(), first.headerLength());
        for (Held held : fragments) {
            ByteBuf packet = held.packet();
            out.writeBytes(packet, packet.readerIndex() + held.headerLength(), held.end() - held.offset());
        }
    }

    /** Releases every fragment held; returns how many there were. */
    int releaseAll() {
        int count = fragments.size();
        for (Held held : fragments) {
            held.packet().release();
        }
        fragments.clear();
        charged = 0;
        return count;
    }
}
