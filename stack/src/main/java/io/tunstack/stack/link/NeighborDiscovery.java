package io.tunstack.stack.link;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.tunstack.stack.address.MacAddress;
import io.tunstack.stack.config.StackConfig;
import io.tunstack.stack.ip.Transmitter;
import io.tunstack.stack.verdict.DropReason;
import io.tunstack.stack.verdict.Verdict;
import io.tunstack.stack.wire.IpProtocol;
import io.tunstack.stack.wire.Ipv6Packet;
import java.util.Objects;

/**
 * Placeholder for Neighbor Discovery (RFC 4861) with the shared contract's signatures, so that the link layer
 * compiles and runs before the real class lands: it recognises NDP messages and drops them
 * ({@link DropReason#NDP_NOT_SUPPORTED}), and sends no solicitation or advertisement.
 */
public final class NeighborDiscovery {

    /** Router Solicitation, the lowest NDP type (RFC 4861 4.1). */
    private static final int FIRST_TYPE = 133;
    /** Redirect, the highest NDP type (RFC 4861 4.5). */
    private static final int LAST_TYPE = 137;

    public NeighborDiscovery(StackConfig config, HostMacs macs, NeighbourCache cache, ByteBufAllocator allocator) {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(macs, "macs");
        Objects.requireNonNull(cache, "cache");
        Objects.requireNonNull(allocator, "allocator");
    }

    /** Is this IPv6 packet (reader index at the IPv6 header) an NDP message: next header 58, type 133..137. */
    public static boolean isNdp(ByteBuf ipv6Packet) {
        int base = ipv6Packet.readerIndex();
        if (ipv6Packet.readableBytes() <= Ipv6Packet.HEADER_LENGTH) {
            return false;
        }
        int nextHeader = ipv6Packet.getUnsignedByte(base + Ipv6Packet.NEXT_HEADER_FIELD.byteOffset());
        int type = ipv6Packet.getUnsignedByte(base + Ipv6Packet.HEADER_LENGTH);
        return nextHeader == IpProtocol.ICMPV6 && type >= FIRST_TYPE && type <= LAST_TYPE;
    }

    /** Drops every NDP message. */
    public Verdict receive(ByteBuf ipv6Packet, MacAddress frameSource, Transmitter tx) {
        return Verdict.dropped(DropReason.NDP_NOT_SUPPORTED);
    }

    /** Sends nothing. */
    public void solicit(long sourceHigh, long sourceLow, MacAddress sourceMac, long targetHigh, long targetLow,
            Transmitter tx) {
    }

    /** Sends nothing. */
    public void advertise(long high, long low, Transmitter tx) {
    }
}
