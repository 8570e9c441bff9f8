package io.tunstack.stack.ip;

/**
 * Chooses the Identification of an IPv4 datagram that the stack originates. An interface so that tests can make it
 * deterministic; {@link IpIdentTable} is the production choice.
 *
 * <p>Called once per datagram: every fragment of a fragmented datagram carries the same Identification.
 */
@FunctionalInterface
public interface IpIdGenerator {

    /** The Identification (0..65535) for a new datagram from {@code source} to {@code destination}. */
    int nextIdentification(int destination, int source, int protocol);
}
