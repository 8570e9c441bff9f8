package io.tunstack.stack.verdict;

/**
 * Something the stack did or met that is neither a received packet's verdict nor a packet sent: the life of the TCP
 * connections to open ports, the answers a profile held back that never left, and the neighbour resolution of TAP mode.
 * Counted in {@link StackCounters#countEvent}, so that what a connection went through is visible beside the packets.
 */
public enum StackEvent {
    /** A handshake completed (the peer acknowledged the SYN+ACK): the connection is accepted, and closed at once. */
    TCP_CONNECTION_ACCEPTED("TCP connection accepted (and closed at once by tunstack)"),
    /** A connection whose handshake was completed with a SYN cookie, because the connection table was full. */
    TCP_CONNECTION_FROM_COOKIE("TCP handshake completed from a SYN cookie (connection table full when the SYN came)"),
    /** Both FINs were exchanged and acknowledged. */
    TCP_CONNECTION_CLOSED("TCP connection closed in order"),
    /** The peer's reset ended a connection or a handshake. */
    TCP_CONNECTION_RESET("TCP connection reset by the peer"),
    /** A SYN+ACK or FIN was retransmitted as often as allowed without an answer: the connection was dropped. */
    TCP_CONNECTION_TIMED_OUT("TCP connection dropped after its retransmissions went unanswered"),
    /**
     * A handshake or a closing connection that found the connection table full: answered without state (a SYN cookie,
     * a FIN that is not retransmitted), so memory stays bounded under a SYN flood.
     */
    TCP_TABLE_FULL("TCP connection table full: answered without keeping state"),
    /** A SYN+ACK sent again because the handshake's last ACK did not come in time. */
    TCP_SYN_ACK_RETRANSMITTED("TCP SYN+ACK retransmitted"),
    /** tunstack's FIN sent again because its acknowledgment did not come in time. */
    TCP_FIN_RETRANSMITTED("TCP FIN retransmitted"),
    /**
     * An answer held back by its host's profile ({@code delay}) and still waiting when the stack closed: released
     * unsent.
     */
    DELAYED_ANSWER_DISCARDED("delayed answer discarded unsent when the stack closed"),
    /**
     * A packet to send whose destination's MAC was unknown: a copy waits in the link layer's resolution queue while an
     * ARP request or Neighbor Solicitation asks for it (TAP mode).
     */
    NEIGHBOUR_RESOLUTION_QUEUED("packet queued until its destination's MAC is resolved"),
    /** An ARP request or Neighbor Solicitation sent to resolve a destination (each of the up to 3 tries). */
    NEIGHBOUR_SOLICITATION_SENT("ARP request or Neighbor Solicitation sent to resolve a destination"),
    /** A destination awaiting resolution answered: the packets queued for it were sent. */
    NEIGHBOUR_RESOLVED("destination resolved; the packets queued for it were sent"),
    /** A queued packet dropped because its destination did not answer 3 solicitations 1 s apart. */
    NEIGHBOUR_RESOLUTION_FAILED("queued packet dropped: its destination did not answer resolution"),
    /** A packet dropped because the resolution queue was full (the oldest queued packet, or the new one). */
    NEIGHBOUR_QUEUE_FULL("packet dropped: the resolution queue was full"),
    /** A queued packet released unsent when the link layer closed. */
    NEIGHBOUR_QUEUE_DISCARDED("queued packet discarded unsent when the link layer closed"),
    /** A gratuitous ARP or unsolicited Neighbor Advertisement sent for {@code --announce}. */
    NEIGHBOUR_ANNOUNCEMENT_SENT("gratuitous ARP or unsolicited Neighbor Advertisement sent (--announce)");

    private final String description;

    StackEvent(String description) {
        this.description = description;
    }

    /** One sentence that says what happened. */
    public String description() {
        return description;
    }

    /** The lower-case, dash-separated name used in summaries and metric labels, e.g. {@code tcp-table-full}. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
