package io.tunstack.stack.verdict;

/**
 * What a packet that tunstack sends is: the answer to a request, or an error about a packet it dropped. Every packet
 * sent is counted under one of these (or as a fragment of one), so that the counts say what went out, not only how
 * much.
 */
public enum Answer {
    /** ICMP echo reply (type 0), RFC 792. */
    ICMPV4_ECHO_REPLY("ICMP echo reply", Protocol.ICMP, 0, false),
    /** ICMP timestamp reply (type 14), RFC 792. */
    ICMPV4_TIMESTAMP_REPLY("ICMP timestamp reply", Protocol.ICMP, 14, false),
    /** ICMP Destination Unreachable (type 3): protocol or port unreachable. */
    ICMPV4_DESTINATION_UNREACHABLE("ICMP destination unreachable", Protocol.ICMP, 3, true),
    /** ICMP Time Exceeded (type 11): fragment reassembly time exceeded. */
    ICMPV4_TIME_EXCEEDED("ICMP time exceeded", Protocol.ICMP, 11, true),
    /** ICMP Parameter Problem (type 12): a malformed option. */
    ICMPV4_PARAMETER_PROBLEM("ICMP parameter problem", Protocol.ICMP, 12, true),
    /** ICMPv6 echo reply (type 129), RFC 4443 4.2. */
    ICMPV6_ECHO_REPLY("ICMPv6 echo reply", Protocol.ICMPV6, 129, false),
    /** ICMPv6 Destination Unreachable (type 1), RFC 4443 3.1: port unreachable. */
    ICMPV6_DESTINATION_UNREACHABLE("ICMPv6 destination unreachable", Protocol.ICMPV6, 1, true),
    /** ICMPv6 Time Exceeded (type 3), RFC 4443 3.3: fragment reassembly time exceeded. */
    ICMPV6_TIME_EXCEEDED("ICMPv6 time exceeded", Protocol.ICMPV6, 3, true),
    /** ICMPv6 Parameter Problem (type 4), RFC 4443 3.4. */
    ICMPV6_PARAMETER_PROBLEM("ICMPv6 parameter problem", Protocol.ICMPV6, 4, true),
    /** A TCP reset (RST, or RST+ACK) about a segment no connection takes: RFC 9293 3.10.7.1. */
    TCP_RST("TCP reset", Protocol.TCP, NoIcmpType.VALUE, false),
    /** The second segment of a handshake with an open port: SYN+ACK (RFC 9293 3.10.7.2). */
    TCP_SYN_ACK("TCP SYN+ACK", Protocol.TCP, NoIcmpType.VALUE, false),
    /** tunstack's FIN (with ACK), closing a connection it accepted. */
    TCP_FIN("TCP FIN", Protocol.TCP, NoIcmpType.VALUE, false),
    /** A TCP acknowledgment without data: of the peer's FIN, or of a segment the connection cannot take. */
    TCP_ACK("TCP ACK", Protocol.TCP, NoIcmpType.VALUE, false),
    /** An ARP reply (operation 2) to a request for a virtual host's address, RFC 826; TAP mode only. */
    ARP_REPLY("ARP reply", Protocol.ARP, NoIcmpType.VALUE, false),
    /** An ICMPv6 Neighbor Advertisement (type 136), RFC 4861 4.4, solicited or DAD's; TAP mode only. */
    NEIGHBOR_ADVERTISEMENT("ICMPv6 neighbor advertisement", Protocol.ICMPV6, 136, false);

    /** The {@link #icmpType()} of an answer that is not an ICMP message. */
    public static final int NOT_ICMP = NoIcmpType.VALUE;

    private final String description;
    private final Protocol protocol;
    private final int icmpType;
    private final boolean error;

    Answer(String description, Protocol protocol, int icmpType, boolean error) {
        this.description = description;
        this.protocol = protocol;
        this.icmpType = icmpType;
        this.error = error;
    }

    /** A few words for people: {@code ICMP echo reply}. */
    public String description() {
        return description;
    }

    /** The upper-layer protocol of the packet sent, for counting by protocol. */
    public Protocol protocol() {
        return protocol;
    }

    /** The ICMP or ICMPv6 type of the message, or {@link #NOT_ICMP}. */
    public int icmpType() {
        return icmpType;
    }

    /** Whether this is an ICMP error about a dropped packet rather than the answer to a request. */
    public boolean isError() {
        return error;
    }

    /** The lower-case, dash-separated name used in metric labels, e.g. {@code icmpv4-echo-reply}. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }

    /** Holds {@link #NOT_ICMP} where the constants above may name it (not a field of this enum, declared after them). */
    private static final class NoIcmpType {
        static final int VALUE = -1;
    }

    /** The protocols tunstack sends (upper-layer, and ARP beside IP in TAP mode), named as metrics label them. */
    public enum Protocol {
        ICMP, ICMPV6, TCP, ARP;

        /** The lower-case name used in metric labels: {@code icmp}, {@code icmpv6}, {@code tcp}, {@code arp}. */
        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
