package io.tunstack.stack.ipv4;

import io.netty.buffer.ByteBuf;
import io.tunstack.stack.fragment.FragmentDescriptor;
import io.tunstack.stack.fragment.FragmentFamily;
import io.tunstack.stack.fragment.Reassembler;
import io.tunstack.stack.wire.Ipv4Packet;

/**
 * IPv4's part in reassembly: how a fragment is described (RFC 791 section 3.2: source, destination, identification
 * and protocol key it) and how the reassembled datagram's header is made from the first fragment's.
 *
 * <p>One instance per {@link Reassembler}: it keeps a view for its own use and is not thread-safe.
 */
public final class Ipv4FragmentFamily implements FragmentFamily {

    /** RFC 3168: Congestion Experienced. */
    private static final int ECN_CE = 3;

    private final Ipv4Packet view = new Ipv4Packet();

    /**
     * Describes the fragment under {@code ip} into {@code into} (and returns it). Precondition: {@code ip} passed
     * {@link Ipv4Packet#checkLength()} and {@link Ipv4Packet#isFragment() is a fragment}. Bytes after its Total Length
     * (link padding) are not part of the fragment.
     */
    public static FragmentDescriptor describe(Ipv4Packet ip, FragmentDescriptor into) {
        return into.key(Ipv4Packet.VERSION, 0, Integer.toUnsignedLong(ip.sourceAddress()), 0,
                        Integer.toUnsignedLong(ip.destinationAddress()), ip.identification(), ip.protocol())
                .placement(ip.fragmentOffsetBytes(), ip.payloadLength(), ip.moreFragments())
                .bytes(ip.base(), ip.headerLength(), ip.payloadOffset())
                .ecn(ip.ecn())
                .nextHeader(FragmentDescriptor.NO_NEXT_HEADER, FragmentDescriptor.NO_NEXT_HEADER);
    }

    @Override
    public int tag() {
        return Ipv4Packet.VERSION;
    }

    /** Total Length counts the header: 65,535 minus the header is left for data. */
    @Override
    public int maxDataLength(int headersLength) {
        return Ipv4Packet.MAX_TOTAL_LENGTH - headersLength;
    }

    @Override
    public int minimumHeadersLength() {
        return Ipv4Packet.MIN_HEADER_LENGTH;
    }

    /**
     * RFC 791: the reassembled header is the first fragment's, with the total length of the whole datagram, MF clear
     * and offset zero; the header checksum is recomputed. DF and the reserved bit stay as the first fragment had them
     * (Linux ip_frag_reasm()).
     */
    @Override
    public void rebuildHeaders(ByteBuf datagram, int headersLength, int nextHeaderOffset, int nextHeader,
            boolean congestionExperienced) {
        Ipv4Packet ip = view.wrap(datagram);
        ip.setTotalLength(datagram.readableBytes());
        ip.setMoreFragments(false);
        ip.setFragmentOffset(0);
        if (congestionExperienced) {
            ip.setEcn(ECN_CE);
        }
        ip.fillHeaderChecksum();
    }
}
