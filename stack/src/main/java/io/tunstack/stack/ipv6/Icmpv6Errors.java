package io.tunstack.stack.ipv6;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.tunstack.stack.address.Ipv6Address;
import io.tunstack.stack.config.StackConfig;
import io.tunstack.stack.wire.Checksum;
import io.tunstack.stack.wire.Icmpv6Packet;
import io.tunstack.stack.wire.Icmpv6Type;
import io.tunstack.stack.wire.IpProtocol;
import io.tunstack.stack.wire.Ipv6Packet;

/**
 * Builds the ICMPv6 error messages the IPv6 layer sends (RFC 4443 section 3): a new IPv6 header, the ICMPv6 header
 * with its 32-bit field (a Parameter Problem's pointer, unused otherwise), and "as much of invoking packet as possible
 * without the ICMPv6 packet exceeding the minimum IPv6 MTU" (1280 bytes). Also the rules of RFC 4443 2.4 (e) on when
 * an error may be sent at all.
 */
final class Icmpv6Errors implements AutoCloseable {

    /** Parameter Problem codes (RFC 4443 3.4, RFC 7112 section 7). */
    static final int CODE_ERRONEOUS_HEADER_FIELD = 0;
    static final int CODE_UNRECOGNIZED_NEXT_HEADER = 1;
    static final int CODE_UNRECOGNIZED_OPTION = 2;
    static final int CODE_INCOMPLETE_HEADER_CHAIN = 3;
    /**
     * Destination Unreachable code 3: address unreachable (RFC 4443 3.1), what a router sends when it cannot resolve
     * the destination's link-layer address (Linux ip6_link_failure()).
     */
    static final int CODE_ADDRESS_UNREACHABLE = 3;
    /** Destination Unreachable code 4: port unreachable (RFC 4443 3.1). */
    static final int CODE_PORT_UNREACHABLE = 4;
    /** Time Exceeded code 0: hop limit exceeded in transit (RFC 4443 3.3), what a router sends. */
    static final int CODE_HOP_LIMIT_EXCEEDED_IN_TRANSIT = 0;
    /** Time Exceeded code 1: fragment reassembly time exceeded (RFC 4443 3.3). */
    static final int CODE_FRAGMENT_REASSEMBLY_TIME_EXCEEDED = 1;

    private final ByteBufAllocator allocator;
    private final int maxErrorLength;
    private final Ipv6Packet ip = new Ipv6Packet();
    private final Icmpv6Packet icmp = new Icmpv6Packet();
    /**
     * Where every error is built, allocated at the first and reused, so that an error costs no allocation; {@link
     * #build} returns it retained once for the caller, who releases it before the next.
     */
    private ByteBuf scratch;

    /** @param mtu the link MTU; an error is at most min(mtu, 1280) bytes */
    Icmpv6Errors(ByteBufAllocator allocator, int mtu) {
        this.allocator = allocator;
        this.maxErrorLength = Math.min(mtu, StackConfig.IPV6_MIN_MTU);
    }

    /**
     * RFC 4443 2.4 (e): "An ICMPv6 error message MUST NOT be originated as a result of receiving ... (e.1) an ICMPv6
     * error message ... (e.2) an ICMPv6 redirect message ... (e.3) a packet destined to an IPv6 multicast address
     * (exceptions: Packet Too Big, and a Parameter Problem, code 2, for an option whose action bits are 10) ... (e.6) a
     * packet whose source address does not uniquely identify a single node", such as {@code ::} or a multicast
     * address.
     *
     * @param offending the offending packet, its header whole
     * @param upperLayerType the ICMPv6 type when the packet's last header is ICMPv6 and its type byte was read, else -1
     * @param multicastAllowed whether this error is one of e.3's exceptions
     */
    static boolean mayBeSentFor(Ipv6Packet offending, int upperLayerType, boolean multicastAllowed) {
        if (upperLayerType >= 0 && (Icmpv6Type.isError(upperLayerType) || upperLayerType == Icmpv6Type.REDIRECT)) {
            return false;
        }
        if (Ipv6Address.isMulticast(offending.destinationHigh()) && !multicastAllowed) {
            return false;
        }
        long high = offending.sourceHigh();
        long low = offending.sourceLow();
        return !Ipv6Address.isUnspecified(high, low) && !Ipv6Address.isMulticast(high)
                && !Ipv6Address.isLoopback(high, low) && !Ipv6Address.isV4Mapped(high, low);
    }

    /**
     * Builds an error about {@code offending} (from its base to its end), sent from {@code sourceHigh}:{@code sourceLow}
     * to the offending packet's source. Linux icmp6_send(): hop limit 64 (the ICMPv6 socket's default), traffic class
     * 0, flow label 0.
     *
     * @param field the 32-bit field after the checksum: the pointer of a Parameter Problem, 0 otherwise
     * @return this builder's buffer, retained for the caller, who sends and releases it before the next error
     */
    ByteBuf build(Ipv6Packet offending, long sourceHigh, long sourceLow, int type, int code, int field) {
        return build(offending, sourceHigh, sourceLow, type, code, field, StackConfig.DEFAULT_HOP_LIMIT);
    }

    /** {@link #build(Ipv6Packet, long, long, int, int, int)} with the hop limit {@code hopLimit}. */
    ByteBuf build(Ipv6Packet offending, long sourceHigh, long sourceLow, int type, int code, int field,
            int hopLimit) {
        int headers = Ipv6Packet.HEADER_LENGTH + Icmpv6Packet.HEADER_LENGTH;
        int offendingLength = offending.end() - offending.base();
        int quoted = Math.min(offendingLength, maxErrorLength - headers);
        int icmpLength = Icmpv6Packet.HEADER_LENGTH + quoted;
        int total = Ipv6Packet.HEADER_LENGTH + icmpLength;
        long destinationHigh = offending.sourceHigh();
        long destinationLow = offending.sourceLow();
        if (scratch == null) {
            scratch = allocator.buffer(maxErrorLength, maxErrorLength);
        }
        ByteBuf out = scratch.clear().retain();
        boolean success = false;
        try {
            out.writeZero(total);
            ip.wrap(out, out.readerIndex(), total);
            ip.setFixedHeader(icmpLength, IpProtocol.ICMPV6, hopLimit, sourceHigh, sourceLow, destinationHigh,
                    destinationLow);
            icmp.wrap(out, ip.payloadOffset(), icmpLength);
            icmp.setType(type);
            icmp.setCode(code);
            icmp.setPointer(Integer.toUnsignedLong(field));
            out.setBytes(icmp.base() + Icmpv6Packet.HEADER_LENGTH, offending.buffer(), offending.base(), quoted);
            icmp.fillChecksum(Checksum.ipv6PseudoHeaderSum(sourceHigh, sourceLow, destinationHigh, destinationLow,
                    icmpLength, IpProtocol.ICMPV6));
            success = true;
            return out;
        } finally {
            if (!success) {
                out.release();
            }
        }
    }

    /** Releases the buffer errors are built in. */
    @Override
    public void close() {
        if (scratch != null) {
            scratch.release();
            scratch = null;
        }
    }
}
