package io.tunstack.stack.ip;

/**
 * Chooses the Identification of a datagram that the stack originates: IPv4's 16-bit header field, and IPv6's 32-bit
 * Fragment header field. An interface so that tests can make it
 * deterministic; {@link IpIdentTable} is the production choice.
 *
 * <p>Called once per datagram: every fragment of a fragmented datagram carries the same Identification.
 */
@FunctionalInterface
public interface IpIdGenerator {

    /** The Identification (0..65535) for a new datagram from {@code source} to {@code destination}. */
    int nextIdentification(int destination, int source, int protocol);

    /**
     * The Identification (32 bits, never 0) of a fragmented IPv6 packet from {@code source} to {@code destination}.
     * Linux __ipv6_select_ident() hashes both addresses into the same ip_idents table as IPv4 and takes the counter
     * there; by default this folds each address to 32 bits and does the same with {@link #nextIdentification}, the
     * 16-bit value in the high half (so that it is never 0).
     */
    default int nextIpv6Identification(long sourceHigh, long sourceLow, long destinationHigh, long destinationLow) {
        int destination = (int) (destinationHigh ^ destinationHigh >>> 32 ^ destinationLow ^ destinationLow >>> 32);
        int source = (int) (sourceHigh ^ sourceHigh >>> 32 ^ sourceLow ^ sourceLow >>> 32);
        return (nextIdentification(destination, source, 44) + 1) << 16 | 1;
    }
}
