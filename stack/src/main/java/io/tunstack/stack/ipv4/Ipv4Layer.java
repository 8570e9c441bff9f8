package io.tunstack.stack.ipv4;

import io.netty.buffer.ByteBuf;
import io.tunstack.stack.AddressSet;
import io.tunstack.stack.verdict.DropReason;
import io.tunstack.stack.StackConfig;
import io.tunstack.stack.StackCounters;
import io.tunstack.stack.StackEnvironment;
import io.tunstack.stack.Transmitter;
import io.tunstack.stack.fragment.FragmentDescriptor;
import io.tunstack.stack.fragment.Reassembler;
import io.tunstack.stack.fragment.ReassemblerOutcome;
import io.tunstack.stack.fragment.ReassemblerTimeoutListener;
import io.tunstack.stack.icmp.IcmpError;
import io.tunstack.stack.icmp.IcmpLayer;
import io.tunstack.stack.icmp.IcmpRateLimiter;
import io.tunstack.stack.icmp.PerSourceRateLimiter;
import io.tunstack.stack.wire.Icmpv4Type;
import io.tunstack.stack.wire.IpProtocol;
import io.tunstack.stack.wire.Ipv4Address;
import io.tunstack.stack.wire.Ipv4Packet;

/**
 * IPv4 for one {@link io.tunstack.stack.NetworkStack}: validates a datagram from cheap to expensive, applies a host's
 * address rules, checks options, reassembles fragments, hands ICMP to the {@link IcmpLayer}, and sends the reply
 * that layer built in place: the IPv4 header turned around in the same buffer, fragmented when it exceeds the MTU.
 *
 * <p>The order is Linux's (net/ipv4/ip_input.c): header checks in ip_rcv_core(); then the route lookup, which drops
 * martian sources and datagrams for other hosts; then ip_rcv_options(); then reassembly in ip_local_deliver(); then
 * the protocol. Where the RFCs leave a choice, this class does what Linux does, and says so.
 *
 * <p>Buffers: the request is borrowed and rewritten in place; a reassembled datagram is owned here and released before
 * {@link #receive} returns; ICMP errors are allocated, sent and released at once. Single-threaded; the echo path
 * allocates nothing.
 */
public final class Ipv4Layer implements AutoCloseable {

    /** The TTL of the datagrams tunstack sends: Linux's default, {@code net.ipv4.ip_default_ttl = 64}. */
    public static final int DEFAULT_TTL = 64;

    /** How many sources the optional per-source echo limit remembers. */
    private static final int PER_SOURCE_CAPACITY = 4096;

    private final StackConfig config;
    private final StackCounters counters;
    private final StackEnvironment environment;
    /** {@link StackEnvironment#ids()}, called once per reply. */
    private final IpIdGenerator ids;
    private final IcmpLayer icmp;
    private final Reassembler reassembler;
    /** Filled for each fragment offered to the {@link #reassembler}. */
    private final FragmentDescriptor fragment = new FragmentDescriptor();
    private final Fragmenter fragmenter;
    private final IcmpError errors;
    private final IcmpRateLimiter errorLimiter;
    /** {@code null} unless {@link StackConfig#echoRateLimit()} is set. */
    private final PerSourceRateLimiter echoLimiter;
    private final Ipv4Packet ip = new Ipv4Packet();
    private final TimeExceededSender timeExceeded = new TimeExceededSender();
    /** The source of a reply to a broadcast request (see {@link #replySource}); 0 when nothing is answered. */
    private final int broadcastReplySource;
    /** {@link StackConfig#subnetBroadcast()}, which every datagram's source and destination are compared with. */
    private final int subnetBroadcast;
    /** {@link StackConfig#answered()}: the destinations this stack answers for. */
    private final AddressSet answered;

    public Ipv4Layer(StackConfig config, StackCounters counters, StackEnvironment environment, IcmpLayer icmp) {
        this.config = config;
        this.counters = counters;
        this.environment = environment;
        this.ids = environment.ids();
        this.icmp = icmp;
        this.reassembler = new Reassembler(new Ipv4FragmentFamily(), config.reassemblyLimits(),
                environment.allocator(), counters::countDrop);
        this.fragmenter = new Fragmenter(environment.allocator(), config.mtu(), counters);
        this.errors = new IcmpError(environment.allocator(), environment.ids(), config.mtu());
        this.errorLimiter = new IcmpRateLimiter(config.icmpErrorsPerSecond(), config.icmpErrorBurst(),
                IcmpRateLimiter.DEFAULT_RATE_MASK, environment.nanoClock());
        this.echoLimiter = config.echoRateLimit() == null ? null
                : new PerSourceRateLimiter(PER_SOURCE_CAPACITY, config.echoRateLimit().perSecond(),
                        config.echoRateLimit().burst(), environment.nanoClock());
        this.broadcastReplySource = config.answered().isEmpty() ? 0 : config.answered().first();
        this.subnetBroadcast = config.subnetBroadcast();
        this.answered = config.answered();
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
        // Each address is read once here and passed on; a reassembled datagram has the same addresses (they are part
        // of the reassembly key).
        int source = ip.sourceAddress();
        reason = checkSource(source);
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
            if (!answered.contains(destination)) {
                return DropReason.IPV4_NOT_ANSWERED;
            }
        }
        if (ip.optionsLength() > 0) {
            reason = checkOptions(tx);
            if (reason != null) {
                return reason;
            }
        }
        if (!ip.isFragment()) {
            return deliver(packet, source, destination, broadcast, tx);
        }
        long now = environment.nanoClock().getAsLong();
        // Expire first, with a transmitter at hand for Time Exceeded; offer() would expire silently.
        poll(now, tx);
        ReassemblerOutcome outcome = reassembler.offer(packet, Ipv4FragmentFamily.describe(ip, fragment), now);
        if (!outcome.isCompleted()) {
            return outcome.dropReason();
        }
        ByteBuf datagram = outcome.datagram();
        try {
            ip.wrap(datagram);
            return deliver(datagram, source, destination, broadcast, tx);
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
        if (Ipv4Address.isLimitedBroadcast(source) || source == subnetBroadcast) {
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
        return Ipv4Address.isLimitedBroadcast(destination) || destination == subnetBroadcast;
    }

    /**
     * Linux ip_rcv_options(): malformed options are answered with a Parameter Problem that points at the bad octet
     * (ip_options_compile() sends it), and source-routed datagrams are dropped silently by a host
     * ({@code accept_source_route=0}).
     */
    private DropReason checkOptions(Transmitter tx) {
        int pointer = Ipv4Options.validate(ip);
        if (pointer != Ipv4Options.VALID) {
            if (IcmpError.mayBeSentFor(ip, subnetBroadcast)) {
                sendError(ip, Icmpv4Type.PARAMETER_PROBLEM, IcmpError.CODE_POINTER_INDICATES_ERROR, pointer, tx);
            }
            return DropReason.IPV4_BAD_OPTION;
        }
        if (Ipv4Options.hasSourceRoute(ip)) {
            return DropReason.IPV4_SOURCE_ROUTED;
        }
        return null;
    }

    /**
     * Sends an ICMP error about {@code offending}, if the error rate limit allows (Linux icmpv4_xrlim_allow(): a token
     * bucket, {@code icmp_msgs_per_sec} and {@code icmp_msgs_burst}). The caller has checked
     * {@link IcmpError#mayBeSentFor}; {@code pointer} matters for a Parameter Problem only.
     */
    private void sendError(Ipv4Packet offending, int type, int code, int pointer, Transmitter tx) {
        if (!errorLimiter.tryAcquire(type, code)) {
            counters.countIcmpRateLimited();
            return;
        }
        ByteBuf error;
        switch (type) {
            case Icmpv4Type.PARAMETER_PROBLEM:
                error = errors.parameterProblem(offending, pointer);
                break;
            case Icmpv4Type.TIME_EXCEEDED:
                error = errors.timeExceeded(offending, code);
                break;
            default:
                error = errors.destinationUnreachable(offending, code);
                break;
        }
        try {
            tx.transmit(error);
            counters.countTransmitted();
            counters.countIcmpSent(type);
        } finally {
            error.release();
        }
    }

    /**
     * Hands a whole datagram (under {@link #ip}) to its protocol, and sends the reply built in its buffer.
     * {@code source} and {@code destination} are the datagram's addresses, as {@link #receive} read them.
     */
    private DropReason deliver(ByteBuf datagram, int source, int destination, boolean broadcast, Transmitter tx) {
        if (ip.protocol() != IpProtocol.ICMP) {
            // RFC 1122 3.2.2.1: "A host SHOULD generate Destination Unreachable messages with code: 2 (Protocol
            // Unreachable), when the designated transport protocol is not supported". tunstack speaks no transport
            // protocol (Linux, which does, answers UDP with Port Unreachable and TCP with a reset instead); the
            // error rules of RFC 1122 3.2.2 (never about broadcasts, errors, later fragments...) apply.
            if (IcmpError.mayBeSentFor(ip, subnetBroadcast)) {
                sendError(ip, Icmpv4Type.DESTINATION_UNREACHABLE, IcmpError.CODE_PROTOCOL_UNREACHABLE, 0, tx);
            }
            return DropReason.IPV4_UNSUPPORTED_PROTOCOL;
        }
        DropReason reason = icmp.receive(ip, broadcast);
        if (reason != null) {
            return reason;
        }
        // Echo replies are not rate limited by default (Linux icmp_ratemask leaves type 0 out); the optional
        // per-source limit protects against floods.
        if (echoLimiter != null && !echoLimiter.tryAcquire(source)) {
            return DropReason.RATE_LIMITED;
        }
        int icmpType = datagram.getUnsignedByte(ip.payloadOffset());
        reason = turnAround(source, replySource(destination, broadcast));
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
     * Turns the request's header into the reply's, in place: options echoed as Linux's ip_options_echo() does (Record
     * Route and Timestamp updated, the rest left out), addresses swapped, TTL 64, a fresh Identification, DF clear,
     * header checksum recomputed. Linux's icmp_reply() sends through a socket that uses IP_PMTUDISC_DONT, so its
     * replies never carry DF, and their id comes from ip_idents (see {@link IpIdentTable}).
     */
    private DropReason turnAround(int requestSource, int replySource) {
        if (ip.optionsLength() > 0) {
            int now = Ipv4Options.msSinceMidnightUt(environment.wallClock().millis());
            if (!Ipv4Options.updateForEchoReply(ip, replySource, now)) {
                return DropReason.IPV4_OPTIONS_NO_ROOM_FOR_REPLY;
            }
        }
        ip.setSourceAddress(replySource);
        ip.setDestinationAddress(requestSource);
        ip.setTtl(DEFAULT_TTL);
        ip.clearReservedAndDontFragment();
        // Only ICMP is turned around (deliver() answers nothing else), so the protocol need not be read again.
        ip.setIdentification(ids.nextIdentification(requestSource, replySource, IpProtocol.ICMP));
        ip.fillHeaderChecksum();
        return null;
    }

    /** Drops every datagram whose reassembly timed out at {@code nowNanos}, silently. */
    public void poll(long nowNanos) {
        reassembler.expire(nowNanos, null);
    }

    /**
     * When {@link #poll} next has something to do: the {@link System#nanoTime()} of the earliest reassembly timeout,
     * or {@link Long#MAX_VALUE} when no fragment is held (see {@link Reassembler#nextDeadline()}).
     */
    public long nextDeadline() {
        return reassembler.nextDeadline();
    }

    /**
     * Drops every datagram whose reassembly timed out at {@code nowNanos}, and sends Time Exceeded, code 1, through
     * {@code tx} for each whose first fragment had arrived. RFC 1122 3.3.2: "If the reassembly timeout expires, the
     * partially-reassembled datagram MUST be discarded and an ICMP Time Exceeded message sent to the source host (if
     * fragment zero has been received)." Linux does so in ip_expire().
     */
    public void poll(long nowNanos, Transmitter tx) {
        timeExceeded.tx = tx;
        try {
            reassembler.expire(nowNanos, timeExceeded);
        } finally {
            timeExceeded.tx = null;
        }
    }

    /** Sends Time Exceeded for a timed-out datagram; holds the transmitter only for one {@link #poll} call. */
    private final class TimeExceededSender implements ReassemblerTimeoutListener {
        private final Ipv4Packet firstFragment = new Ipv4Packet();
        private Transmitter tx;

        @Override
        public void firstFragmentTimedOut(ByteBuf fragment) {
            Ipv4Packet offending = firstFragment.wrap(fragment);
            if (IcmpError.mayBeSentFor(offending, subnetBroadcast)) {
                sendError(offending, Icmpv4Type.TIME_EXCEEDED, IcmpError.CODE_FRAGMENT_REASSEMBLY_TIME_EXCEEDED, 0,
                        tx);
            }
        }
    }

    /** Releases the fragments held for reassembly and the fragmenter's scratch buffer. */
    @Override
    public void close() {
        reassembler.close();
        fragmenter.close();
    }
}
