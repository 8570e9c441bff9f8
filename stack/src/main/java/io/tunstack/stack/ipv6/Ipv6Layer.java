package io.tunstack.stack.ipv6;

import io.netty.buffer.ByteBuf;
import java.util.concurrent.TimeUnit;
import io.tunstack.stack.address.AddressSet;
import io.tunstack.stack.address.IpAddress;
import io.tunstack.stack.address.IpFamily;
import io.tunstack.stack.address.Ipv6Address;
import io.tunstack.stack.config.StackConfig;
import io.tunstack.stack.config.StackEnvironment;
import io.tunstack.stack.fragment.FragmentDescriptor;
import io.tunstack.stack.fragment.Reassembler;
import io.tunstack.stack.fragment.ReassemblerOutcome;
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
import io.tunstack.stack.wire.Checksum;
import io.tunstack.stack.wire.Icmpv6Packet;
import io.tunstack.stack.wire.Icmpv6Type;
import io.tunstack.stack.wire.IpProtocol;
import io.tunstack.stack.wire.Ipv6ExtensionHeader;
import io.tunstack.stack.wire.Ipv6FragmentHeader;
import io.tunstack.stack.wire.Ipv6OptionAction;
import io.tunstack.stack.wire.Ipv6Packet;
import io.tunstack.stack.wire.Ipv6RoutingHeader;

/**
 * IPv6 for one {@link io.tunstack.stack.NetworkStack} (RFC 8200): validates a packet from cheap to expensive, sets the
 * kernel's own link chatter aside, applies a host's address rules, walks the extension headers (RFC 8200 section 4),
 * reassembles fragments with the shared {@link Reassembler}, delivers the upper-layer message through the
 * {@link ProtocolTable}, and sends what the handler built in place behind a new IPv6 header, fragmented when it
 * exceeds the MTU. The order follows Linux: ipv6_rcv() (header checks, martian sources), ip6_rcv_finish() (the route:
 * is the destination ours?), ip6_input_finish() (the extension header chain, then the protocol).
 *
 * <p>A destination with a profile ({@link StackConfig#profiles()}) goes through {@link HostBehaviour} before its
 * handler, as in IPv4: virtual routers, outages, loss and rate may stop it there, and its answer leaves with the
 * profile's hop limit, delay and duplicates.
 *
 * <p>Buffers: the request is borrowed and rewritten in place (the reply's header is written just before the
 * upper-layer message, over the request's headers); a reassembled packet is owned here and released before
 * {@link #receive} returns; errors are allocated, sent and released at once. Single-threaded; the echo path
 * allocates nothing.
 */
public final class Ipv6Layer implements AutoCloseable {

    /** How many sources the optional per-source echo limit remembers. */
    private static final int PER_SOURCE_CAPACITY = 4096;
    /** ff02::/16, link-local scope multicast (RFC 4291 2.7: scope 2). */
    private static final long LINK_SCOPE_MULTICAST = 0xFF02L;
    /** The IPv6 header's Next Header field, from the header's base. */
    private static final int NEXT_HEADER_FIELD = 6;
    /** The Fragment header's Fragment Offset field, from the Fragment header's start (RFC 8200 4.5). */
    private static final int FRAGMENT_OFFSET_FIELD = 2;
    /** The two ECN bits at the bottom of the Traffic Class (RFC 3168 section 5). */
    private static final int ECN_BITS = 0x03;

    private final StackConfig config;
    private final StackCounters counters;
    private final StackEnvironment environment;
    private final IpIdGenerator ids;
    private final ProtocolTable protocols;
    private final Reassembler reassembler;
    private final Ipv6Fragmenter fragmenter;
    private final Icmpv6Errors errors;
    private final IcmpRateLimiter errorLimiter;
    /** ICMPv6 errors per peer on the link's prefix, and per peer elsewhere; {@code null} when the limit is off. */
    private final PerSourceRateLimiter onLinkPeerErrorLimiter;
    private final PerSourceRateLimiter offLinkPeerErrorLimiter;
    /** The device's IPv6 prefix, whose peers are on-link. */
    private final long prefixHigh;
    private final long prefixLow;
    private final long prefixMaskHigh;
    private final long prefixMaskLow;
    private final PerSourceRateLimiter echoLimiter;
    private final AddressSet answered;
    /** The answer's source for a request to a multicast group: the lowest IPv6 address answered. */
    private final long groupReplySourceHigh;
    private final long groupReplySourceLow;
    private final Ipv6Packet ip = new Ipv6Packet();
    private final Ipv6Packet offending = new Ipv6Packet();
    /** The ICMPv6 echo reply that each host answering all-nodes readdresses. */
    private final Icmpv6Packet replyMessage = new Icmpv6Packet();
    private final Ipv6ExtensionHeader extension = new Ipv6ExtensionHeader();
    private final Ipv6RoutingHeader routing = new Ipv6RoutingHeader();
    private final Ipv6FragmentHeader fragment = new Ipv6FragmentHeader();
    /** Views for the walk that decides whether an error may be sent, apart from the ones processing the packet. */
    private final Ipv6ExtensionHeader errorWalk = new Ipv6ExtensionHeader();
    private final Ipv6FragmentHeader errorFragmentWalk = new Ipv6FragmentHeader();
    private final FragmentDescriptor fragmentDescriptor = new FragmentDescriptor();
    private final Datagram datagram = new Datagram();
    private final TimeExceededSender timeExceeded = new TimeExceededSender();
    /** {@link StackConfig#profiles()}, asked once per packet delivered. */
    private final ProfileSource profiles;
    private final HostBehaviour behaviour;
    private final VirtualRouters routers;
    /** How held answers leave: through the fragmenter, as every answer does. */
    private final DatagramOutput output;

    /**
     * @param protocols the handlers of the next headers IPv6 delivers (ICMPv6); the fallback rejects with Parameter
     *     Problem code 1
     * @param errorLimiter the ICMP error budget, shared with IPv4 as Linux shares icmp_msgs_per_sec
     * @param behaviour what the hosts' profiles do, shared with the other family
     */
    public Ipv6Layer(StackConfig config, StackCounters counters, StackEnvironment environment,
            ProtocolTable protocols, IcmpRateLimiter errorLimiter, HostBehaviour behaviour) {
        if (config.ipv6() == null) {
            throw new IllegalArgumentException("no IPv6 address configured: " + config);
        }
        this.config = config;
        this.counters = counters;
        this.environment = environment;
        this.ids = environment.ids();
        this.protocols = protocols;
        this.reassembler = new Reassembler(new Ipv6FragmentFamily(), config.reassemblyLimits(IpFamily.IPV6),
                environment.allocator(), counters::countHeldDiscarded);
        this.fragmenter = new Ipv6Fragmenter(environment.allocator(), config.mtu(), environment.ids(), counters);
        this.errors = new Icmpv6Errors(environment.allocator(), config.mtu());
        this.errorLimiter = errorLimiter;
        int prefixLength = config.ipv6().prefixLength();
        this.onLinkPeerErrorLimiter = peerErrorLimiter(config, environment, prefixLength);
        this.offLinkPeerErrorLimiter = peerErrorLimiter(config, environment, 0);
        this.prefixMaskHigh = Ipv6Address.highMask(prefixLength);
        this.prefixMaskLow = Ipv6Address.lowMask(prefixLength);
        this.prefixHigh = config.ipv6().address().high() & prefixMaskHigh;
        this.prefixLow = config.ipv6().address().low() & prefixMaskLow;
        this.echoLimiter = config.echoRateLimit() == null ? null
                : new PerSourceRateLimiter(PER_SOURCE_CAPACITY, config.echoRateLimit().perSecond(),
                        config.echoRateLimit().burst(), environment.nanoClock());
        this.answered = config.answered();
        IpAddress groupReplySource = answered.isEmpty(IpFamily.IPV6) ? config.ipv6().address()
                : answered.first(IpFamily.IPV6);
        this.groupReplySourceHigh = groupReplySource.high();
        this.groupReplySourceLow = groupReplySource.low();
        this.profiles = config.profiles();
        this.behaviour = behaviour;
        this.routers = new VirtualRouters(config.ipv6());
        this.output = (packet, kind, tx) -> fragmenter.send(packet, kind, tx);
    }

    /**
     * Linux icmpv6_xrlim_allow(): each peer earns one error per {@code icmp/ratelimit} (1 s), shortened for wider
     * prefixes of the route to the peer ("Give more bandwidth to wider prefixes": the interval is shifted right by
     * {@code (128 - prefix length) >> 5}, so 250 ms for a peer on a /64, 62.5 ms behind a default route), up to a
     * burst of 6 ({@code XRLIM_BURST_FACTOR}).
     */
    private static PerSourceRateLimiter peerErrorLimiter(StackConfig config, StackEnvironment environment,
            int routePrefixLength) {
        if (config.icmpPeerIntervalMillis() == 0) {
            return null;
        }
        long interval = TimeUnit.MILLISECONDS.toNanos(config.icmpPeerIntervalMillis()) >> (128 - routePrefixLength
                >> 5);
        return PerSourceRateLimiter.everyInterval(PER_SOURCE_CAPACITY, Math.max(1, interval),
                StackConfig.ICMP_PEER_BURST, environment.nanoClock());
    }

    /** The fallback of IPv6's protocol table: a next header tunstack does not speak. */
    public static ProtocolHandler unsupportedNextHeader() {
        return datagram -> {
            // RFC 8200 section 4: an unrecognized Next Header "SHOULD" earn "an ICMP Parameter Problem message ...
            // with an ICMP Code value of 1 ... and the ICMP Pointer field containing the offset of the unrecognized
            // value". Linux, which speaks UDP and TCP, answers them with Port Unreachable and a reset instead.
            datagram.reject(Rejection.PROTOCOL_UNREACHABLE);
            return Verdict.dropped(DropReason.IPV6_UNSUPPORTED_NEXT_HEADER);
        };
    }

    /**
     * Processes one IPv6 packet (the version nibble already read as 6): answers it through {@code tx}, holds it for
     * reassembly, or says why not. Borrows {@code packet}; may rewrite its bytes and indices.
     */
    public Verdict receive(ByteBuf packet, Transmitter tx) {
        ip.wrap(packet, packet.readerIndex(), packet.readableBytes());
        // Length first: after checkLength() no accessor of the fixed header can throw. Bytes beyond Payload Length are
        // link padding: the packet ends at ip.end(). A Payload Length of 0 with a Jumbo Payload option (RFC 2675) is
        // not supported, as on a link whose MTU is below 65,575: it is not a valid length here.
        DropReason reason = ip.checkLength();
        if (reason != null) {
            return Verdict.dropped(reason);
        }
        long destinationHigh = ip.destinationHigh();
        long destinationLow = ip.destinationLow();
        boolean multicast = Ipv6Address.isMulticast(destinationHigh);
        // The kernel itself sends router solicitations and MLD reports to link-scope groups when tun0 comes up: they
        // are set aside under their own reason before any rule that would call them an error.
        if (multicast && isLinkChatter()) {
            return Verdict.dropped(DropReason.IPV6_LINK_CHATTER);
        }
        long sourceHigh = ip.sourceHigh();
        long sourceLow = ip.sourceLow();
        reason = checkSource(sourceHigh, sourceLow);
        if (reason != null) {
            return Verdict.dropped(reason);
        }
        if (multicast) {
            // Linux icmpv6_echo_ignore_multicast=0 answers echo to groups it joined; tunstack, by default, does not,
            // but hosts whose profiles say broadcast answer echo to all-nodes.
            if (!config.answerMulticast() && !(Ipv6Address.isAllNodes(destinationHigh, destinationLow)
                    && profiles.current().anyBroadcast())) {
                return Verdict.dropped(DropReason.IPV6_DESTINATION_MULTICAST);
            }
        } else if (!answered.containsIpv6(destinationHigh, destinationLow)) {
            // RFC 8200 section 3: the destination is "the intended recipient"; the kernel routes the whole prefix to
            // the device, and tunstack is only some of the hosts on it.
            return Verdict.dropped(DropReason.IPV6_NOT_ANSWERED);
        }
        return walk(packet, tx, sourceHigh, sourceLow, destinationHigh, destinationLow, multicast, false);
    }

    /**
     * RFC 4291 and Linux ipv6_rcv(): a source that is not a single host is dropped: {@code ::} (2.5.2, unless the
     * packet is the kernel's own DAD or MLD, set aside before), {@code ::1} ("must never be sent outside a single
     * node", 2.5.3), a multicast address (2.7), an IPv4-mapped address (RFC 4291 2.5.5.2; Linux drops these as
     * "unsafe"). Neighbor discovery on Ethernet ({@code link.NeighborDiscovery}) asks the same of what it receives.
     *
     * @return {@code null} when the source is a single host, else the reason
     */
    public static DropReason checkSource(long high, long low) {
        if (Ipv6Address.isUnspecified(high, low)) {
            return DropReason.IPV6_SOURCE_UNSPECIFIED;
        }
        if (Ipv6Address.isLoopback(high, low)) {
            return DropReason.IPV6_SOURCE_LOOPBACK;
        }
        if (Ipv6Address.isMulticast(high)) {
            return DropReason.IPV6_SOURCE_MULTICAST;
        }
        if (Ipv6Address.isV4Mapped(high, low)) {
            return DropReason.IPV6_SOURCE_V4_MAPPED;
        }
        return null;
    }

    /**
     * Whether the packet (to a multicast group) is neighbour discovery or MLD to a link-scope group: what the kernel
     * sends on tun0 by itself (router solicitation, MLD reports with their Hop-by-Hop Router Alert, DAD). A cheap look
     * at the first header or two, no full walk.
     */
    private boolean isLinkChatter() {
        if (ip.destinationHigh() >>> 48 != LINK_SCOPE_MULTICAST) {
            return false;
        }
        int nextHeader = ip.nextHeader();
        int offset = ip.payloadOffset();
        if (nextHeader == IpProtocol.HOP_BY_HOP) {
            extension.wrap(ip.buffer(), offset, ip.end() - offset);
            if (extension.checkLength() != null) {
                return false;
            }
            nextHeader = extension.nextHeader();
            offset = extension.end();
        }
        if (nextHeader != IpProtocol.ICMPV6 || offset >= ip.end()) {
            return false;
        }
        int type = ip.buffer().getUnsignedByte(offset);
        return type >= Icmpv6Type.MULTICAST_LISTENER_QUERY && type <= Icmpv6Type.REDIRECT
                || type == Icmpv6Type.MULTICAST_LISTENER_REPORT_V2;
    }

    /**
     * Walks the extension header chain from the fixed header (RFC 8200 4.1's order is recommended, not required; the
     * rules that are required are kept: Hop-by-Hop first only, options by their action bits, Routing by its type and
     * Segments Left), and delivers the upper-layer message.
     *
     * @param reassembled whether this packet is the result of reassembly (a Fragment header in it is an error)
     */
    private Verdict walk(ByteBuf packet, Transmitter tx, long sourceHigh, long sourceLow, long destinationHigh,
            long destinationLow, boolean multicast, boolean reassembled) {
        int nextHeader = ip.nextHeader();
        int nextHeaderField = ip.base() + NEXT_HEADER_FIELD;
        int offset = ip.payloadOffset();
        int end = ip.end();
        while (true) {
            switch (nextHeader) {
                case IpProtocol.HOP_BY_HOP:
                case IpProtocol.IPV6_DESTINATION_OPTIONS: {
                    if (nextHeader == IpProtocol.HOP_BY_HOP && offset != ip.payloadOffset()) {
                        // RFC 8200 4.1: "The Hop-by-Hop Options header ... is restricted to appear immediately after an
                        // IPv6 header only"; Linux ip6_input_finish() answers it elsewhere with Parameter Problem code 1.
                        sendParameterProblem(Icmpv6Errors.CODE_UNRECOGNIZED_NEXT_HEADER, nextHeaderField, false, tx);
                        return Verdict.dropped(DropReason.IPV6_HOP_BY_HOP_NOT_FIRST);
                    }
                    extension.wrap(packet, offset, end - offset);
                    DropReason reason = extension.checkLength();
                    if (reason != null) {
                        // A header that runs past the packet: Linux ipv6_parse_hopopts() drops it silently.
                        return Verdict.dropped(reason);
                    }
                    Verdict verdict = checkOptions(multicast, tx);
                    if (verdict != null) {
                        return verdict;
                    }
                    nextHeaderField = offset;
                    nextHeader = extension.nextHeader();
                    offset = extension.end();
                    break;
                }
                case IpProtocol.IPV6_ROUTING: {
                    routing.wrap(packet, offset, end - offset);
                    DropReason reason = routing.checkLength();
                    if (reason != null) {
                        return Verdict.dropped(reason);
                    }
                    if (routing.segmentsLeft() != 0) {
                        // RFC 8200 4.4: an unrecognized Routing Type with Segments Left non-zero: "discard the packet
                        // and send an ICMP Parameter Problem, Code 0 ... pointing to the unrecognized Routing Type";
                        // type 0 is deprecated and handled the same way (RFC 5095 section 3). A host routes nothing.
                        sendParameterProblem(Icmpv6Errors.CODE_ERRONEOUS_HEADER_FIELD, routing.routingTypeOffset(),
                                false, tx);
                        return Verdict.dropped(DropReason.IPV6_BAD_ROUTING_HEADER);
                    }
                    // "If Segments Left is zero, the node must ignore the Routing header and proceed".
                    nextHeaderField = offset;
                    nextHeader = routing.nextHeader();
                    offset = routing.header().end();
                    break;
                }
                case IpProtocol.IPV6_FRAGMENT:
                    if (reassembled) {
                        // A Fragment header inside a reassembled packet: Linux drops nested fragmentation.
                        return Verdict.dropped(DropReason.IPV6_BAD_EXTENSION_HEADER);
                    }
                    return fragment(packet, tx, nextHeaderField, offset, sourceHigh, sourceLow, destinationHigh,
                            destinationLow, multicast);
                case IpProtocol.IPV6_NO_NEXT_HEADER:
                    // RFC 8200 4.7: nothing follows; Linux drops it silently.
                    return Verdict.dropped(DropReason.IPV6_NO_NEXT_HEADER);
                default:
                    return deliver(packet, tx, nextHeader, nextHeaderField, offset, sourceHigh, sourceLow,
                            destinationHigh, destinationLow, multicast);
            }
        }
    }

    /**
     * RFC 8200 4.2: each option whose type is not recognized is handled by the two high-order bits of its type: skip,
     * discard, discard with a Parameter Problem code 2 pointing at the option type, or the same only for a unicast
     * destination. Pad1 and PadN are recognized everywhere, Router Alert (RFC 2711) in Hop-by-Hop (Linux knows it).
     *
     * @return the verdict when the packet is discarded, {@code null} when processing goes on
     */
    private Verdict checkOptions(boolean multicast, Transmitter tx) {
        int option = extension.firstOptionToAct(type -> type == Ipv6ExtensionHeader.OPTION_ROUTER_ALERT);
        if (option == Ipv6ExtensionHeader.NO_OPTION) {
            return null;
        }
        if (!extension.optionFits(option)) {
            // An option that runs past its header: Linux ip6_parse_tlv() drops the packet silently.
            return Verdict.dropped(DropReason.IPV6_BAD_EXTENSION_HEADER);
        }
        Ipv6OptionAction action = Ipv6OptionAction.of(extension.optionType(option));
        if (action == Ipv6OptionAction.DISCARD_AND_PARAMETER_PROBLEM
                || action == Ipv6OptionAction.DISCARD_AND_PARAMETER_PROBLEM_UNLESS_MULTICAST && !multicast) {
            sendParameterProblem(Icmpv6Errors.CODE_UNRECOGNIZED_OPTION, option,
                    action == Ipv6OptionAction.DISCARD_AND_PARAMETER_PROBLEM, tx);
        }
        return Verdict.dropped(DropReason.IPV6_UNRECOGNIZED_OPTION);
    }

    /**
     * A Fragment header at {@code offset}: an atomic fragment (offset 0, M clear) is processed on its own (RFC 6946
     * section 4: "MUST be processed as a fully reassembled packet"); the others go to the reassembler, and the packet
     * it completes is walked again from its fixed header.
     */
    private Verdict fragment(ByteBuf packet, Transmitter tx, int nextHeaderField, int offset, long sourceHigh,
            long sourceLow, long destinationHigh, long destinationLow, boolean multicast) {
        fragment.wrap(packet, offset, ip.end() - offset);
        DropReason reason = fragment.checkLength();
        if (reason != null) {
            return Verdict.dropped(reason);
        }
        if (fragment.isAtomic()) {
            return deliverAfterFragmentHeader(packet, tx, offset, sourceHigh, sourceLow, destinationHigh,
                    destinationLow, multicast);
        }
        if (fragment.fragmentOffset() == 0 && !headerChainComplete(fragment.nextHeader(), fragment.dataOffset())) {
            // RFC 7112 section 5: a first fragment without the whole header chain "SHOULD" be dropped with a
            // Parameter Problem code 3 (Linux ipv6_frag_rcv(): icmpv6_param_prob(ICMPV6_HDR_INCOMP), pointer 0).
            sendParameterProblem(Icmpv6Errors.CODE_INCOMPLETE_HEADER_CHAIN, ip.base(), false, tx);
            return Verdict.dropped(DropReason.IPV6_INCOMPLETE_HEADER_CHAIN);
        }
        if (fragment.moreFragments() && fragment.dataLength() % Ipv6FragmentHeader.FRAGMENT_OFFSET_UNIT != 0) {
            // RFC 8200 4.5: a fragment other than the last whose length is not a multiple of 8 is discarded with a
            // Parameter Problem code 0 pointing at its Payload Length (Linux ipv6_frag_rcv() via ip6_frag_queue()).
            sendParameterProblem(Icmpv6Errors.CODE_ERRONEOUS_HEADER_FIELD, ip.base() + 4, false, tx);
            return Verdict.dropped(DropReason.FRAGMENT_MISALIGNED);
        }
        long now = environment.nanoClock().getAsLong();
        poll(now, tx);
        Ipv6FragmentFamily.describe(packet, ip.base(), offset, nextHeaderField, fragmentDescriptor);
        ReassemblerOutcome outcome = reassembler.offer(packet, fragmentDescriptor, now);
        if (!outcome.isCompleted()) {
            if (outcome.isHeld()) {
                return Verdict.HELD;
            }
            if (outcome.dropReason() == DropReason.FRAGMENT_TOO_LARGE) {
                // RFC 8200 4.5: a fragment that would make the packet longer than 65,535 octets is discarded with a
                // Parameter Problem code 0 pointing at its Fragment Offset field (Linux ip6_frag_queue()).
                sendParameterProblem(Icmpv6Errors.CODE_ERRONEOUS_HEADER_FIELD, offset + FRAGMENT_OFFSET_FIELD, false,
                        tx);
            }
            return Verdict.dropped(outcome.dropReason());
        }
        ByteBuf whole = outcome.datagram();
        try {
            ip.wrap(whole, whole.readerIndex(), whole.readableBytes());
            if (ip.checkLength() != null) {
                return Verdict.dropped(DropReason.IPV6_BAD_EXTENSION_HEADER);
            }
            return walk(whole, tx, sourceHigh, sourceLow, destinationHigh, destinationLow, multicast, true);
        } finally {
            whole.release();
        }
    }

    /** An atomic fragment: the Fragment header is skipped, the rest processed as a whole packet. */
    private Verdict deliverAfterFragmentHeader(ByteBuf packet, Transmitter tx, int offset, long sourceHigh,
            long sourceLow, long destinationHigh, long destinationLow, boolean multicast) {
        int nextHeader = fragment.nextHeader();
        int dataOffset = fragment.dataOffset();
        if (nextHeader == IpProtocol.IPV6_NO_NEXT_HEADER) {
            return Verdict.dropped(DropReason.IPV6_NO_NEXT_HEADER);
        }
        if (nextHeader == IpProtocol.HOP_BY_HOP || nextHeader == IpProtocol.IPV6_FRAGMENT
                || nextHeader == IpProtocol.IPV6_ROUTING || nextHeader == IpProtocol.IPV6_DESTINATION_OPTIONS) {
            // Headers after a Fragment header are part of the fragmentable part; tunstack delivers only an
            // upper-layer header there, which is what every sender puts (RFC 8200 4.1's recommended order).
            return Verdict.dropped(DropReason.IPV6_BAD_EXTENSION_HEADER);
        }
        return deliver(packet, tx, nextHeader, offset, dataOffset, sourceHigh, sourceLow, destinationHigh,
                destinationLow, multicast);
    }

    /**
     * RFC 7112 section 5: whether the first fragment holds every extension header and the first bytes of the upper
     * layer header, from {@code offset} on. Only the generic extension header shape is walked.
     */
    private boolean headerChainComplete(int nextHeader, int offset) {
        int end = ip.end();
        while (nextHeader == IpProtocol.HOP_BY_HOP || nextHeader == IpProtocol.IPV6_DESTINATION_OPTIONS
                || nextHeader == IpProtocol.IPV6_ROUTING) {
            extension.wrap(ip.buffer(), offset, end - offset);
            if (extension.checkLength() != null) {
                return false;
            }
            nextHeader = extension.nextHeader();
            offset = extension.end();
        }
        // The upper-layer header must start in this fragment; ICMPv6's 8-byte header must be whole.
        int needed = nextHeader == IpProtocol.ICMPV6 ? 8 : nextHeader == IpProtocol.IPV6_NO_NEXT_HEADER ? 0 : 1;
        return end - offset >= needed;
    }

    /**
     * Hands the upper-layer message at {@code offset} to its handler, and sends the answer built in its buffer, or the
     * error the handler asked for.
     */
    private Verdict deliver(ByteBuf packet, Transmitter tx, int nextHeader, int nextHeaderField, int offset,
            long sourceHigh, long sourceLow, long destinationHigh, long destinationLow, boolean multicast) {
        ProfileTable table = profiles.current();
        ProfileTable.Entry entry = null;
        if (!table.isEmpty() && !multicast) {
            entry = table.lookup(IpFamily.IPV6, destinationHigh, destinationLow);
            if (entry != null) {
                Verdict refused = admit(table, entry, destinationHigh, destinationLow, tx);
                if (refused != null) {
                    return refused;
                }
            }
        }
        int length = ip.end() - offset;
        datagram.set(packet, IpFamily.IPV6, nextHeader, offset, length, sourceHigh, sourceLow, destinationHigh,
                destinationLow, multicast);
        if (multicast) {
            // RFC 4443 4.2: an echo reply to a multicast request comes "from a unicast address belonging to the
            // interface on which the Echo Request message was received".
            datagram.setReplySource(groupReplySourceHigh, groupReplySourceLow);
        }
        Verdict verdict = protocols.handler(nextHeader).receive(datagram);
        if (!verdict.isAnswered()) {
            if (datagram.rejection() == Rejection.PROTOCOL_UNREACHABLE) {
                sendError(ip, Answer.ICMPV6_PARAMETER_PROBLEM, Icmpv6Errors.CODE_UNRECOGNIZED_NEXT_HEADER,
                        nextHeaderField - ip.base(), false, tx, table, entry);
            } else if (datagram.rejection() == Rejection.PORT_UNREACHABLE) {
                sendError(ip, Answer.ICMPV6_DESTINATION_UNREACHABLE, Icmpv6Errors.CODE_PORT_UNREACHABLE, 0, false,
                        tx, table, entry);
            }
            return verdict;
        }
        // The optional per-source limit on echo replies, as for IPv4 (Linux limits no echo reply by default).
        if (echoLimiter != null && verdict.answer() == Answer.ICMPV6_ECHO_REPLY
                && !echoLimiter.tryAcquire(sourceHigh, sourceLow)) {
            return Verdict.dropped(DropReason.RATE_LIMITED);
        }
        boolean toBroadcastHosts = multicast && verdict.answer() == Answer.ICMPV6_ECHO_REPLY && !table.isEmpty()
                && table.anyBroadcast() && Ipv6Address.isAllNodes(destinationHigh, destinationLow);
        if (multicast && !toBroadcastHosts && !config.answerMulticast()) {
            // Let through for the hosts that answer all-nodes, and not an echo they answer.
            return Verdict.dropped(DropReason.IPV6_DESTINATION_MULTICAST);
        }
        // The reply's header goes right before the message, over whatever headers the request had there; the reply
        // carries no extension header. Addresses were read before and are written from the saved values.
        int trafficClass = ip.trafficClass();
        int base = offset - Ipv6Packet.HEADER_LENGTH;
        int answerLength = datagram.answerLength();
        Ipv6Packet reply = ip.wrap(packet, base, Ipv6Packet.HEADER_LENGTH + answerLength);
        reply.setVersion(Ipv6Packet.VERSION);
        // Linux icmpv6_echo_reply() reflects the request's traffic class (ipv6_get_dsfield) and, with the default
        // flowlabel_reflect=0, chooses its own flow label (a hash); tunstack sends 0, "not labelled" (RFC 6437).
        // Linux's TCP answers (tcp_v6_send_response()) reflect the traffic class with its ECN bits cleared: a reset
        // or SYN+ACK is not ECN-capable (RFC 3168 6.1.1).
        reply.setTrafficClass(verdict.answer().protocol() == Answer.Protocol.TCP ? trafficClass & ~ECN_BITS
                : trafficClass);
        reply.setFlowLabel(0);
        reply.setPayloadLength(answerLength);
        reply.setNextHeader(nextHeader);
        reply.setHopLimit(entry == null ? StackConfig.DEFAULT_HOP_LIMIT
                : HostBehaviour.answerHopLimit(entry.profile(), StackConfig.DEFAULT_HOP_LIMIT));
        reply.setSource(datagram.replySourceHigh(), datagram.replySourceLow());
        reply.setDestination(sourceHigh, sourceLow);
        packet.setIndex(base, base + Ipv6Packet.HEADER_LENGTH + answerLength);
        if (toBroadcastHosts) {
            return answerFromBroadcastHosts(table, packet, base, answerLength, sourceHigh, sourceLow, verdict, tx);
        }
        if (entry == null) {
            fragmenter.send(packet, verdict.answer(), tx);
            return verdict;
        }
        DropReason reason = behaviour.emit(table, entry, packet, verdict.answer(), output, tx);
        return reason == null ? verdict : Verdict.dropped(reason);
    }

    /**
     * An echo request to all-nodes ({@code ff02::1}), with hosts whose profiles say {@code broadcast}: each of them
     * answers (see {@link HostBehaviour#findBroadcastHosts}), from its own address, by its own profile (down, lost or
     * rate limited hosts stay silent; each answer has its own hop limit, delay and duplicates), as every node of a
     * LAN answers {@code ping ff02::1%dev}. They answer whether or not the configuration answers multicast, and their
     * answers replace the one answer the configuration gives from the lowest address. Their virtual routers do not
     * matter: a link-local group stays on the link.
     *
     * @param base where the reply, built once under {@link #ip}, starts in {@code packet}
     */
    private Verdict answerFromBroadcastHosts(ProfileTable table, ByteBuf packet, int base, int answerLength,
            long sourceHigh, long sourceLow, Verdict verdict, Transmitter tx) {
        int hosts = behaviour.findBroadcastHosts(table, IpFamily.IPV6, answered);
        long now = environment.nanoClock().getAsLong();
        DropReason reason = DropReason.HOST_DOWN;
        boolean answeredOnce = false;
        Icmpv6Packet icmp = replyMessage.wrap(packet, base + Ipv6Packet.HEADER_LENGTH, answerLength);
        for (int i = 0; i < hosts; i++) {
            ProfileTable.Entry entry = behaviour.broadcastHostEntry(i);
            long hostHigh = behaviour.broadcastHostHigh(i);
            long hostLow = behaviour.broadcastHostLow(i);
            HostBehaviour.Fate fate = behaviour.admit(table, entry, hostHigh, hostLow, HostBehaviour.ON_THE_LINK, now);
            if (fate != HostBehaviour.Fate.DELIVER) {
                reason = fate.dropReason();
                continue;
            }
            // The reply built once is readdressed for each host; the source is in the checksum's pseudo-header.
            ip.setSource(hostHigh, hostLow);
            ip.setHopLimit(HostBehaviour.answerHopLimit(entry.profile(), StackConfig.DEFAULT_HOP_LIMIT));
            icmp.fillChecksum(Checksum.ipv6PseudoHeaderSum(hostHigh, hostLow, sourceHigh, sourceLow, answerLength,
                    IpProtocol.ICMPV6));
            if (behaviour.emit(table, entry, packet, verdict.answer(), output, tx) == null) {
                answeredOnce = true;
            } else {
                reason = DropReason.DELAY_QUEUE_FULL;
            }
        }
        return answeredOnce ? verdict : Verdict.dropped(reason);
    }

    /**
     * Asks the host's profile (see {@link HostBehaviour}) whether the host gets the packet under {@link #ip}; sends
     * what the virtual routers send when it does not.
     *
     * @return the verdict of a packet the host does not get, or {@code null} when it gets it
     */
    private Verdict admit(ProfileTable table, ProfileTable.Entry entry, long destinationHigh, long destinationLow,
            Transmitter tx) {
        long now = environment.nanoClock().getAsLong();
        HostBehaviour.Fate fate = behaviour.admit(table, entry, destinationHigh, destinationLow, ip.hopLimit(), now);
        if (fate == HostBehaviour.Fate.EXPIRED_ON_THE_WAY) {
            // RFC 4443 3.3: "If a router receives a packet with a Hop Limit of zero, or if a router decrements a
            // packet's Hop Limit to zero, it MUST discard the packet and originate an ICMPv6 Time Exceeded message
            // with Code 0 to the source of the packet."
            sendRouterError(Answer.ICMPV6_TIME_EXCEEDED, Icmpv6Errors.CODE_HOP_LIMIT_EXCEEDED_IN_TRANSIT,
                    behaviour.router(), tx);
        } else if (fate == HostBehaviour.Fate.UNREACHABLE) {
            // RFC 4443 3.1: code 3, "address unreachable", when the link-layer address does not resolve (Linux
            // ip6_link_failure()).
            sendRouterError(Answer.ICMPV6_DESTINATION_UNREACHABLE, Icmpv6Errors.CODE_ADDRESS_UNREACHABLE,
                    behaviour.router(), tx);
        }
        return fate == HostBehaviour.Fate.DELIVER ? null : Verdict.dropped(fate.dropReason());
    }

    /**
     * Sends an error of virtual router {@code router} about the packet under {@link #ip}, from the router's address,
     * where RFC 4443 2.4 (e) and the rate limits allow. Each router keeps its own per-peer budget, as separate Linux
     * routers would (the bucket is that of the pair router and peer); the global budget is the stack's.
     */
    private void sendRouterError(Answer kind, int code, int router, Transmitter tx) {
        if (!Icmpv6Errors.mayBeSentFor(ip, upperLayerIcmpType(ip), false)) {
            return;
        }
        long routerHigh = routers.high(router);
        long routerLow = routers.low(router);
        long peerHigh = ip.sourceHigh();
        long peerLow = ip.sourceLow();
        PerSourceRateLimiter peerLimiter = isOnLink(peerHigh, peerLow) ? onLinkPeerErrorLimiter
                : offLinkPeerErrorLimiter;
        if (peerLimiter != null && !peerLimiter.tryAcquire(peerHigh ^ routerLow, peerLow ^ routerHigh)
                || !errorLimiter.tryAcquire()) {
            counters.countRateLimited(kind);
            return;
        }
        ByteBuf error = errors.build(ip, routerHigh, routerLow, kind.icmpType(), code, 0,
                HostBehaviour.routerHopLimit(router, StackConfig.DEFAULT_HOP_LIMIT));
        try {
            tx.transmit(error);
            counters.countSent(kind);
        } finally {
            error.release();
        }
    }

    private boolean isOnLink(long high, long low) {
        return (high & prefixMaskHigh) == prefixHigh && (low & prefixMaskLow) == prefixLow;
    }

    /**
     * Sends a Parameter Problem about the packet under {@link #ip} (its original bytes, as received), pointing at the
     * absolute index {@code pointerIndex}, where RFC 4443 2.4 (e) and the error rate limit allow.
     *
     * @param toMulticastAllowed whether this error may answer a packet to a multicast group (RFC 4443 2.4 (e.3): only
     *     a code 2 for an option whose action bits are 10)
     */
    private void sendParameterProblem(int code, int pointerIndex, boolean toMulticastAllowed, Transmitter tx) {
        sendError(ip, Answer.ICMPV6_PARAMETER_PROBLEM, code, pointerIndex - ip.base(), toMulticastAllowed, tx);
    }

    private void sendError(Ipv6Packet about, Answer kind, int code, int field, boolean toMulticastAllowed,
            Transmitter tx) {
        sendError(about, kind, code, field, toMulticastAllowed, tx, null, null);
    }

    /**
     * An error about {@code about}; when {@code entry} is not {@code null}, one the host of the entry originates, sent
     * with its profile's hop limit, delay and duplicates.
     */
    private void sendError(Ipv6Packet about, Answer kind, int code, int field, boolean toMulticastAllowed,
            Transmitter tx, ProfileTable table, ProfileTable.Entry entry) {
        if (!Icmpv6Errors.mayBeSentFor(about, upperLayerIcmpType(about), toMulticastAllowed)) {
            return;
        }
        // Linux icmpv6_xrlim_allow(): the errors it rate limits (all but Packet Too Big, icmpv6 ratemask) are limited
        // per peer first, then draw from the global ICMP budget shared with IPv4 (icmp_msgs_per_sec,
        // icmp_msgs_burst).
        long peerHigh = about.sourceHigh();
        long peerLow = about.sourceLow();
        PerSourceRateLimiter peerLimiter = isOnLink(peerHigh, peerLow) ? onLinkPeerErrorLimiter
                : offLinkPeerErrorLimiter;
        if (peerLimiter != null && !peerLimiter.tryAcquire(peerHigh, peerLow) || !errorLimiter.tryAcquire()) {
            counters.countRateLimited(kind);
            return;
        }
        // From the address the packet was sent to when it is ours (unicast), else from our first address (Linux
        // icmp6_send() picks a source address of the interface).
        long sourceHigh = about.destinationHigh();
        long sourceLow = about.destinationLow();
        if (Ipv6Address.isMulticast(sourceHigh) || !answered.containsIpv6(sourceHigh, sourceLow)) {
            sourceHigh = groupReplySourceHigh;
            sourceLow = groupReplySourceLow;
        }
        if (entry != null) {
            ByteBuf error = errors.build(about, sourceHigh, sourceLow, kind.icmpType(), code, field,
                    HostBehaviour.answerHopLimit(entry.profile(), StackConfig.DEFAULT_HOP_LIMIT));
            try {
                behaviour.emit(table, entry, error, kind, output, tx);
            } finally {
                error.release();
            }
            return;
        }
        ByteBuf error = errors.build(about, sourceHigh, sourceLow, kind.icmpType(), code, field);
        try {
            tx.transmit(error);
            counters.countSent(kind);
        } finally {
            error.release();
        }
    }

    /**
     * The ICMPv6 type of the packet when its header chain ends in ICMPv6 within its bytes, else -1: the check of Linux
     * icmp6_send()'s is_ineligible(), which skips the extension headers (ipv6_skip_exthdr) to find out whether the
     * packet is itself an ICMPv6 error. Only on the error path.
     */
    private int upperLayerIcmpType(Ipv6Packet packet) {
        int nextHeader = packet.nextHeader();
        int offset = packet.payloadOffset();
        int end = packet.end();
        while (nextHeader == IpProtocol.HOP_BY_HOP || nextHeader == IpProtocol.IPV6_DESTINATION_OPTIONS
                || nextHeader == IpProtocol.IPV6_ROUTING || nextHeader == IpProtocol.IPV6_FRAGMENT) {
            if (nextHeader == IpProtocol.IPV6_FRAGMENT) {
                Ipv6FragmentHeader header = errorFragmentWalk.wrap(packet.buffer(), offset, end - offset);
                if (header.checkLength() != null || header.fragmentOffset() != 0) {
                    return -1;
                }
                nextHeader = header.nextHeader();
                offset = header.dataOffset();
                continue;
            }
            Ipv6ExtensionHeader header = errorWalk.wrap(packet.buffer(), offset, end - offset);
            if (header.checkLength() != null) {
                return -1;
            }
            nextHeader = header.nextHeader();
            offset = header.end();
        }
        if (nextHeader == IpProtocol.ICMPV6 && offset < end) {
            return packet.buffer().getUnsignedByte(offset);
        }
        return -1;
    }

    /** The earliest {@link System#nanoTime()} at which {@link #poll} has work: a reassembly timeout. */
    public long nextDeadline() {
        return reassembler.nextDeadline();
    }

    /**
     * Drops every packet whose reassembly timed out at {@code nowNanos}, and sends Time Exceeded code 1 for each whose
     * first fragment had arrived. RFC 8200 4.5: "If insufficient fragments are received to complete reassembly of a
     * packet within 60 seconds ... and if the first fragment (i.e., the one with a Fragment Offset of zero) has been
     * received, an ICMP Time Exceeded -- Fragment Reassembly Time Exceeded message should be sent to the source of
     * that fragment."
     */
    public void poll(long nowNanos, Transmitter tx) {
        timeExceeded.tx = tx;
        try {
            reassembler.expire(nowNanos, timeExceeded);
        } finally {
            timeExceeded.tx = null;
        }
    }

    /** Sends Time Exceeded for a timed-out packet; holds the transmitter only for one {@link #poll} call. */
    private final class TimeExceededSender implements io.tunstack.stack.fragment.ReassemblerTimeoutListener {
        private Transmitter tx;

        @Override
        public void firstFragmentTimedOut(ByteBuf firstFragment) {
            Ipv6Packet about = offending.wrap(firstFragment, firstFragment.readerIndex(),
                    firstFragment.readableBytes());
            if (about.checkLength() == null) {
                sendError(about, Answer.ICMPV6_TIME_EXCEEDED, Icmpv6Errors.CODE_FRAGMENT_REASSEMBLY_TIME_EXCEEDED, 0,
                        false, tx);
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
