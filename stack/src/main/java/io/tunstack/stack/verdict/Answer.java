package io.tunstack.stack.verdict;

/**
 * What a packet that tunstack sends is: the answer to a request, or an error about a packet it dropped. Every packet
 * sent is counted under one of these (or as a fragment of one), so that the counts say what went out, not only how
 * much.
 */
public enum Answer {
    /** ICMP echo reply (type 0), RFC 792. */
    ICMPV4_ECHO_REPLY("ICMP echo reply", 0, false),
    /** ICMP timestamp reply (type 14), RFC 792. */
    ICMPV4_TIMESTAMP_REPLY("ICMP timestamp reply", 14, false),
    /** ICMP Destination Unreachable (type 3): protocol unreachable today. */
    ICMPV4_DESTINATION_UNREACHABLE("ICMP destination unreachable", 3, true),
    /** ICMP Time Exceeded (type 11): fragment reassembly time exceeded. */
    ICMPV4_TIME_EXCEEDED("ICMP time exceeded", 11, true),
    /** ICMP Parameter Problem (type 12): a malformed option. */
    ICMPV4_PARAMETER_PROBLEM("ICMP parameter problem", 12, true),
    /** ICMPv6 echo reply (type 129), RFC 4443 4.2. */
    ICMPV6_ECHO_REPLY("ICMPv6 echo reply", 129, false),
    /** ICMPv6 Destination Unreachable (type 1), RFC 4443 3.1. */
    ICMPV6_DESTINATION_UNREACHABLE("ICMPv6 destination unreachable", 1, true),
    /** ICMPv6 Time Exceeded (type 3), RFC 4443 3.3: fragment reassembly time exceeded. */
    ICMPV6_TIME_EXCEEDED("ICMPv6 time exceeded", 3, true),
    /** ICMPv6 Parameter Problem (type 4), RFC 4443 3.4. */
    ICMPV6_PARAMETER_PROBLEM("ICMPv6 parameter problem", 4, true);

    private final String description;
    private final int icmpType;
    private final boolean error;

    Answer(String description, int icmpType, boolean error) {
        this.description = description;
        this.icmpType = icmpType;
        this.error = error;
    }

    /** A few words for people: {@code ICMP echo reply}. */
    public String description() {
        return description;
    }

    /** The ICMP or ICMPv6 type of the message. */
    public int icmpType() {
        return icmpType;
    }

    /** Whether this is an error about a dropped packet rather than the answer to a request. */
    public boolean isError() {
        return error;
    }

    /** The lower-case, dash-separated name used in metric labels, e.g. {@code icmpv4-echo-reply}. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
