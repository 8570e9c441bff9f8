package io.tunstack.stack.link;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.tunstack.stack.address.AddressSet;
import io.tunstack.stack.address.Ipv6Address;
import io.tunstack.stack.address.MacAddress;
import io.tunstack.stack.config.StackConfig;
import io.tunstack.stack.ip.Transmitter;
import io.tunstack.stack.ipv6.Ipv6Layer;
import io.tunstack.stack.verdict.Answer;
import io.tunstack.stack.verdict.DropReason;
import io.tunstack.stack.verdict.Verdict;
import io.tunstack.stack.wire.EtherType;
import io.tunstack.stack.wire.EthernetFrame;
import io.tunstack.stack.wire.Icmpv6Type;
import io.tunstack.stack.wire.IpProtocol;
import io.tunstack.stack.wire.Ipv6Packet;
import io.tunstack.stack.wire.NdpOption;
import io.tunstack.stack.wire.NeighborMessage;
import java.util.Objects;

/**
 * Neighbor discovery for the answered IPv6 addresses on an Ethernet link (RFC 4861, and RFC 4862 for duplicate
 * address detection): validates what arrives (7.1.1, 7.1.2), learns neighbours' link-layer addresses into the
 * {@link NeighbourCache}, answers solicitations for answered addresses with advertisements, and sends the
 * solicitations and unsolicited advertisements the link layer asks for. Every message leaves as a whole Ethernet frame
 * built in one reused buffer, so the packet path allocates nothing; {@link #close()} releases it.
 *
 * <p>Where the RFC leaves a choice, tunstack does what Linux does (net/ipv6/ndisc.c), named beside each rule.
 */
public final class NeighborDiscovery implements AutoCloseable {

    /**
     * RFC 4861 7.1.1: "The IP Hop Limit field has a value of 255, i.e., the packet could not possibly have been
     * forwarded by a router." Every message tunstack sends has it too (4.3, 4.4: "Hop Limit 255").
     */
    public static final int HOP_LIMIT = 255;

    /** The longest frame this class sends: Ethernet, IPv6, the 24-byte message and one link-layer option, 86 bytes. */
    static final int MAX_FRAME_LENGTH = EthernetFrame.HEADER_LENGTH + Ipv6Packet.HEADER_LENGTH + NeighborMessage.LENGTH
            + NdpOption.ETHERNET_ADDRESS_OPTION_LENGTH;

    private static final int VERSION_OFFSET = Ipv6Packet.VERSION_FIELD.byteOffset();
    private static final int VERSION_SHIFT = Byte.SIZE - Ipv6Packet.VERSION_FIELD.bitWidth();
    private static final int NEXT_HEADER_OFFSET = Ipv6Packet.NEXT_HEADER_FIELD.byteOffset();

    private final AddressSet answered;
    private final HostMacs macs;
    private final NeighbourCache cache;
    private final ByteBufAllocator allocator;
    private final Ipv6Packet ip = new Ipv6Packet();
    private final NeighborMessage message = new NeighborMessage();
    private final NdpOption option = new NdpOption();
    private final EthernetFrame outFrame = new EthernetFrame();
    private final Ipv6Packet outIp = new Ipv6Packet();
    private final NeighborMessage outMessage = new NeighborMessage();
    /** Where every frame is built, allocated at the first and reused; released by {@link #close()}. */
    private ByteBuf scratch;

    /**
     * @param config the answered addresses ({@link StackConfig#answered()}) are those whose solicitations are answered
     * @param macs the host MAC of each answered address
     * @param cache where the neighbours' link-layer addresses are learned
     * @param allocator for the one frame buffer
     */
    public NeighborDiscovery(StackConfig config, HostMacs macs, NeighbourCache cache, ByteBufAllocator allocator) {
        this.answered = config.answered();
        this.macs = Objects.requireNonNull(macs, "macs");
        this.cache = Objects.requireNonNull(cache, "cache");
        this.allocator = Objects.requireNonNull(allocator, "allocator");
    }

    /**
     * Is this IPv6 packet (reader index at the IPv6 header) a neighbor discovery message: version 6, next header 58
     * (ICMPv6) right after the fixed header, and an ICMPv6 type from 133 to 137 (RFC 4861 4.1 to 4.5). An NDP message
     * behind extension headers or in fragments is not taken: Linux drops fragmented ones (ndisc_suppress_frag_ndisc,
     * RFC 6980), and the stack answers none of them (link chatter, or an ICMPv6 type it does not handle).
     */
    public static boolean isNdp(ByteBuf ipv6Packet) {
        int base = ipv6Packet.readerIndex();
        if (ipv6Packet.readableBytes() <= Ipv6Packet.HEADER_LENGTH) {
            return false;
        }
        if (ipv6Packet.getUnsignedByte(base + VERSION_OFFSET) >>> VERSION_SHIFT != Ipv6Packet.VERSION
                || ipv6Packet.getUnsignedByte(base + NEXT_HEADER_OFFSET) != IpProtocol.ICMPV6) {
            return false;
        }
        int type = ipv6Packet.getUnsignedByte(base + Ipv6Packet.HEADER_LENGTH);
        return type >= Icmpv6Type.ROUTER_SOLICITATION && type <= Icmpv6Type.REDIRECT;
    }

    /**
     * Validates one neighbor discovery message (reader index at its IPv6 header), learns from it, and answers a
     * solicitation for an answered address with an advertisement written as a whole Ethernet frame through {@code tx}.
     * Borrows {@code ipv6Packet}: reads it only, never moves its indices, never releases it.
     *
     * @param frameSource the source MAC of the Ethernet frame it came in
     */
    public Verdict receive(ByteBuf ipv6Packet, MacAddress frameSource, Transmitter tx) {
        ip.wrap(ipv6Packet, ipv6Packet.readerIndex(), ipv6Packet.readableBytes());
        DropReason reason = ip.checkLength();
        if (reason != null) {
            return Verdict.dropped(reason);
        }
        if (ip.payloadLength() == 0) {
            return Verdict.dropped(DropReason.NDP_TRUNCATED);
        }
        int type = ip.buffer().getUnsignedByte(ip.payloadOffset());
        if (type != Icmpv6Type.NEIGHBOR_SOLICITATION && type != Icmpv6Type.NEIGHBOR_ADVERTISEMENT) {
            // RFC 4861 6.2.6 and 8.2: router solicitations are for routers, advertisements and redirects for hosts
            // that take a router's advice; tunstack's hosts are neither (their routes are tunstack's).
            return Verdict.dropped(DropReason.NDP_ROUTER_CHATTER);
        }
        long sourceHigh = ip.sourceHigh();
        long sourceLow = ip.sourceLow();
        // Linux ipv6_rcv() drops a multicast, loopback or IPv4-mapped source before ndisc_rcv() sees it. The
        // unspecified source is a DAD probe in a solicitation (RFC 4862 5.4.2), checked by 7.1.1's rules below; an
        // advertisement's source "MUST be an address assigned to the interface" (RFC 4861 4.4), which :: never is
        // (7.1.2 does not list it, and Linux takes such an advertisement; tunstack keeps the MUST).
        if (type == Icmpv6Type.NEIGHBOR_ADVERTISEMENT || !Ipv6Address.isUnspecified(sourceHigh, sourceLow)) {
            reason = Ipv6Layer.checkSource(sourceHigh, sourceLow);
            if (reason != null) {
                return Verdict.dropped(reason);
            }
        }
        reason = checkCommon();
        if (reason != null) {
            return Verdict.dropped(reason);
        }
        return type == Icmpv6Type.NEIGHBOR_SOLICITATION
                ? solicitation(frameSource, tx) : Verdict.dropped(advertisement());
    }

    /**
     * The rules RFC 4861 7.1.1 and 7.1.2 share, in their order but for the length, checked before the checksum so
     * that nothing is read beyond the message (the rules are a conjunction: their order only picks the reason
     * counted): "The IP Hop Limit field has a value of 255", "ICMP Checksum is valid", "ICMP Code is 0", "ICMP length
     * (derived from the IP length) is 24 or more octets", "Target Address is not a multicast address".
     */
    private DropReason checkCommon() {
        // Linux ndisc_rcv(): "NDISC: invalid hop-limit", before any type is looked at.
        if (ip.hopLimit() != HOP_LIMIT) {
            return DropReason.NDP_BAD_HOP_LIMIT;
        }
        message.wrap(ip.buffer(), ip.payloadOffset(), ip.payloadLength());
        DropReason reason = message.checkLength();
        if (reason != null) {
            return reason;
        }
        // RFC 4443 2.3: the checksum is mandatory (Linux checks it in icmpv6_rcv(), before ndisc_rcv()).
        if (!message.verifyChecksum(ip.pseudoHeaderSum(message.length(), IpProtocol.ICMPV6))) {
            return DropReason.ICMPV6_BAD_CHECKSUM;
        }
        if (message.code() != 0) {
            return DropReason.NDP_BAD_CODE;
        }
        if (Ipv6Address.isMulticast(message.targetHigh())) {
            return DropReason.NDP_MULTICAST_TARGET;
        }
        return null;
    }

    /** A solicitation that passed the shared rules: 7.1.1's own, then the answer of 7.2.3 and 7.2.4. */
    private Verdict solicitation(MacAddress frameSource, Transmitter tx) {
        // 7.1.1: "All included options have a length that is greater than zero", and a link-layer option as Linux
        // takes it (NdpOption.walkForLinkLayerAddress).
        DropReason reason = option.wrap(message.buffer(), message.optionsOffset(), message.end())
                .walkForLinkLayerAddress(NdpOption.SOURCE_LINK_LAYER_ADDRESS);
        if (reason != null) {
            return Verdict.dropped(reason);
        }
        long sourceLinkLayer = option.foundLinkLayerAddress();
        long sourceHigh = ip.sourceHigh();
        long sourceLow = ip.sourceLow();
        long destinationHigh = ip.destinationHigh();
        long destinationLow = ip.destinationLow();
        boolean dad = Ipv6Address.isUnspecified(sourceHigh, sourceLow);
        // 7.1.1: "If the IP source address is the unspecified address, the IP destination address is a solicited-node
        // multicast address." and "... there is no source link-layer address option in the message."
        if (dad && !Ipv6Address.isSolicitedNode(destinationHigh, destinationLow)) {
            return Verdict.dropped(DropReason.NDP_DAD_NOT_TO_SOLICITED_NODE);
        }
        if (dad && sourceLinkLayer != NdpOption.NOT_FOUND) {
            return Verdict.dropped(DropReason.NDP_DAD_WITH_SOURCE_LINK_LAYER);
        }
        long targetHigh = message.targetHigh();
        long targetLow = message.targetLow();
        boolean toTarget = destinationHigh == targetHigh && destinationLow == targetLow;
        boolean multicast = Ipv6Address.isMulticast(destinationHigh);
        // 4.3: the destination is "either the solicited-node multicast address corresponding to the target address,
        // or the target address". Linux takes any group the interface joined, all-nodes too (ndisc_recv_ns() checks
        // no destination); each virtual host joins its own solicited-node group and all-nodes.
        if (!toTarget && !(destinationHigh == Ipv6Address.LINK_SCOPE_MULTICAST_HIGH
                && (destinationLow == Ipv6Address.solicitedNodeLow(targetLow)
                        || destinationLow == Ipv6Address.ALL_NODES_LOW))) {
            return Verdict.dropped(DropReason.NDP_NOT_FOR_TARGET);
        }
        // 7.2.3: "If the Target Address is not a valid 'unicast' or anycast address assigned to the receiving
        // interface ..., the solicitation is silently discarded."
        if (!answered.containsIpv6(targetHigh, targetLow)) {
            return Verdict.dropped(DropReason.NDP_TARGET_NOT_ANSWERED);
        }
        // A powered-off host answers nothing (the check HostMacs shares with ARP).
        if (!macs.isUpIpv6(targetHigh, targetLow)) {
            return Verdict.dropped(DropReason.NDP_HOST_DOWN);
        }
        long hostMac = macs.macBitsOfIpv6(targetHigh, targetLow);
        if (dad) {
            // 7.2.4: "If the source of the solicitation is the unspecified address, the node MUST set the Solicited
            // flag to zero and multicast the advertisement to the all-nodes address." Linux ndisc_recv_ns(): Override
            // set, the target link-layer option included.
            send(Ipv6Address.LINK_SCOPE_MULTICAST_HIGH, Ipv6Address.ALL_NODES_LOW,
                    MacAddress.ipv6MulticastBits(Ipv6Address.ALL_NODES_LOW), targetHigh, targetLow, hostMac, false,
                    true, true, tx);
            return Verdict.answered(Answer.NEIGHBOR_ADVERTISEMENT);
        }
        // 7.2.3: "the recipient SHOULD create or update the Neighbor Cache entry for the IP Source Address of the
        // solicitation" from the Source Link-Layer Address option.
        long solicitorMac;
        if (sourceLinkLayer != NdpOption.NOT_FOUND) {
            solicitorMac = sourceLinkLayer;
        } else if (multicast) {
            // 4.3: the option "MUST be included in multicast solicitations". Linux ndisc_recv_ns() creates no entry
            // for one without it, and answers only a solicitor it has an entry for, at that entry's address
            // (replayed against Linux 6.18: no answer from a namespace that did not know the solicitor).
            solicitorMac = cache.lookupIpv6(sourceHigh, sourceLow);
            if (solicitorMac == NeighbourCache.UNKNOWN) {
                return Verdict.dropped(DropReason.NDP_UNKNOWN_SOLICITOR);
            }
        } else {
            // A unicast solicitation "SHOULD" carry the option (4.3). Linux makes an entry without an address and
            // resolves it before its answer leaves; the frame's source is what that resolution finds.
            solicitorMac = frameSource.bits();
        }
        cache.learnIpv6(sourceHigh, sourceLow, solicitorMac);
        // 7.2.4: "the node MUST set the Solicited flag to one and unicast the advertisement to the Source Address of
        // the solicitation." "If the solicitation's IP Destination Address is not a multicast address, the Target
        // Link-Layer Address option MAY be omitted"; Linux omits it, and with it Override ("If ... the Target
        // Link-Layer Address option is not included, the Override flag SHOULD be set to zero"): ndisc_recv_ns()
        // passes override and inc_opt as "the solicitation was multicast".
        send(sourceHigh, sourceLow, solicitorMac, targetHigh, targetLow, hostMac, true, multicast, multicast, tx);
        return Verdict.answered(Answer.NEIGHBOR_ADVERTISEMENT);
    }

    /** An advertisement that passed the shared rules: 7.1.2's own, then 7.2.5 in a simple form. */
    private DropReason advertisement() {
        // 7.1.2: "If the IP Destination Address is a multicast address the Solicited flag is zero."
        if (Ipv6Address.isMulticast(ip.destinationHigh()) && message.solicited()) {
            return DropReason.NDP_SOLICITED_TO_MULTICAST;
        }
        // 7.1.2: "All included options have a length that is greater than zero" (as for a solicitation).
        DropReason reason = option.wrap(message.buffer(), message.optionsOffset(), message.end())
                .walkForLinkLayerAddress(NdpOption.TARGET_LINK_LAYER_ADDRESS);
        if (reason != null) {
            return reason;
        }
        long targetLinkLayer = option.foundLinkLayerAddress();
        long targetHigh = message.targetHigh();
        long targetLow = message.targetLow();
        // Linux ndisc_recv_na(): another node advertises one of our addresses ("advertised our address"): logged
        // and dropped; RFC 4861 says nothing of it.
        if (answered.containsIpv6(targetHigh, targetLow)) {
            return DropReason.NDP_ADVERTISES_ANSWERED_ADDRESS;
        }
        if (targetLinkLayer == NdpOption.NOT_FOUND) {
            // 7.2.5: "If the target's Neighbor Cache entry is in the INCOMPLETE state when the advertisement is
            // received, ... If the link layer has addresses and no Target Link-Layer Address option is included,
            // the receiving node SHOULD silently discard the received advertisement"; in any other state it only
            // confirms reachability, which tunstack does not track.
            return DropReason.NDP_ADVERTISEMENT_CONSUMED;
        }
        long cached = cache.lookupIpv6(targetHigh, targetLow);
        if (cached == NeighbourCache.UNKNOWN) {
            // 7.2.5: "If no entry exists, the advertisement SHOULD be silently discarded" (Linux
            // accept_untracked_na=0), but for the answer to a solicitation: tunstack solicits only for its
            // resolution queue, whose waiting destination is Linux's INCOMPLETE entry, where "the link-layer
            // address is recorded".
            if (message.solicited()) {
                cache.learnIpv6(targetHigh, targetLow, targetLinkLayer);
            }
        } else if (message.override() || cached == targetLinkLayer) {
            // 7.2.5: "If the Override flag is clear and the supplied link-layer address differs from that in the
            // cache, then ... the advertisement is ignored"; otherwise the entry takes it.
            cache.updateIpv6(targetHigh, targetLow, targetLinkLayer);
        }
        return DropReason.NDP_ADVERTISEMENT_CONSUMED;
    }

    /**
     * A Neighbor Solicitation for {@code target}, from {@code source} and {@code sourceMac}, multicast to the target's
     * solicited-node group (RFC 4861 7.2.2) at its MAC {@code 33:33:ff:XX:XX:XX} (RFC 2464 7), with the Source
     * Link-Layer Address option ("MUST be included in multicast solicitations", 4.3), as a whole Ethernet frame
     * written through {@code tx}: what Linux's ndisc_send_ns() sends to resolve an address.
     */
    public void solicit(long sourceHigh, long sourceLow, MacAddress sourceMac, long targetHigh, long targetLow,
            Transmitter tx) {
        long groupLow = Ipv6Address.solicitedNodeLow(targetLow);
        ByteBuf out = frame(MacAddress.ipv6MulticastBits(groupLow), sourceMac.bits(), sourceHigh, sourceLow,
                Ipv6Address.LINK_SCOPE_MULTICAST_HIGH, groupLow, true);
        outMessage.setType(Icmpv6Type.NEIGHBOR_SOLICITATION);
        outMessage.setFlags(false, false, false);
        outMessage.setTarget(targetHigh, targetLow);
        NdpOption.writeEthernetAddress(out, outMessage.optionsOffset(), NdpOption.SOURCE_LINK_LAYER_ADDRESS,
                sourceMac.bits());
        finish(tx);
    }

    /**
     * An unsolicited Neighbor Advertisement for the answered address {@code high}:{@code low}, to all-nodes with
     * Override set and the target link-layer option (RFC 4861 7.2.6), as Linux's ndisc_send_unsol_na() sends it, as
     * a whole Ethernet frame written through {@code tx}.
     */
    public void advertise(long high, long low, Transmitter tx) {
        send(Ipv6Address.LINK_SCOPE_MULTICAST_HIGH, Ipv6Address.ALL_NODES_LOW,
                MacAddress.ipv6MulticastBits(Ipv6Address.ALL_NODES_LOW), high, low, macs.macBitsOfIpv6(high, low),
                false, true, true, tx);
    }

    /**
     * Sends a Neighbor Advertisement for target (which is also its IPv6 source, from the target's host MAC) to
     * {@code destination} at MAC {@code destinationMac}; Router clear (a virtual host is no router: Linux sets it
     * from forwarding).
     */
    private void send(long destinationHigh, long destinationLow, long destinationMac, long targetHigh, long targetLow,
            long hostMac, boolean solicited, boolean override, boolean withOption, Transmitter tx) {
        ByteBuf out = frame(destinationMac, hostMac, targetHigh, targetLow, destinationHigh, destinationLow,
                withOption);
        outMessage.setType(Icmpv6Type.NEIGHBOR_ADVERTISEMENT);
        outMessage.setFlags(false, solicited, override);
        outMessage.setTarget(targetHigh, targetLow);
        if (withOption) {
            NdpOption.writeEthernetAddress(out, outMessage.optionsOffset(), NdpOption.TARGET_LINK_LAYER_ADDRESS,
                    hostMac);
        }
        finish(tx);
    }

    /**
     * Starts a frame in the scratch buffer: the Ethernet header (EtherType IPv6) and an IPv6 header as Linux's
     * ip6_nd_hdr() writes it (traffic class 0, flow label 0, hop limit 255), and points {@link #outMessage} at the
     * zeroed message of 24 bytes, plus 8 for a link-layer option when {@code withOption}.
     */
    private ByteBuf frame(long destinationMac, long sourceMac, long sourceHigh, long sourceLow, long destinationHigh,
            long destinationLow, boolean withOption) {
        int messageLength = NeighborMessage.LENGTH + (withOption ? NdpOption.ETHERNET_ADDRESS_OPTION_LENGTH : 0);
        int ipLength = Ipv6Packet.HEADER_LENGTH + messageLength;
        if (scratch == null) {
            scratch = allocator.buffer(MAX_FRAME_LENGTH, MAX_FRAME_LENGTH);
        }
        ByteBuf out = scratch.clear();
        out.writeZero(EthernetFrame.HEADER_LENGTH + ipLength);
        outFrame.wrap(out, 0, EthernetFrame.HEADER_LENGTH + ipLength);
        outFrame.setDestination(destinationMac);
        outFrame.setSource(sourceMac);
        outFrame.setEtherType(EtherType.IPV6);
        outIp.wrap(out, EthernetFrame.HEADER_LENGTH, ipLength);
        outIp.setFixedHeader(messageLength, IpProtocol.ICMPV6, HOP_LIMIT, sourceHigh, sourceLow, destinationHigh,
                destinationLow);
        outMessage.wrap(out, outIp.payloadOffset(), messageLength);
        return out;
    }

    /** Fills the checksum over the pseudo-header (RFC 4443 2.3) and hands the frame to {@code tx}, which borrows it. */
    private void finish(Transmitter tx) {
        outMessage.fillChecksum(outIp.pseudoHeaderSum(outMessage.length(), IpProtocol.ICMPV6));
        tx.transmit(scratch);
    }

    /** Releases the frame buffer. */
    @Override
    public void close() {
        if (scratch != null) {
            scratch.release();
            scratch = null;
        }
    }
}
