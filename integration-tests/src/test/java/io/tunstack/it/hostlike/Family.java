package io.tunstack.it.hostlike;

/** One address family: the address tunstack answers by default, and the flag the clients take for it. */
enum Family {
    IPV4("172.21.22.26", "-4", "icmp", "icmpv4-destination-unreachable"),
    IPV6("fd00:172:21:22::26", "-6", "icmpv6", "icmpv6-destination-unreachable");

    /** An address tunstack answers with its defaults (the device holds .23 and ::23, which the kernel answers). */
    final String answered;
    /** traceroute's, nmap's and nc's flag for the family. */
    final String flag;
    /** The protocol label of the family's ICMP errors in the metrics. */
    final String icmpProtocol;
    /** The answer label of the family's Port Unreachable in the metrics. */
    final String portUnreachable;

    Family(String answered, String flag, String icmpProtocol, String portUnreachable) {
        this.answered = answered;
        this.flag = flag;
        this.icmpProtocol = icmpProtocol;
        this.portUnreachable = portUnreachable;
    }
}
