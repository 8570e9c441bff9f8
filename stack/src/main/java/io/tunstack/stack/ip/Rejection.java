package io.tunstack.stack.ip;

/**
 * An ICMP error that a protocol handler asks its network layer to send about a datagram it drops, named by meaning;
 * each family maps it to its own type and code.
 */
public enum Rejection {
    /**
     * No handler for the protocol. IPv4: Destination Unreachable, code 2 Protocol Unreachable (RFC 1122 3.2.2.1);
     * IPv6: Parameter Problem, code 1 unrecognized Next Header, pointing at it (RFC 8200 section 4, RFC 4443 3.4).
     */
    PROTOCOL_UNREACHABLE,
    /**
     * No listener on the destination port (UDP). IPv4: Destination Unreachable, code 3 Port Unreachable (RFC 1122
     * 4.1.3.1); IPv6: Destination Unreachable, code 4 Port Unreachable (RFC 4443 3.1).
     */
    PORT_UNREACHABLE
}
