package io.tunstack.stack.wire;

/**
 * IPv4 protocol numbers (the header's Protocol field), from the IANA "Assigned Internet Protocol Numbers" registry.
 * Only the numbers tunstack names in code or summaries are here; any other value is just an int.
 */
public final class IpProtocol {

    /** Internet Control Message Protocol, RFC 792. */
    public static final int ICMP = 1;
    /** Internet Group Management Protocol, RFC 1112 / 2236 / 3376. */
    public static final int IGMP = 2;
    /** Transmission Control Protocol, RFC 9293. */
    public static final int TCP = 6;
    /** User Datagram Protocol, RFC 768. */
    public static final int UDP = 17;
    /** ICMP for IPv6, RFC 4443 (seen in IPv6 packets only). */
    public static final int ICMPV6 = 58;

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
            default:
                return Integer.toString(protocol);
        }
    }
}
