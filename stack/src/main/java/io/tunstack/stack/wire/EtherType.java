package io.tunstack.stack.wire;

/**
 * EtherType values (the Type field of an Ethernet II frame, RFC 894; the IEEE "EtherType" registry): what the
 * payload of a frame is. Only the values tunstack names in code or summaries are here; any other is just an int. A
 * value of 1500 or less is no type but an IEEE 802.3 length, followed by an LLC header.
 */
public final class EtherType {

    /** Internet Protocol version 4, RFC 894. */
    public static final int IPV4 = 0x0800;
    /** Address Resolution Protocol, RFC 826. */
    public static final int ARP = 0x0806;
    /** A customer VLAN tag, IEEE 802.1Q: the real type follows the 4-byte tag. */
    public static final int VLAN = 0x8100;
    /** Internet Protocol version 6, RFC 2464. */
    public static final int IPV6 = 0x86DD;
    /** A service VLAN tag, IEEE 802.1ad ("QinQ"). */
    public static final int QINQ = 0x88A8;
    /** The largest IEEE 802.3 length: a Type/Length field up to this value is a length, not a type. */
    public static final int MAX_LENGTH = 1500;

    private EtherType() {
    }

    /** Whether {@code etherType} is a VLAN tag: 802.1Q or 802.1ad. */
    public static boolean isVlanTag(int etherType) {
        return etherType == VLAN || etherType == QINQ;
    }

    /** The name as tcpdump prints it: {@code IPv4}, {@code ARP}, {@code IPv6}, {@code 802.1Q}, or {@code Unknown}. */
    public static String name(int etherType) {
        switch (etherType) {
            case IPV4:
                return "IPv4";
            case ARP:
                return "ARP";
            case IPV6:
                return "IPv6";
            case VLAN:
                return "802.1Q";
            case QINQ:
                return "802.1Q-QinQ";
            default:
                return etherType <= MAX_LENGTH ? "802.3 length" : "Unknown";
        }
    }
}
