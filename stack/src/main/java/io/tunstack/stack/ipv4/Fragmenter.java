package io.tunstack.stack.ipv4;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.tunstack.stack.verdict.Answer;
import io.tunstack.stack.verdict.DropReason;
import io.tunstack.stack.verdict.StackCounters;
import io.tunstack.stack.config.StackConfig;
import io.tunstack.stack.ip.Transmitter;
import io.tunstack.stack.wire.Ipv4Packet;
import java.util.Objects;

/**
 * Sends IPv4 datagrams over a link with an MTU, fragmenting those that do not fit as a host does (RFC 791 section
 * 3.2, "An Example Fragmentation Procedure"; RFC 1122 3.3.3).
 *
 * <p>Each fragment carries the datagram's header with: the same identification; the Fragment Offset in 8-byte units;
 * MF set on all but the last fragment (and on the last too when the datagram was itself a fragment with MF set); a
 * Total Length of its own; and a header checksum of its own. The first fragment carries every option; the others only
 * the options whose copied flag is set (RFC 791: "the option is copied into all fragments on fragmentation"), padded
 * with End of Option List to a multiple of 4 bytes, so their header may be shorter. Every fragment but the last
 * carries as many 8-byte blocks of data as the MTU allows.
 *
 * <p>Fragments are built one at a time in one scratch buffer, allocated on first need and reused: fragmenting
 * allocates nothing in steady state. The scratch buffer is lent to the {@link Transmitter} for each call, which must
 * not keep it (see {@link Transmitter}).
 *
 * <p>Not thread-safe: one instance belongs to one {@link io.tunstack.stack.NetworkStack} and its worker thread.
 */
public final class Fragmenter implements AutoCloseable {


    /** Header lengths are counted in 32-bit words. */
    private static final int HEADER_WORD = 4;

    private final ByteBufAllocator allocator;
    private final int mtu;
    private final StackCounters counters;
    private final Ipv4Packet original = new Ipv4Packet();
    private final Ipv4Packet fragment = new Ipv4Packet();
    /** The header of every fragment after the first: the fixed part and the copied options. */
    private final byte[] laterHeader = new byte[Ipv4Packet.MAX_HEADER_LENGTH];
    private ByteBuf scratch;
    private boolean closed;

    /**
     * @param allocator allocates the scratch buffer, once
     * @param mtu the link MTU, {@value StackConfig#MIN_MTU}..65535: the largest packet handed to the transmitter
     * @param counters where each packet handed to the transmitter is counted
     */
    public Fragmenter(ByteBufAllocator allocator, int mtu, StackCounters counters) {
        if (mtu < StackConfig.MIN_MTU || mtu > Ipv4Packet.MAX_TOTAL_LENGTH) {
            throw new IllegalArgumentException("mtu: " + mtu + " (expected: " + StackConfig.MIN_MTU + ".."
                    + Ipv4Packet.MAX_TOTAL_LENGTH + ")");
        }
        this.allocator = Objects.requireNonNull(allocator, "allocator");
        this.mtu = mtu;
        this.counters = Objects.requireNonNull(counters, "counters");
    }

    /** The link MTU. */
    public int mtu() {
        return mtu;
    }

    /**
     * Sends {@code datagram} through {@code tx}: as it is when its Total Length fits the MTU, otherwise as fragments.
     * Counts each packet handed to {@code tx}: the whole datagram as {@code answer}, or each fragment as a fragment.
     *
     * <p>Ownership: {@code datagram} is borrowed: it is read, never changed nor released.
     *
     * @param datagram a complete IPv4 packet with a valid header at its reader index (as the stack built it)
     * @param answer what the datagram is, for the counters
     * @return {@code null} when sent, or {@link DropReason#FRAGMENTATION_FORBIDDEN} when it does not fit and has DF
     *     set (not counted: the caller counts its drops); nothing was sent then
     */
    public DropReason send(ByteBuf datagram, Answer answer, Transmitter tx) {
        if (closed) {
            throw new IllegalStateException("fragmenter closed");
        }
        Ipv4Packet ip = original.wrap(datagram);
        if (ip.totalLength() <= mtu) {
            tx.transmit(datagram);
            counters.countSent(answer);
            return null;
        }
        return sendInFragments(datagram, ip, tx);
    }

    /** The datagram under {@code ip} does not fit the MTU: sends it as fragments, unless DF forbids it. */
    private DropReason sendInFragments(ByteBuf datagram, Ipv4Packet ip, Transmitter tx) {
        if (ip.dontFragment()) {
            return DropReason.FRAGMENTATION_FORBIDDEN;
        }
        if (scratch == null) {
            scratch = allocator.buffer(mtu, mtu);
        }
        int firstHeaderLength = ip.headerLength();
        int laterHeaderLength = writeLaterHeader(ip);
        int dataLength = ip.payloadLength();
        // A datagram that is itself a fragment (of a larger one) keeps its place: its offset and its MF on the last.
        int baseOffset = ip.fragmentOffsetBytes();
        boolean moreAfterDatagram = ip.moreFragments();
        int sent = 0;
        while (sent < dataLength) {
            int headerLength = sent == 0 ? firstHeaderLength : laterHeaderLength;
            // RFC 791: all fragments but the last carry a multiple of 8 data bytes; round the room down.
            int room = (mtu - headerLength) & -Ipv4Packet.FRAGMENT_OFFSET_UNIT;
            int length = Math.min(room, dataLength - sent);
            boolean more = sent + length < dataLength || moreAfterDatagram;

            scratch.clear();
            if (sent == 0) {
                scratch.writeBytes(datagram, ip.base(), firstHeaderLength);
            } else {
                scratch.writeBytes(laterHeader, 0, laterHeaderLength);
            }
            scratch.writeBytes(datagram, ip.payloadOffset() + sent, length);
            Ipv4Packet out = fragment.wrap(scratch);
            out.setIhl(headerLength / HEADER_WORD);
            out.setTotalLength(headerLength + length);
            out.setMoreFragments(more);
            out.setFragmentOffset((baseOffset + sent) / Ipv4Packet.FRAGMENT_OFFSET_UNIT);
            out.fillHeaderChecksum();
            tx.transmit(scratch);
            counters.countFragmentSent();
            sent += length;
        }
        return null;
    }

    /**
     * Writes the header of the fragments after the first into {@link #laterHeader}: the fixed 20 bytes, then each
     * option whose copied flag is set, then End of Option List padding to a 32-bit boundary. Returns its length.
     *
     * <p>The stack validated the options of what it sends; should they still be malformed (a length below 2, or past
     * the header), the walk stops there and nothing after is copied.
     */
    private int writeLaterHeader(Ipv4Packet ip) {
        ip.buffer().getBytes(ip.base(), laterHeader, 0, Ipv4Packet.MIN_HEADER_LENGTH);
        int length = Ipv4Packet.MIN_HEADER_LENGTH;
        length += Ipv4Options.copyCopiedOptions(ip, laterHeader, length);
        while (length % HEADER_WORD != 0) {
            laterHeader[length++] = Ipv4Options.END_OF_OPTION_LIST;
        }
        return length;
    }

    /** Releases the scratch buffer. The fragmenter must not be used afterwards. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            if (scratch != null) {
                scratch.release();
                scratch = null;
            }
        }
    }
}
