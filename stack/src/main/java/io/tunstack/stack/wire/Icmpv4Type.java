package io.tunstack.stack.wire;

/** ICMPv4 message types (RFC 792, RFC 950 for address mask), with the names used in traces and summaries. */
public final class Icmpv4Type {

    /** Echo Reply (RFC 792). */
    public static final int ECHO_REPLY = 0;
    /** Destination Unreachable (RFC 792): an error. */
    public static final int DESTINATION_UNREACHABLE = 3;
    /** Source Quench (RFC 792, deprecated by RFC 6633): an error. */
    public static final int SOURCE_QUENCH = 4;
    /** Redirect (RFC 792): an error. */
    public static final int REDIRECT = 5;
    /** Echo (RFC 792): the request ping sends. */
    public static final int ECHO_REQUEST = 8;
    /** Router Advertisement (RFC 1256). */
    public static final int ROUTER_ADVERTISEMENT = 9;
    /** Router Solicitation (RFC 1256). */
    public static final int ROUTER_SOLICITATION = 10;
    /** Time Exceeded (RFC 792): an error. */
    public static final int TIME_EXCEEDED = 11;
    /** Parameter Problem (RFC 792): an error. */
    public static final int PARAMETER_PROBLEM = 12;
    /** Timestamp (RFC 792). */
    public static final int TIMESTAMP_REQUEST = 13;
    /** Timestamp Reply (RFC 792). */
    public static final int TIMESTAMP_REPLY = 14;
    /** Information Request (RFC 792, obsolete). */
    public static final int INFORMATION_REQUEST = 15;
    /** Information Reply (RFC 792, obsolete). */
    public static final int INFORMATION_REPLY = 16;
    /** Address Mask Request (RFC 950). */
    public static final int ADDRESS_MASK_REQUEST = 17;
    /** Address Mask Reply (RFC 950). */
    public static final int ADDRESS_MASK_REPLY = 18;

    private Icmpv4Type() {
    }

    /** A short name for traces: {@code echo-request}, ..., or {@code type-N}. */
    public static String name(int type) {
        switch (type) {
            case ECHO_REPLY:
                return "echo-reply";
            case DESTINATION_UNREACHABLE:
                return "destination-unreachable";
            case SOURCE_QUENCH:
                return "source-quench";
            case REDIRECT:
                return "redirect";
            case ECHO_REQUEST:
                return "echo-request";
            case ROUTER_ADVERTISEMENT:
                return "router-advertisement";
            case ROUTER_SOLICITATION:
                return "router-solicitation";
            case TIME_EXCEEDED:
                return "time-exceeded";
            case PARAMETER_PROBLEM:
                return "parameter-problem";
            case TIMESTAMP_REQUEST:
                return "timestamp-request";
            case TIMESTAMP_REPLY:
                return "timestamp-reply";
            case INFORMATION_REQUEST:
                return "information-request";
            case INFORMATION_REPLY:
                return "information-reply";
            case ADDRESS_MASK_REQUEST:
                return "address-mask-request";
            case ADDRESS_MASK_REPLY:
                return "address-mask-reply";
            default:
                return "type-" + type;
        }
    }
}
