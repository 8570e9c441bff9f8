package io.tunstack.stack.verdict;

/**
 * Why a packet got no answer. Every drop is a value, counted in {@link StackCounters}, never an exception.
 *
 * <p>The list grows with the stack; names are stable because they appear in summaries and metrics labels
 * ({@link #label()}).
 */
public enum DropReason {
    // ---- Dispatch by IP version

    /** The packet is empty, or its first nibble is neither 4 nor 6: not an IP packet. */
    NOT_IP("not an IP packet (empty, or version nibble is neither 4 nor 6)"),
    /** An IPv4 packet while IPv4 is off (the stack runs IPv6 only). */
    IPV4_DISABLED("IPv4 packet while IPv4 is not enabled"),
    /** An IPv6 packet while IPv6 is off (disabled in the namespace, or no IPv6 address configured). */
    IPV6_DISABLED("IPv6 packet while IPv6 is not enabled"),

    // ---- IPv4 header (RFC 791, RFC 1122 3.2.1), checked in this order, cheap to expensive

    /** Fewer bytes than the 20-byte minimum IPv4 header. */
    IPV4_TRUNCATED("IPv4 packet shorter than the 20-byte minimum header"),
    /** IHL below 5: the header cannot be shorter than 5 words. */
    IPV4_BAD_IHL("IPv4 header length (IHL) below 5 words"),
    /** IHL says the header is longer than the bytes read. */
    IPV4_HEADER_TRUNCATED("IPv4 header length (IHL) beyond the bytes read"),
    /** Total Length is smaller than the header length. */
    IPV4_TOTAL_LENGTH_BELOW_HEADER("IPv4 total length smaller than the header length"),
    /** Total Length is larger than the bytes read: the datagram was truncated. */
    IPV4_TOTAL_LENGTH_BEYOND_BYTES_READ("IPv4 total length larger than the bytes read (truncated datagram)"),
    /** The header checksum does not verify (RFC 1122 3.2.1.2: "MUST ... silently discard"). */
    IPV4_BAD_HEADER_CHECKSUM("IPv4 header checksum does not verify"),
    /** The source is in 0.0.0.0/8, "this network", which RFC 1122 3.2.1.3 allows only during bootstrap. */
    IPV4_SOURCE_UNSPECIFIED("IPv4 source in 0.0.0.0/8 (this network), not a host to answer"),
    /** The source is the limited broadcast or the subnet's broadcast (RFC 1122 3.2.1.3: a host MUST discard it). */
    IPV4_SOURCE_BROADCAST("IPv4 source is a broadcast address"),
    /** The source is a multicast address (RFC 1122 3.2.1.3: a host MUST discard it). */
    IPV4_SOURCE_MULTICAST("IPv4 source is a multicast address"),
    /** The source is in 127.0.0.0/8, which "MUST NOT appear outside a host" (RFC 1122 3.2.1.3 (g)). */
    IPV4_SOURCE_LOOPBACK("IPv4 source is a loopback address arriving from the link"),
    /** The source is in 240.0.0.0/4, class E, reserved (RFC 1112). */
    IPV4_SOURCE_CLASS_E("IPv4 source is a reserved class E address"),
    /** The destination is a multicast address; tunstack is a member of no multicast group. */
    IPV4_DESTINATION_MULTICAST("IPv4 destination is a multicast address (tunstack joins no group)"),
    /** The destination is not an address tunstack answers for. */
    IPV4_NOT_ANSWERED("IPv4 destination is not an address tunstack answers for"),
    /**
     * The protocol is not one tunstack handles (ICMP, UDP and TCP are); answered with Destination Unreachable,
     * Protocol Unreachable, where the ICMP error rules allow (RFC 1122 3.2.2.1).
     */
    IPV4_UNSUPPORTED_PROTOCOL(
            "IPv4 protocol other than ICMP, UDP and TCP (answered with Protocol Unreachable where allowed)"),

    // ---- IPv4 options and ICMP errors (RFC 791, 1122, 1812), after the address checks

    /**
     * An IPv4 option is malformed (bad length, pointer, overflow, or a repeated option), decided as Linux's
     * ip_options_compile() decides; a Parameter Problem points at the bad octet unless ICMP error rules forbid it.
     */
    IPV4_BAD_OPTION("malformed IPv4 option (answered with a Parameter Problem pointing at the bad octet)"),
    /** A Loose or Strict Source Route option: a host drops the datagram, as Linux with accept_source_route=0. */
    IPV4_SOURCE_ROUTED("source-routed IPv4 datagram (LSRR/SSRR), dropped as by a host with accept_source_route=0"),
    /** Record Route or Timestamp left room for this host's entry but not for the reply's, so Linux sends no reply. */
    IPV4_OPTIONS_NO_ROOM_FOR_REPLY("IPv4 Record Route or Timestamp option without a whole entry of room for the reply"),
    /** The answer was suppressed by a rate limiter (the ICMP error token bucket, or the per-source echo limit). */
    RATE_LIMITED("answer suppressed by an ICMP rate limiter"),

    // ---- ICMP (RFC 792, RFC 1122 3.2.2), after the IPv4 checks

    /** The ICMP message is shorter than its 8-byte header. */
    ICMP_TRUNCATED("ICMP message shorter than its 8-byte header"),
    /** The ICMP checksum over the whole message does not verify. */
    ICMP_BAD_CHECKSUM("ICMP checksum does not verify"),
    /** An echo request with a code other than 0. */
    ICMP_ECHO_BAD_CODE("ICMP echo request with a non-zero code"),
    /** An echo or timestamp request to a broadcast address, ignored as Linux's icmp_echo_ignore_broadcasts=1 does. */
    ICMP_BROADCAST_IGNORED("ICMP echo or timestamp request to a broadcast address, ignored by configuration"),
    /** Any ICMP type other than echo and timestamp request sent to a broadcast address (Linux icmp_rcv). */
    ICMP_BROADCAST_TYPE("ICMP message to a broadcast address of a type that is never accepted there"),
    /** A timestamp request shorter than the 12 bytes of its three timestamps (RFC 792). */
    ICMP_TIMESTAMP_TRUNCATED("ICMP timestamp request shorter than its three timestamps"),
    /** An echo reply: tunstack sends no echo requests, so there is nobody to deliver it to. */
    ICMP_ECHO_REPLY_IGNORED("ICMP echo reply; tunstack sends no echo requests"),
    /** An ICMP error (unreachable, source quench, redirect, time exceeded, parameter problem): never answered. */
    ICMP_ERROR_IGNORED("ICMP error message; errors are never answered"),
    /** A query or reply that Linux discards: address mask, information, router discovery, timestamp reply. */
    ICMP_QUERY_IGNORED(
            "ICMP query or reply type that Linux discards (address mask, information, router, timestamp reply)"),
    /** A type that no RFC tunstack follows defines (Linux counts these as ICMP input errors). */
    ICMP_UNKNOWN_TYPE("ICMP message of an unknown type"),

    // ---- IPv6 header (RFC 8200, RFC 4291), checked in this order, cheap to expensive

    /** Fewer bytes than the 40-byte IPv6 header. */
    IPV6_TRUNCATED("IPv6 packet shorter than the 40-byte fixed header"),
    /** Payload Length says more bytes than were read: the packet was truncated. */
    IPV6_PAYLOAD_LENGTH_BEYOND_BYTES_READ("IPv6 payload length larger than the bytes read (truncated packet)"),
    /** The source is the unspecified address {@code ::}, which is never a host to answer (RFC 4291 2.5.2). */
    IPV6_SOURCE_UNSPECIFIED("IPv6 source is the unspecified address ::"),
    /** The source is {@code ::1}, which "must never be sent outside a single node" (RFC 4291 2.5.3). */
    IPV6_SOURCE_LOOPBACK("IPv6 source is the loopback address ::1 arriving from the link"),
    /** The source is a multicast address (RFC 4291 2.7: "must not be used as source addresses"). */
    IPV6_SOURCE_MULTICAST("IPv6 source is a multicast address"),
    /** The source is an IPv4-mapped address, which never appears on the wire (RFC 4291 2.5.5.2, Linux ipv6_rcv). */
    IPV6_SOURCE_V4_MAPPED("IPv6 source is an IPv4-mapped address (::ffff:0:0/96)"),
    /**
     * The kernel's own link-local chatter: router solicitations, MLD reports and neighbour discovery that the kernel
     * sends on tun0 by itself, not packets for a virtual host.
     */
    IPV6_LINK_CHATTER("the kernel's own IPv6 link chatter (router solicitation, MLD report, neighbour discovery)"),
    /** The destination is a multicast address and multicast echo is not answered (the default). */
    IPV6_DESTINATION_MULTICAST("IPv6 destination is a multicast address that tunstack does not answer"),
    /** The destination is not an address tunstack answers for. */
    IPV6_NOT_ANSWERED("IPv6 destination is not an address tunstack answers for"),
    /** A Hop-by-Hop Options header anywhere but right after the IPv6 header (RFC 8200 4.1); Parameter Problem code 1. */
    IPV6_HOP_BY_HOP_NOT_FIRST("IPv6 Hop-by-Hop Options header not directly after the IPv6 header"),
    /** Fewer bytes than the 8 that every IPv6 extension header has (RFC 8200 section 4). */
    IPV6_EXTENSION_HEADER_TRUNCATED("IPv6 extension header shorter than its 8-byte minimum"),
    /** An extension header's Hdr Ext Len says it runs past the end of the packet's payload. */
    IPV6_EXTENSION_HEADER_LENGTH_BEYOND_PAYLOAD("IPv6 extension header length beyond the end of the payload"),
    /**
     * An extension header where none may be: an option that runs past its header, a Fragment header inside a
     * reassembled packet, or an extension header after the Fragment header of an atomic fragment.
     */
    IPV6_BAD_EXTENSION_HEADER("IPv6 extension header malformed or out of place"),
    /** An option whose type's action bits say discard (RFC 8200 4.2); Parameter Problem code 2 where they say so. */
    IPV6_UNRECOGNIZED_OPTION("IPv6 option of an unrecognized type whose action is to discard the packet"),
    /**
     * A Routing header of an unknown or deprecated type (type 0, RFC 5095) with segments left; Parameter Problem code 0
     * pointing at the routing type (RFC 8200 4.4).
     */
    IPV6_BAD_ROUTING_HEADER("IPv6 Routing header of an unsupported type with segments left"),
    /**
     * The first fragment does not hold the whole header chain up to the upper-layer header (RFC 7112); Parameter
     * Problem code 3.
     */
    IPV6_INCOMPLETE_HEADER_CHAIN("first IPv6 fragment without the whole header chain"),
    /** Next Header 59, No Next Header: nothing follows, so nothing to answer (RFC 8200 4.7). */
    IPV6_NO_NEXT_HEADER("IPv6 packet with No Next Header (59)"),
    /**
     * A next header tunstack does not handle (only ICMPv6 is); Parameter Problem code 1 pointing at it, where the
     * ICMPv6 error rules allow (RFC 8200 4, RFC 4443 3.4).
     */
    IPV6_UNSUPPORTED_NEXT_HEADER("IPv6 next header other than ICMPv6 (answered with Parameter Problem code 1)"),

    // ---- ICMPv6 (RFC 4443), after the IPv6 checks

    /** The ICMPv6 message is shorter than its header. */
    ICMPV6_TRUNCATED("ICMPv6 message shorter than its 8-byte header"),
    /** The ICMPv6 checksum over the pseudo-header and the message does not verify (it is mandatory, RFC 4443 2.3). */
    ICMPV6_BAD_CHECKSUM("ICMPv6 checksum does not verify"),
    /** An echo request with a code other than 0. */
    ICMPV6_ECHO_BAD_CODE("ICMPv6 echo request with a non-zero code"),
    /** An echo reply: tunstack sends no echo requests. */
    ICMPV6_ECHO_REPLY_IGNORED("ICMPv6 echo reply; tunstack sends no echo requests"),
    /** An ICMPv6 error message (types 0-127): never answered (RFC 4443 2.4 (e)). */
    ICMPV6_ERROR_IGNORED("ICMPv6 error message; errors are never answered"),
    /** An informational message tunstack does not answer (neighbour discovery on TUN, MLD queries, unknown types). */
    ICMPV6_UNHANDLED_TYPE("ICMPv6 informational message of a type tunstack does not answer"),

    // ---- Neighbor discovery on Ethernet (RFC 4861, RFC 4862): link.NeighborDiscovery, in the order it checks a
    //      solicitation (an advertisement's Solicited rule comes before its options)

    /**
     * A Router Solicitation, Router Advertisement or Redirect (RFC 4861 4.1, 4.2, 4.5): a virtual host is no router
     * and takes no router's advice, so these are the link's chatter.
     */
    NDP_ROUTER_CHATTER("router solicitation, router advertisement or redirect (virtual hosts are not routers)"),
    /** Hop Limit other than 255 (RFC 4861 7.1.1, 7.1.2): the message may have crossed a router. */
    NDP_BAD_HOP_LIMIT("neighbor discovery message with a hop limit other than 255"),
    /** Fewer than the 24 bytes of a solicitation or advertisement without options (RFC 4861 7.1.1, 7.1.2). */
    NDP_TRUNCATED("neighbor solicitation or advertisement shorter than 24 bytes"),
    /** ICMPv6 Code other than 0 (RFC 4861 7.1.1, 7.1.2). */
    NDP_BAD_CODE("neighbor discovery message with a non-zero ICMPv6 code"),
    /** The Target Address is a multicast address (RFC 4861 7.1.1, 7.1.2). */
    NDP_MULTICAST_TARGET("neighbor solicitation or advertisement whose target is a multicast address"),
    /** An option with Length 0 (RFC 4861 4.6: "Nodes MUST silently discard an ND packet" with one). */
    NDP_OPTION_ZERO_LENGTH("neighbor discovery option with length 0"),
    /** An option that runs past the end of the message, or a trailing byte too short for an option's header. */
    NDP_OPTION_TRUNCATED("neighbor discovery option beyond the end of the message"),
    /** A link-layer address option whose Length is not 1, the 8 bytes of an Ethernet one (Linux ndisc_opt_addr_data). */
    NDP_BAD_LINK_LAYER_OPTION("link-layer address option of a length other than 8 bytes (Ethernet)"),
    /** A DAD probe (source ::) not sent to a solicited-node multicast group (RFC 4861 7.1.1). */
    NDP_DAD_NOT_TO_SOLICITED_NODE("duplicate address detection probe not sent to a solicited-node group"),
    /** A DAD probe (source ::) with a Source Link-Layer Address option (RFC 4861 7.1.1). */
    NDP_DAD_WITH_SOURCE_LINK_LAYER("duplicate address detection probe with a source link-layer address option"),
    /** An advertisement with the Solicited flag to a multicast address (RFC 4861 7.1.2). */
    NDP_SOLICITED_TO_MULTICAST("neighbor advertisement with the solicited flag sent to a multicast address"),
    /**
     * A solicitation whose destination is neither its target, the target's solicited-node group, nor all-nodes: the
     * target's host is not a member of the group it was sent to (RFC 4861 4.3 names the first two).
     */
    NDP_NOT_FOR_TARGET("neighbor solicitation sent to neither its target, nor its solicited-node group, nor all-nodes"),
    /** A solicitation for an address tunstack does not answer: some other neighbour's business. */
    NDP_TARGET_NOT_ANSWERED("neighbor solicitation for an address tunstack does not answer"),
    /** A solicitation for a host whose profile has it down ({@code down}, or {@code flap} in its down part). */
    NDP_HOST_DOWN("neighbor solicitation for a host whose profile has it down"),
    /**
     * A multicast solicitation without the Source Link-Layer Address option (RFC 4861 4.3: it "MUST be included")
     * from a neighbour not in the cache: Linux ndisc_recv_ns() has no address to answer at.
     */
    NDP_UNKNOWN_SOLICITOR("multicast neighbor solicitation without a source link-layer option from an unknown neighbour"),
    /**
     * An advertisement for an address tunstack answers: another node claims it (Linux ndisc_recv_na: "advertised our
     * address"), which changes nothing here.
     */
    NDP_ADVERTISES_ANSWERED_ADDRESS("neighbor advertisement for an address tunstack answers (another node claims it)"),
    /** An advertisement taken into the neighbour cache (RFC 4861 7.2.5): nothing to answer. */
    NDP_ADVERTISEMENT_CONSUMED("neighbor advertisement taken into the neighbour cache, nothing to answer"),

    // ---- UDP and TCP lengths, as their views' checkLength() finds them (the trace reads these headers)

    /** Fewer bytes than the 8-byte UDP header (RFC 768). */
    UDP_TRUNCATED("UDP datagram shorter than its 8-byte header"),
    /** The UDP Length field is smaller than the 8-byte header it includes (RFC 768). */
    UDP_LENGTH_BELOW_HEADER("UDP length field smaller than the 8-byte header"),
    /** The UDP Length field says more bytes than the IP payload holds. */
    UDP_LENGTH_BEYOND_PAYLOAD("UDP length field larger than the IP payload"),
    /** Fewer bytes than the 20-byte minimum TCP header (RFC 9293 section 3.1). */
    TCP_TRUNCATED("TCP segment shorter than the 20-byte minimum header"),
    /** Data Offset below 5 words: the TCP header cannot be shorter than 20 bytes (RFC 9293 section 3.1). */
    TCP_BAD_DATA_OFFSET("TCP data offset below 5 words"),
    /** Data Offset says the TCP header is longer than the segment. */
    TCP_HEADER_TRUNCATED("TCP data offset beyond the bytes of the segment"),

    // ---- UDP (RFC 768, RFC 1122 4.1.3), after the length checks

    /** The UDP checksum over the pseudo-header and the datagram does not verify: dropped silently, as Linux does. */
    UDP_BAD_CHECKSUM("UDP checksum does not verify"),
    /** An IPv6 UDP datagram with checksum 0, which RFC 8200 8.1 makes invalid ("discard the packet"). */
    UDP_ZERO_CHECKSUM_IPV6("UDP over IPv6 with checksum 0 (no checksum is not allowed over IPv6)"),
    /** A UDP datagram to a broadcast or multicast address: no error may answer it (RFC 1122 3.2.2, RFC 4443 2.4). */
    UDP_TO_GROUP("UDP datagram to a broadcast or multicast address (never answered with an error)"),
    /** A UDP datagram to a closed port: answered with Port Unreachable where the ICMP error rules allow. */
    UDP_PORT_CLOSED("UDP datagram to a closed port (answered with Port Unreachable where allowed)"),
    /** A UDP datagram to an open port: consumed without an answer, as by a socket that never replies. */
    UDP_PORT_OPEN("UDP datagram to an open port, consumed without an answer"),

    // ---- TCP (RFC 9293), after the length checks

    /** The TCP checksum over the pseudo-header and the segment does not verify: dropped silently. */
    TCP_BAD_CHECKSUM("TCP checksum does not verify"),
    /** A TCP segment to a broadcast or multicast address: TCP is unicast only; Linux drops it silently. */
    TCP_TO_GROUP("TCP segment to a broadcast or multicast address"),
    /** A segment with RST that no connection takes: a reset is never answered (RFC 9293 3.10.7.1). */
    TCP_RST_IGNORED("TCP reset that no connection takes (a reset is never answered)"),
    /** A reset that ends one of tunstack's connections (RFC 9293 3.10.7.4): it is removed, nothing is sent. */
    TCP_RST_ACCEPTED("TCP reset accepted: the connection is removed"),
    /** A segment without SYN, ACK or RST to an open port with no connection: a listener discards it (Linux). */
    TCP_LISTEN_NO_SYN("TCP segment with neither SYN nor ACK to an open port with no connection"),
    /** A SYN that also carries FIN to an open port: Linux's listener discards it. */
    TCP_SYN_FIN("TCP segment with both SYN and FIN to an open port"),
    /** A segment without ACK (and without SYN or RST) to a connection: RFC 9293 3.10.7.4 drops it. */
    TCP_NO_ACK("TCP segment without ACK to a connection (dropped, RFC 9293 3.10.7.4)"),
    /** A segment a connection takes without an answer: the acknowledgment of tunstack's FIN. */
    TCP_ACK_CONSUMED("TCP acknowledgment taken by a connection, nothing to answer"),

    // ---- Host profiles (--host, --config): what a profile does instead of a perfect host's answer

    /** A request to a host whose profile says {@code down}, or {@code flap} in its down part: no answer at all. */
    HOST_DOWN("request to a host that is down by its profile (down, or flap in its down part)"),
    /** A request to a host whose profile says {@code unreachable}: answered with Host Unreachable by the subnet's router. */
    HOST_UNREACHABLE("request to a host that is unreachable by its profile (answered with Host Unreachable)"),
    /** A request whose answer the host's profile loses ({@code loss}). */
    PROFILE_LOSS("answer lost by the host's profile (loss)"),
    /** A request over the answer rate of the host's profile ({@code rate}). */
    PROFILE_RATE_LIMITED("request over the answer rate of the host's profile (rate)"),
    /**
     * A probe whose TTL (hop limit) runs out at one of the virtual routers in front of the host ({@code hops}):
     * answered with Time Exceeded from that router, as a real path would.
     */
    EXPIRED_ON_THE_WAY("TTL or hop limit ran out at a virtual router in front of the host (answered with Time Exceeded)"),
    /** An answer to delay that found the queue of delayed answers full: dropped, so that memory stays bounded. */
    DELAY_QUEUE_FULL("answer to delay found the queue of delayed answers full"),

    // ---- Fragments, both families (RFC 791, 815, 8200 4.5, 5722)

    /** A fragment with no data: it adds nothing to its datagram, which is kept. */
    FRAGMENT_EMPTY("fragment carries no data"),
    /**
     * A fragment other than the last whose data length is not a multiple of 8 (RFC 791: "the fragment must be a
     * multiple of 8 octets"; RFC 8200 4.5); the fragments held for its datagram are dropped too.
     */
    FRAGMENT_MISALIGNED("fragment other than the last with a data length that is not a multiple of 8"),
    /**
     * A fragment that makes its datagram's length field exceed 65,535 (IPv4 Total Length, the "ping of death"; IPv6
     * Payload Length, RFC 8200 4.5); the datagram is dropped.
     */
    FRAGMENT_TOO_LARGE("fragment offset plus length beyond the largest datagram (length field above 65535)"),
    /**
     * A fragment that contradicts the datagram length given by the last fragment (data beyond that end, or another
     * last fragment with a different end); the datagram is dropped.
     */
    FRAGMENT_LENGTH_MISMATCH("fragment disagrees with the datagram length given by its last fragment"),
    /** A fragment whose data was all received already: ignored, its datagram kept (Linux IPFRAG_DUP). */
    FRAGMENT_DUPLICATE("fragment duplicates data already received"),
    /**
     * A fragment that partly overlaps data already received: it and every fragment held for its datagram are dropped
     * (RFC 5722 section 4, which Linux applies to IPv4 too).
     */
    FRAGMENT_OVERLAP("fragment overlaps data already received; the whole datagram is dropped"),
    /**
     * The fragments of a datagram mix Not-ECT with ECN-capable codepoints; the whole datagram is dropped (RFC 3168
     * section 5.3, Linux ip_frag_ecn_table).
     */
    FRAGMENT_ECN_MISMATCH("fragments mix Not-ECT with ECN-capable codepoints; the whole datagram is dropped"),
    /** A fragment of a new datagram while the limit of datagrams in reassembly is reached. */
    REASSEMBLY_DATAGRAM_LIMIT("too many datagrams in reassembly"),
    /** A fragment that would push the memory held for reassembly past its bound (Linux ipfrag_high_thresh). */
    REASSEMBLY_MEMORY_LIMIT("reassembly memory bound reached"),
    /**
     * A fragment held for a datagram that was not complete within the reassembly timeout (IPv4: Linux ipfrag_time,
     * 30 s; IPv6: RFC 8200 4.5 and Linux ip6frag_time, 60 s).
     */
    REASSEMBLY_TIMEOUT("datagram not reassembled within the timeout"),
    /** A datagram to send that exceeds the link MTU while its Don't Fragment flag forbids fragmenting it (RFC 791). */
    FRAGMENTATION_FORBIDDEN("datagram exceeds the MTU and has the Don't Fragment flag set"),

    // ---- Ethernet (IEEE 802.3, RFC 894), TAP mode only, checked in this order

    /** Fewer bytes than the 14-byte Ethernet header. */
    ETHERNET_TRUNCATED("Ethernet frame shorter than its 14-byte header"),
    /**
     * A frame to a unicast MAC that is not a virtual host's: on a bridge or a hub it is another station's (Linux
     * eth_type_trans marks it PACKET_OTHERHOST and the IP layer drops it).
     */
    ETHERNET_OTHER_HOST("Ethernet frame for another station's unicast MAC"),
    /**
     * The source MAC is a group address or all zeros, which no station has (IEEE 802: a source address is always
     * individual); Linux's bridge drops such frames (br_handle_frame: !is_valid_ether_addr).
     */
    ETHERNET_BAD_SOURCE("Ethernet source MAC is multicast or all zeros"),
    /** A VLAN tag (802.1Q, EtherType 0x8100, or 802.1ad, 0x88A8): tunstack's hosts sit on the untagged LAN only. */
    ETHERNET_VLAN("VLAN-tagged Ethernet frame (802.1Q or 802.1ad)"),
    /** EtherType IPv4 or IPv6 over a packet of the other version (Linux ip_rcv() and ipv6_rcv() drop it). */
    ETHERNET_TYPE_MISMATCH("Ethernet type IPv4 or IPv6 over a packet whose version nibble says otherwise"),
    /** An EtherType other than IPv4, ARP and IPv6 (or a length: an 802.3 frame with an LLC header). */
    ETHERNET_UNKNOWN_TYPE("Ethernet frame of an EtherType other than IPv4, ARP and IPv6"),

    // ---- ARP (RFC 826) for Ethernet and IPv4, checked in the order Linux's arp_rcv() and arp_process() check

    /** Fewer bytes than the 28 of an ARP packet for Ethernet and IPv4. */
    ARP_TRUNCATED("ARP packet shorter than the 28 bytes of Ethernet/IPv4 ARP"),
    /** Hardware address length other than 6 (Linux arp_rcv: ar_hln != dev->addr_len). */
    ARP_BAD_HARDWARE_LENGTH("ARP hardware address length is not 6"),
    /** Protocol address length other than 4 (Linux arp_rcv: ar_pln != 4). */
    ARP_BAD_PROTOCOL_LENGTH("ARP protocol address length is not 4"),
    /** Hardware type other than Ethernet (1) or IEEE 802 (6), the two Linux arp_process() accepts on Ethernet. */
    ARP_BAD_HARDWARE_TYPE("ARP hardware type is neither Ethernet (1) nor IEEE 802 (6)"),
    /** Protocol type other than IPv4, 0x0800. */
    ARP_BAD_PROTOCOL_TYPE("ARP protocol type is not IPv4 (0x0800)"),
    /** An operation other than request (1) and reply (2): RARP and InARP are not answered. */
    ARP_BAD_OPERATION("ARP operation is neither request (1) nor reply (2)"),
    /** The sender hardware address is a group address or all zeros: no station has it, so it is never learned. */
    ARP_BAD_SENDER_HARDWARE_ADDRESS("ARP sender hardware address is multicast or all zeros"),
    /**
     * The sender claims a virtual host's address: an address conflict, neither answered nor learned (Linux
     * arp_process: ip_route_input() refuses a local address as a source).
     */
    ARP_SENDER_IS_HOST("ARP sender protocol address is a virtual host's (address conflict)"),
    /** The target is a multicast or loopback address, which ARP never resolves (Linux arp_process). */
    ARP_BAD_TARGET("ARP target protocol address is multicast or loopback"),
    /** A request for an address tunstack does not answer for (the kernel's own included): another station's. */
    ARP_NOT_ANSWERED("ARP request for an address tunstack does not answer for"),
    /** A request for a host whose profile has it down ({@code down}, or {@code flap} in its down part). */
    ARP_HOST_DOWN("ARP request for a host whose profile has it down"),
    /** A reply: its sender is learned where RFC 826's merge rule allows; a reply is never answered. */
    ARP_REPLY_RECEIVED("ARP reply: learned where RFC 826 allows, never answered");

    private final String description;

    DropReason(String description) {
        this.description = description;
    }

    /** One sentence that says what was wrong. */
    public String description() {
        return description;
    }

    /** The lower-case, dash-separated name used in summaries and metric labels, e.g. {@code bad-header-checksum}. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
