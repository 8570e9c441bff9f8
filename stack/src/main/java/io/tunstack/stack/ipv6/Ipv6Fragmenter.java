package io.tunstack.stack.ipv6;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.tunstack.stack.ip.IpIdGenerator;
import io.tunstack.stack.ip.Transmitter;
import io.tunstack.stack.verdict.Answer;
import io.tunstack.stack.verdict.StackCounters;
import io.tunstack.stack.wire.Ipv6FragmentHeader;
import io.tunstack.stack.wire.Ipv6Packet;

/**
 * Sends an IPv6 packet whole when it fits the link MTU, otherwise in fragments (RFC 8200 4.5): each fragment is the
 * unfragmentable part (the IPv6 header: the packets tunstack sends carry no extension header), a Fragment header with
 * the original Next Header, the offset in 8-octet units, the M flag and one Identification for all fragments, and a
 * piece of the fragmentable part, "an integer multiple of 8 octets long" but for the last. Linux does the same in
 * ip6_fragment() for a reply larger than the device MTU.
 *
 * <p>Buffers: the packet is borrowed; fragments are built one at a time in one scratch buffer owned here, allocated
 * at the first fragmented packet and released by {@link #close()}.
 */
final class Ipv6Fragmenter implements AutoCloseable {

    private final ByteBufAllocator allocator;
    private final int mtu;
    private final IpIdGenerator ids;
    private final StackCounters counters;
    private final Ipv6Packet original = new Ipv6Packet();
    private final Ipv6Packet piece = new Ipv6Packet();
    private final Ipv6FragmentHeader fragmentHeader = new Ipv6FragmentHeader();
    private ByteBuf scratch;

    Ipv6Fragmenter(ByteBufAllocator allocator, int mtu, IpIdGenerator ids, StackCounters counters) {
        this.allocator = allocator;
        this.mtu = mtu;
        this.ids = ids;
        this.counters = counters;
    }

    /**
     * Sends {@code packet} (readable bytes: one IPv6 packet without extension headers) through {@code tx}, counting it
     * as {@code answer} when whole, or each fragment as a fragment. Only a packet that is fragmented takes an
     * Identification from the generator (one for all its fragments, from its addresses, as Linux's
     * ipv6_select_ident()); one that fits costs nothing more.
     */
    void send(ByteBuf packet, Answer answer, Transmitter tx) {
        if (packet.readableBytes() <= mtu) {
            tx.transmit(packet);
            counters.countSent(answer);
            return;
        }
        if (scratch == null) {
            scratch = allocator.buffer(mtu, mtu);
        }
        Ipv6Packet ip = original.wrap(packet, packet.readerIndex(), packet.readableBytes());
        int identification = ids.nextIpv6Identification(ip.sourceHigh(), ip.sourceLow(), ip.destinationHigh(),
                ip.destinationLow());
        int headers = Ipv6Packet.HEADER_LENGTH + Ipv6FragmentHeader.LENGTH;
        int room = (mtu - headers) & -Ipv6FragmentHeader.FRAGMENT_OFFSET_UNIT;
        int dataLength = ip.payloadLength();
        int nextHeader = ip.nextHeader();
        for (int sent = 0; sent < dataLength; ) {
            int length = Math.min(room, dataLength - sent);
            scratch.clear();
            scratch.writeBytes(packet, ip.base(), Ipv6Packet.HEADER_LENGTH);
            scratch.writeZero(Ipv6FragmentHeader.LENGTH);
            scratch.writeBytes(packet, ip.payloadOffset() + sent, length);
            Ipv6Packet out = piece.wrap(scratch, 0, scratch.readableBytes());
            out.setPayloadLength(Ipv6FragmentHeader.LENGTH + length);
            out.setNextHeader(io.tunstack.stack.wire.IpProtocol.IPV6_FRAGMENT);
            Ipv6FragmentHeader fragment = fragmentHeader.wrap(scratch, Ipv6Packet.HEADER_LENGTH,
                    Ipv6FragmentHeader.LENGTH + length);
            fragment.setNextHeader(nextHeader);
            fragment.setFragmentOffset(sent / Ipv6FragmentHeader.FRAGMENT_OFFSET_UNIT);
            fragment.setMoreFragments(sent + length < dataLength);
            fragment.setIdentification(identification);
            tx.transmit(scratch);
            counters.countFragmentSent();
            sent += length;
        }
    }

    @Override
    public void close() {
        if (scratch != null) {
            scratch.release();
            scratch = null;
        }
    }
}
