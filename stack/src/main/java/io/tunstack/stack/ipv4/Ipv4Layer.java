package io.tunstack.stack.ipv4;

import io.netty.buffer.ByteBuf;
import io.tunstack.stack.DropReason;
import io.tunstack.stack.StackConfig;
import io.tunstack.stack.StackCounters;
import io.tunstack.stack.StackEnvironment;
import io.tunstack.stack.Transmitter;
import io.tunstack.stack.icmp.IcmpLayer;
import io.tunstack.stack.wire.IpProtocol;
import io.tunstack.stack.wire.Ipv4Address;
import io.tunstack.stack.wire.Ipv4Packet;

/**
 * IPv4 for one {@link io.tunstack.stack.NetworkStack}: validates a datagram from cheap to expensive, applies a host's
 * address rules, reassembles fragments, hands ICMP to the {@link IcmpLayer}, and sends the reply
 * that layer built in place: the IPv4 header turned around in the same buffer, fragmented when it exceeds the MTU.
 *
 * <p>The order is Linux's (net/ipv4/ip_input.c): header checks in ip_rcv_core(); then the route lookup, which drops
 * martian sources and datagrams for other hosts; then (to come) ip_rcv_options(); then reassembly in ip_local_deliver(); then
 * the protocol. Where the RFCs leave a choice, this class does what Linux does, and says so.
 *
 * <p>Buffers: the request is borrowed and rewritten in place; a reassembled datagram is owned here and released
 * before {@link #receive} returns. Single-threaded; the echo path
 * allocates nothing.
 */
public final class Ipv4Layer implements AutoCloseable {

    /** The TTL of the datagrams tunstack sends: Linux's default, {@code net.ipv4.ip_default_ttl = 64}. */
    public static final int DEFAULT_TTL = 64;

    private final StackConfig config;
    private final StackCounters counters;
    private final StackEnvironment environment;
    private final IcmpLayer icmp;
    private final Reassembler reassembler;
    private final Fragmenter fragmenter;
    private final Ipv4Packet ip = new Ipv4Packet();
    /** The source of a reply to a broadcast request (see {@link #replySource}); 0 when nothing is answered. */
    private final int broadcastReplySource;

    public Ipv4Layer(StackConfig config, StackCounters counters, StackEnvironment environment, IcmpLayer icmp) {
        this.config = config;
        this.counters = counters;
        this.environment = environment;
        this.icmp = icmp;
        this.reassembler = new Reassembler(environment.allocator(), config.reassemblyLimits(), counters);
        this.fragmenter = new Fragmenter(environment.allocator(), config.mtu(), counters);
        this.broadcastReplySource = config.answered().isEmpty() ? 0 : config.answered().first();
    }

    /**
     * Processes one IPv4 datagram (the version nibble already read as 4): answers it through {@code tx}, holds it for
     * reassembly, or says why not. Borrows {@code packet}; may rewrite its bytes and indices.
     *
     * @return {@code null} when answered or held, otherwise the drop reason (counted by the caller)
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
        // Integration point for Ipv4Options (validation, Parameter Problem, source routes): options are not checked
        // yet, and turnAround() leaves them out of the reply.
        if (!ip.isFragment()) {
            return deliver(packet, broadcast, tx);
        }
        ReassemblerOutcome outcome = reassembler.offer(packet, environment.nanoClock().getAsLong());
        if (!outcome.isCompleted()) {
            return outcome.dropReason();
        }
        ByteBuf datagram = outcome.datagram();
        try {
            ip.wrap(datagram);
            return deliver(datagram, broadcast, tx);
        } finally {
            datagram.release();
        }
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

    /** Hands a whole datagram (under {@link #ip}) to its protocol, and sends the reply built in its buffer. */
    private DropReason deliver(ByteBuf datagram, boolean broadcast, Transmitter tx) {
        if (ip.protocol() != IpProtocol.ICMP) {
            return DropReason.IPV4_UNSUPPORTED_PROTOCOL;
        }
        DropReason reason = icmp.receive(ip, broadcast);
        if (reason != null) {
            return reason;
        }
        int requestSource = ip.sourceAddress();
        int icmpType = datagram.getUnsignedByte(ip.payloadOffset());
        reason = turnAround(requestSource, replySource(ip.destinationAddress(), broadcast));
        if (reason != null) {
            return reason;
        }
        datagram.setIndex(ip.base(), ip.end());
        reason = fragmenter.send(datagram, tx);
        if (reason == null) {
            counters.countIcmpSent(icmpType);
        }
        return reason;
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
     * Turns the request's header into the reply's, in place: options left out, addresses swapped, TTL 64, a fresh
     * Identification, DF clear, header checksum recomputed. Linux's icmp_reply() sends through a socket that uses
     * IP_PMTUDISC_DONT, so its replies never carry DF, and their id comes from ip_idents (see {@link IpIdentTable}).
     */
    private DropReason turnAround(int requestSource, int replySource) {
        if (ip.optionsLength() > 0) {
            // Integration point for Ipv4Options: until then no option is echoed (Linux echoes Record Route and
            // Timestamp, updated, and drops the rest).
            dropOptions();
        }
        ip.setSourceAddress(replySource);
        ip.setDestinationAddress(requestSource);
        ip.setTtl(DEFAULT_TTL);
        ip.setReservedFlag(false);
        ip.setDontFragment(false);
        ip.setIdentification(environment.ids().nextIdentification(requestSource, replySource, ip.protocol()));
        ip.fillHeaderChecksum();
        return null;
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

    /** Drops every datagram whose reassembly timed out at {@code nowNanos}. */
    public void poll(long nowNanos) {
        reassembler.expire(nowNanos);
    }

    /** Releases the fragments held for reassembly and the fragmenter's scratch buffer. */
    @Override
    public void close() {
        reassembler.close();
        fragmenter.close();
    }
}
