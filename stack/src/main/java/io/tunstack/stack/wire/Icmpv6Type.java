package io.tunstack.stack.wire;

/**
 * ICMPv6 message types (RFC 4443 section 2.1, RFC 4861 for neighbor discovery, RFC 2710 and RFC 3810 for multicast
 * listener discovery), with the names used in traces and summaries.
 */
public final class Icmpv6Type {

    /** Destination Unreachable (RFC 4443 3.1): an error. */
    public static final int DESTINATION_UNREACHABLE = 1;
    /** Packet Too Big (RFC 4443 3.2): an error, with the MTU of the next hop. */
    public static final int PACKET_TOO_BIG = 2;
    /** Time Exceeded (RFC 4443 3.3): an error. */
    public static final int TIME_EXCEEDED = 3;
    /** Parameter Problem (RFC 4443 3.4): an error, with a pointer to the offending octet. */
    public static final int PARAMETER_PROBLEM = 4;
    /** Echo Request (RFC 4443 4.1): what {@code ping -6} sends. */
    public static final int ECHO_REQUEST = 128;
    /** Echo Reply (RFC 4443 4.2). */
    public static final int ECHO_REPLY = 129;
    /** Multicast Listener Query (RFC 2710, RFC 3810). */
    public static final int MULTICAST_LISTENER_QUERY = 130;
    /** Multicast Listener Report, version 1 (RFC 2710). */
    public static final int MULTICAST_LISTENER_REPORT = 131;
    /** Multicast Listener Done (RFC 2710). */
    public static final int MULTICAST_LISTENER_DONE = 132;
    /** Router Solicitation (RFC 4861 4.1): the kernel sends these after a link comes up. */
    public static final int ROUTER_SOLICITATION = 133;
    /** Router Advertisement (RFC 4861 4.2). */
    public static final int ROUTER_ADVERTISEMENT = 134;
    /** Neighbor Solicitation (RFC 4861 4.3). */
    public static final int NEIGHBOR_SOLICITATION = 135;
    /** Neighbor Advertisement (RFC 4861 4.4). */
    public static final int NEIGHBOR_ADVERTISEMENT = 136;
    /** Redirect (RFC 4861 4.5). */
    public static final int REDIRECT = 137;
    /** Version 2 Multicast Listener Report (RFC 3810 5.2): the kernel sends these when a group is joined. */
    public static final int MULTICAST_LISTENER_REPORT_V2 = 143;

    /** Destination Unreachable code 0: no route to destination. */
    public static final int CODE_NO_ROUTE = 0;
    /** Destination Unreachable code 3: address unreachable. */
    public static final int CODE_ADDRESS_UNREACHABLE = 3;
    /** Destination Unreachable code 4: port unreachable. */
    public static final int CODE_PORT_UNREACHABLE = 4;
    /** Time Exceeded code 0: hop limit exceeded in transit. */
    public static final int CODE_HOP_LIMIT_EXCEEDED = 0;
    /** Time Exceeded code 1: fragment reassembly time exceeded. */
    public static final int CODE_REASSEMBLY_TIME_EXCEEDED = 1;
    /** Parameter Problem code 0: erroneous header field encountered. */
    public static final int CODE_ERRONEOUS_HEADER_FIELD = 0;
    /** Parameter Problem code 1: unrecognized Next Header type encountered. */
    public static final int CODE_UNRECOGNIZED_NEXT_HEADER = 1;
    /** Parameter Problem code 2: unrecognized IPv6 option encountered. */
    public static final int CODE_UNRECOGNIZED_OPTION = 2;
    /** Parameter Problem code 3 (RFC 7112): the first fragment has an incomplete IPv6 header chain. */
    public static final int CODE_INCOMPLETE_HEADER_CHAIN = 3;

    /** RFC 4443 2.1: "Error messages are identified as such by a zero in the high-order bit of their message Type". */
    private static final int INFORMATIONAL_BIT = 0x80;

    /** RFC 4443 3.1, codes 0 to 6. */
    private static final String[] UNREACHABLE_CODES = {"no route to destination",
        "communication with destination administratively prohibited", "beyond scope of source address",
        "address unreachable", "port unreachable", "source address failed ingress/egress policy",
        "reject route to destination"};
    /** RFC 4443 3.3, codes 0 and 1. */
    private static final String[] TIME_EXCEEDED_CODES = {"hop limit exceeded in transit",
        "fragment reassembly time exceeded"};
    /** RFC 4443 3.4, codes 0 to 2, and RFC 7112 section 5, code 3. */
    private static final String[] PARAMETER_PROBLEM_CODES = {"erroneous header field encountered",
        "unrecognized Next Header type encountered", "unrecognized IPv6 option encountered",
        "IPv6 first fragment has incomplete IPv6 header chain"};

    private Icmpv6Type() {
    }

    /**
     * Whether {@code type} is an error message (types 0 to 127, RFC 4443 2.1), which must never be answered with
     * another error (RFC 4443 2.4 (e.1)).
     */
    public static boolean isError(int type) {
        return (type & INFORMATIONAL_BIT) == 0;
    }

    /**
     * The code's meaning in words for the error types (RFC 4443 3.1 to 3.4, RFC 7112 for Parameter Problem code 3),
     * e.g. {@code port unreachable}; {@code code N} for any other type or an unknown code.
     */
    public static String codeName(int type, int code) {
        String name = null;
        if (type == DESTINATION_UNREACHABLE) {
            name = code < UNREACHABLE_CODES.length ? UNREACHABLE_CODES[code] : null;
        } else if (type == TIME_EXCEEDED) {
            name = code < TIME_EXCEEDED_CODES.length ? TIME_EXCEEDED_CODES[code] : null;
        } else if (type == PARAMETER_PROBLEM) {
            name = code < PARAMETER_PROBLEM_CODES.length ? PARAMETER_PROBLEM_CODES[code] : null;
        }
        return name != null ? name : "code " + code;
    }

    /** A short name for traces: {@code echo-request}, ..., or {@code type-N}. */
    public static String name(int type) {
        switch (type) {
            case DESTINATION_UNREACHABLE:
                return "destination-unreachable";
            case PACKET_TOO_BIG:
                return "packet-too-big";
            case TIME_EXCEEDED:
                return "time-exceeded";
            case PARAMETER_PROBLEM:
                return "parameter-problem";
            case ECHO_REQUEST:
                return "echo-request";
            case ECHO_REPLY:
                return "echo-reply";
            case MULTICAST_LISTENER_QUERY:
                return "multicast-listener-query";
            case MULTICAST_LISTENER_REPORT:
                return "multicast-listener-report";
            case MULTICAST_LISTENER_DONE:
                return "multicast-listener-done";
            case ROUTER_SOLICITATION:
                return "router-solicitation";
            case ROUTER_ADVERTISEMENT:
                return "router-advertisement";
            case NEIGHBOR_SOLICITATION:
                return "neighbor-solicitation";
            case NEIGHBOR_ADVERTISEMENT:
                return "neighbor-advertisement";
            case REDIRECT:
                return "redirect";
            case MULTICAST_LISTENER_REPORT_V2:
                return "multicast-listener-report-v2";
            default:
                return "type-" + type;
        }
    }
}
