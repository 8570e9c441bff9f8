package io.tunstack.stack;

/**
 * Why a packet got no answer. Every drop is a value, counted in {@link StackCounters}, never an exception.
 *
 * <p>The list grows with the stack; names are stable because they appear in summaries and metrics labels
 * ({@link #label()}).
 */
public enum DropReason {
    /** The first nibble is neither 4 nor 6: not an IP packet. */
    NOT_IP("not an IP packet (version nibble is neither 4 nor 6)"),
    /** An IPv6 packet (for example the router solicitation the kernel sends after link-up): not handled yet. */
    IPV6_UNSUPPORTED("IPv6 packet; IPv6 is not handled yet"),

    // ---- IPv4 header (RFC 791, RFC 1122 3.2.1), checked in this order, cheap to expensive

    /** Fewer bytes than the 20-byte minimum IPv4 header. */
    IPV4_TRUNCATED("IPv4 packet shorter than the 20-byte minimum header"),
    /** IHL below 5: the header cannot be shorter than 5 words. */
    IPV4_BAD_IHL("IPv4 header length (IHL) below 5 words"),
    /** IHL says the header is longer than the bytes read. */
    IPV4_HEADER_TRUNCATED("IPv4 header length (IHL) beyond the bytes read"),
    /** Total Length is smaller than the header length. */
    IPV4_TOTAL_LENGTH_BELOW_HEADER("IPv4 total length smaller than the header length"),
    /** Total Length is larger than the bytes read: the datagram was truncated. */
    IPV4_TOTAL_LENGTH_BEYOND_BYTES_READ("IPv4 total length larger than the bytes read (truncated datagram)"),
    /** The header checksum does not verify (RFC 1122 3.2.1.2: "MUST ... silently discard"). */
    IPV4_BAD_HEADER_CHECKSUM("IPv4 header checksum does not verify"),
    /** The destination is not an address tunstack answers for. */
    IPV4_NOT_ANSWERED("IPv4 destination is not an address tunstack answers for"),
    /** A fragment arrived and no reassembler is configured. */
    IPV4_FRAGMENT_UNSUPPORTED("IPv4 fragment, and fragment reassembly is not enabled"),
    /** The protocol is not one tunstack handles (only ICMP is). */
    IPV4_UNSUPPORTED_PROTOCOL("IPv4 protocol other than ICMP"),

    // ---- ICMP (RFC 792, RFC 1122 3.2.2), after the IPv4 checks

    /** The ICMP message is shorter than its 8-byte header. */
    ICMP_TRUNCATED("ICMP message shorter than its 8-byte header"),
    /** The ICMP checksum over the whole message does not verify. */
    ICMP_BAD_CHECKSUM("ICMP checksum does not verify"),
    /** An echo request with a code other than 0. */
    ICMP_ECHO_BAD_CODE("ICMP echo request with a non-zero code");

    private final String description;

    DropReason(String description) {
        this.description = description;
    }

    /** One sentence that says what was wrong. */
    public String description() {
        return description;
    }

    /** The lower-case, dash-separated name used in summaries and metric labels, e.g. {@code bad-header-checksum}. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
