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

    /** RFC 4443 2.1: "Error messages are identified as such by a zero in the high-order bit of their message Type". */
    private static final int INFORMATIONAL_BIT = 0x80;

    private Icmpv6Type() {
    }

    /**
     * Whether {@code type} is an error message (types 0 to 127, RFC 4443 2.1), which must never be answered with
     * another error (RFC 4443 2.4 (e.1)).
     */
    public static boolean isError(int type) {
        return (type & INFORMATIONAL_BIT) == 0;
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
