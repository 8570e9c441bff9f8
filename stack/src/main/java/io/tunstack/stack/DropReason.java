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
    IPV6_UNSUPPORTED("IPv6 packet; IPv6 is not handled yet");

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
