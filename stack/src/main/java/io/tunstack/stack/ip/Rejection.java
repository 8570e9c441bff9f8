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
    PROTOCOL_UNREACHABLE
}
