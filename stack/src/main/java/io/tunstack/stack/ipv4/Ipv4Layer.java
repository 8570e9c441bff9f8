package io.tunstack.stack.ipv4;

import io.netty.buffer.ByteBuf;
import io.tunstack.stack.DropReason;
import io.tunstack.stack.StackConfig;
import io.tunstack.stack.StackCounters;
import io.tunstack.stack.Transmitter;
import io.tunstack.stack.icmp.IcmpLayer;
import io.tunstack.stack.wire.IpProtocol;
import io.tunstack.stack.wire.Ipv4Address;
import io.tunstack.stack.wire.Ipv4Packet;

/**
 * IPv4 input for one {@link io.tunstack.stack.NetworkStack}: validates a datagram from cheap to expensive, applies
 * a host's address rules, hands ICMP to the {@link IcmpLayer}, and turns an ICMP reply built in place into an IPv4
 * reply datagram, in the same buffer.
 *
 * <p>Where the RFCs leave a choice, this class does what Linux does (net/ipv4/ip_input.c, route.c, icmp.c), and says
 * so. Single-threaded; no allocation per packet (the views are reused).
 */
public final class Ipv4Layer {

    /** The TTL of the datagrams tunstack sends: Linux's default, {@code net.ipv4.ip_default_ttl = 64}. */
    public static final int DEFAULT_TTL = 64;

    private final StackConfig config;
    private final StackCounters counters;
    private final IpIdGenerator ids;
    private final IcmpLayer icmp;
    private final Ipv4Packet ip = new Ipv4Packet();
    /** The source of a reply to a broadcast request (see {@link #replySource}); 0 when nothing is answered. */
    private final int broadcastReplySource;

    public Ipv4Layer(StackConfig config, StackCounters counters, IpIdGenerator ids, IcmpLayer icmp) {
        this.config = config;
        this.counters = counters;
        this.ids = ids;
        this.icmp = icmp;
        this.broadcastReplySource = config.answered().isEmpty() ? 0 : config.answered().first();
    }

    /**
     * Processes one IPv4 datagram (the version nibble already read as 4): answers it in place through {@code tx}, or
     * says why not. Borrows {@code packet}; may rewrite its bytes and indices.
     *
     * @return {@code null} when answered, otherwise the drop reason (counted by the caller)
     */
    public DropReason receive(ByteBuf packet, Transmitter tx) {
        ip.wrap(packet);
        // Length first: after checkLength() no accessor can throw (the view's contract). Bytes beyond Total Length
        // are link padding and are ignored: the datagram ends at ip.end().
        DropReason reason = ip.checkLength();
        if (reason != null) {
            return reason;
        }
        // RFC 1122 3.2.1.2: "A host MUST verify the IP header checksum on every received datagram and silently
        // discard every datagram that has a bad checksum."
        if (!ip.verifyHeaderChecksum()) {
            return DropReason.IPV4_BAD_HEADER_CHECKSUM;
        }
        // Deliberately not checked, as in Linux: the TTL (a host does not forward, so any TTL reaches it), the
        // reserved flag, DSCP and ECN.
        reason = checkSource(ip.sourceAddress());
        if (reason != null) {
            return reason;
        }
        int destination = ip.destinationAddress();
        boolean broadcast = isBroadcast(destination);
        if (!broadcast) {
            if (Ipv4Address.isMulticast(destination)) {
                return DropReason.IPV4_DESTINATION_MULTICAST;
            }
            // RFC 1122 3.2.1.3: a host accepts datagrams for "one of its IP addresses"; the kernel routes the whole
            // subnet to the device, and tunstack is only some of the hosts on it.
            if (!config.answered().contains(destination)) {
                return DropReason.IPV4_NOT_ANSWERED;
            }
        }
        // Integration point for fragment reassembly: until a Reassembler is wired in, fragments are dropped.
        if (ip.isFragment()) {
            return DropReason.IPV4_FRAGMENT_UNSUPPORTED;
        }
        if (ip.protocol() != IpProtocol.ICMP) {
            return DropReason.IPV4_UNSUPPORTED_PROTOCOL;
        }
        reason = icmp.receive(ip, broadcast);
        if (reason != null) {
            return reason;
        }
        int icmpType = packet.getUnsignedByte(ip.payloadOffset());
        turnAround(replySource(destination, broadcast));
        packet.setIndex(ip.base(), ip.end());
        tx.transmit(packet);
        counters.countTransmitted();
        counters.countIcmpSent(icmpType);
        return null;
    }

    /**
     * RFC 1122 3.2.1.3: "A host MUST silently discard an incoming datagram containing an IP source address that is
     * invalid by the rules of this section." Linux drops the same sources as martians in ip_route_input_slow().
     */
    private DropReason checkSource(int source) {
        if (Ipv4Address.isThisNetwork(source)) {
            return DropReason.IPV4_SOURCE_UNSPECIFIED;
        }
        if (Ipv4Address.isLimitedBroadcast(source) || source == config.subnetBroadcast()) {
            return DropReason.IPV4_SOURCE_BROADCAST;
        }
        if (Ipv4Address.isMulticast(source)) {
            return DropReason.IPV4_SOURCE_MULTICAST;
        }
        if (Ipv4Address.isClassE(source)) {
            return DropReason.IPV4_SOURCE_CLASS_E;
        }
        if (Ipv4Address.isLoopback(source) && !config.acceptLoopbackSource()) {
            return DropReason.IPV4_SOURCE_LOOPBACK;
        }
        return null;
    }

    private boolean isBroadcast(int destination) {
        return Ipv4Address.isLimitedBroadcast(destination) || destination == config.subnetBroadcast();
    }

    /**
     * RFC 1122 3.2.2.6: "The IP source address in an ICMP Echo Reply MUST be the same as the specific-destination
     * address ... of the corresponding ICMP Echo Request message." For a request to a broadcast address, RFC 1122
     * 3.2.1.3 forbids a broadcast source, and Linux answers from one of its own addresses (inet_select_addr); tunstack
     * answers once, from the lowest address it answers for.
     */
    private int replySource(int destination, boolean broadcast) {
        return broadcast ? broadcastReplySource : destination;
    }

    /**
     * Turns the request's header into the reply's, in place: options dropped, addresses swapped, TTL 64, a fresh
     * Identification, DF clear, header checksum recomputed. Linux's icmp_reply() sends through a socket that uses
     * IP_PMTUDISC_DONT, so its replies never carry DF, and their id comes from ip_idents (see {@link IpIdentTable}).
     */
    private void turnAround(int replySource) {
        int requestSource = ip.sourceAddress();
        if (ip.optionsLength() > 0) {
            // Integration point for Ipv4Options: until then no option is echoed (Linux echoes Record Route,
            // Timestamp and source routes; it drops the rest).
            dropOptions();
        }
        ip.setSourceAddress(replySource);
        ip.setDestinationAddress(requestSource);
        ip.setTtl(DEFAULT_TTL);
        ip.setReservedFlag(false);
        ip.setDontFragment(false);
        ip.setIdentification(ids.nextIdentification(requestSource, replySource, ip.protocol()));
        ip.fillHeaderChecksum();
    }

    /**
     * Removes the options by moving the 20-byte fixed header forward over them (the payload stays where it is), then
     * re-wraps the view at the new base with IHL 5 and the shorter Total Length.
     */
    private void dropOptions() {
        ByteBuf buffer = ip.buffer();
        int oldBase = ip.base();
        int optionsLength = ip.optionsLength();
        int newBase = oldBase + optionsLength;
        int totalLength = ip.totalLength() - optionsLength;
        for (int i = Ipv4Packet.MIN_HEADER_LENGTH - 1; i >= 0; i--) {
            buffer.setByte(newBase + i, buffer.getByte(oldBase + i));
        }
        ip.wrap(buffer, newBase, ip.bytesRead() - optionsLength);
        ip.setIhl(Ipv4Packet.MIN_HEADER_LENGTH / 4);
        ip.setTotalLength(totalLength);
    }
}
