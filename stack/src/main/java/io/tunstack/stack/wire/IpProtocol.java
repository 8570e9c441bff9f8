package io.tunstack.stack.wire;

/**
 * IP protocol numbers (IPv4's Protocol field, IPv6's Next Header field: one registry, RFC 8200 section 4), from the
 * IANA "Assigned Internet Protocol Numbers" registry. Only the numbers tunstack names in code or summaries are here;
 * any other value is just an int.
 */
public final class IpProtocol {

    /** IPv6 Hop-by-Hop Options header, RFC 8200 section 4.3 (IANA keyword HOPOPT). */
    public static final int HOP_BY_HOP = 0;
    /** Internet Control Message Protocol, RFC 792. */
    public static final int ICMP = 1;
    /** Internet Group Management Protocol, RFC 1112 / 2236 / 3376. */
    public static final int IGMP = 2;
    /** Transmission Control Protocol, RFC 9293. */
    public static final int TCP = 6;
    /** User Datagram Protocol, RFC 768. */
    public static final int UDP = 17;
    /** IPv6 Routing header, RFC 8200 section 4.4. */
    public static final int IPV6_ROUTING = 43;
    /** IPv6 Fragment header, RFC 8200 section 4.5. */
    public static final int IPV6_FRAGMENT = 44;
    /** ICMP for IPv6, RFC 4443 (seen in IPv6 packets only). */
    public static final int ICMPV6 = 58;
    /** No Next Header: nothing follows this header (RFC 8200 section 4.7). */
    public static final int IPV6_NO_NEXT_HEADER = 59;
    /** IPv6 Destination Options header, RFC 8200 section 4.6. */
    public static final int IPV6_DESTINATION_OPTIONS = 60;

    private IpProtocol() {
    }

    /** A short name for summaries and traces: {@code icmp}, {@code tcp}..., or the decimal number. */
    public static String name(int protocol) {
        switch (protocol) {
            case ICMP:
                return "icmp";
            case IGMP:
                return "igmp";
            case TCP:
                return "tcp";
            case UDP:
                return "udp";
            case ICMPV6:
                return "icmpv6";
            case HOP_BY_HOP:
                return "hopopt";
            case IPV6_ROUTING:
                return "ipv6-route";
            case IPV6_FRAGMENT:
                return "ipv6-frag";
            case IPV6_NO_NEXT_HEADER:
                return "ipv6-nonxt";
            case IPV6_DESTINATION_OPTIONS:
                return "ipv6-opts";
            default:
                return Integer.toString(protocol);
        }
    }

    /** The name as tcpdump prints an unparsed payload: {@link #name}, or {@code ip-proto-N} for a bare number. */
    public static String summaryName(int protocol) {
        String name = name(protocol);
        return Character.isDigit(name.charAt(0)) ? "ip-proto-" + name : name;
    }
}
