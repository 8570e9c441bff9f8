package io.tunstack.stack.ipv4;

import io.netty.buffer.ByteBuf;
import io.tunstack.stack.address.AddressSet;
import io.tunstack.stack.address.IpFamily;
import io.tunstack.stack.address.Ipv4Address;
import io.tunstack.stack.config.StackConfig;
import io.tunstack.stack.config.StackEnvironment;
import io.tunstack.stack.fragment.FragmentDescriptor;
import io.tunstack.stack.fragment.Reassembler;
import io.tunstack.stack.fragment.ReassemblerOutcome;
import io.tunstack.stack.fragment.ReassemblerTimeoutListener;
import io.tunstack.stack.ip.Datagram;
import io.tunstack.stack.ip.DatagramOutput;
import io.tunstack.stack.ip.IpIdGenerator;
import io.tunstack.stack.ip.ProtocolHandler;
import io.tunstack.stack.ip.ProtocolTable;
import io.tunstack.stack.ip.Rejection;
import io.tunstack.stack.ip.Transmitter;
import io.tunstack.stack.limit.IcmpRateLimiter;
import io.tunstack.stack.limit.PerSourceRateLimiter;
import io.tunstack.stack.profile.HostBehaviour;
import io.tunstack.stack.profile.ProfileSource;
import io.tunstack.stack.profile.ProfileTable;
import io.tunstack.stack.profile.VirtualRouters;
import io.tunstack.stack.verdict.Answer;
import io.tunstack.stack.verdict.DropReason;
import io.tunstack.stack.verdict.StackCounters;
import io.tunstack.stack.verdict.Verdict;
import io.tunstack.stack.wire.Icmpv4Type;
import io.tunstack.stack.wire.IpProtocol;
import io.tunstack.stack.wire.Ipv4Packet;
import java.util.concurrent.TimeUnit;

/**
 * IPv4 for one {@link io.tunstack.stack.NetworkStack}: validates a datagram from cheap to expensive, applies a host's
 * address rules, checks options, reassembles fragments, delivers the datagram to its protocol's handler through the
 * {@link ProtocolTable}, and sends what the handler built in place: the IPv4 header turned around in the same
 * buffer, fragmented when it exceeds the MTU. A handler's {@link Rejection} becomes the ICMP error IPv4 sends.
 *
 * <p>The order is Linux's (net/ipv4/ip_input.c): header checks in ip_rcv_core(); then the route lookup, which drops
 * martian sources and datagrams for other hosts; then ip_rcv_options(); then reassembly in ip_local_deliver(); then
 * the protocol. Where the RFCs leave a choice, this class does what Linux does, and says so.
 *
 * <p>A destination with a profile ({@link StackConfig#profiles()}) goes through {@link HostBehaviour} before its
 * handler: virtual routers, outages, loss and rate may stop it there, and its answer leaves with the profile's TTL,
 * delay and duplicates; held answers leave later through {@link #output}. A table without profiles costs one lookup of
 * the table per datagram.
 *
 * <p>Buffers: the request is borrowed and rewritten in place; a reassembled datagram is owned here and released before
 * {@link #receive} returns; ICMP errors are allocated, sent and released at once. Single-threaded; the echo path
 * allocates nothing.
 */
public final class Ipv4Layer implements AutoCloseable {

    /** How many sources the optional per-source echo limit remembers. */
    private static final int PER_SOURCE_CAPACITY = 4096;

    private final StackConfig config;
    private final StackCounters counters;
    private final StackEnvironment environment;
    /** {@link StackEnvironment#ids()}, called once per reply. */
    private final IpIdGenerator ids;
    private final ProtocolTable protocols;
    private final Reassembler reassembler;
    /** Filled for each fragment offered to the {@link #reassembler}. */
    private final FragmentDescriptor fragment = new FragmentDescriptor();
    private final Fragmenter fragmenter;
    private final IcmpError errors;
    private final IcmpRateLimiter errorLimiter;
    /** ICMP errors per peer (Linux icmpv4_xrlim_allow()); {@code null} when the per-peer limit is off. */
    private final PerSourceRateLimiter peerErrorLimiter;
    /** {@code null} unless {@link StackConfig#echoRateLimit()} is set. */
    private final PerSourceRateLimiter echoLimiter;
    private final Ipv4Packet ip = new Ipv4Packet();
    private final Datagram datagram = new Datagram();
    private final TimeExceededSender timeExceeded = new TimeExceededSender();
    /** The source of a reply to a broadcast request (see {@link #deliver}); 0 when nothing is answered. */
    private final int broadcastReplySource;
    /** The subnet's broadcast, which every datagram's source and destination are compared with. */
    private final int subnetBroadcast;
    /** {@link StackConfig#answered()}: the destinations this stack answers for. */
    private final AddressSet answered;
    /** {@link StackConfig#profiles()}, asked once per datagram delivered. */
    private final ProfileSource profiles;
    private final HostBehaviour behaviour;
    private final VirtualRouters routers;
    /** How held answers leave: through the fragmenter, as every answer does. */
    private final DatagramOutput output;

    /**
     * @param protocols the handlers of the protocols IPv4 delivers (ICMP); the fallback rejects with Protocol
     *     Unreachable
     * @param behaviour what the hosts' profiles do, shared with the other family
     */
    public Ipv4Layer(StackConfig config, StackCounters counters, StackEnvironment environment,
            ProtocolTable protocols, IcmpRateLimiter errorLimiter, HostBehaviour behaviour) {
        if (config.ipv4() == null) {
            throw new IllegalArgumentException("no IPv4 address configured: " + config);
        }
        this.config = config;
        this.counters = counters;
        this.environment = environment;
        this.ids = environment.ids();
        this.protocols = protocols;
        this.reassembler = new Reassembler(new Ipv4FragmentFamily(), config.reassemblyLimits(IpFamily.IPV4),
                environment.allocator(), counters::countHeldDiscarded);
        this.fragmenter = new Fragmenter(environment.allocator(), config.mtu(), counters);
        this.errors = new IcmpError(environment.allocator(), environment.ids(), config.mtu());
        this.errorLimiter = errorLimiter;
        this.peerErrorLimiter = config.icmpPeerIntervalMillis() == 0 ? null
                : PerSourceRateLimiter.everyInterval(PER_SOURCE_CAPACITY,
                        TimeUnit.MILLISECONDS.toNanos(config.icmpPeerIntervalMillis()), StackConfig.ICMP_PEER_BURST,
                        environment.nanoClock());
        this.echoLimiter = config.echoRateLimit() == null ? null
                : new PerSourceRateLimiter(PER_SOURCE_CAPACITY, config.echoRateLimit().perSecond(),
                        config.echoRateLimit().burst(), environment.nanoClock());
        this.answered = config.answered();
        this.broadcastReplySource = answered.isEmpty(IpFamily.IPV4) ? 0 : answered.first(IpFamily.IPV4).ipv4();
        this.subnetBroadcast = config.ipv4().ipv4SubnetBroadcast();
        this.profiles = config.profiles();
        this.behaviour = behaviour;
        this.routers = new VirtualRouters(config.ipv4());
        this.output = (datagram, kind, tx) -> fragmenter.send(datagram, kind, tx);
    }

    /** The fallback of IPv4's protocol table: a protocol tunstack does not speak. */
    public static ProtocolHandler unsupportedProtocol() {
        return datagram -> {
            // RFC 1122 3.2.2.1: "A host SHOULD generate Destination Unreachable messages with code: 2 (Protocol
            // Unreachable), when the designated transport protocol is not supported". Linux, which speaks UDP and
            // TCP, answers them with Port Unreachable and a reset instead.
            datagram.reject(Rejection.PROTOCOL_UNREACHABLE);
            return Verdict.dropped(DropReason.IPV4_UNSUPPORTED_PROTOCOL);
        };
    }

    /**
     * Processes one IPv4 datagram (the version nibble already read as 4): answers it through {@code tx}, holds it for
     * reassembly, or says why not. Borrows {@code packet}; may rewrite its bytes and indices.
     */
    public Verdict receive(ByteBuf packet, Transmitter tx) {
        ip.wrap(packet);
        // Length first: after checkLength() no accessor can throw (the view's contract). Bytes beyond Total Length
        // are link padding and are ignored: the datagram ends at ip.end().
        DropReason reason = ip.checkLength();
        if (reason != null) {
            return Verdict.dropped(reason);
        }
        // RFC 1122 3.2.1.2: "A host MUST verify the IP header checksum on every received datagram and silently
        // discard every datagram that has a bad checksum."
        if (!ip.verifyHeaderChecksum()) {
            return Verdict.dropped(DropReason.IPV4_BAD_HEADER_CHECKSUM);
        }
        // Deliberately not checked, as in Linux: the TTL (a host does not forward, so any TTL reaches it), the
        // reserved flag, DSCP and ECN.
        // Each address is read once here and passed on; a reassembled datagram has the same addresses (they are part
        // of the reassembly key).
        int source = ip.sourceAddress();
        reason = checkSource(source);
        if (reason != null) {
            return Verdict.dropped(reason);
        }
        int destination = ip.destinationAddress();
        boolean broadcast = isBroadcast(destination);
        if (broadcast && broadcastReplySource == 0) {
            // No IPv4 address is answered, so there is no unicast address to answer a broadcast from.
            return Verdict.dropped(DropReason.IPV4_NOT_ANSWERED);
        }
        if (!broadcast) {
            if (Ipv4Address.isMulticast(destination)) {
                return Verdict.dropped(DropReason.IPV4_DESTINATION_MULTICAST);
            }
            // RFC 1122 3.2.1.3: a host accepts datagrams for "one of its IP addresses"; the kernel routes the whole
            // subnet to the device, and tunstack is only some of the hosts on it.
            if (!answered.containsIpv4(destination)) {
                return Verdict.dropped(DropReason.IPV4_NOT_ANSWERED);
            }
        }
        if (ip.optionsLength() > 0) {
            reason = checkOptions(tx);
            if (reason != null) {
                return Verdict.dropped(reason);
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
            return outcome.dropReason() == null ? Verdict.HELD : Verdict.dropped(outcome.dropReason());
        }
        ByteBuf whole = outcome.datagram();
        try {
            ip.wrap(whole);
            return deliver(whole, source, destination, broadcast, tx);
        } finally {
            whole.release();
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
                sendError(ip, Answer.ICMPV4_PARAMETER_PROBLEM, IcmpError.CODE_POINTER_INDICATES_ERROR, pointer, tx);
            }
            return DropReason.IPV4_BAD_OPTION;
        }
        if (Ipv4Options.hasSourceRoute(ip)) {
            return DropReason.IPV4_SOURCE_ROUTED;
        }
        return null;
    }

    /**
     * Sends an ICMP error about {@code offending}, if the error rate limits allow. Linux (since 6.12) asks the
     * per-peer limit first, icmpv4_xrlim_allow(): a bucket per destination that earns one error per
     * {@code icmp_ratelimit} (1 s) up to a burst of 6, so that one peer cannot spend the global budget; then the global
     * one, icmp_global_allow(): {@code icmp_msgs_per_sec} (1000) with a burst of {@code icmp_msgs_burst} (50). Both
     * apply to the types of {@code icmp_ratemask} only. The caller has checked {@link IcmpError#mayBeSentFor};
     * {@code pointer} matters for a Parameter Problem only.
     */
    private void sendError(Ipv4Packet offending, Answer kind, int code, int pointer, Transmitter tx) {
        if (!mayRateLimitedErrorBeSent(offending, kind, code)) {
            return;
        }
        ByteBuf error;
        switch (kind) {
            case ICMPV4_PARAMETER_PROBLEM:
                error = errors.parameterProblem(offending, pointer);
                break;
            case ICMPV4_TIME_EXCEEDED:
                error = errors.timeExceeded(offending, code);
                break;
            default:
                error = errors.destinationUnreachable(offending, code);
                break;
        }
        try {
            tx.transmit(error);
            counters.countSent(kind);
        } finally {
            error.release();
        }
    }

    /** Whether the error rate limits let an error of {@code kind} and {@code code} go out; counts it when not. */
    private boolean mayRateLimitedErrorBeSent(Ipv4Packet offending, Answer kind, int code) {
        boolean limited = errorLimiter.limits(kind.icmpType(), code);
        if (limited && peerErrorLimiter != null
                && !peerErrorLimiter.tryAcquire(0, Integer.toUnsignedLong(offending.sourceAddress()))
                || limited && !errorLimiter.tryAcquire()) {
            counters.countRateLimited(kind);
            return false;
        }
        return true;
    }

    /**
     * Hands a whole datagram (under {@link #ip}) to its protocol's handler, and sends the answer built in its buffer,
     * or the error the handler asked for. {@code source} and {@code destination} are the datagram's addresses, as
     * {@link #receive} read them.
     */
    private Verdict deliver(ByteBuf buffer, int source, int destination, boolean broadcast, Transmitter tx) {
        ProfileTable table = profiles.current();
        if (!table.isEmpty()) {
            if (!broadcast) {
                ProfileTable.Entry entry = table.lookup(IpFamily.IPV4, 0, Integer.toUnsignedLong(destination));
                if (entry != null) {
                    return deliverToProfiledHost(table, entry, buffer, source, destination, tx);
                }
            } else if (table.anyBroadcast()) {
                return deliverToBroadcastHosts(table, buffer, source, destination, tx);
            }
        }
        Verdict verdict = handle(buffer, source, destination, broadcast, config.answerBroadcast());
        if (!verdict.isAnswered()) {
            return notAnswered(verdict, tx, null, null);
        }
        return sendAnswer(buffer, verdict, source, tx, null, null);
    }

    /** Fills {@link #datagram} for the datagram under {@link #ip} and hands it to its protocol's handler. */
    private Verdict handle(ByteBuf buffer, int source, int destination, boolean broadcast,
            boolean broadcastAnswered) {
        datagram.set(buffer, IpFamily.IPV4, ip.protocol(), ip.payloadOffset(), ip.payloadLength(), 0,
                Integer.toUnsignedLong(source), 0, Integer.toUnsignedLong(destination), broadcast);
        if (broadcast) {
            datagram.allowGroupAnswer(broadcastAnswered);
            // RFC 1122 3.2.1.3 forbids a broadcast source; Linux answers from one of its own addresses
            // (inet_select_addr), and tunstack answers once, from the lowest address it answers for.
            datagram.setReplySource(0, Integer.toUnsignedLong(broadcastReplySource));
        }
        return protocols.handler(datagram.protocol()).receive(datagram);
    }

    /**
     * A datagram to a host with a profile (see {@link HostBehaviour}): the virtual routers and the host's state decide
     * first whether the host gets it; its answer, or the error it originates, leaves with the profile's TTL, delay and
     * duplicates.
     */
    private Verdict deliverToProfiledHost(ProfileTable table, ProfileTable.Entry entry, ByteBuf buffer, int source,
            int destination, Transmitter tx) {
        long now = environment.nanoClock().getAsLong();
        HostBehaviour.Fate fate = behaviour.admit(table, entry, 0, Integer.toUnsignedLong(destination), ip.ttl(), now);
        if (fate == HostBehaviour.Fate.EXPIRED_ON_THE_WAY) {
            // RFC 1812 5.3.1: a router that discards a datagram whose TTL reached zero "MUST" send Time Exceeded,
            // code 0; the probe's TTL t ran out at router t.
            sendRouterError(Answer.ICMPV4_TIME_EXCEEDED, IcmpError.CODE_TTL_EXCEEDED_IN_TRANSIT, behaviour.router(),
                    tx);
        } else if (fate == HostBehaviour.Fate.UNREACHABLE) {
            // A Linux router whose neighbour does not resolve sends Host Unreachable (ipv4_link_failure()).
            sendRouterError(Answer.ICMPV4_DESTINATION_UNREACHABLE, IcmpError.CODE_HOST_UNREACHABLE,
                    behaviour.router(), tx);
        }
        if (fate != HostBehaviour.Fate.DELIVER) {
            return Verdict.dropped(fate.dropReason());
        }
        Verdict verdict = handle(buffer, source, destination, false, false);
        if (!verdict.isAnswered()) {
            return notAnswered(verdict, tx, table, entry);
        }
        return sendAnswer(buffer, verdict, source, tx, table, entry);
    }

    /**
     * An echo request to the broadcast address, with hosts whose profiles say {@code broadcast}: each of them answers
     * (see {@link HostBehaviour#findBroadcastHosts}), from its own address, by its own profile (down, lost or rate
     * limited hosts stay silent; each answer has its own TTL, delay and duplicates), as every host of a LAN that does
     * not ignore broadcasts answers {@code ping -b}. They answer whether or not the configuration answers
     * broadcasts, and their answers replace the one answer the configuration gives from the lowest address. Their
     * virtual routers do not matter: a broadcast stays on the link. Anything but an echo is left to the
     * configuration.
     */
    private Verdict deliverToBroadcastHosts(ProfileTable table, ByteBuf buffer, int source, int destination,
            Transmitter tx) {
        Verdict verdict = handle(buffer, source, destination, true, true);
        if (!verdict.isAnswered()) {
            return notAnswered(verdict, tx, null, null);
        }
        if (verdict.answer() != Answer.ICMPV4_ECHO_REPLY) {
            return config.answerBroadcast() ? sendAnswer(buffer, verdict, source, tx, null, null)
                    : Verdict.dropped(DropReason.ICMP_BROADCAST_IGNORED);
        }
        if (echoLimiter != null && !echoLimiter.tryAcquire(0, Integer.toUnsignedLong(source))) {
            return Verdict.dropped(DropReason.RATE_LIMITED);
        }
        int hosts = behaviour.findBroadcastHosts(table, IpFamily.IPV4, answered);
        if (datagram.answerLength() != datagram.payloadLength()) {
            ip.setTotalLength(ip.headerLength() + datagram.answerLength());
        }
        DropReason reason = turnAround(source, broadcastReplySource, IpProtocol.ICMP, false,
                StackConfig.DEFAULT_HOP_LIMIT);
        if (reason != null) {
            return Verdict.dropped(reason);
        }
        buffer.setIndex(ip.base(), ip.end());
        long now = environment.nanoClock().getAsLong();
        reason = DropReason.HOST_DOWN;
        boolean answeredOnce = false;
        for (int i = 0; i < hosts; i++) {
            ProfileTable.Entry entry = behaviour.broadcastHostEntry(i);
            int host = (int) behaviour.broadcastHostLow(i);
            HostBehaviour.Fate fate = behaviour.admit(table, entry, 0, Integer.toUnsignedLong(host),
                    HostBehaviour.ON_THE_LINK, now);
            if (fate != HostBehaviour.Fate.DELIVER) {
                reason = fate.dropReason();
                continue;
            }
            // The reply built once is readdressed for each host: source, TTL, identification, header checksum. The
            // ICMP checksum covers no address.
            ip.setSourceAddress(host);
            ip.setTtl(HostBehaviour.answerHopLimit(entry.profile(), StackConfig.DEFAULT_HOP_LIMIT));
            ip.setIdentification(ids.nextIdentification(source, host, IpProtocol.ICMP));
            ip.fillHeaderChecksum();
            if (behaviour.emit(table, entry, buffer, verdict.answer(), output, tx) == null) {
                answeredOnce = true;
            } else {
                reason = DropReason.DELAY_QUEUE_FULL;
            }
        }
        return answeredOnce ? verdict : Verdict.dropped(reason);
    }

    /**
     * Sends an error of virtual router {@code router} about the datagram under {@link #ip}, from the router's address,
     * where the ICMP error rules and the rate limits allow. Each router keeps its own per-peer budget, as separate
     * Linux routers would (the bucket is that of the pair router and peer); the global budget is the stack's.
     */
    private void sendRouterError(Answer kind, int code, int router, Transmitter tx) {
        if (!IcmpError.mayBeSentFor(ip, subnetBroadcast)) {
            return;
        }
        int routerAddress = (int) routers.low(router);
        if (peerErrorLimiter != null
                && !peerErrorLimiter.tryAcquire(Integer.toUnsignedLong(routerAddress),
                        Integer.toUnsignedLong(ip.sourceAddress()))
                || !errorLimiter.tryAcquire()) {
            counters.countRateLimited(kind);
            return;
        }
        ByteBuf error = errors.fromRouter(ip, kind.icmpType(), code, routerAddress,
                HostBehaviour.routerHopLimit(router, StackConfig.DEFAULT_HOP_LIMIT));
        try {
            tx.transmit(error);
            counters.countSent(kind);
        } finally {
            error.release();
        }
    }

    /**
     * A datagram its handler did not answer: the ICMP error the handler asked for, where the rules allow one, shaped
     * by the host's profile when {@code entry} is not {@code null}.
     */
    private Verdict notAnswered(Verdict verdict, Transmitter tx, ProfileTable table, ProfileTable.Entry entry) {
        Rejection rejection = datagram.rejection();
        if (rejection != null && IcmpError.mayBeSentFor(ip, subnetBroadcast)) {
            int code = rejection == Rejection.PORT_UNREACHABLE ? IcmpError.CODE_PORT_UNREACHABLE
                    : IcmpError.CODE_PROTOCOL_UNREACHABLE;
            if (entry == null) {
                sendError(ip, Answer.ICMPV4_DESTINATION_UNREACHABLE, code, 0, tx);
            } else {
                sendProfiledError(code, tx, table, entry);
            }
        }
        return verdict;
    }

    /** A Destination Unreachable the host of {@code entry} originates: its profile's TTL, delay and duplicates. */
    private void sendProfiledError(int code, Transmitter tx, ProfileTable table, ProfileTable.Entry entry) {
        Answer kind = Answer.ICMPV4_DESTINATION_UNREACHABLE;
        if (!mayRateLimitedErrorBeSent(ip, kind, code)) {
            return;
        }
        ByteBuf error = errors.destinationUnreachable(ip, code,
                HostBehaviour.answerHopLimit(entry.profile(), StackConfig.DEFAULT_HOP_LIMIT));
        try {
            behaviour.emit(table, entry, error, kind, output, tx);
        } finally {
            error.release();
        }
    }

    /**
     * Turns the header of the answer built in {@code buffer} around and sends it, fragmented if need be; shaped by the
     * host's profile when {@code entry} is not {@code null}.
     */
    private Verdict sendAnswer(ByteBuf buffer, Verdict verdict, int source, Transmitter tx, ProfileTable table,
            ProfileTable.Entry entry) {
        int protocol = datagram.protocol();
        // Echo replies are not rate limited by default (Linux icmp_ratemask leaves them out); the optional
        // per-source limit protects against ping floods.
        if (echoLimiter != null && verdict.answer() == Answer.ICMPV4_ECHO_REPLY
                && !echoLimiter.tryAcquire(0, Integer.toUnsignedLong(source))) {
            return Verdict.dropped(DropReason.RATE_LIMITED);
        }
        if (datagram.answerLength() != datagram.payloadLength()) {
            ip.setTotalLength(ip.headerLength() + datagram.answerLength());
        }
        int ttl = entry == null ? StackConfig.DEFAULT_HOP_LIMIT
                : HostBehaviour.answerHopLimit(entry.profile(), StackConfig.DEFAULT_HOP_LIMIT);
        DropReason reason = turnAround(source, (int) datagram.replySourceLow(), protocol,
                verdict.answer().protocol() == Answer.Protocol.TCP, ttl);
        if (reason == null) {
            buffer.setIndex(ip.base(), ip.end());
            if (entry == null) {
                reason = fragmenter.send(buffer, verdict.answer(), tx);
            } else if (ip.totalLength() > fragmenter.mtu() && ip.dontFragment()) {
                // The fragmenter would refuse it when it leaves; it is refused now, while the verdict can say so.
                reason = DropReason.FRAGMENTATION_FORBIDDEN;
            } else {
                reason = behaviour.emit(table, entry, buffer, verdict.answer(), output, tx);
            }
        }
        return reason == null ? verdict : Verdict.dropped(reason);
    }

    /**
     * Turns the request's header into the reply's, in place: options echoed as Linux's ip_options_echo() does (Record
     * Route and Timestamp updated, the rest left out), addresses swapped, TTL 64, a fresh Identification, DF clear,
     * header checksum recomputed. RFC 1122 3.2.2.6: "The IP source address in an ICMP Echo Reply MUST be the same as
     * the specific-destination address ... of the corresponding ICMP Echo Request message." Linux's icmp_reply() sends
     * through a socket that uses IP_PMTUDISC_DONT, so its replies never carry DF, and their id comes from ip_idents
     * (see {@link io.tunstack.stack.ip.IpIdentTable}).
     */
    private DropReason turnAround(int requestSource, int replySource, int protocol, boolean tcp, int ttl) {
        if (ip.optionsLength() > 0) {
            int now = Ipv4Options.msSinceMidnightUt(environment.wallClock().millis());
            if (!Ipv4Options.updateForEchoReply(ip, replySource, now)) {
                return DropReason.IPV4_OPTIONS_NO_ROOM_FOR_REPLY;
            }
        }
        ip.setSourceAddress(replySource);
        ip.setDestinationAddress(requestSource);
        ip.setTtl(ttl);
        ip.clearReservedAndDontFragment();
        if (tcp) {
            // Linux's TCP control socket, which sends resets and SYN+ACKs, sets IP_PMTUDISC_DO: DF on, and then
            // Identification 0 (ip_select_ident() for a DF datagram without a connected socket; RFC 6864 4.1 lets
            // an atomic datagram carry any value).
            ip.setDontFragment(true);
            ip.setIdentification(0);
            // Not ECN-capable: a reset or SYN+ACK carries no ECT codepoint (RFC 3168 6.1.1); Linux clears the bits.
            ip.setEcn(0);
        } else {
            ip.setIdentification(ids.nextIdentification(requestSource, replySource, protocol));
        }
        ip.fillHeaderChecksum();
        return null;
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
                sendError(offending, Answer.ICMPV4_TIME_EXCEEDED, IcmpError.CODE_FRAGMENT_REASSEMBLY_TIME_EXCEEDED, 0,
                        tx);
            }
        }
    }

    /** Releases the fragments held for reassembly and the scratch buffers of the fragmenter and the errors. */
    @Override
    public void close() {
        reassembler.close();
        fragmenter.close();
        errors.close();
    }
}
