package io.tunstack.stack.ip;

import io.tunstack.stack.verdict.Verdict;

/**
 * The handler of one upper-layer protocol (ICMPv4, ICMPv6; later UDP, TCP), registered in a {@link ProtocolTable}
 * under its protocol number. The network layer has checked the datagram, reassembled it and applied the address
 * rules before it calls {@link #receive}.
 *
 * <p>An answer is built in place: the handler rewrites the message in {@link Datagram#buffer()} into its answer (same
 * offset and length) and returns {@link Verdict#answered}; the network layer then turns its own header around and
 * sends it. Anything else is a {@link Verdict#dropped} with the reason, or a {@link Rejection} that asks the network
 * layer for an ICMP error in its family. A handler never sends anything itself and allocates nothing per packet.
 */
@FunctionalInterface
public interface ProtocolHandler {

    /** Handles the upper-layer message of {@code datagram}; borrows the buffer, keeps nothing. */
    Verdict receive(Datagram datagram);
}
